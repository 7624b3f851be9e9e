"""`layout: chat`: a group chat, one message per speaker's turn, as the theme shows it.

A message starts with a turn (`**Inès** (08:51) : …`) and runs until the next turn, a
heading, a `---` line or an HTML block such as `<!--more-->` or a notice of the app
(`<p class="chat-event">`): the lists, quotes and paragraphs in between belong to it, so a
long message keeps its shape. Line breaks are kept
as typed, as in the chat itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from sitegen.markdown.dialogue import Turn, paragraph_turns, speaker_numbers, turn_paragraph
from sitegen.markdown.rules import REFERENCE_LABEL, closing

# Blocks that may belong to a message; anything else (a heading, a rule, HTML, the
# footnotes) ends the chat.
_MESSAGE_PARTS = frozenset(
    {
        "paragraph_open",
        "bullet_list_open",
        "ordered_list_open",
        "blockquote_open",
        "fence",
        "code_block",
        "table_open",
        "math_block",
    }
)


@dataclass
class _Message:
    turn: Turn
    blocks: list[Token] = field(default_factory=list)


def chat_rule(state: StateCore) -> None:
    """Group a chat's turns and what follows each into messages."""
    if state.env.get("layout") != "chat":
        return
    tokens = state.tokens
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        if not _turns_at(tokens, i):
            out.append(tokens[i])
            i += 1
            continue
        messages, i = _collect_messages(tokens, i)
        # A notice between messages splits the chat; each speaker keeps one colour.
        order = speaker_numbers([m.turn for m in messages], state.env.setdefault("speakers", {}))
        out.extend(_chat_tokens(messages, order, str(state.env.get("lang", "fr"))))
    state.tokens = out


def _turns_at(tokens: list[Token], i: int) -> list[Turn]:
    token = tokens[i]
    if token.type != "paragraph_open" or token.level != 0 or token.hidden:
        return []
    return paragraph_turns(tokens[i + 1], chat=True)


def _collect_messages(tokens: list[Token], i: int) -> tuple[list[_Message], int]:
    messages: list[_Message] = []
    while i < len(tokens):
        turns = _turns_at(tokens, i)
        if turns:
            messages.extend(_Message(turn) for turn in turns)
            i += 3
        elif tokens[i].type in _MESSAGE_PARTS and not _is_reference_label(tokens, i):
            end = closing(tokens, i) + 1
            messages[-1].blocks.extend(tokens[i:end])
            i = end
        else:
            break
    return messages, i


def _is_reference_label(tokens: list[Token], i: int) -> bool:
    """`Source : …` after a chat introduces the sources, not more of the last message."""
    children = tokens[i + 1].children if tokens[i].type == "paragraph_open" else None
    first = children[0] if children else None
    return first is not None and first.type == "text" and bool(REFERENCE_LABEL.match(first.content))


def _chat_tokens(messages: list[_Message], order: dict[str, int], lang: str) -> list[Token]:
    out = [Token("chat_open", "div", 1, attrs={"class": "dialogue chat"}, block=True)]
    for message in messages:
        css = f"message speaker-{order[message.turn.speaker]}"
        out.append(Token("message_open", "div", 1, attrs={"class": css}, block=True))
        for token in [*turn_paragraph(message.turn, "turn", lang), *message.blocks]:
            _keep_line_breaks(token)
            out.append(token)
        out.append(Token("message_close", "div", -1, block=True))
    out.append(Token("chat_close", "div", -1, block=True))
    return out


def _keep_line_breaks(token: Token) -> None:
    for child in token.children or []:
        if child.type == "softbreak":
            child.type, child.tag = "hardbreak", "br"
