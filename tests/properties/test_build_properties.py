"""A whole build of a tiny site with one post of any text ends in a site or in located
messages: never an exception other than sitegen's own errors, never an internal error.
The site is sitegen's own, or a Jekyll or Hugo tree, whose Liquid tags and shortcodes are
read too."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.build import Build
from sitegen.project.errors import InternalError, Problems, SitegenError
from tests.conftest import post, write_files
from tests.properties.conftest import SETTINGS
from tests.properties.files import file_names, post_texts
from tests.properties.strategies import MARKDOWN

POSTS = {"sitegen": "content/posts/", "jekyll": "_posts/", "hugo": "content/posts/"}
NEIGHBOUR = "2026-01-14-voisin.md"
NAMES = st.one_of(st.just("2026-01-15-billet.md"), file_names().filter(lambda n: n != NEIGHBOUR))
LAYOUTS = st.sampled_from(["post", "page", "conversation", "chat"])
LANGUAGES = st.sampled_from(["fr", "en"])
WELL_FORMED = st.builds(
    lambda body, layout, lang: post(body=body, layout=layout, lang=lang),
    MARKDOWN,
    LAYOUTS,
    LANGUAGES,
)


@settings(max_examples=max(10, settings().max_examples // 10))
@given(
    text=st.one_of(WELL_FORMED, post_texts()),
    dialect=st.sampled_from(sorted(POSTS)),
    name=NAMES,
)
def test_a_site_with_any_post_builds_or_says_where_it_is_wrong(
    text: str, dialect: str, name: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root, path = Path(folder), POSTS[dialect] + name
        write_files(root, {**SETTINGS[dialect], path: text.encode("utf-8")})
        write_files(root, {POSTS[dialect] + NEIGHBOUR: post("Voisin")})
        problems = Problems()
        lines = text.count("\n") + text.count("\r") - text.count("\r\n") + 1
        try:
            Build(root, problems, search=False).write(use_cache=False)
        except InternalError as exc:
            raise AssertionError(exc.tracebacks) from exc
        except SitegenError:
            assert problems.errors, "a refused site says why"
        for diagnostic in problems.items:
            if diagnostic.path == path:
                assert 1 <= diagnostic.line <= lines, diagnostic
