"""Rules a screen reader needs: `image-alt`, `empty-link`, `heading-jump`.

A post's own images, links and headings are judged in its Markdown (and the raw HTML in
it), at the line its author wrote; the templates' in the built pages, at the page's line.
"""

from __future__ import annotations

from collections.abc import Iterator

import lxml.html
from lxml import etree
from markdown_it.token import Token

from sitegen.check.body import Source
from sitegen.check.pages import Page, describe, position
from sitegen.check.rules import Finding, finding

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
ALT_HINT = 'describe what it shows; a decorative image is written in HTML with alt=""'


def source_findings(src: Source) -> Iterator[Finding]:
    """The body's images without alt text, links without text and skipped headings."""
    levels: list[tuple[int, int]] = []
    for token in src.tokens:
        line = src.file_line(token.map[0] if token.map else 0)
        if token.type == "heading_open":
            levels.append((int(token.tag[1]), line))
        elif token.type == "inline":
            yield from _inline(src, token, line)
        elif token.type == "html_block":
            yield from _html(src, token.content, line, levels)
    yield from _jumps(src, levels)
    cover = src.entry.meta.image
    if cover is not None and cover.alt is None:
        line = src.entry.meta.line_of("image")
        yield finding(
            "image-alt",
            src.path,
            src.locate(line, "image"),
            f"the cover `{cover.src}` has no alt text",
            "write `image: {src: …, alt: what it shows}`",
        )


def _inline(src: Source, token: Token, line: int) -> Iterator[Finding]:
    children = token.children or []
    for i, child in enumerate(children):
        at = src.file_line(child.meta["line"]) if "line" in child.meta else line
        if child.type == "image" and not child.content.strip():
            target = str(child.attrGet("src"))
            where = src.locate(at, "![]", "![")
            yield finding(
                "image-alt", src.path, where, f"image `{target}` has no alt text", ALT_HINT
            )
        elif child.type == "link_open" and not _link_text(children, i):
            href = str(child.attrGet("href"))
            yield finding(
                "empty-link",
                src.path,
                src.locate(at, "[]", "["),
                f"the link to `{href}` has no text",
                "write what it leads to between the brackets: [text](url)",
            )
        elif child.type == "html_inline" and child.content.lower().startswith("<img"):
            yield from _html(src, child.content, at, [])


def _link_text(children: list[Token], start: int) -> str:
    said = []
    for child in children[start + 1 :]:
        if child.type == "link_close":
            break
        if child.type == "html_inline" and child.content.lower().startswith("<img"):
            fragment = lxml.html.fragment_fromstring(child.content, create_parent="div")
            said += [img.get("alt", "") for img in fragment.iter("img")]
        said.append(child.content)
    return "".join(said).strip()


def _html(src: Source, html: str, line: int, levels: list[tuple[int, int]]) -> Iterator[Finding]:
    """Raw HTML written in the post: the same rules, at its lines."""
    try:
        fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    except etree.ParserError:
        return
    for element in fragment.iter(*HEADINGS, "img", "a"):
        at = line + (element.sourceline or 1) - 1
        tag = str(element.tag)
        if tag in HEADINGS:
            levels.append((int(tag[1]), at))
        elif tag == "img" and element.get("alt") is None:
            where = src.locate(at, "<img")
            yield finding("image-alt", src.path, where, f"{describe(element)} has no alt", ALT_HINT)
        elif tag == "a" and element.get("href") is not None and not has_name(element):
            where = src.locate(at, "<a ")
            yield finding(
                "empty-link",
                src.path,
                where,
                f"{describe(element)} has no text",
                "write the link's text, or give it an aria-label",
            )


def _jumps(src: Source, levels: list[tuple[int, int]]) -> Iterator[Finding]:
    # The title is the page's h1: a body's sections start at h2.
    previous = 1
    for level, line in levels:
        if level > previous + 1:
            message = f"heading jumps from h{previous} to h{level}"
            if previous == 1:
                message = f"the first heading is h{level}, but the title is the page's h1"
            hint = f"make it {'#' * (previous + 1)} (h{previous + 1})"
            yield finding("heading-jump", src.path, src.locate(line, "#"), message, hint)
        previous = level


def has_name(link: lxml.html.HtmlElement) -> bool:
    """Whether a screen reader has something to say for this link."""
    if any((link.get(a) or "").strip() for a in ("aria-label", "aria-labelledby", "title")):
        return True
    if "".join(link.itertext()).strip():
        return True
    return any((img.get("alt") or "").strip() for img in link.iter("img"))


def page_findings(page: Page) -> Iterator[Finding]:
    """What the templates wrote: images without alt, links without text, skipped headings."""
    for img in page.skeleton.iter("img"):
        if img.get("alt") is None:
            yield finding(
                "image-alt",
                page.path,
                position(page, img),
                f"{describe(img)} has no alt",
                'add alt="…" in the template (alt="" for a decorative image)',
            )
    for link in page.skeleton.iter("a"):
        if link.get("href") is not None and not has_name(link):
            yield finding(
                "empty-link",
                page.path,
                position(page, link),
                f"{describe(link)} has no text",
                "give the link text, or an aria-label, in the template",
            )
    yield from _page_jumps(page)


def _page_jumps(page: Page) -> Iterator[Finding]:
    """Jumps at the templates' headings; the posts' own are reported at their source."""
    theirs = {(str(h.tag), h.sourceline) for h in page.skeleton.iter(*HEADINGS)}
    previous = 1
    for heading in page.tree.iter(*HEADINGS):
        level = int(str(heading.tag)[1])
        if level > previous + 1 and (str(heading.tag), heading.sourceline) in theirs:
            yield finding(
                "heading-jump",
                page.path,
                position(page, heading),
                f"{describe(heading)} follows an h{previous}: h{previous + 1} is skipped",
                f"use <h{previous + 1}> in the template, or style the heading with CSS",
            )
        previous = level
