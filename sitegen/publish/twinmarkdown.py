"""A page's body HTML as the Markdown of its twin (`twins.py`), with markdownify: a
maintained converter whose every tag is a method to override. Kept apart so that only a blog
that asks for twins loads it and BeautifulSoup.
"""

from __future__ import annotations

import re
import warnings
from typing import Any

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, Tag
from markdownify import ATX, BACKSLASH, MarkdownConverter

from sitegen.publish.twins import allowed, escaped, markdown_address

_BACKTICKS = re.compile(r"`+")
_PASSAGE = "generated-passage"
_CODE_START, _CODE_END = "\ue000", "\ue001"
"""Around each inline code span while converting (private-use characters), to find two
that end up side by side whatever elements stood around them."""
_Base: Any = MarkdownConverter
"""Its stubs type only `convert`: the methods a converter overrides are untyped there."""


def body_markdown(html: str) -> str:
    """The body's HTML as Markdown."""
    converted: str = _Converter().convert_soup(_shown(html))
    # Two code spans side by side would join their backticks into one run, which closes
    # neither: what follows would be read as raw HTML. An invisible space keeps them apart.
    converted = converted.replace(_CODE_END + _CODE_START, "\u200b")
    return converted.replace(_CODE_START, "").replace(_CODE_END, "").strip()


def _shown(html: str) -> BeautifulSoup:
    """The body as readers see it: what is hidden from them (a heading's `#` anchor,
    `hidden` elements) is left out."""
    with warnings.catch_warnings():  # a body that is only an address is still a body
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(html, "lxml")
    for element in soup.find_all(_hidden):
        element.decompose()
    for block in soup.find_all("pre"):  # a fence holds only text: Pygments' spans say nothing
        block.string = block.get_text()  # there, and converting them took half the time
    return soup


def _hidden(element: Tag) -> bool:
    return element.get("aria-hidden") == "true" or element.has_attr("hidden")


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
        return escaped(text) if text else ""

    def convert_a(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        href = str(el.get("href") or "")
        if not href or not allowed(href):
            return text
        return f"[{text.strip()}]({markdown_address(href)})" if text.strip() else ""

    def convert_img(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        alt: str = self.escape(" ".join(str(el.get("alt") or "").split()), parent_tags)
        src = str(el.get("src") or "")
        if "_inline" in parent_tags or not src or not allowed(src):
            return alt
        return f"![{alt}]({markdown_address(src)})"

    def convert_iframe(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        """An embedded video, map or document becomes a link to it: it does not vanish."""
        source = el if el.get("src") else el.find("source", src=True)
        src = str(source.get("src") or "") if isinstance(source, Tag) else ""
        if not src or not allowed(src):
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
        if "pre" in parent_tags:
            block: str = super().convert_code(el, text, parent_tags)
            return block
        one: str = super().convert_code(el, text.replace("\r", " ").replace("\n", " "), parent_tags)
        return f"{_CODE_START}{one}{_CODE_END}"

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
