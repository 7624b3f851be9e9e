"""comrak's blocks made the tokens markdown-it's block parser makes (`compiled.py`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

import comrak
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from sitegen.markdown.comrakinline import ITEM, QUOTE, InlineReader, Nesting, unprefixed

INLINE_SYNTAX = re.compile(r"\$|\\\\?[(\[]|\{|\^\[|~")
"""Text that may hold an inline form comrak has no rule for, or reads otherwise: `~~` (GitHub's
strikethrough also takes one `~`, and counts runs of them another way)."""
_NUMBER = re.compile(r"\s*(\d*)")
_DEFINITION = re.compile(r"^[ \t>]*\[(?!\^).*\]:", re.M)
"""A line that may define a link's reference, which comrak reads and keeps to itself (not a
footnote's, which it keeps in its tree)."""
_DELIMITER_ROW = re.compile(
    r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$", re.M
)
"""The line under a table's head: a paragraph holding one was not read as markdown-it reads
it (comrak reads no table after a line it could not make one head)."""


@lru_cache(maxsize=4)
def _linkify(md: MarkdownIt) -> Callable[[StateCore], None]:
    """markdown-it's rule linking the addresses of a text its inline parser read."""
    return next(r.fn for r in md.core.ruler.__rules__ if r.name == "linkify")


class Unread(Exception):
    """A body comrak does not read as markdown-it does (a table in a paragraph), or inline
    text markdown-it's parser must read in a body whose link references comrak kept to
    itself: markdown-it's parser reads the whole body."""


