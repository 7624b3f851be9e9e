"""comrak's inline nodes made the tokens markdown-it's inline parser makes (`compiled.py`)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token

_QUOTE_MARK = re.compile(r" {0,3}>[ \t]?")
_SAFE_URL = re.compile(r"(?:[A-Za-z0-9;/?:@&=+$,\-_.!~*'()#]|%[0-9A-Fa-f]{2})*")
"""A destination markdown-it's `normalizeLink` gives back as it is."""
QUOTE, ITEM = 0, 1
Nesting = Literal[-1, 0, 1]
_SPACES = " \t\n"
"""What CommonMark strips around a paragraph: not a no-break space, which Python's `strip`
and so markdown-it-py drop."""


class InlineReader:
    """The inline nodes of one body's comrak tree, made tokens."""

    md: MarkdownIt
    env: dict[str, Any]
    lines: list[str]
    footnotes: dict[str, Any]
    notes_met: list[Token]
    """The references to notes of the text being read, numbered once it is read here."""

    def inlines(self, nodes: Iterable[Any], out: list[Token], level: int) -> bool:
        """The tokens of `nodes` into `out`; False at a node markdown-it reads otherwise (an
        address its linkify may link, a link it refuses, a kind of node it has no rule for)."""
        for node in nodes:
            value = node.node_value
            kind = type(value).__name__
            line = node.sourcepos.start.line - 1
            if kind == "Text":
                text = value.value
                if "//" in text or "@" in text:
                    return False  # an address linkify-it, which markdown-it asks, may link
                if out and out[-1].type == "text":
                    out[-1].content += text
                else:
                    out.append(_token("text", "", 0, level, line, text))
            elif kind == "SoftBreak":
                out.append(_token("softbreak", "br", 0, level, line))
            elif kind == "LineBreak":
                out.append(_token("hardbreak", "br", 0, level, line))
            elif kind == "Code":
                code = _token("code_inline", "code", 0, level, line, value.value.literal)
                code.markup = "`" * value.value.num_backticks
                out.append(code)
            elif kind == "HtmlInline":
                out.append(_token("html_inline", "", 0, level, line, value.value))
            elif kind == "Escaped":
                char = "".join(c.node_value.value for c in node.children)
                special = _token("text_special", "", 0, level, line, char)
                special.markup, special.info = "\\" + char, "escape"
                out.append(special)
            elif kind in _SPANS:
                tag = _SPANS[kind]
                markup = self._char(node) * (2 if tag == "strong" else 1)
                out.append(_token(f"{tag}_open", tag, 1, level, line, markup=markup))
                if not self.inlines(node.children, out, level + 1):
                    return False
                out.append(_token(f"{tag}_close", tag, -1, level, line, markup=markup))
            elif kind == "Link":
                if not self._link(node, value.value, out, level, line):
                    return False
            elif kind == "Image":
                if not self._image(node, value.value, out, level, line):
                    return False
            elif kind == "FootnoteReference":
                out.append(self._note(value.value.name, level, line))
            else:
                return False
        return True

    def _link(self, node: Any, data: Any, out: list[Token], level: int, line: int) -> bool:
        href = self._href(data.url)
        if href is None:
            return False
        opening = _token("link_open", "a", 1, level, line)
        opening.attrs["href"] = href
        if data.title:
            opening.attrs["title"] = data.title
        if self._char(node) == "<":
            opening.markup, opening.info = "autolink", "auto"
        out.append(opening)
        if not self.inlines(node.children, out, level + 1):
            return False
        closing = _token("link_close", "a", -1, level, line)
        closing.markup, closing.info = opening.markup, opening.info
        out.append(closing)
        return True

    def _image(self, node: Any, data: Any, out: list[Token], level: int, line: int) -> bool:
        src = self._href(data.url)
        if src is None:
            return False
        image = _token("image", "img", 0, level, line)
        image.attrs["src"] = src
        image.attrs["alt"] = ""
        if data.title:
            image.attrs["title"] = data.title
        image.children = []
        if not self.inlines(node.children, image.children, 0):
            return False
        image.content = "".join(c.content for c in image.children if c.type == "text")
        out.append(image)
        return True

    def _href(self, url: str) -> str | None:
        """The destination as markdown-it writes it; None for one it refuses (`javascript:`)."""
        if not self.md.validateLink(url):
            return None
        return url if _SAFE_URL.fullmatch(url) else self.md.normalizeLink(url)

    def _note(self, label: str, level: int, line: int) -> Token:
        """A note's reference, numbered once its text is known to be read here (`number`)."""
        token = _token("footnote_ref", "", 0, level, line)
        token.meta["label"] = label
        self.notes_met.append(token)
        return token

    def number(self, token: Token) -> None:
        """A note's number and its reference's among those to it, as markdown-it gives them."""
        notes, label = self.footnotes, token.meta["label"]
        number = notes["refs"].get(":" + label, -1)
        if number < 0:
            number = len(notes["list"])
            notes["list"][number] = {"label": label, "count": 0}
            notes["refs"][":" + label] = number
        token.meta["id"], token.meta["subId"] = number, notes["list"][number]["count"]
        notes["list"][number]["count"] += 1

    # Positions.

    def _content(self, children: list[Any], within: tuple[tuple[int, int], ...]) -> str:
        """The Markdown of the inline text, its lines without their quotes' and lists' marks:
        what markdown-it's inline parser reads."""
        if not children:
            return ""
        start, end = children[0].sourcepos.start, children[-1].sourcepos.end
        first: int = start.line - 1
        last: int = end.line - 1
        begin: int = start.column - 1
        stop: int = end.column
        lines = self.lines
        if first == last:
            return lines[first][begin:stop].strip(_SPACES)
        parts = [lines[first][begin:]]
        parts += [unprefixed(lines[n], within) for n in range(first + 1, last)]
        parts.append(unprefixed(lines[last][:stop], within))
        return "\n".join(parts).strip(_SPACES)

    def _source_of(self, node: Any) -> str:
        """The Markdown of a node on one line, such as a table's cell."""
        start, end = node.sourcepos.start, node.sourcepos.end
        line: int = start.line - 1
        begin: int = start.column - 1
        stop: int = end.column
        return self.lines[line][begin:stop].strip(_SPACES)

    def _char(self, node: Any) -> str:
        return self._source(node)[:1] or "*"

    def _source(self, node: Any) -> str:
        """The node's first line, from where it starts."""
        start = node.sourcepos.start
        line: int = start.line - 1
        column: int = start.column - 1
        return self.lines[line][column:]


def _token(
    kind: str,
    tag: str,
    nesting: Nesting,
    level: int,
    line: int,
    content: str = "",
    markup: str = "",
) -> Token:
    return Token(
        kind, tag, nesting, level=level, content=content, markup=markup, meta={"line": line}
    )


def unprefixed(line: str, within: tuple[tuple[int, int], ...]) -> str:
    """A line of the blocks `within` (quotes, list items and notes, outermost first) without
    their marks and indents."""
    at = 0
    for kind, width in within:
        if kind == QUOTE:
            mark = _QUOTE_MARK.match(line, at)
            if mark is None:
                break  # a lazy line: no mark, nor those of the blocks inside
            at = mark.end()
        else:
            spaces = len(line) - len(line[at:].lstrip(" ")) - at
            at += min(width, spaces)
    return line[at:]


_SPANS = {"Emph": "em", "Strong": "strong"}
