"""Dialogue turns (`A: …`, `Nom : …`, `**Nom** : …`) become one semantic dialogue block.

markdown-it sees such turns as ordinary paragraphs; this core rule finds runs of them and
rewrites the tokens into `<div class="dialogue">` holding one `<p class="turn">` per turn,
with the speaker in `<b class="speaker">`, as the WHATWG spec suggests for conversations.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from sitegen.typography import is_french

SPEAKER_COLOURS = 6
_NAME = r"[A-ZÀ-ÖØ-Þ][\w’'.-]{0,24}(?: [A-ZÀ-ÖØ-Þ][\w’'.-]{0,24}){0,2}"
_PLAIN_TURN = re.compile(rf"^\s*({_NAME}) ?: +(.*)$", re.S)
_AFTER_BOLD = re.compile(r"^ ?: *(.*)$", re.S)
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
class _Turn:
    speaker: str
    children: list[Token]
    map: list[int] | None


def dialogue_rule(state: StateCore) -> None:
    """Group runs of turn paragraphs into dialogue blocks."""
    tokens = state.tokens
    out: list[Token] = []
    i = 0
    min_turns = 1 if state.env.get("layout") in ("conversation", "chat") else 2
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


def _collect_run(tokens: list[Token], start: int) -> tuple[list[_Turn], int]:
    turns: list[_Turn] = []
    i = start
    while i + 2 < len(tokens) and tokens[i].type == "paragraph_open" and not tokens[i].hidden:
        found = _paragraph_turns(tokens[i + 1])
        if not found:
            break
        turns.extend(found)
        i += 3
    return turns, i


def _paragraph_turns(inline: Token) -> list[_Turn]:
    """The turns of one paragraph, or [] if its first line is not a turn."""
    turns: list[_Turn] = []
    for line in _lines(inline.children or []):
        turn = _turn(line, inline.map)
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


def _turn(line: list[Token], where: list[int] | None) -> _Turn | None:
    items = [t for t in line if not (t.type == "text" and not t.content)]
    if len(items) >= 4 and items[0].type == "strong_open" and items[2].type == "strong_close":
        name, after = items[1].content.strip(), items[3]
        match = _AFTER_BOLD.match(after.content) if after.type == "text" else None
        if match and 0 < len(name) <= 40:
            rest = [_text(match.group(1)), *items[4:]] if match.group(1) else items[4:]
            return _speaker_turn(name, rest, where)
    if items and items[0].type == "text":
        match = _PLAIN_TURN.match(items[0].content)
        if match:
            first = [_text(match.group(2))] if match.group(2).strip() else []
            return _speaker_turn(match.group(1), [*first, *items[1:]], where)
    return None


def _speaker_turn(name: str, rest: list[Token], where: list[int] | None) -> _Turn | None:
    if name.lower() in NOT_SPEAKERS or not rest:
        return None
    return _Turn(name, rest, where)


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


def _dialogue_tokens(turns: list[_Turn], level: int, env: MutableMapping[str, Any]) -> list[Token]:
    order: dict[str, int] = {}
    for turn in turns:
        order.setdefault(turn.speaker, len(order) % SPEAKER_COLOURS + 1)
    opening = Token("dialogue_open", "div", 1, attrs={"class": "dialogue"}, level=level, block=True)
    out = [opening]
    for turn in turns:
        number = order[turn.speaker]
        para = Token(
            "paragraph_open", "p", 1, attrs={"class": f"turn speaker-{number}"}, block=True
        )
        para.map = turn.map
        inline = Token("inline", "", 0, map=turn.map)
        inline.children = [
            Token("speaker_open", "b", 1, attrs={"class": "speaker"}),
            _text(turn.speaker),
            Token("speaker_close", "b", -1),
            _separator(str(env.get("lang", "fr"))),
            *turn.children,
        ]
        out.extend([para, inline, Token("paragraph_close", "p", -1, block=True)])
    out.append(Token("dialogue_close", "div", -1, level=level, block=True))
    return out
