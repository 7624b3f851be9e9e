"""TeX as blogs write it for KaTeX and MathJax, rewritten into the TeX latex2mathml reads.

Each rewrite keeps what KaTeX shows; latex2mathml would otherwise refuse the formula or
show it wrong.
"""

from __future__ import annotations

import re
import unicodedata

# KaTeX's environments latex2mathml lacks, and the one of its own that lays out the same.
_ENVIRONMENTS = {"aligned": "align*", "alignedat": "align*", "gathered": "gather*"}
_ENVIRONMENT = re.compile(r"\\(begin|end)\s*\{(\w+\*?)\}(?:(?<=alignedat\})\s*\{\d+\})?")
# `\begin{cases}[1, 0] & …`: the bracket is the first cell's; latex2mathml would read it as
# an option, which these environments do not take.
_BRACKET_FIRST = re.compile(
    r"(\\begin\s*\{(?:cases|[pbBvV]?matrix|smallmatrix|align\*?|aligned|split|gather\*?)\})"
    r"(?=\s*\[)"
)
# `\big\langle`: latex2mathml sizes only a delimiter written as one character.
_SIZED_DELIMITER = re.compile(r"(\\[Bb]igg?[lmr]?)\s*(\\(?:[A-Za-z]+|[{}|]))")
# `\\[4pt]`: the extra space between rows, which latex2mathml would print as text.
_ROW_SPACING = re.compile(r"\\\\\s*\[\s*-?[\d.]+\s*[a-z]{2}\s*\]")
_COLOR = re.compile(r"\\color\s*\{[^{}]*\}")
_CELL_END = re.compile(r"\\\\|\\(?:begin|end|left|right)\b|\\.|[{}&]", re.S)
_NESTING = {"{": 1, "\\begin": 1, "\\left": 1, "}": -1, "\\end": -1, "\\right": -1}
# `c & \end{bmatrix}`: latex2mathml drops a last row that ends with an empty cell.
_EMPTY_LAST_CELL = re.compile(r"&(\s*\\end\b)")
# A backslash ending a line, or the formula, is TeX's control space, which latex2mathml
# would print.
_CONTROL_SPACE = re.compile(r"(?<!\\)((?:\\\\)*)\\(?:\n|\Z)")
_OPERATORS = re.compile(r"\\(arg)(?![A-Za-z])")
_TEXT_GROUP = re.compile(r"\\(?:text|textrm|mbox)\s*\{")
_TEXT_ESCAPE = re.compile(r"\\([#%$ ])")
# Capitals KaTeX has as commands although they look like Latin letters.
_GREEK_CAPITALS = re.compile(
    r"\\(Alpha|Beta|Epsilon|Zeta|Eta|Iota|Kappa|Mu|Nu|Omicron|Rho|Tau|Chi)(?![A-Za-z])"
)
# `\binom{n}{2}^{-1}`: latex2mathml gives an exponent only to a group.
_BINOMIAL = re.compile(r"\\[dt]?binom\s*\{")
_NEXT_GROUP = re.compile(r"\s*\{")
# Inside these, `\_` is an underscore even for KaTeX; elsewhere it is Markdown's escape.
_FONT_GROUP = re.compile(r"\\(?:math[a-z]+|operatorname\*?)\s*\{")


def as_latex2mathml_reads(tex: str) -> str:
    """`tex` in the TeX dialect latex2mathml reads, meaning what KaTeX makes of it."""
    tex = _markdown_underscores(tex)
    tex = _text_as_katex_reads(tex)
    tex = _GREEK_CAPITALS.sub(_greek_capital, tex)
    tex = _grouped_binomials(tex)
    tex = _ROW_SPACING.sub(r"\\\\", tex)
    tex = _EMPTY_LAST_CELL.sub(r"&{}\1", tex)
    tex = _CONTROL_SPACE.sub(r"\1\\ ", tex)
    tex = _SIZED_DELIMITER.sub(_one_character_delimiter, tex)
    tex = _bounded_colors(tex)
    tex = _OPERATORS.sub(r"\\operatorname{\1}", tex)
    tex = _BRACKET_FIRST.sub(r"\1{}", tex)
    return _ENVIRONMENT.sub(_grouped_environment, tex)


