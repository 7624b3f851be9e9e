"""Reading a copied article into blocks: plain text, Markdown or a saved HTML page.

Each block keeps its plain text (to recognise leftovers and section labels), the Markdown
it will be written as, and its line in the file, for the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html
from lxml.etree import ParserError
from lxml.html import HtmlElement
from markdown_it import MarkdownIt
from markdown_it.token import Token

from sitegen.importers.mdtext import LIST_ITEM, escape, escape_fragment, guard_line_start

_WRAPPED = range(40, 101)
"""Line lengths of text wrapped by hand: such lines are joined into one paragraph."""
_DROPPED_TAGS = (
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "iframe",
    "svg",
    "template",
)
_BLOCK_TAGS = {"p", "ul", "ol", "blockquote", "pre", "figure", "table", "hr", "div", "section"}
_BLOCK_TAGS |= {f"h{n}" for n in range(1, 7)}


@dataclass
class Block:
    kind: str
    """`paragraph`, `heading`, `list`, `quote`, `code` or `caption` (an image's)."""
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
        block.links = re.findall(r"\[([^\]]+)\]\((\S+?)\)", source)
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


def read_html(text: str) -> tuple[list[Block], str, str]:
    """Blocks of a saved web page's article, its `<h1>` (or `<title>`), and the element
    read (`article`, `main`…)."""
    try:
        page = lxml.html.document_fromstring(text)
    except ParserError:
        return [], "", ""
    for element in list(page.iter(*_DROPPED_TAGS)):
        if isinstance(element, HtmlElement):
            element.drop_tree()
    root = next(
        (
            found
            for query in (".//article", ".//main", ".//*[@itemprop='articleBody']", ".//body")
            if (found := page.find(query)) is not None
        ),
        page,
    )
    heading = root.find(".//h1")
    heading = heading if heading is not None else page.find(".//h1")
    if heading is None:
        heading = page.find(".//title")
    title = _plain(heading) if heading is not None else ""
    blocks: list[Block] = []
    _html_blocks(root, blocks)
    kept = [b for b in blocks if not (b.kind == "heading" and b.level == 1)]
    return kept, title, str(root.tag)


def _html_blocks(element: HtmlElement, blocks: list[Block]) -> None:
    for child in element:
        if not isinstance(child.tag, str):
            continue
        tag = child.tag.lower()
        line = int(child.sourceline or 1)
        if tag in ("div", "section") or (tag not in _BLOCK_TAGS and _has_blocks(child)):
            _html_blocks(child, blocks)
        elif re.fullmatch(r"h[1-6]", tag):
            text = _plain(child)
            blocks.append(Block("heading", text, _inline(child), line, level=int(tag[1])))
        elif tag in ("ul", "ol"):
            items = [li for li in child if isinstance(li.tag, str) and li.tag == "li"]
            marks = [f"{n}." if tag == "ol" else "-" for n in range(1, len(items) + 1)]
            text = "\n".join(_plain(li) for li in items)
            markdown = "\n".join(f"{m} {_inline(li)}" for m, li in zip(marks, items, strict=True))
            blocks.append(Block("list", text, markdown, line, links=_links(child)))
        elif tag == "figure":
            caption = child.find(".//figcaption")
            text = _plain(caption) if caption is not None else child.findtext(".//img[@alt]") or ""
            blocks.append(Block("caption", text or "image", "", line))
        elif tag in ("p", "blockquote", "pre") and _plain(child):
            kind = {"p": "paragraph", "blockquote": "quote", "pre": "code"}[tag]
            markdown = _inline(child) if tag != "pre" else f"```\n{child.text_content()}\n```"
            if tag == "blockquote":
                markdown = "\n".join(f"> {line}" for line in markdown.split("\n"))
            blocks.append(Block(kind, _plain(child), markdown, line, links=_links(child)))


def _has_blocks(element: HtmlElement) -> bool:
    return any(isinstance(c.tag, str) and c.tag.lower() in _BLOCK_TAGS for c in element)


def _plain(element: HtmlElement) -> str:
    return " ".join(element.text_content().split())


def _links(element: HtmlElement) -> list[tuple[str, str]]:
    return [(_plain(a), a.get("href", "")) for a in element.iter("a") if a.get("href")]


def _inline(element: HtmlElement) -> str:
    """An element's text as inline Markdown: links, emphasis, code and line breaks kept."""
    parts = [_text(element.text)]
    for child in element:
        if isinstance(child.tag, str):
            parts.append(_inline_child(child))
        parts.append(_text(child.tail))
    return guard_line_start("".join(parts).strip())


def _text(text: str | None) -> str:
    return escape_fragment(re.sub(r"\s+", " ", text)) if text else ""


def _inline_child(child: HtmlElement) -> str:
    tag = child.tag.lower()
    inner = _inline(child)
    if tag == "a" and child.get("href", "").startswith(("http://", "https://")):
        return f"[{inner}]({child.get('href')})"
    if tag in ("strong", "b") and inner:
        return f"**{inner}**"
    if tag in ("em", "i") and inner:
        return f"*{inner}*"
    if tag == "code" and inner:
        return f"`{child.text_content()}`"
    if tag == "br":
        return "\\\n"
    return inner
