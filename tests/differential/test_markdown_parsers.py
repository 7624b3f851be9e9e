"""comrak's tree against markdown-it-py's parser: the same pages.

A body is rendered twice, by the compiled path (`markdown/compiled.py`) and by markdown-it-py
alone, the path kept for a platform without comrak's wheel, with every rule of the blog: same
HTML, summary, table of contents, words, links and images, and the same messages at the same
lines. On the CommonMark spec's examples, the sample blog, every Markdown file of the
fixtures, bench bodies and any body the property tests write."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from sitegen.markdown import compiled
from sitegen.markdown.renderer import SITEGEN_FLAVOUR, Flavour, markdown_parser
from sitegen.model import Rendered
from sitegen.project.errors import Diagnostic
from tests.conftest import REPO, make_doc
from tests.differential.test_commonmark import EXAMPLES
from tests.properties.strategies import MARKDOWN

LANGUAGES = st.sampled_from(["fr", "en"])
LAYOUTS = st.sampled_from(["post", "conversation", "chat"])
FLAVOURS = st.sampled_from(
    [
        SITEGEN_FLAVOUR,
        Flavour("kramdown", True, False),
        Flavour("gfm", False, False),
        Flavour("github", False, False),
        Flavour("kramdown-stripped-ascii", False, False),
    ]
)


def _rendered(
    body: str, lang: str, layout: str, flavour: Flavour, compiled_path: bool
) -> tuple[Rendered, list[Diagnostic]]:
    from sitegen.markdown.renderer import ThemeWords, render_markdown

    labels = ThemeWords("Notes", "Retour au texte", "Texte généré par une IA")
    with pytest.MonkeyPatch.context() as patched:
        if not compiled_path:
            patched.setattr(compiled, "comrak", None)
        return render_markdown(make_doc(body, lang, layout), "/blog/", labels, flavour)


def assert_same(
    body: str, lang: str = "fr", layout: str = "post", flavour: Flavour = SITEGEN_FLAVOUR
) -> None:
    new = _rendered(body, lang, layout, flavour, compiled_path=True)
    old = _rendered(body, lang, layout, flavour, compiled_path=False)
    for fix, replacement in FIXES:
        if new == old:
            break
        if body != (body := fix.sub(replacement, body)):
            new = _rendered(body, lang, layout, flavour, compiled_path=True)
            old = _rendered(body, lang, layout, flavour, compiled_path=False)
    assert new[0].html == old[0].html
    assert new == old


FIXES = (
    # Not a difference: line ends as both paths read them, for the patterns below.
    (re.compile(r"\r\n?"), "\n"),
    # A no-break or other Unicode space at the start or end of a paragraph is text (CommonMark
    # strips only spaces and tabs); markdown-it-py strips it with Python's `str.strip`.
    # Written as a letter, the body reads the same.
    (re.compile(r"[^\S \t\n\r]"), "x"),
    # A footnote's definition or an HTML block on the line after a table's last row ends
    # the table, as GitHub reads it; markdown-it-py made it a row. After a blank line, both
    # read a note or HTML.
    (re.compile(r"^(?=\[\^|[ \t]*<)", re.M), "\n"),
    # A footnote defined inside another's definition: markdown-it-py leaves the closing tags
    # of the outer one's list behind (`</li></ul>` alone); comrak drops both, unreferenced.
    (re.compile(r"(?<=[^\n])\[\^([^\]\n]*)\]:"), r"[^\1] :"),
    # An inline note (`^[…]`) in the definition of a note nothing refers to: markdown-it-py
    # lists it in the notes, its reference gone with the definition; comrak drops both.
    (re.compile(r"^(\[\^[^\]\n]*\]:.*?)\^\[", re.M), r"\1^ ["),
    # A table whose head is a line that opens an HTML block or a fence (`<div>a | b`,
    # `` ```a | b ``): that block, as CommonMark reads it; markdown-it-py tries its table
    # rule first.
    (re.compile(r"^([ \t]*(?:<|```|~~~)[^\n]*\|[^\n]*)$", re.M), r"\1\n"),
    # `>` after four spaces, on a line that goes on a quote's paragraph: text, as CommonMark
    # reads it; markdown-it-py takes it for the quote's mark.
    (re.compile(r"^ {4,}>", re.M), ">"),
    # Spaces that end the body, in a fence left open: comrak drops the blank line they make.
    (re.compile(r"[ \t]+\Z"), ""),
    # A tab, or one space, that ends a line and makes no break is dropped with the line's
    # end, as CommonMark drops spaces there; markdown-it-py keeps some (after a `\\`, a tab):
    # the page shows no difference.
    (re.compile(r"(?<![ \t])(?: |[ \t]*\t[ \t]*)(?=[\r\n])"), ""),
)
"""The differences of the compiled path, each a fix, and how a body is written so that both
paths read it alike: a difference that remains is a defect."""


def test_comrak_is_installed_where_the_suite_runs() -> None:
    """The compiled path is the one the blog's builds take: its wheel is a dependency."""
    assert compiled.comrak is not None


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: str(e.number))
def test_every_spec_example(example: object) -> None:
    assert_same(example.markdown)  # type: ignore[attr-defined]