def _markdown_underscores(tex: str) -> str:
    """`x\\_1` is `x_1`: authors escape `_` so that Markdown does not read emphasis."""
    parts, start, ends = [], 0, _group_ends(tex)
    for match in _FONT_GROUP.finditer(tex):
        if match.start() < start:
            continue
        end = ends[match.end()]
        parts += [_unescape_underscores(tex[start : match.start()]), tex[match.start() : end]]
        start = end
    return "".join([*parts, _unescape_underscores(tex[start:])])


def _text_as_katex_reads(tex: str) -> str:
    """Inside `\\text{…}`, `$…$` is math, `\\#`, `\\%`, `\\$`, `\\ ` are characters and `--`
    a dash, as KaTeX reads them; latex2mathml would print them as written."""
    parts, start, ends = [], 0, _group_ends(tex)
    for match in _TEXT_GROUP.finditer(tex):
        if match.start() < start:
            continue
        end = ends[match.end()]
        pieces = re.split(r"(?<!\\)\$", tex[match.end() : end - 1])
        if len(pieces) % 2 == 0:  # a lone `$` is not math
            pieces = [tex[match.end() : end - 1]]
        text = match.group()
        rebuilt = (
            f"{text}{_plain(p)}}}" if i % 2 == 0 else f"{{{p}}}" for i, p in enumerate(pieces)
        )
        parts += [tex[start : match.start()], *rebuilt]
        start = end
    return "".join([*parts, tex[start:]])


def _plain(text: str) -> str:
    return _TEXT_ESCAPE.sub(r"\1", text).replace("---", "—").replace("--", "–")


def _unescape_underscores(tex: str) -> str:
    return re.sub(r"\\\\|\\_", lambda m: "_" if m.group() == "\\_" else m.group(), tex)


def _bounded_colors(tex: str) -> str:
    """`\\color{red} x & y`: the colour ends with its cell or group, as in KaTeX;
    latex2mathml would carry it over the `&` and lose the table."""
    for match in reversed(list(_COLOR.finditer(tex))):
        end = _cell_end(tex, match.end())
        tex = f"{tex[: match.start()]}{{{tex[match.start() : end]}}}{tex[end:]}"
    return tex


def _cell_end(tex: str, start: int) -> int:
    depth = 0
    for token in _CELL_END.finditer(tex, start):
        text = token.group()
        if depth == 0 and text in ("&", "}", "\\\\", "\\end", "\\right"):
            return token.start()
        depth += _NESTING.get(text, 0)
    return len(tex)


def _greek_capital(match: re.Match[str]) -> str:
    return unicodedata.lookup(f"GREEK CAPITAL LETTER {match.group(1)}")


def _grouped_binomials(tex: str) -> str:
    """`\\binom{n}{k}` wrapped in braces. The braces are placed by one pass over the text,
    not by copying it once per binomial, so a formula holding thousands stays linear."""
    ends = _group_ends(tex)
    braces: list[tuple[int, int, str]] = []  # at a position, `}` goes before `{`
    for match in _BINOMIAL.finditer(tex):
        first = ends[match.end()]
        second = _NEXT_GROUP.match(tex, first)
        if second is not None:
            braces += [(match.start(), 1, "{"), (ends[second.end()], 0, "}")]
    parts, start = [], 0
    for position, _, brace in sorted(braces):
        parts += [tex[start:position], brace]
        start = position
    return "".join([*parts, tex[start:]])


def _group_ends(tex: str) -> dict[int, int]:
    """For each `{`, the index after it → the index after its `}` (the end of the text when
    it is never closed), for every group at once, in one pass."""
    ends, opened, index = {}, [], 0
    while index < len(tex):
        character = tex[index]
        if character == "\\":
            index += 1
        elif character == "{":
            opened.append(index + 1)
        elif character == "}" and opened:
            ends[opened.pop()] = index + 1
        index += 1
    ends.update((start, len(tex)) for start in opened)
    return ends


def _one_character_delimiter(match: re.Match[str]) -> str:
    from latex2mathml.symbols_parser import convert_symbol  # with the first formula

    code = convert_symbol(match.group(2))
    return match.group(1) + chr(int(code, 16)) if code else match.group(0)


def _grouped_environment(match: re.Match[str]) -> str:
    # A group around each environment lets `\end{bmatrix}^T` take its exponent.
    name = _ENVIRONMENTS.get(match.group(2), match.group(2))
    return f"{{\\begin{{{name}}}" if match.group(1) == "begin" else f"\\end{{{name}}}}}"
