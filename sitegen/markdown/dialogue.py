"""Dialogue turns (`A: …`, `Nom : …`, `**Nom** (08:51) : …`) become one semantic dialogue block.

markdown-it sees such turns as ordinary paragraphs; this core rule finds runs of them and
rewrites the tokens into `<div class="dialogue">` holding one `<p class="turn">` per turn,
with the speaker in `<b class="speaker">`, as the WHATWG spec suggests for conversations.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from dataclasses import dataclass
from html import escape
from typing import Any

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from sitegen.text.typography import is_french

SPEAKER_COLOURS = 6
_NAME = r"[A-ZÀ-ÖØ-Þ][\w’'.-]{0,24}(?: [A-ZÀ-ÖØ-Þ][\w’'.-]{0,24}){0,2}"
_TIME = r"(?: \(((?:[01]?\d|2[0-3])[:h][0-5]\d(?::[0-5]\d)?)\))?"
"""An optional time after the name, as chats have: `**Inès** (08:51) : …`."""
_PLAIN_TURN = re.compile(rf"^\s*({_NAME}){_TIME} ?: +(.*)$", re.S)
_AFTER_BOLD = re.compile(rf"^{_TIME} ?: *(.*)$", re.S)
TURN_HEAD = rf"(?:\*\*[^\n]*?\*\*|{_NAME}){_TIME} ?"
"""What comes before a turn's colon as written in Markdown: a name, bold or plain, and a time."""
_ESCAPED_TURN = re.compile(rf"^\s*{TURN_HEAD}\\:")
# Labels that read like a speaker but introduce a section of an article.
NOT_SPEAKERS = frozenset(
    {
        "source",
        "sources",
        "voir aussi",
        "lire aussi",
        "pour aller plus loin",
        "note",
        "nb",
        "remarque",
        "attention",
        "exemple",
        "lien",
        "liens",
        "important",
        "astuce",
        "conseil",
        "résumé",
        "see also",
        "tip",
        "warning",
    }
)


@dataclass
class Turn:
    speaker: str
    time: str
    children: list[Token]
    map: list[int] | None


def dialogue_rule(state: StateCore) -> None:
    """Group runs of turn paragraphs into dialogue blocks."""
    layout = state.env.get("layout")
    if layout == "chat":
        return  # `chat_rule` makes messages of them
    tokens = state.tokens
    out: list[Token] = []
    i = 0
    min_turns = 1 if layout == "conversation" else 2
    while i < len(tokens):
        turns, end = _collect_run(tokens, i)
        speakers = {t.speaker for t in turns}
        if len(turns) >= min_turns and (len(speakers) >= 2 or min_turns == 1):
            out.extend(_dialogue_tokens(turns, tokens[i].level, state.env))
            i = end
        else:
            out.append(tokens[i])
            i += 1
    state.tokens = out


def asked_dialogues(state: StateCore) -> None:
    """A Jekyll or Hugo post, whose tool has no dialogue syntax, has dialogues only when its
    layout asks for a conversation (a chat's messages are `chat_rule`'s)."""
    if state.env.get("layout") == "conversation":
        dialogue_rule(state)


def _collect_run(tokens: list[Token], start: int) -> tuple[list[Turn], int]:
    turns: list[Turn] = []
    i = start
    while i + 2 < len(tokens) and tokens[i].type == "paragraph_open" and not tokens[i].hidden:
        found = paragraph_turns(tokens[i + 1])
        if not found:
            break
        turns.extend(found)
        i += 3
    return turns, i


def paragraph_turns(inline: Token, chat: bool = False) -> list[Turn]:
    """The turns of one paragraph, or [] if its first line is not a turn.

    In a chat a message may be only its header (`**Inès** (08:51) :`) when a list or a
    quote follows.
    """
    if _ESCAPED_TURN.match(inline.content):
        return []  # `**Terme**\: …`: an escaped colon introduces no one's words
    turns: list[Turn] = []
    for line in _lines(inline.children or []):
        turn = _turn(line, inline.map, chat)
        if turn:
            turns.append(turn)
        elif turns:
            turns[-1].children.extend([Token("softbreak", "br", 0), *line])
        else:
            return []
    return turns


