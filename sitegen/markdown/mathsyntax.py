"""Where a formula starts and ends in Markdown, as authors write them for KaTeX and MathJax.

`$x$` and `$ x $`, `$$x$$` (inline in a sentence, as kramdown reads it; displayed when it
stands on its own lines), `\\(x\\)`, and `\\[x\\]` (displayed, as Hugo and KaTeX show it).
Amounts, variables and escaped parentheses stay text: "5 $ et 10 $", "5$", "$5 et $10",
"$HOME et $PATH", "\\(TFS\\)", "\\[1\\]".
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import unescapeAll
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.dollarmath.index import math_block_dollar

CLOSING = {"$": "$", "$$": "$$", "\\(": "\\)", "\\[": "\\]"}
# `\\(x\\)` in Markdown is `\(x\)` on the page, which KaTeX or MathJax then read: how blogs
# whose Markdown keeps no math (Hugo without passthrough, Jekyll) write it.
_ESCAPED_OPENINGS = {"\\\\(": "\\(", "\\\\[": "\\["}
_OPENINGS = ("$$", "$", "\\\\(", "\\\\[", "\\(", "\\[")
_AMOUNT = re.compile(r"\d(?:[ \u00a0\u202f]?(?:[kKmMG]|[Mm]ds?|Mrds?)|[ \t\u00a0\u202f]*)\Z")
# `_` is TeX's before a group or one character (`x_{ij}`, `w_1`), a name's in `$nom_fichier`.
_TEX_SIGN = re.compile(r"[\\^{}=]|_(?:\{|\w(?!\w))")
_LETTERS = re.compile(r"[^\W\d_]+")
SKIPPED = frozenset(
    {"script", "noscript", "style", "textarea", "pre", "code", "option", "math", "svg", "template"}
)
"""Elements whose text MathJax's and KaTeX's auto-render never read as math; nor does sitegen."""
_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)")


def math_plugin(md: MarkdownIt) -> None:
    """`$$` blocks as dollarmath reads them; every inline form, and `\\[` blocks, as here."""
    dollarmath_plugin(md, allow_labels=False)
    md.inline.ruler.at("math_inline", inline_math)
    md.block.ruler.at("math_block", dollar_block)
    md.block.ruler.before("math_block", "math_block_brackets", bracket_block)


def inline_math(state: StateInline, silent: bool) -> bool:
    """A formula at `state.pos`: `math_inline`, or `math_inline_double` when displayed."""
    found = _formula(state.src, state.pos)
    if found is None or (found[0].endswith("\\[") and state.linkLevel > 0):
        return False  # "[Dartlang \\[FR\\]](…)": a link's text escapes its brackets
    if _in_skipped_html(state.tokens):
        return False  # `<code>$x$</code>`: code, as KaTeX and MathJax leave it
    opening, content, end = found
    if opening in _ESCAPED_OPENINGS:
        opening, content = _ESCAPED_OPENINGS[opening], unescapeAll(content)
    display = opening == "\\[" or (opening == "$$" and _alone(state.src, state.pos, end))
    if not silent:
        token = state.push("math_inline_double" if display else "math_inline", "math", 0)
        token.content = content
        token.markup = opening
    state.pos = end
    return True


def _formula(src: str, start: int) -> tuple[str, str, int] | None:
    opening = next((o for o in _OPENINGS if src.startswith(o, start)), None)
    if opening is None or (opening == "$" and _after_amount(src, start)):
        return None
    closing = CLOSING.get(opening) or "\\" + CLOSING[_ESCAPED_OPENINGS[opening]]
    close = _closing(src, closing, start + len(opening))
    if close is None:
        return None
    content, end = src[start + len(opening) : close], close + len(closing)
    if not content.replace("\\\\", "").strip():
        return None  # nothing to show: `$ $`, or `\[\\\]`, which is three escaped characters
    if opening == "$" and _not_a_formula(content, src[end : end + 1]):
        return None
    if opening.startswith("\\") and _escaped_for_markdown(opening[-2:], content):
        return None
    return opening, content, end


def skipped_depth(markup: str, depth: int) -> int:
    """How deep in elements whose text is no formula (`<code>`, `<pre>`…) the text after the
    tag `markup` is, when the text before it was `depth` deep."""
    tag = _TAG.match(markup)
    if tag is None or tag.group(2).lower() not in SKIPPED or markup.endswith("/>"):
        return depth
    return max(0, depth - 1) if tag.group(1) else depth + 1


def _in_skipped_html(tokens: list[Token]) -> bool:
    depth = 0
    for token in tokens:
        if token.type == "html_inline":
            depth = skipped_depth(token.content, depth)
    return depth > 0


def formula_in_text(text: str, start: int) -> tuple[str, str, int] | None:
    """A formula at `start` of a page's text, as KaTeX and MathJax find it there: `\\(` is
    no delimiter, since no Markdown reads its escapes. (opening, TeX, end) or None."""
    found = _formula(text, start)
    return None if found is None or found[0] in _ESCAPED_OPENINGS else found


def _after_amount(src: str, start: int) -> bool:
    """A number just before the dollar: "5 $", "5$", "10,5 M$", "2.5m$" (French puts a space,
    often unbreakable)."""
    return bool(_AMOUNT.search(src, max(0, start - 16), start))


def _escaped_for_markdown(opening: str, content: str) -> bool:
    """Parentheses or brackets an author escaped so that Markdown shows them, around words or
    a reference number, with no sign of TeX: "Azure \\(Intelligent System Service\\)", "\\[1\\]".
    `\\(xRy\\)` and `\\(10 GBps\\)` are formulas: their letters do not spell a word."""
    if _TEX_SIGN.search(content):
        return False
    return bool(_words(content)) or (opening == "\\[" and content.strip().isdigit())


def _words(text: str) -> list[str]:
    """Runs of three letters or more that read as words: not `xRy`, `GBps`."""
    letters = _LETTERS.findall(text)
    return [w for w in letters if len(w) > 2 and (w.islower() or w.istitle() or w.isupper())]


def _closing(src: str, closing: str, start: int) -> int | None:
    """Where `closing` first appears after `start`, not escaped by a backslash."""
    index = src.find(closing, start)
    while index >= 0:
        before = index
        while before > 0 and src[before - 1] == "\\":
            before -= 1
        if closing.startswith("\\") or (index - before) % 2 == 0:
            return index
        index = src.find(closing, index + 1)
    return None


def _not_a_formula(content: str, after: str) -> bool:
    """Dollars around text: "$5 et $10" (a digit after), "$HOME et $PATH" and "$5 et $x$"
    (spaced inside on one side only), "**$file**, au format **asciidoc** sous **$nom**"
    (words), "$prefix/$stage[$i]" (a name right after the closing dollar: a shell or PHP
    variable's, while a formula's suffix, "$n$th", follows one symbol); none has TeX in it."""
    if after.isdigit():
        return True
    if _TEX_SIGN.search(content):
        return False
    if (after.isalpha() or after == "_") and len(content.strip()) > 1:
        return True
    lopsided = content[0].isspace() != content[-1].isspace()
    return lopsided or len(_words(content)) > 1


def _alone(src: str, start: int, end: int) -> bool:
    """The formula has its lines to itself."""
    line_start = src.rfind("\n", 0, start) + 1
    line_end = src.find("\n", end)
    return (
        not src[line_start:start].strip()
        and not src[end : len(src) if line_end < 0 else line_end].strip()
    )


_DOLLAR_BLOCK = math_block_dollar(allow_labels=False, allow_blank_lines=True)


def dollar_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """dollarmath's `$$` block, but a line "$$a$$ et $$b$$" is a sentence, not one formula."""
    line = state.src[state.bMarks[start_line] + state.tShift[start_line] : state.eMarks[start_line]]
    if "$$" in line.strip()[2:-2]:
        return False
    return _DOLLAR_BLOCK(state, start_line, end_line, silent)


def bracket_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """`\\[ … \\]` standing as a block of its own lines: displayed math."""
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    begin = state.bMarks[start_line] + state.tShift[start_line]
    if not state.src.startswith("\\[", begin):
        return False
    line, lines = start_line, [state.src[begin + 2 : state.eMarks[start_line]]]
    while not lines[-1].rstrip().endswith("\\]"):
        line += 1
        if line >= end_line or state.isEmpty(line):
            return False
        # Without the blockquote's `>` or the list's indent, as dollarmath reads `$$` blocks.
        lines.append(state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]])
    text = "\n".join(lines)
    content = text[: text.rindex("\\]")]
    if not content.strip() or "\\]" in content:
        return False  # "\\[a\\] et \\[b\\]" is a sentence, not one formula
    if not silent:
        token = state.push("math_block", "math", 0)
        token.block = True
        token.content = content
        token.markup = "\\["
        token.map = [start_line, line + 1]
    state.line = line + 1
    return True