class Tree(InlineReader):
    """One body's comrak tree, made tokens."""

    def __init__(self, md: MarkdownIt, src: str, env: dict[str, Any], tokens: list[Token]):
        self.md, self.env, self.tokens = md, env, tokens
        self.lines = src.split("\n")
        # Where markdown-it's footnote plugin keeps the notes: its rule at the end lists them.
        self.footnotes: dict[str, Any] = env.setdefault("footnotes", {"refs": {}, "list": {}})
        self.definitions = _DEFINITION.search(src) is not None

    def known(self, nodes: Iterable[Any]) -> None:
        """Every footnote defined, in quotes and lists too: markdown-it's block parser knows
        them all before its inline parser links a note (in text it reads, `leaf`)."""
        for node in nodes:
            kind = type(node.node_value).__name__
            if kind == "FootnoteDefinition":
                self.footnotes["refs"].setdefault(":" + node.node_value.value.name, -1)
            if kind in _CONTAINERS:
                self.known(node.children)

    def blocks(
        self, nodes: Iterable[Any], level: int, within: tuple[tuple[int, int], ...], tight: bool
    ) -> None:
        for node in nodes:
            value = node.node_value
            handler = _BLOCKS.get(type(value).__name__)
            if handler is None:
                raise Unread  # a kind of block no option asked for: never left out
            handler(self, node, value, level, within, tight)

    # Blocks: each makes the tokens markdown-it's block rule of that name makes.

    def paragraph(self, node: Any, value: Any, level: int, within: Any, tight: bool) -> None:
        where = _map(node)
        self._push("paragraph_open", "p", 1, level, where).hidden = tight
        self.leaf(node, level + 1, where, within)
        self._push("paragraph_close", "p", -1, level).hidden = tight

    def heading(self, node: Any, value: Any, level: int, within: Any, tight: bool) -> None:
        where, tag = _map(node), f"h{value.value.level}"
        if value.value.setext and "|" in self.lines[where[0]]:
            raise Unread  # `a |` over `---`: markdown-it reads a table of one column
        markup = self._char(node) * (1 if value.value.setext else value.value.level)
        self._push("heading_open", tag, 1, level, where).markup = markup
        self.leaf(node, level + 1, where, within)
        self._push("heading_close", tag, -1, level).markup = markup

    def quote(self, node: Any, value: Any, level: int, within: Any, tight: bool) -> None:
        self._push("blockquote_open", "blockquote", 1, level, _map(node)).markup = ">"
        self.blocks(node.children, level + 1, (*within, (QUOTE, 0)), False)
        self._push("blockquote_close", "blockquote", -1, level).markup = ">"

    def list_block(self, node: Any, value: Any, level: int, within: Any, tight: bool) -> None:
        data = value.value
        ordered = data.list_type == comrak.ListType.Ordered
        kind, tag = ("ordered_list", "ol") if ordered else ("bullet_list", "ul")
        if ordered:
            markup = ")" if data.delimiter == comrak.ListDelimType.Paren else "."
        else:
            markup = chr(data.bullet_char)
        opening = self._push(f"{kind}_open", tag, 1, level, _map(node))
        opening.markup = markup
        if ordered and data.start != 1:
            opening.attrs["start"] = data.start
        for item in node.children:
            self.item(item, markup, ordered, level + 1, within, data.tight)
        self._push(f"{kind}_close", tag, -1, level).markup = markup

    def item(
        self, node: Any, markup: str, ordered: bool, level: int, within: Any, tight: bool
    ) -> None:
        data, where = node.node_value.value, _map(node)
        opening = self._push("list_item_open", "li", 1, level, where)
        opening.markup = markup
        if ordered:
            start = node.sourcepos.start.column - 1 + data.marker_offset
            number = _NUMBER.match(self.lines[where[0]], start)
            opening.info = number.group(1) if number else ""  # as written: `01.` is "01"
        self.blocks(
            node.children, level + 1, (*within, (ITEM, data.marker_offset + data.padding)), tight
        )
        self._push("list_item_close", "li", -1, level).markup = markup

    def code(self, node: Any, value: Any, level: int, within: Any, tight: bool) -> None:
        data = value.value
        if data.fenced:
            token = self._push("fence", "code", 0, level, _map(node))
            # As written: comrak's is unescaped already, and the renderer unescapes it.
            token.info = self._source(node)[data.fence_length :]
            token.markup = chr(data.fence_char) * data.fence_length
        else:
            token = self._push("code_block", "code", 0, level, _map(node))
        token.content = data.literal

    def html(self, node: Any, value: Any, level: int, within: Any, tight: bool) -> None:
        self._push("html_block", "", 0, level, _map(node)).content = value.value.literal

    def rule(self, node: Any, value: Any, level: int, within: Any, tight: bool) -> None:
        where = _map(node)
        self._push("hr", "hr", 0, level, where).markup = self.lines[where[0]].strip()

    def table(self, node: Any, value: Any, level: int, within: Any, tight: bool) -> None:
        where = _map(node)
        if unprefixed(self.lines[where[0]], within).startswith(("    ", "\t")):
            raise Unread  # a head as deep as code: markdown-it reads no table there
        aligns = [_align(a) for a in value.value.alignments]
        self._push("table_open", "table", 1, level, where)
        rows = list(node.children)
        head = [r for r in rows if r.node_value.value]
        body = [r for r in rows if not r.node_value.value]
        self._rows("thead", "th", head, aligns, level + 1, within)
        if body:
            self._rows("tbody", "td", body, aligns, level + 1, within)
        self._push("table_close", "table", -1, level)

    def _rows(
        self, part: str, cell: str, rows: list[Any], aligns: list[str], level: int, within: Any
    ) -> None:
        self._push(f"{part}_open", part, 1, level, _map(rows[0]) if rows else None)
        for row in rows:
            where = _map(row)
            self._push("tr_open", "tr", 1, level + 1, where)
            for column, node in enumerate(row.children):
                opening = self._push(f"{cell}_open", cell, 1, level + 2, where)
                if column < len(aligns) and aligns[column]:
                    opening.attrs["style"] = f"text-align:{aligns[column]}"
                self.leaf(node, level + 3, where, within, cell=True)
                self._push(f"{cell}_close", cell, -1, level + 2)
            self._push("tr_close", "tr", -1, level + 1)
        self._push(f"{part}_close", part, -1, level)

    def footnote(self, node: Any, value: Any, level: int, within: Any, tight: bool) -> None:
        label = value.value.name
        opening = self._push("footnote_reference_open", "", 1, level, _map(node))
        opening.meta = {"label": label}
        self.blocks(node.children, level + 1, (*within, (ITEM, 4)), False)
        self._push("footnote_reference_close", "", -1, level)

    # Inline text.

    def leaf(
        self, node: Any, level: int, where: list[int], within: Any, cell: bool = False
    ) -> None:
        """The inline token of a paragraph, heading or cell, its children made."""
        children = list(node.children)
        if self.definitions and _DEFINITION.match(self.lines[where[0]]):
            raise Unread  # comrak's positions then leave out the definitions' lines
        # A cell's own span, its `\|` read as `|` (GFM), as markdown-it reads it: the
        # positions of its text skip each `\`.
        if cell:
            content = self._source_of(node).replace("\\|", "|")
        else:
            content = self._content(children, within)
        if "|" in content and _DELIMITER_ROW.search(content):
            raise Unread  # a table in a paragraph, which comrak leaves there
        inline = self._push("inline", "", 0, level, where)
        inline.content = content
        inline.children = []
        self.notes_met = []
        if INLINE_SYNTAX.search(content) or not self.inlines(children, inline.children, 0):
            if self.definitions:
                raise Unread
            inline.children = []
            self.md.inline.parse(content, self.md, self.env, inline.children)
            _linkify(self.md)(StateCore(content, self.md, self.env, [inline]))
        else:
            for note in self.notes_met:
                self.number(note)

    def _push(
        self, kind: str, tag: str, nesting: Nesting, level: int, where: list[int] | None = None
    ) -> Token:
        token = Token(kind, tag, nesting, map=where, level=level, block=True)
        self.tokens.append(token)
        return token


def _map(node: Any) -> list[int]:
    position = node.sourcepos
    return [position.start.line - 1, position.end.line]


def _align(alignment: Any) -> str:
    assert comrak is not None
    kinds = comrak.TableAlignment
    if alignment == kinds.Left:
        return "left"
    if alignment == kinds.Right:
        return "right"
    return "center" if alignment == kinds.Center else ""


_CONTAINERS = frozenset({"BlockQuote", "List", "Item", "FootnoteDefinition"})
_BLOCKS: dict[str, Callable[..., None]] = {
    "Paragraph": Tree.paragraph,
    "Heading": Tree.heading,
    "BlockQuote": Tree.quote,
    "List": Tree.list_block,
    "CodeBlock": Tree.code,
    "HtmlBlock": Tree.html,
    "ThematicBreak": Tree.rule,
    "Table": Tree.table,
    "FootnoteDefinition": Tree.footnote,
}
