"""Imported Markdown whose raw HTML can run nothing.

A page someone else wrote is untrusted: the HTML it keeps (`<img onerror=…>`,
`<a href="javascript:…">`, `<script>`) would run in the reader's browser, since a post's
own HTML is published as written. Each piece of raw HTML that Markdown passes through is
replaced by what the `nh3` sanitizer (ammonia) keeps of it: allowed tags, attributes and
address schemes only. The text is parsed again until nothing is left to clean, so that a
cleaning cannot uncover new HTML; Markdown's own links need nothing, since its parser
refuses `javascript:`, `vbscript:`, `file:` and `data:` addresses itself.
"""

from __future__ import annotations

import re
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from sitegen.markdown.renderer import MORE, plugins_parser

_ROUNDS = 8
"""Cleanings of a text before every `<` of it is written as `&lt;` instead."""
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")


def inert_markdown(text: str) -> str:
    """`text` with all the raw HTML Markdown would pass through sanitized."""
    text = re.sub(r"\r\n?", "\n", text)  # lines as Markdown counts them
    for _ in range(_ROUNDS):
        lines = text.split("\n")
        edits = _edits(_parser().parse(text), lines)
        if not edits:
            return text
        for start, end, new in sorted(edits, reverse=True):
            lines[start:end] = new
        text = "\n".join(lines)
    return text.replace("<", "&lt;")


def clean_tag(tag: str) -> str:
    """One tag as the sanitizer keeps it: itself, fewer attributes, or nothing."""
    name = _TAG_NAME.match(tag)
    if name is None:  # comments, declarations, processing instructions, CDATA
        return ""
    if tag.startswith("</"):
        return f"</{name[1].lower()}>" if name[1].lower() in nh3.ALLOWED_TAGS else ""
    return _clean(tag).removesuffix(f"</{name[1].lower()}>")


def clean_html(html: str) -> str:
    """An HTML block as the sanitizer keeps it; the `<!-- more -->` separator stays."""
    if MORE.match(html.strip()):
        return html
    return _clean(html)


def _edits(tokens: list[Token], lines: list[str]) -> list[tuple[int, int, list[str]]]:
    """(first line, end line, new lines) of each block whose raw HTML changes when cleaned."""
    edits = []
    inline: dict[tuple[int, int], set[str]] = {}  # a table's cells share their row's lines
    for token in tokens:
        if token.map is None:
            continue
        start, end = token.map
        if token.type == "html_block" and clean_html(token.content) != token.content:
            cleaned = clean_html(token.content).rstrip("\n").split("\n")
            edits.append((start, end, _in_container(lines[start], token.content, cleaned)))
        elif token.type == "inline":
            tags = {c.content for c in token.children or [] if c.type == "html_inline"}
            inline.setdefault((start, end), set()).update(t for t in tags if clean_tag(t) != t)
    for (start, end), tags in inline.items():
        if tags:
            source = "\n".join(lines[start:end])
            for tag in tags:
                source = _written(tag).sub(clean_tag(tag).replace("\\", "\\\\"), source)
            edits.append((start, end, source.split("\n")))
    return edits


def _written(tag: str) -> re.Pattern[str]:
    """A tag as it is written in the file: a quote's `>` or an indent may start its lines."""
    return re.compile("\n[ \t>]*".join(map(re.escape, tag.split("\n"))))


def _in_container(first: str, old: str, new: list[str]) -> list[str]:
    """New lines for an HTML block, inside the quote or list item the old one was in."""
    old_first = old.split("\n", 1)[0]
    marks = first[: len(first) - len(old_first)] if first.endswith(old_first) else ""
    rest = re.sub(r"[^>\s]", " ", marks)
    return [marks + new[0], *(rest + line for line in new[1:])]


def _clean(html: str) -> str:
    return nh3.clean(html, attribute_filter=_one_line)


def _one_line(_tag: str, _attribute: str, value: str) -> str:
    """An attribute's value without line breaks: a blank line in it would end the HTML
    block in the middle of the tag, and Markdown would read the rest as text."""
    return re.sub(r"[\r\n]+", " ", value)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return plugins_parser()
