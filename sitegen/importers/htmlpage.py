"""Reading a saved web page: its article as blocks, without the site around it.

Only the `<article>` (else `<main>`, the `articleBody`, the `<body>`) is read, and
navigation, headers, footers, asides, forms and scripts are dropped first. Text, links,
emphasis, lists, quotes and tables keep their shape as Markdown.
"""

from __future__ import annotations

import re

import lxml.html
from lxml.etree import ParserError
from lxml.html import HtmlElement

from sitegen.importers.mdtext import (
    code_block,
    code_span,
    escape_fragment,
    guard_line_start,
    link,
    quoted,
)
from sitegen.importers.pages import Block

_DROPPED = (
    *("script", "style", "noscript", "template", "svg", "iframe"),
    *("nav", "header", "footer", "aside", "form", "button"),
)
_BLOCKS = {"p", "ul", "ol", "blockquote", "pre", "figure", "table", "hr", "div", "section"}
_BLOCKS |= {f"h{n}" for n in range(1, 7)}
_ROOTS = (".//article", ".//main", ".//*[@itemprop='articleBody']", ".//body")


def read_html(text: str) -> tuple[list[Block], str, str]:
    """Blocks of a saved page's article, its `<h1>` (or `<title>`), and the element read."""
    try:
        page = lxml.html.document_fromstring(text)
    except ParserError:
        return [], "", ""
    for element in list(page.iter(*_DROPPED)):
        if isinstance(element, HtmlElement):
            element.drop_tree()
    root = next((found for q in _ROOTS if (found := page.find(q)) is not None), page)
    heading = root.find(".//h1")
    heading = heading if heading is not None else page.find(".//h1")
    if heading is None:
        heading = page.find(".//title")
    title = _plain(heading) if heading is not None else ""
    blocks: list[Block] = []
    _blocks(root, blocks)
    kept = [b for b in blocks if not (b.kind == "heading" and b.level == 1)]
    return kept, title, str(root.tag)


def _blocks(element: HtmlElement, blocks: list[Block]) -> None:
    """The blocks under `element`; text between them (in a `<div>`) is a paragraph."""
    loose = [_text(element.text)]
    for child in element:
        if isinstance(child.tag, str) and (child.tag.lower() in _BLOCKS or _has_blocks(child)):
            _paragraph("".join(loose), element, blocks)
            loose = []
            _block(child, child.tag.lower(), blocks)
        elif isinstance(child.tag, str):
            loose.append(_inline_child(child))
        loose.append(_text(child.tail))
    _paragraph("".join(loose), element, blocks)


def _paragraph(markdown: str, element: HtmlElement, blocks: list[Block]) -> None:
    markdown = guard_line_start(markdown.strip())
    if markdown:
        plain = re.sub(r"\\(.)", r"\1", markdown)
        blocks.append(Block("paragraph", plain, markdown, _line(element)))


def _block(child: HtmlElement, tag: str, blocks: list[Block]) -> None:
    line = _line(child)
    if re.fullmatch(r"h[1-6]", tag):
        blocks.append(Block("heading", _plain(child), _inline(child), line, level=int(tag[1])))
    elif tag in ("ul", "ol"):
        items = [li for li in child if isinstance(li.tag, str) and li.tag == "li"]
        marks = [f"{n}." if tag == "ol" else "-" for n in range(1, len(items) + 1)]
        text = "\n".join(_plain(li) for li in items)
        markdown = "\n".join(f"{m} {_inline(li)}" for m, li in zip(marks, items, strict=True))
        blocks.append(Block("list", text, markdown, line, links=_links(child)))
    elif tag == "figure":
        caption = child.find(".//figcaption")
        where = caption if caption is not None else child
        text = _plain(caption) if caption is not None else child.findtext(".//img[@alt]") or ""
        blocks.append(Block("caption", text or "image", "", _line(where)))
    elif tag == "blockquote":
        inner: list[Block] = []
        _blocks(child, inner)
        markdown = quoted([b.markdown for b in inner if b.markdown])
        blocks.append(Block("quote", _plain(child), markdown, line, links=_links(child)))
    elif tag == "pre" and _plain(child):
        blocks.append(Block("code", _plain(child), code_block(child.text_content()), line))
    elif tag == "table":
        blocks.append(Block("table", _plain(child), _table(child), line, links=_links(child)))
    elif tag == "p" and _plain(child):
        blocks.append(Block("paragraph", _plain(child), _inline(child), line, links=_links(child)))
    elif tag not in ("hr", "p", "pre"):
        _blocks(child, blocks)


def _table(table: HtmlElement) -> str:
    """A GFM table; the first row is its head. Every `|` of a cell is escaped, those of its
    code and addresses too: the row is split on them before any code span is read."""
    rows = [
        [_cell(_inline(cell).replace("\\\n", " ")) for cell in row if cell.tag in ("td", "th")]
        for row in table.iter("tr")
    ]
    rows = [row for row in rows if row]
    if not rows:
        return ""
    width = max(len(row) for row in rows)
    lines = [f"| {' | '.join(row + [''] * (width - len(row)))} |" for row in rows]
    return "\n".join([lines[0], "|" + " --- |" * width, *lines[1:]])


def _cell(markdown: str) -> str:
    return re.sub(r"(?<!\\)\|", r"\\|", markdown)


def _line(element: HtmlElement) -> int:
    return int(element.sourceline or 1)


def _has_blocks(element: HtmlElement) -> bool:
    return any(isinstance(c.tag, str) and c.tag.lower() in _BLOCKS for c in element)


def _plain(element: HtmlElement) -> str:
    return " ".join(element.text_content().split())


def _links(element: HtmlElement) -> list[tuple[str, str]]:
    return [(_plain(a), a.get("href", "")) for a in element.iter("a") if a.get("href")]


def _inline(element: HtmlElement, linked: bool = False) -> str:
    """An element's text as inline Markdown: links, emphasis, code and line breaks kept."""
    parts = [_text(element.text, linked)]
    for child in element:
        if isinstance(child.tag, str):
            parts.append(_inline_child(child, linked))
        parts.append(_text(child.tail, linked))
    return guard_line_start("".join(parts).strip())


def _text(text: str | None, linked: bool = False) -> str:
    return escape_fragment(re.sub(r"\s+", " ", text), linked=linked) if text else ""


def _inline_child(child: HtmlElement, linked: bool = False) -> str:
    tag = child.tag.lower()
    if tag == "a" and child.get("href", "").startswith(("http://", "https://")):
        return link(_inline(child, linked=True), child.get("href", ""))
    inner = _inline(child, linked)
    if tag in ("strong", "b") and inner:
        return f"**{inner}**"
    if tag in ("em", "i") and inner:
        return f"*{inner}*"
    if tag == "code" and inner:
        return code_span(child.text_content())
    if tag == "br":
        return "\\\n"
    return inner
