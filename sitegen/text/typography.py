"""Typography on prose only: never inside code, URLs, math or raw HTML.

Straight quotes become the language's own: « » in French, “ ” in English, and ’ for every
apostrophe (markdown-it's smart quotes, which pair them across emphasis and links, run on
each language's text apart: a passage marked `{lang=en}` in a French post gets “ ”).

French spacing follows the Imprimerie nationale usage that typographeur implements: a
narrow no-break space (U+202F) before `; ! ?` and inside « guillemets », a no-break space
(U+00A0) before `:`. Only spaces the author wrote are replaced before `; : ! ?`, so
`10:30`, `https://` and `C:` stay as they are; guillemets get their spaces even when the
author left them out. A line never breaks inside a number (« 3 500 milliards »: U+202F
between its groups), between a number and its unit (« 5 % », « 12 h 30 »), nor after an
abbreviation that leads what follows (« p. 12 », « n° 3 », « M. Dupont »).
"""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_core.smartquotes import process_inlines
from markdown_it.token import Token

NBSP = "\u00a0"
NNBSP = "\u202f"
APOSTROPHE = "’"

_FRENCH_QUOTES = ("«" + NNBSP, NNBSP + "»", "‘", APOSTROPHE)
_ENGLISH_QUOTES = ("“", "”", "‘", APOSTROPHE)
_SPACE = "[ \t\u00a0\u202f]"
_BEFORE_TALL = re.compile(rf"(?<!{_SPACE}){_SPACE}+([;!?])")
_BEFORE_COLON = re.compile(rf"(?<!{_SPACE}){_SPACE}+:")
_OPEN_QUOTE = re.compile(rf"«{_SPACE}*")
_CLOSE_QUOTE = re.compile(rf"(?<!{_SPACE}){_SPACE}*»")
_QUOTE_MARK = re.compile(rf'(?P<before>{_SPACE}*)(?P<mark>["«»“”])(?P<after>{_SPACE}*)')
_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d,]|\.\d)")
_UNIT = re.compile(r"(?<=\d) (?=(?:%|‰|€|\$|£|°C|h|min|km|kg|Go|Mo|Ko|To|Gio|Mio)(?!\w))")
_HOURS = re.compile(r"(?<=\d\u00a0h) (?=\d\d(?!\d))")
_LEADING = re.compile(r"(?<![\w.])(?:p\.|pp\.|n°|art\.|chap\.|vol\.|fig\.) (?=\d)")
_TITLE = re.compile(r"(?<![\w.])(?:M\.|MM\.|Mme|Mmes|Mlle|Dr|Pr|Me) (?=[A-ZÀ-Ý])")
_DIGIT = re.compile(r"\d")
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
        text = _OPEN_QUOTE.sub("«" + NNBSP, text)
    if "»" in text:
        text = _CLOSE_QUOTE.sub(NNBSP + "»", text)
    if " " in text:
        text = _no_break(text)
    return text


def _no_break(text: str) -> str:
    """No line break inside a number, before its unit, or after an abbreviation."""
    # Each rule but the titles' is about a number: most runs of prose hold none.
    if _DIGIT.search(text):
        text = _GROUPED.sub(lambda number: number.group(0).replace(" ", NNBSP), text)
        text = _UNIT.sub(NBSP, text)
        text = _HOURS.sub(NBSP, text)
        text = _LEADING.sub(lambda m: m.group(0)[:-1] + NBSP, text)
    if "M" in text or "Dr" in text or "Pr" in text:  # where every title starts
        text = _TITLE.sub(lambda m: m.group(0)[:-1] + NBSP, text)
    return text


def is_french(lang: str) -> bool:
    """`fr`, `fr-CA`…: the languages these rules are for."""
    return lang.split("-")[0] == "fr"


def typeset(text: str, lang: str) -> str:
    """Plain text (a title, a description) set by the rules of its language."""
    french = is_french(lang)
    if "'" in text or '"' in text:
        token = Token("text", "", 0, content=_unspaced_quotes(text, True)[0] if french else text)
        process_inlines([token], _quoting(french))
        text = token.content.replace("'", APOSTROPHE)
    return french_text(text) if french else text


def typography_rule(state: StateCore) -> None:
    """markdown-it core rule: set the `text` tokens of a document by the rules of their
    language, the document's unless a passage says otherwise (`{lang=en}` on a block,
    `[…]{lang=en}` inline)."""
    languages = [str(state.env.get("lang", "fr"))]
    for block in state.tokens:
        if block.nesting == 1:
            languages.append(_lang(block) or languages[-1])
        elif block.nesting == -1 and len(languages) > 1:
            languages.pop()
        elif block.type == "inline" and block.children:
            _typeset_inline(block.children, languages[-1])