def _markdown_files() -> list[Path]:
    found = [*REPO.glob("content/**/*.md"), *REPO.glob("tests/fixtures/**/*.md")]
    return sorted(found)


def _body(path: Path) -> str:
    text = path.read_text("utf-8", errors="replace").lstrip("\ufeff")
    if text.startswith(("---\n", "+++\n")):
        fence = text[:3]
        end = text.find(f"\n{fence}", 3)
        if end >= 0:
            return text[text.find("\n", end + 1) + 1 :]
    return text


@pytest.mark.parametrize("path", _markdown_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_every_post_of_the_blog_and_the_fixtures(path: Path) -> None:
    foreign = "hugo" if "hugo" in str(path) else "jekyll" if "jekyll" in str(path) else ""
    flavour = {"hugo": Flavour("github"), "jekyll": Flavour("gfm")}.get(foreign, SITEGEN_FLAVOUR)
    assert_same(_body(path), flavour=flavour)


def _bench_bodies(folder: Path, count: int) -> list[str]:
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from corpus import write_corpus  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(REPO / "bench"))
    write_corpus(count, folder)
    posts = sorted((folder / "posts").glob("*.md"))
    assert len(posts) == count
    return [_body(post) for post in posts]


def test_bench_bodies(tmp_path: Path) -> None:
    for body in _bench_bodies(tmp_path, 150):
        assert_same(body)


def test_ordinary_posts_are_read_by_comrak_alone(tmp_path: Path) -> None:
    """Posts with headings, lists, links, code, tables, quotes, footnotes and dialogues (the
    bench corpus) never reach markdown-it's parsers: the compiled path is the one taken."""
    md = markdown_parser(SITEGEN_FLAVOUR)

    def refused(src: str, *args: object) -> None:
        raise AssertionError(f"read by markdown-it: {src[:80]!r}")

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(md, "parse", refused)
        patched.setattr(md.inline, "parse", refused)
        for body in _bench_bodies(tmp_path, 150):
            _rendered(body, "fr", "post", SITEGEN_FLAVOUR, compiled_path=True)


@given(MARKDOWN, LANGUAGES, LAYOUTS, FLAVOURS)
@example("[^a]\n\n> [^a]: note\n", "fr", "post", SITEGEN_FLAVOUR)
@example("$x^2$\\| a | b |\n|---|---|\n| c | d |", "fr", "post", SITEGEN_FLAVOUR)
@example("| `a\\|b` | $y$ |\n|-|-|\n|  | $z\\|w$ |", "fr", "post", SITEGEN_FLAVOUR)
@example("```$\\\\$\nx\n```", "fr", "post", SITEGEN_FLAVOUR)
@example("~0~ et ~~1~~~", "fr", "post", SITEGEN_FLAVOUR)
@example(
    "« https://exemple.fr » et www.exemple.fr, mail@exemple.org|", "fr", "post", SITEGEN_FLAVOUR
)
@example("[Source : https://example.org/article", "fr", "post", SITEGEN_FLAVOUR)
@example("[foo]: /url\n===\n[foo] $x$", "fr", "post", SITEGEN_FLAVOUR)
@example(
    "x| a | b |\n|---|---|\n| c | d |\n| a | b |\n|---|---|\n| c | d |",
    "fr",
    "post",
    SITEGEN_FLAVOUR,
)
@example("&#0;Source : https://example.org/article\n\x00", "fr", "post", SITEGEN_FLAVOUR)
@example("\ufeff\ufeff", "fr", "post", SITEGEN_FLAVOUR)
@example("$x^2$\n    | a | b |\n|---|---|\n| c | d |", "fr", "post", SITEGEN_FLAVOUR)
@example("$x^2$|\n---\n", "fr", "post", SITEGEN_FLAVOUR)
@example("[^1]: Une note.\n   \n\t0", "fr", "post", SITEGEN_FLAVOUR)
@example("[^1]\n\n[^1]: [^1]Source : https://example.org/article", "fr", "post", SITEGEN_FLAVOUR)
def test_any_body(body: str, lang: str, layout: str, flavour: Flavour) -> None:
    assert_same(body, lang, layout, flavour)
