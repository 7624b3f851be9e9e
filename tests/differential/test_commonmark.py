"""Every example of the CommonMark spec (0.31.2, which markdown-it-py 4 follows).

Without its own rules, sitegen writes markdown-it-py's HTML, which is the spec's except where
an extension the blog chose means it to differ (listed below, each with its reason, and checked
both ways). With its rules, in either language and any layout, no example crashes the build,
breaks the page's HTML or loses a word.

The examples come from npm's `commonmark-spec` package (package-lock.json), the spec's own
text published by its authors under CC-BY-SA 4.0; `npm ci` installs it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import cache
from typing import NamedTuple

import html5lib
import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin

from sitegen.markdown.renderer import PASSAGE_ATTRIBUTES, heading_id, plugins_parser
from tests.conftest import REPO, render, strings
from tests.quality.conftest import need

SPEC = REPO / "node_modules" / "commonmark-spec" / "spec.txt"
SPEC_EXAMPLES = 652
"""How many examples spec 0.31.2 has: the extraction below must find them all."""
EXAMPLE_OR_HEADING = r"^`{32} example\n([\s\S]*?)^\.\n([\s\S]*?)^`{32}$|^#{1,6} *(.*)$"


class Example(NamedTuple):
    number: int
    section: str
    markdown: str
    html: str


def spec_examples() -> list[Example]:
    """The examples as the package's own index.js finds them, `→` standing for a tab."""
    if not SPEC.is_file():
        return []
    text = re.sub(r"^<!-- END TESTS -->[\s\S]*", "", SPEC.read_text("utf-8"), flags=re.M)
    blocks = re.finditer(EXAMPLE_OR_HEADING, text, re.M)
    examples: list[Example] = []
    section = ""
    for block in blocks:
        if block[3] is not None:
            section = block[3]
            continue
        markdown, html = (part.replace("→", "\t") for part in block.group(1, 2))
        examples.append(Example(len(examples) + 1, section, markdown, html))
    return examples


EXAMPLES = spec_examples()
# The spec's raw HTML has names lxml cannot hold (`<*hi*>`): html5lib renames them, and says so.
pytestmark = pytest.mark.filterwarnings("ignore::html5lib.constants.DataLossWarning")
SITEGEN = plugins_parser()
"""sitegen's Markdown without its own rules."""
EACH_EXAMPLE = pytest.mark.parametrize(
    "example",
    [
        pytest.param(e, id=f"{e.number}-{re.sub(r'[^a-z]+', '-', e.section.lower())}")
        for e in EXAMPLES
    ],
)

# markdown-it-py with the blog's plugins, as its documentation configures them; each name is
# what a listed difference below blames, and leaving it out must give back the spec's HTML.
EXTENSIONS: dict[str, Callable[[MarkdownIt], object]] = {
    "table": lambda md: md.enable("table"),
    "strikethrough": lambda md: md.enable("strikethrough"),
    "linkify": lambda md: md.enable("linkify"),
    "footnotes": lambda md: md.use(footnote_plugin),
    "attributes": lambda md: md.use(attrs_plugin, spans=True, allowed=PASSAGE_ATTRIBUTES).use(
        attrs_block_plugin, allowed=PASSAGE_ATTRIBUTES
    ),
    "math": lambda md: md.use(
        dollarmath_plugin, allow_space=False, allow_digits=False, allow_labels=False
    ),
    "anchors": lambda md: md.use(anchors_plugin, min_level=2, max_level=4, slug_func=heading_id),
}


@cache
def markdown_it(without: str = "") -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "linkify": True})
    assert md.linkify is not None
    md.linkify.set({"fuzzy_link": False})
    for name, add in EXTENSIONS.items():
        if name != without:
            add(md)
    return md


# The examples whose HTML differs from the spec's, by reason.
DIFFERENCES = {
    # Headings of level 2 to 4 get an id, so that the contents and other posts link to them.
    "anchors": {59, 62, 68, 71, 73, 74, 76, 77, 79, 80, 83, 84, 86, 89, 90, 91, 95, 96}
    | {102, 103, 115, 141, 300, 646, 647},
    # A written-out address with its scheme, or an e-mail address, is a link without <…>.
    "linkify": {602, 608, 611, 612},
    # markdown-it writes an empty quote as <blockquote></blockquote>; the spec's own test runner
    # ignores white space between tags, so these pass there.
    "white space": {218, 239, 240},
}
REASON = {number: reason for reason, numbers in DIFFERENCES.items() for number in numbers}


def test_every_example_of_the_spec_is_read() -> None:
    need(SPEC.is_file(), "npm's commonmark-spec", "npm ci")
    assert [e.number for e in EXAMPLES] == list(range(1, SPEC_EXAMPLES + 1))
    assert {e.section for e in EXAMPLES} >= {"Tabs", "Emphasis and strong emphasis", "Autolinks"}


@EACH_EXAMPLE
def test_without_its_rules_sitegen_writes_what_markdown_it_writes(example: Example) -> None:
    assert SITEGEN.render(example.markdown) == markdown_it().render(example.markdown)


@EACH_EXAMPLE
def test_without_its_rules_sitegen_writes_the_spec_or_a_listed_difference(
    example: Example,
) -> None:
    html = SITEGEN.render(example.markdown)
    reason = REASON.get(example.number)
    if reason is None:
        assert html == example.html
        return
    assert html != example.html, f"example {example.number} is no longer a {reason} difference"
    if reason == "white space":
        assert _between_tags(html) == _between_tags(example.html)
    else:
        assert markdown_it(without=reason).render(example.markdown) == example.html


def _between_tags(html: str) -> str:
    return re.sub(r">\s+<", "><", html)


@EACH_EXAMPLE
def test_with_its_rules_every_example_makes_a_sound_page(example: Example) -> None:
    """sitegen's rules add no HTML error to those of the example's own raw HTML, and neither
    drop nor add a word of what a reader is given (spaces and quotes aside: typography sets
    them by the language)."""
    errors, words = _read(SITEGEN.render(example.markdown))
    for lang in ("fr", "en"):
        for layout in ("post", "conversation", "chat"):
            html = render(example.markdown, lang=lang, layout=layout)[0].html
            page_errors, page_words = _read(html)
            assert not page_errors - errors, f"{lang}, {layout}: HTML errors in {html!r}"
            assert page_words == words, f"{lang}, {layout}: not the example's words in {html!r}"


def _read(html: str) -> tuple[Counter[str], str]:
    """The HTML errors (by kind) a browser meets in this fragment, and the text it gives a
    reader (not what is hidden from assistive technology), without its spaces."""
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("lxml"), namespaceHTMLElements=False)
    root = parser.parseFragment(f"<div>{html}</div>")[0]
    shown = strings(root, "//text()[not(ancestor::*[@aria-hidden='true'])]")
    text = "".join("".join(shown).split()).translate(_STRAIGHT)
    return Counter(error for _, error, _ in parser.errors), text


_STRAIGHT = str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"', "‘": "'", "’": "'"})
"""Typographic quotes as the straight ones they were typed as."""
