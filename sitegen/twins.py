"""The Markdown twin of a post or page (llms.txt v2): what its page publishes, as Markdown,
for the agents that read the blog through `llms.txt`.

It is made from the body's HTML, never from the source: the source may hold what the page
hides or transforms (comments, a Jekyll or Hugo tree's Liquid and shortcodes, a generated
passage's caption, formulas). Its first line is the text's disclosure, as the notice at the
top of the page says it, so that no copy of an AI text travels without it.

markdownify does the conversion (a maintained converter whose every tag is a method to
override). Nothing in a twin can run script in a viewer that shows Markdown's raw HTML: text
is escaped, a code block's fence is longer than any run of backticks in it,
and an address that is not http(s), mailto or the site's own is dropped with its link.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, Tag
from markdownify import ATX, BACKSLASH, MarkdownConverter

from sitegen.bodies import PARALLEL_FROM, worker_count
from sitegen.i18n import Catalog
from sitegen.views import EntryView, Link

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_SAFE_SCHEMES = ("http", "https", "mailto")
_BLANKS = re.compile(r"[\x00-\x20\x7f]+")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
_BREAKS = re.compile(r"[\t\n\r]")
_ENCODED = frozenset(" <>()[]\\`\"'\x7f") | frozenset(_C0_AND_SPACE)
_BACKTICKS = re.compile(r"`+")
_PASSAGE = "generated-passage"
_INLINE_MARKS = re.compile(r"([\\`*_\[\]<>&|~])")
_BLOCK_START = re.compile(r"^(\d{1,9})([.)])|^([#+=-])", re.M)
_Base: Any = MarkdownConverter
"""Its stubs type only `convert`: the methods a converter overrides are untyped there."""


def markdown_twin(page: EntryView, body: str, t: Catalog, absolute: Callable[[str], str]) -> bytes:
    """The twin's text, in the page's order: the disclosure, the title, the date, the updates
    and corrections, the body (`body_markdown` of the page's), then the sources and the
    further reading; `absolute` gives the site's addresses their origin."""
    parts = [disclosure_line(page, t, absolute), f"# {one_line(page.title)}"]
    if page.date_text:
        parts.append(one_line(page.date_text))
    if page.changes:  # the lines the page shows, converted: never worded a second time
        parts.append(
            body_markdown(f"<ul>{''.join(f'<li>{c.html}</li>' for c in page.changes)}</ul>")
        )
    parts.append(body)
    parts.append(_references(t("sources_title"), page.sources))
    parts.append(_references(t("see_also_title"), page.see_also))
    return ("\n\n".join(part for part in parts if part) + "\n").encode("utf-8")


def _references(title: str, links: tuple[Link, ...]) -> str:
    """A list of sources as the page titles it: each linked where its address is safe."""
    if not links:
        return ""
    items = [
        f"- [{one_line(link.title)}]({markdown_address(link.url)})"
        if link.url and _allowed(link.url)
        else f"- {one_line(link.title)}"
        for link in links
    ]
    return "\n".join([f"## {one_line(title)}", "", *items])


def bodies_markdown(bodies: list[str]) -> list[str]:
    """Each body's HTML as Markdown, on every core when there are enough of them (a body
    takes some 7 ms: 1 000 of them, 7 s on one core)."""
    workers = worker_count()
    if workers < 2 or len(bodies) < PARALLEL_FROM:
        return [body_markdown(body) for body in bodies]
    chunk = max(1, len(bodies) // (workers * 8))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(body_markdown, bodies, chunksize=chunk))


def body_markdown(html: str) -> str:
    """The body's HTML as Markdown."""
    converted: str = _Converter().convert_soup(_shown(html))
    return converted.strip()


def disclosure_line(page: EntryView, t: Catalog, absolute: Callable[[str], str]) -> str:
    """How the text was made, in the page's words; the author's own text says so too."""
    disclosure = page.disclosure
    if disclosure is None:
        return one_line(t("twin_human_only"))
    line = one_line(disclosure.text)
    original = disclosure.original
    if original is not None and original.url and _allowed(original.url):
        address = markdown_address(absolute(original.url))
        line += f" [{one_line(disclosure.read_original)}]({address})"
    if original is not None and original.title:
        line += f" ({one_line(original.title)})"
    return line


def one_line(text: str) -> str:
    """Text as a single Markdown line that no viewer reads as markup: inline marks escaped,
    and what would start a heading, a list or a quote at its start."""
    return _escaped(" ".join(text.split()))


def _escaped(text: str) -> str:
    text = _INLINE_MARKS.sub(r"\\\1", text)
    return _BLOCK_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)


def _shown(html: str) -> BeautifulSoup:
    """The body as readers see it: what is hidden from them (a heading's `#` anchor,
    `hidden` elements) is left out."""
    with warnings.catch_warnings():  # a body that is only an address is still a body
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(_hidden):
        element.decompose()
    for block in soup.find_all("pre"):  # a fence holds only text: Pygments' spans say nothing
        block.string = block.get_text()  # there, and converting them took half the time
    return soup


def _hidden(element: Tag) -> bool:
    return element.get("aria-hidden") == "true" or element.has_attr("hidden")


def _allowed(url: str) -> bool:
    scheme = _SCHEME.match(_BLANKS.sub("", url))
    return scheme is None or scheme.group(1).lower() in _SAFE_SCHEMES


def markdown_address(url: str) -> str:
    """An address as a Markdown link destination, followed where a browser follows it: the
    blanks around it trimmed, its line breaks and tabs dropped, then what would end the
    destination or break the link (spaces, brackets, parentheses, quotes) encoded."""
    url = _BREAKS.sub("", url.strip(_C0_AND_SPACE))
    return "".join(f"%{ord(c):02X}" if c in _ENCODED else c for c in url)


class _Converter(_Base):  # type: ignore[misc]
    def __init__(self, **options: Any) -> None:
        super().__init__(
            heading_style=ATX,
            bullets="-",
            newline_style=BACKSLASH,
            **options,
        )

    def escape(self, text: str, parent_tags: set[str]) -> str:
        """Every mark Markdown reads inline, and a line's start that would open a block."""
        return _escaped(text) if text else ""

    def convert_a(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        href = str(el.get("href") or "")
        if not href or not _allowed(href):
            return text
        return f"[{text.strip()}]({markdown_address(href)})" if text.strip() else ""

    def convert_img(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        alt: str = self.escape(" ".join(str(el.get("alt") or "").split()), parent_tags)
        src = str(el.get("src") or "")
        if "_inline" in parent_tags or not src or not _allowed(src):
            return alt
        return f"![{alt}]({markdown_address(src)})"

    def convert_iframe(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        """An embedded video, map or document becomes a link to it: it does not vanish."""
        source = el if el.get("src") else el.find("source", src=True)
        src = str(source.get("src") or "") if isinstance(source, Tag) else ""
        if not src or not _allowed(src):
            return text
        name = self.escape(" ".join(str(el.get("title") or src).split()), parent_tags)
        return (
            f"[{name}]({markdown_address(src)})"
            if "_inline" in parent_tags
            else f"\n\n[{name}]({markdown_address(src)})\n\n"
        )

    convert_video = convert_audio = convert_embed = convert_iframe

    def convert_code(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        """Inline code on one line: a line break could start a block (a fence) inside it."""
        if "pre" not in parent_tags:
            text = text.replace("\r", " ").replace("\n", " ")
        one: str = super().convert_code(el, text, parent_tags)
        return one

    def convert_pre(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if not text.strip("\n"):
            return ""
        fence = _ticks(text, 3)
        return f"\n\n{fence}\n{text.strip(chr(10))}\n{fence}\n\n"

    def convert_math(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        """A formula as its TeX, in GitHub's math syntax: code to any other viewer."""
        tex = str(el.get("alttext") or "").strip() or el.get_text(" ", strip=True)
        if el.get("display") == "block":
            fence = _ticks(tex, 3)
            return f"\n\n{fence}math\n{tex}\n{fence}\n\n"
        tex = " ".join(tex.split())  # a line break could start a block inside the span
        ticks = _ticks(tex, 1)
        if tex.startswith("`") or tex.endswith("`"):
            tex = f" {tex} "  # else the backtick would join the delimiter
        return f"${ticks}{tex}{ticks}$"

    def convert_blockquote(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        """A generated passage is a quote whose first line is its caption: the passage's own
        disclosure stays with it."""
        caption = _passage_caption(el)
        if caption:
            text = f"**{self.escape(caption, parent_tags)}**\n\n{text.strip()}"
        converted: str = super().convert_blockquote(el, text, parent_tags)
        return converted

    def convert_figcaption(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        figure = el.parent
        if figure is not None and _passage(figure) and figure.find("blockquote") is not None:
            return ""  # said at the head of the passage's quote
        converted: str = super().convert_figcaption(el, text, parent_tags)
        return converted


def _ticks(code: str, least: int) -> str:
    """A run of backticks longer than any in `code`: it cannot close early."""
    return "`" * max([least, *(len(run) + 1 for run in _BACKTICKS.findall(code))])


def _passage(element: Tag | None) -> bool:
    return element is not None and _PASSAGE in (element.get("class") or [])


def _passage_caption(quote: Tag) -> str:
    figure = quote.parent
    if figure is None or not _passage(figure) or figure.find("blockquote") is not quote:
        return ""
    caption = figure.find("figcaption")
    return " ".join(caption.get_text(" ").split()) if caption else ""
