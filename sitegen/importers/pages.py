"""Reading a copied article into blocks: plain text or Markdown (`htmlpage.py`: HTML).

Each block keeps its plain text (to recognise leftovers and section labels), the Markdown
it will be written as, and its line in the file, for the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from sitegen.importers.mdtext import LIST_ITEM, escape

_WRAPPED = range(40, 101)
_LINK = re.compile(r"\[([^\[\]]+)\]\(((?:(?!\[)\S)+?)\)")
"""A Markdown link: its text has no bracket, its address none that opens one."""
"""Line lengths of text wrapped by hand: such lines are joined into one paragraph."""


@dataclass
class Block:
    kind: str
    """`paragraph`, `heading`, `list`, `quote`, `code`, `table` or `caption` (an image's)."""
    text: str
    """Plain text; a list's items one per line."""
    markdown: str
    line: int
    level: int = 0
    """A heading's level."""
    links: list[tuple[str, str]] = field(default_factory=list)
    """(text, address) of each link, for sources and "see also" lists."""


def read_plain(text: str) -> list[Block]:
    """Blocks of a text file: blank lines separate paragraphs; lines wrapped by hand are
    joined; otherwise each line is a paragraph, as pasted pages often are."""
    blocks: list[Block] = []
    group: list[tuple[int, str]] = []
    for number, line in enumerate([*text.split("\n"), ""], start=1):
        if line.strip():
            group.append((number, line.strip()))
        elif group:
            blocks.extend(_plain_group(group))
            group = []
    return blocks


def _plain_group(group: list[tuple[int, str]]) -> list[Block]:
    lines = [line for _, line in group]
    wrapped = len(lines) > 1 and all(len(line) in _WRAPPED for line in lines[:-1])
    if wrapped and not any(LIST_ITEM.match(line) for line in lines):
        joined = " ".join(lines)
        return [Block("paragraph", joined, escape(joined), group[0][0])]
    blocks: list[Block] = []
    for number, line in group:
        item = LIST_ITEM.match(line)
        if (
            item
            and blocks
            and blocks[-1].kind == "list"
            and blocks[-1].line + len(blocks[-1].text.split("\n")) == number
        ):
            blocks[-1].text += "\n" + item.group("text")
            blocks[-1].markdown += "\n" + _item(item)
        elif item:
            blocks.append(Block("list", item.group("text"), _item(item), number))
        else:
            blocks.append(Block("paragraph", line, escape(line), number))
    return blocks


def _item(item: re.Match[str]) -> str:
    marker = f"{item.group('number')}." if item.group("number") else "-"
    return f"{marker} {escape(item.group('text'))}"


def read_markdown(text: str) -> list[Block]:
    """Blocks of a Markdown file, each kept as its author wrote it."""
    lines = text.split("\n")
    md = MarkdownIt("commonmark")
    blocks: list[Block] = []
    tokens = md.parse(text)
    kinds = {
        "paragraph_open": "paragraph",
        "heading_open": "heading",
        "bullet_list_open": "list",
        "ordered_list_open": "list",
        "blockquote_open": "quote",
        "fence": "code",
        "code_block": "code",
    }
    for i, token in enumerate(tokens):
        if token.level != 0 or token.map is None or token.type not in kinds:
            continue
        start, end = token.map
        source = "\n".join(lines[start:end]).strip()
        plain = _markdown_plain(tokens, i) if token.nesting == 1 else token.content
        block = Block(kinds[token.type], plain, source, start + 1)
        if token.type == "heading_open":
            block.level = int(token.tag[1])
            block.markdown = tokens[i + 1].content
        block.links = _LINK.findall(source)
        blocks.append(block)
    return blocks


def _markdown_plain(tokens: list[Token], i: int) -> str:
    depth, parts = 0, []
    for token in tokens[i:]:
        depth += token.nesting
        if token.type == "inline":
            parts.append("".join(c.content for c in token.children or []))
        if depth == 0:
            break
    return "\n".join(parts)