def _typeset_inline(children: list[Token], lang: str) -> None:
    """Quotes first, each language's text apart, then French spacing."""
    prose = _prose(children, lang)
    # Not the inline token's own content: a dialogue's turns are made without one.
    if any("'" in t.content or '"' in t.content for t in children if id(t) in prose):
        for french in sorted({is_french(language) for language in prose.values()}):
            _set_quotes(children, prose, french)
    previous = None
    for token in children:
        if is_french(prose.get(id(token), "")):
            token.content = french_text(token.content)
            _join_line_start(previous, token)
        previous = token


def _set_quotes(children: list[Token], prose: dict[int, str], french: bool) -> None:
    """The straight quotes of the prose of one language (`french` or not) set by smart
    quotes, the other texts standing in as what is around them."""
    shown = [_as_context(t) if _other(t, prose, french) else t for t in children]
    opening = True
    for token in shown if french else ():
        if id(token) in prose:
            token.content, opening = _unspaced_quotes(token.content, opening)
    process_inlines(shown, _quoting(french))
    for token in shown:  # one smart quotes paired with none is an apostrophe ('90s)
        if id(token) in prose:
            token.content = token.content.replace("'", APOSTROPHE)


def _prose(children: list[Token], lang: str) -> dict[int, str]:
    """The text tokens that are prose, with their language: not a URL written as its own
    link, nor text inside raw `<code>`, `<kbd>`…"""
    in_autolink = False
    raw_depth = 0
    languages = [lang]
    found: dict[int, str] = {}  # by the token's id: tokens are not hashable
    for token in children:
        if token.type == "link_open":
            in_autolink = token.markup in ("linkify", "autolink")
        elif token.type == "link_close":
            in_autolink = False
        elif token.type == "span_open":
            languages.append(_lang(token) or languages[-1])
        elif token.type == "span_close" and len(languages) > 1:
            languages.pop()
        elif token.type == "html_inline":
            raw_depth = max(0, raw_depth + _raw_nesting(token.content))
        elif token.type == "text" and not (in_autolink or raw_depth):
            found[id(token)] = languages[-1]
    return found


def _other(token: Token, prose: dict[int, str], french: bool) -> bool:
    """A text token the quotes of one language must not touch: not prose, or another's."""
    language = prose.get(id(token))
    return token.type == "text" and (language is None or is_french(language) != french)


def _as_context(token: Token) -> Token:
    """A text that smart quotes read around the quotes they place, and leave as it is."""
    return Token("code_inline", "", 0, content=token.content, level=token.level)


def _unspaced_quotes(text: str, opening: bool) -> tuple[str, bool]:
    """`" mot "` as `"mot"`: French writers often space their straight quotes as they would
    guillemets, and smart quotes would take a quote between two spaces for neither. Quotes
    open and close in turn (`opening`: the next one opens), across the runs of a paragraph,
    and after a quote set already."""
    if '"' not in text:
        return text, opening
    pieces: list[str] = []
    done = 0
    for quote in _QUOTE_MARK.finditer(text):
        before, after = quote.group("before"), quote.group("after")
        if quote.group("mark") != '"':  # a quote set already: its side sets the turn
            opening = quote.group("mark") in "»”"
            continue
        # The characters around the quote and the spaces beside it.
        previous, following = text[quote.start() - 1 : quote.start()], text[quote.end() :][:1]
        to_word_before = not before and previous.isalnum()
        to_word_after = not after and following.isalnum()
        kept = quote.group(0)
        if to_word_before != to_word_after:
            opening = to_word_after
        elif opening and after and following.isalnum():  # its turn says it opens
            kept = f'{before}"'
        elif not opening and before and (previous.isalnum() or previous in ".!?…)"):
            kept = f'"{after}'
        pieces += [text[done : quote.start()], kept]
        done = quote.end()
        opening = not opening
    return "".join(pieces) + text[done:], opening


@cache
def _quoting(french: bool) -> StateCore:
    """What markdown-it's smart quotes read the language's quotes from."""
    quotes = list(_FRENCH_QUOTES if french else _ENGLISH_QUOTES)
    return StateCore("", MarkdownIt("zero", {"quotes": quotes}), {})


def _lang(token: Token) -> str:
    lang = token.attrGet("lang")
    return lang if isinstance(lang, str) else ""


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
