"""Any Markdown body renders: `render_markdown` never raises, whatever the text, language,
layout and base path; its HTML parses, and every message points at a line of the post."""

from __future__ import annotations

import re

import html5lib
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import BODY_LINE, render
from tests.properties.strategies import MARKDOWN

LANGUAGES = st.sampled_from(["fr", "en", "fr-CA", "ar"])
LAYOUTS = st.sampled_from(["post", "page", "conversation", "chat"])
BASE_PATHS = st.sampled_from(["/", "/blog/", "/un blog/", "/été/"])


def parses(html: str) -> bool:
    """As a browser parses it; the standard library's tree, unlike lxml's, holds any text
    (a control character the author typed stays in the page, as browsers keep it)."""
    return (
        html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False) is not None
    )


@given(MARKDOWN, LANGUAGES, LAYOUTS, BASE_PATHS)
def test_any_body_renders(body: str, lang: str, layout: str, base_path: str) -> None:
    rendered, diagnostics = render(body, base_path, lang, layout)
    assert parses(rendered.html)
    assert parses(rendered.summary_html)
    last_line = BODY_LINE + len(re.split(r"\r\n|\r|\n", body)) - 1
    for diagnostic in diagnostics:
        assert diagnostic.path == "content/posts/x.md"
        assert BODY_LINE <= diagnostic.line <= last_line, diagnostic
    for link in rendered.links:
        assert BODY_LINE <= link.line <= last_line, link