def _lines(children: list[Token]) -> list[list[Token]]:
    lines: list[list[Token]] = [[]]
    for child in children:
        if child.type == "softbreak":
            lines.append([])
        else:
            lines[-1].append(child)
    return lines


def _turn(line: list[Token], where: list[int] | None, chat: bool) -> Turn | None:
    items = [t for t in line if not (t.type == "text" and not t.content)]
    if len(items) >= 3 and items[0].type == "strong_open" and items[2].type == "strong_close":
        name, after = items[1].content.strip(), items[3] if len(items) > 3 else _text("")
        match = _AFTER_BOLD.match(after.content) if after.type == "text" else None
        if match and 0 < len(name) <= 40:
            said = match.group(2)
            rest = [_text(said), *items[4:]] if said else items[4:]
            return _speaker_turn(name, match.group(1), rest, where, chat)
    if items and items[0].type == "text":
        match = _PLAIN_TURN.match(items[0].content)
        # In a chat, where any paragraph may continue a message, a plain `Alors : …` is
        # text: a speaker is written in bold or given a time.
        if match and not (chat and match.group(2) is None):
            first = [_text(match.group(3))] if match.group(3).strip() else []
            return _speaker_turn(match.group(1), match.group(2), [*first, *items[1:]], where, chat)
    return None


def _speaker_turn(
    name: str, time: str | None, rest: list[Token], where: list[int] | None, chat: bool
) -> Turn | None:
    if name.lower() in NOT_SPEAKERS or not (rest or chat):
        return None
    return Turn(name, time or "", rest, where)


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def _separator(lang: str) -> Token:
    """The colon stays in the HTML so feeds and text-only readers still see who speaks."""
    token = Token("html_inline", "", 0)
    colon = "\u00a0: " if is_french(lang) else ": "
    token.content = f'<span class="turn-sep">{colon}</span>'
    return token


def speaker_numbers(turns: list[Turn], order: dict[str, int] | None = None) -> dict[str, int]:
    """Each speaker's colour, by order of first turn (after those already in `order`)."""
    order = {} if order is None else order
    for turn in turns:
        order.setdefault(turn.speaker, len(order) % SPEAKER_COLOURS + 1)
    return order


def turn_paragraph(turn: Turn, css: str, lang: str) -> list[Token]:
    """`<p class="turn">` with the speaker, the time if given, and what was said."""
    para = Token("paragraph_open", "p", 1, attrs={"class": css}, block=True)
    para.map = turn.map
    inline = Token("inline", "", 0, map=turn.map)
    inline.children = [
        Token("speaker_open", "b", 1, attrs={"class": "speaker"}),
        _text(turn.speaker),
        Token("speaker_close", "b", -1),
        *([_time(turn.time)] if turn.time else []),
        _separator(lang),
        *turn.children,
    ]
    return [para, inline, Token("paragraph_close", "p", -1, block=True)]


def _time(written: str) -> Token:
    hours, _, rest = written.replace("h", ":", 1).partition(":")
    token = Token("html_inline", "", 0)
    token.content = f' <time datetime="{int(hours):02d}:{rest}">{escape(written)}</time>'
    return token


def _dialogue_tokens(turns: list[Turn], level: int, env: MutableMapping[str, Any]) -> list[Token]:
    order = speaker_numbers(turns)
    opening = Token("dialogue_open", "div", 1, attrs={"class": "dialogue"}, level=level, block=True)
    out = [opening]
    lang = str(env.get("lang", "fr"))
    for turn in turns:
        out.extend(turn_paragraph(turn, f"turn speaker-{order[turn.speaker]}", lang))
    out.append(Token("dialogue_close", "div", -1, level=level, block=True))
    return out
