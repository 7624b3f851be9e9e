"""Heading ids as Hugo (goldmark) and Jekyll (kramdown) make them, so that a link written
for the old site (`/billet/#lété-cest-chaud`, `#section-2` in the same post) still reaches
its heading."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from sitegen.urls import without_accents

_WORD = frozenset({"Mn", "Mc", "Me", "Nd", "Pc"})
_KRAMDOWN_SYMBOLS = re.compile(r"---|--|\.\.\.|<<|>>")
_TEXT = ("text", "text_special")
"""Text, and a character escaped in it (`-\\-`), which is no typographer's dash."""
_DASH_PAIRS = re.compile(r"---?")
_TYPOGRAPHER = re.compile(r"['\"]|--|\.\.\.|<<|>>")
_KRAMDOWN_LEAD = re.compile(r"^[^a-zA-Z]+")
_KRAMDOWN_DROPPED = re.compile(r"[^a-zA-Z0-9 -]")


def tool_heading_ids(style: str) -> Callable[[StateCore], None]:
    """A core rule giving every heading without an id the one the tool would give it."""
    name = _NAMERS[style]

    def rule(state: StateCore) -> None:
        if style == "none":
            return
        tokens = state.tokens
        taken: dict[str, int] = {}
        for token in tokens:
            given = token.attrGet("id") if token.type == "heading_open" else None
            if given:
                taken[str(given)] = 0
        for i, token in enumerate(tokens):
            if token.type == "heading_open" and not token.attrGet("id"):
                token.attrSet("id", _unique(name(tokens[i + 1]), taken, style))

    return rule


def _unique(anchor: str, taken: dict[str, int], style: str) -> str:
    """The first heading keeps its id, the next ones get `-1`, `-2`… (both tools)."""
    if style.startswith("kramdown"):  # kramdown counts per id, whatever is taken since
        if anchor in taken:
            taken[anchor] += 1
            return f"{anchor}-{taken[anchor]}"
        taken[anchor] = 0
        return anchor
    found, n = anchor, 0
    while found in taken:
        n += 1
        found = f"{anchor}-{n}"
    taken[found] = 0
    return found


def _text(inline: Token) -> str:
    return "".join(c.content for c in inline.children or [] if c.type in _TEXT)


def _goldmark_text(inline: Token) -> str:
    """The text goldmark names a heading by: its own text and code (its typographer's
    dashes for `--` left out), but of a span inside it (emphasis, link) only the first
    piece, which the typographer ends at an apostrophe, a quote, `--` or `...`
    (`**Qu'est-ce ?**` is `#qu` on Hugo's pages)."""
    parts: list[str] = []
    depth, first = 0, False
    for child in inline.children or []:
        if child.nesting:
            first = first or (depth == 0 and child.nesting == 1)
            depth += child.nesting
        elif depth == 0 and child.type in _TEXT:  # its `--` is a dash, then dropped
            parts.append(_DASH_PAIRS.sub("", child.content))
        elif depth == 0 and child.type == "code_inline":
            parts.append(child.content)
        elif depth > 0 and first:
            first = False
            if child.type in (*_TEXT, "code_inline"):
                cut = child.type in _TEXT
                parts.append(_TYPOGRAPHER.split(child.content, 1)[0] if cut else child.content)
    return "".join(parts)


def _gfm_text(inline: Token) -> str:
    """What kramdown's GFM input names a heading by: its text, but not the `--` or `...`
    it typesets as dashes and ellipses, code and formulas' TeX."""
    kinds = ("code_inline", "math_inline", "math_inline_double")
    return "".join(
        _KRAMDOWN_SYMBOLS.sub("", c.content) if c.type == "text" else c.content
        for c in inline.children or []
        if c.type in _TEXT or c.type in kinds
    )


def _github(inline: Token, ascii_only: bool = False) -> str:
    """Hugo's `github` ids: letters, digits and `_` in lower case, spaces and `-` as `-`."""
    text = _goldmark_text(inline).strip()
    text = without_accents(text) if ascii_only else text
    kept = []
    for char in text:
        if ascii_only and not char.isascii():
            continue
        if char in "- ":
            kept.append("-")
        elif char == "_" or char.isalpha() or unicodedata.category(char) == "Nd":
            kept.append(char.lower())
    return "".join(kept) or "heading"


def _blackfriday(inline: Token) -> str:
    """Blackfriday's ids: runs of letters and digits joined by single dashes."""
    words = re.split(r"[^\w]|_", _goldmark_text(inline).lower())
    return "-".join(w for w in words if w) or "heading"


def _gfm(inline: Token) -> str:
    """kramdown's GFM input, Jekyll's default: lower case, Ruby's word characters (accents,
    combining ones too) and dashes kept, spaces and tabs as dashes."""
    kept = (c for c in _gfm_text(inline).lower() if c in "- \t" or _is_word(c))
    return "".join(kept).translate(_DASHES)


def _is_word(char: str) -> bool:
    r"""Onigmo's `\p{Word}`: letters, marks, decimal digits and connectors such as `_`."""
    return unicodedata.category(char) in _WORD or char.isalpha()


def _kramdown(text: str) -> str:
    """kramdown's own: from the first ASCII letter, ASCII letters, digits and dashes."""
    anchor = _KRAMDOWN_DROPPED.sub("", _KRAMDOWN_LEAD.sub("", text))
    return anchor.replace(" ", "-").lower() or "section"


_DASHES = str.maketrans({" ": "-", "\t": "-"})
_NAMERS: dict[str, Callable[[Token], str]] = {
    "github": _github,
    "github-ascii": lambda inline: _github(inline, ascii_only=True),
    "blackfriday": _blackfriday,
    "gfm": _gfm,
    "kramdown": lambda inline: _kramdown(inline.content),
    "kramdown-stripped": lambda inline: _kramdown(_text(inline)),
    "kramdown-ascii": lambda inline: _kramdown(without_accents(inline.content)),
    "kramdown-stripped-ascii": lambda inline: _kramdown(without_accents(_text(inline))),
    "none": lambda inline: "",
}
"""Goldmark's `autoHeadingIDType`s; kramdown's GFM input (Jekyll's default) and its own,
naming a heading from its Markdown as written or its text alone (`auto_id_stripping`),
accents kept or made ASCII (`transliterated_header_ids`)."""
