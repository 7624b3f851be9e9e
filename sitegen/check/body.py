"""A published post's Markdown as its author wrote it: tokens, runs of text, file positions.

The build's parser rewrites text (French typography, dialogue turns, base paths), so the
checks parse each body again with the same syntax and none of those rules: what a rule
finds is what the author typed, and its position is found in the file's own line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.footnote import footnote_plugin

from sitegen.markdown.mathsyntax import math_plugin
from sitegen.markdown.renderer import PASSAGE_ATTRIBUTES
from sitegen.markdown.rules import line_numbers_rule
from sitegen.model import Entry
from sitegen.project.files import read_text

Kind = Literal["text", "code", "html", "href", "alt", "math"]


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of a body's text, and what surrounds it."""

    text: str
    line: int
    """File line."""
    kind: Kind
    block: int
    """Which block (paragraph, heading, list item…) it is part of."""
    quoted: bool = False
    lang: str | None = None
    """The language marked on it or its block (`{lang=en}`), if any."""
    link: str = ""
    """The target of the link it is the text of."""


@dataclass(frozen=True, slots=True)
class Source:
    """One published entry's file, its body's tokens and its pieces of text."""

    entry: Entry
    lines: tuple[str, ...]
    tokens: tuple[Token, ...]
    pieces: tuple[Piece, ...]

    @property
    def path(self) -> str:
        return self.entry.doc.source.rel

    def file_line(self, body_line: int) -> int:
        return self.entry.doc.body_line + body_line

    def find(self, line: int, needle: str, stop: int = 0) -> tuple[int, int] | None:
        """Where `needle` is written, from `line` to `stop` (default: that line only)."""
        for number in range(line, max(stop, line) + 1):
            if 0 < number <= len(self.lines) and needle:
                col = self.lines[number - 1].find(needle)
                if col >= 0:
                    return number, col + 1
        return None

    def locate(self, line: int, *needles: str, stop: int = 0) -> tuple[int, int]:
        """The first of `needles` found, else the start of the line's text."""
        for needle in needles:
            found = self.find(line, needle, stop)
            if found:
                return found
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return line, len(text) - len(text.lstrip()) + 1


@lru_cache(maxsize=1)
def lint_parser() -> MarkdownIt:
    """The build's Markdown syntax without the rules that rewrite text."""
    md = MarkdownIt("commonmark", {"html": True})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.use(attrs_plugin, spans=True, allowed=PASSAGE_ATTRIBUTES)
    md.use(attrs_block_plugin, allowed=PASSAGE_ATTRIBUTES)
    # The build's formulas (`$ x $`, `\\(x\\)`…): their letters are no prose, and
    # "5 $ et 10 $" is money, not math.
    md.use(math_plugin)
    md.core.ruler.push("sitegen_lines", line_numbers_rule)
    return md


def read_source(entry: Entry) -> Source:
    """The entry's file as written (its lines from disk, its body parsed again)."""
    doc = entry.doc
    try:
        text = read_text(doc.source.path)
    except (OSError, UnicodeError):  # the build read it; keep going without columns
        text = "\n" * (doc.body_line - 1) + doc.body
    tokens = tuple(lint_parser().parse(doc.body, {}))
    pieces = tuple(_pieces(tokens, doc.body_line))
    return Source(entry, tuple(text.split("\n")), tokens, pieces)


def _pieces(tokens: tuple[Token, ...], offset: int) -> Iterator[Piece]:
    """The body's text in order, each piece knowing its line, block, quote and language."""
    quotes, line = 0, offset
    langs: list[str | None] = []
    for block, token in enumerate(tokens):
        if token.map:
            line = offset + token.map[0]
        if token.nesting == 1:
            langs.append(str(token.attrGet("lang") or "") or None)
            quotes += token.type == "blockquote_open"
        elif token.nesting == -1 and langs:
            langs.pop()
            quotes -= token.type == "blockquote_close"
        marked = next((str(lang) for lang in reversed(langs) if lang), None)
        if token.type == "inline":
            yield from _inline(token, line, offset, block, quotes > 0, marked)
        elif token.type in _BLOCK_KINDS:
            first = line + (token.type == "fence")  # a fence's text starts below its ```
            for number, text in enumerate(token.content.split("\n")):
                if text.strip():
                    kind = _BLOCK_KINDS[token.type]
                    yield Piece(text, first + number, kind, block, quotes > 0, marked)


_BLOCK_KINDS: dict[str, Kind] = {
    "fence": "code",
    "code_block": "code",
    "html_block": "html",
    "math_block": "math",
}
_KINDS: dict[str, Kind] = {
    "text": "text",
    "code_inline": "code",
    "html_inline": "html",
    "math_inline": "math",
    "math_inline_double": "math",
    "image": "alt",
}


def _inline(
    token: Token, line: int, offset: int, block: int, quoted: bool, marked: str | None
) -> Iterator[Piece]:
    langs: list[str | None] = [marked]
    links: list[str] = [""]
    for child in token.children or []:
        if "line" in child.meta:
            line = offset + child.meta["line"]
        if child.type == "link_open":
            href = str(child.attrGet("href") or "")
            links.append(href)
            yield Piece(href, line, "href", block, quoted, langs[-1])
        elif child.type == "link_close" and len(links) > 1:
            links.pop()
        if child.nesting == 1:
            langs.append(str(child.attrGet("lang") or "") or langs[-1])
        elif child.nesting == -1 and len(langs) > 1:
            langs.pop()
        kind = _KINDS.get(child.type)
        if kind is not None and child.content:
            yield Piece(child.content, line, kind, block, quoted, langs[-1], links[-1])
