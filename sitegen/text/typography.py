"""French typography on prose only: never inside code, URLs, math or raw HTML.

Rules follow the Imprimerie nationale usage that typographeur implements: a narrow
no-break space (U+202F) before `; ! ?`, a no-break space (U+00A0) before `:` and inside
« guillemets ». Only spaces the author wrote are replaced before `; : ! ?`, so `10:30`,
`https://` and `C:` stay as they are; guillemets get their spaces even when the author
left them out.
"""

from __future__ import annotations

import re

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

NBSP = "\u00a0"
NNBSP = "\u202f"

_BEFORE_TALL = re.compile(r"(?<![ \t\u00a0\u202f])[ \t\u00a0\u202f]+([;!?])")
_BEFORE_COLON = re.compile(r"(?<![ \t\u00a0\u202f])[ \t\u00a0\u202f]+:")
_OPEN_QUOTE = re.compile(r"«[ \t\u00a0\u202f]*")
_CLOSE_QUOTE = re.compile(r"(?<![ \t\u00a0\u202f])[ \t\u00a0\u202f]*»")
_MARKS = (";", "!", "?", ":")
_RAW_TAG = re.compile(r"^<(/?)(?:code|kbd|samp|pre|var|math|script|style)\b", re.I)


def french_text(text: str) -> str:
    """Apply the French spacing rules to a run of plain text."""
    # Most runs hold none of these marks: looking for one costs less than a pattern's scan.
    if ";" in text or "!" in text or "?" in text:
        text = _BEFORE_TALL.sub(NNBSP + r"\1", text)
    if ":" in text:
        text = _BEFORE_COLON.sub(NBSP + ":", text)
    if "«" in text:
        text = _OPEN_QUOTE.sub("«" + NBSP, text)
    if "»" in text:
        text = _CLOSE_QUOTE.sub(NBSP + "»", text)
    return text


def is_french(lang: str) -> bool:
    """`fr`, `fr-CA`…: the languages these rules are for."""
    return lang.split("-")[0] == "fr"


def typeset(text: str, lang: str) -> str:
    """Plain text (a title, a description) set by the rules of its language."""
    return french_text(text) if is_french(lang) else text


def french_typography_rule(state: StateCore) -> None:
    """markdown-it core rule: rewrite `text` tokens of French documents.

    Passages marked in another language (`{lang=en}` on a block, `[…]{lang=en}` inline)
    keep their own typography.
    """
    if not is_french(str(state.env.get("lang", "fr"))):
        return
    foreign_blocks: list[bool] = []
    for block in state.tokens:
        if block.nesting == 1:
            foreign_blocks.append(_foreign(block))
        elif block.nesting == -1 and foreign_blocks:
            foreign_blocks.pop()
        elif block.type == "inline" and block.children and not any(foreign_blocks):
            _typeset_inline(block.children)


def _typeset_inline(children: list[Token]) -> None:
    in_autolink = False
    raw_depth = 0  # inside raw <code>, <kbd>… written as HTML in the text
    foreign_depth = 0
    previous = None
    for token in children:
        if token.type == "link_open":
            in_autolink = token.markup in ("linkify", "autolink")
        elif token.type == "link_close":
            in_autolink = False
        elif token.type == "span_open":
            foreign_depth += 1 if foreign_depth or _foreign(token) else 0
        elif token.type == "span_close" and foreign_depth:
            foreign_depth -= 1
        elif token.type == "html_inline":
            raw_depth = max(0, raw_depth + _raw_nesting(token.content))
        elif token.type == "text" and not (in_autolink or raw_depth or foreign_depth):
            token.content = french_text(token.content)
            _join_line_start(previous, token)
        previous = token


def _foreign(token: Token) -> bool:
    lang = token.attrGet("lang")
    return isinstance(lang, str) and not is_french(lang)


def _raw_nesting(tag: str) -> int:
    match = _RAW_TAG.match(tag)
    if not match:
        return 0
    return -1 if match.group(1) else 1


def _join_line_start(previous: Token | None, token: Token) -> None:
    """`Vraiment` ⏎ `? oui`: the line break before the mark becomes a no-break space."""
    # `content[:1] in …` would also hold for the empty text markdown-it leaves before `**`.
    if previous is not None and previous.type == "softbreak" and token.content.startswith(_MARKS):
        previous.type = "text"
        previous.content = NBSP if token.content[0] == ":" else NNBSP
