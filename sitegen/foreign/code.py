"""Where a Markdown body holds code: what is there is shown as written, so another tool's
markup inside it is the author's example, not something to translate away; and how a text
is written as code."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from markdown_it import MarkdownIt

_BLOCK_CODE = ("fence", "code_block")
_BACKTICKS = re.compile(r"(?<![`\\])`+")
_ANY_BACKTICKS = re.compile(r"`+")
_HTML_CODE = re.compile(r"<(pre|code)\b[^<>]*>(?:(?!<\1\b).)*?</\1\s*>", re.S | re.I)


@lru_cache(maxsize=1)
def plain_markdown() -> MarkdownIt:
    """A plain CommonMark parser: where a body's blocks are, and the HTML Liquid's
    `markdownify` and a post's `excerpt` give, with none of sitegen's own rules."""
    return MarkdownIt("commonmark", {"html": True})


class CodeRegions:
    """The offsets of a body that are code: fenced and indented blocks, code spans, HTML
    `<pre>`/`<code>` elements (the HTML blocks' own backticks are text)."""

    def __init__(self, body: str) -> None:
        starts = [0] + [m.end() for m in re.finditer("\n", body)]
        regions: list[tuple[int, int]] = []
        text: list[tuple[int, int]] = []  # paragraphs and headings, where code spans are
        for token in plain_markdown().parse(body):
            if token.map and token.type in (*_BLOCK_CODE, "inline"):
                first, last = token.map
                span = (starts[first], starts[last] if last < len(starts) else len(body))
                (text if token.type == "inline" else regions).append(span)
        regions += [
            m.span() for m in _HTML_CODE.finditer(body) if not self._inside(regions, m.start())
        ]
        for start, end in text:
            regions += _code_spans(body, start, end)
        self._regions = sorted(regions)
        self._starts = [start for start, _ in self._regions]

    @staticmethod
    def _inside(regions: list[tuple[int, int]], offset: int) -> bool:
        return any(start <= offset < end for start, end in regions)

    def __contains__(self, offset: object) -> bool:
        if not isinstance(offset, int):
            return False
        at = bisect_right(self._starts, offset) - 1
        return at >= 0 and offset < self._regions[at][1]


def _code_spans(body: str, start: int, end: int) -> list[tuple[int, int]]:
    """CommonMark's code spans in `body[start:end]`: a run of backticks opens one when a run
    of the same length follows; otherwise it is text, and the search goes on after it."""
    spans = []
    runs = list(_BACKTICKS.finditer(body, start, end))
    index = 0
    while index < len(runs):
        opener = runs[index]
        length = len(opener.group(0))
        closer = next(
            (i for i in range(index + 1, len(runs)) if len(runs[i].group(0)) == length), None
        )
        if closer is None:
            index += 1
            continue
        spans.append((opener.start(), runs[closer].end()))
        index = closer + 1
    return spans


def inline_code(text: str) -> str:
    """`text` as a code span: between more backticks than any run of them inside, with a
    space inside each end when it starts or ends with a backtick or a space (CommonMark
    takes one off each end)."""
    fence = "`" * (max(map(len, _ANY_BACKTICKS.findall(text)), default=0) + 1)
    pad = " " if text.startswith(("`", " ")) or text.endswith(("`", " ")) else ""
    return f"{fence}{pad}{text}{pad}{fence}"


@lru_cache(maxsize=8)
def code_regions(body: str) -> CodeRegions:
    """The code of `body`, found once however many tags ask."""
    return CodeRegions(body)
