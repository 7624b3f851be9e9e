"""Formulas written in the text of a raw HTML block: `<summary>La dérivée selon $w$</summary>`,
`<td>$\\epsilon$-greedy</td>`.

Markdown leaves an HTML block as it is, and the old blog's KaTeX or MathJax then found such
formulas in the page's text; sitegen typesets at build time, so it finds them here, where
those scripts would have: in text, never in a tag or its attributes, a comment, or an element
whose text they skip (code, preformatted text, scripts, styles, form fields). The tags are
written back untouched, so the HTML around a formula stays the author's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape

from sitegen.markdown.mathsyntax import formula_in_text, skipped_depth

Typeset = Callable[[str, str, int], str]
"""(TeX, opening delimiter, line within the block) -> the formula's HTML."""

_MARKUP = re.compile(
    r"""<!--.*?(?:-->|\Z)|<![^>]*(?:>|\Z)|<\?.*?(?:>|\Z)"""
    r"""|</?[A-Za-z][^\s/>]*(?:"[^"]*(?:"|\Z)|'[^']*(?:'|\Z)|[^'">])*(?:>|\Z)""",
    re.S,
)
"""A tag, a comment, a declaration: unfinished ones run to the block's end and stay as written."""
_SIGN = re.compile(r"[$\\]")
_DISPLAYED = frozenset({"$$", "\\["})


def formulas_in_html(html: str, typeset: Typeset) -> str:
    """`html` with the formulas of its text typeset; everything else as written."""
    if "$" not in html and "\\" not in html:
        return html
    out: list[str] = []
    skipped = 0  # depth inside elements whose text is not read
    start = 0
    for markup in _MARKUP.finditer(html):
        out += [_text(html, start, markup.start(), skipped, typeset), markup.group()]
        skipped = skipped_depth(markup.group(), skipped)
        start = markup.end()
    out.append(_text(html, start, len(html), skipped, typeset))
    return "".join(out)


def _text(html: str, start: int, end: int, skipped: int, typeset: Typeset) -> str:
    """One text node, its formulas typeset (money and variables stay text, as in Markdown)."""
    text = html[start:end]
    if skipped:
        return text
    out: list[str] = []
    done = pos = 0
    while (sign := _SIGN.search(text, pos)) is not None:
        pos = sign.start()
        if text.startswith("\\$", pos) or text.startswith("\\\\", pos):
            pos += 2  # an escaped dollar or backslash opens nothing
            continue
        found = formula_in_text(text, pos)
        if found is None:
            pos += 1
            continue
        opening, content, after = found
        line = html.count("\n", 0, start + pos)
        out += [text[done:pos], typeset(unescape(content), opening, line)]
        done = pos = after
    return "".join(out) + text[done:]


def displayed(opening: str) -> bool:
    """`$$…$$` and `\\[…\\]` are displayed, wherever they stand in the text."""
    return opening in _DISPLAYED
