"""Pygments' regular-expression lexers, one match a token.

Pygments tries a state's rules one by one at each position, a call to the regular-expression
engine each: some thirty for each token of a Python block, most of a code block's cost. Here
a state's rules are one pattern, each rule an alternative in its own group, in order: the
engine tries them in the same order and stops at the same first match, and the group that
closed last names the rule. Only a rule whose action reads the match's groups
(`bygroups`, `using`) matches again, alone, for them.

A state whose rules cannot be joined without changing what they match (a back-reference, a
name given twice) keeps Pygments' own loop; so do lexers that drive their rules otherwise.
The tokens are Pygments' own: `tests/differential/test_lexing.py` compares every lexer's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from types import MethodType
from typing import Any

from pygments.lexer import Lexer, RegexLexer
from pygments.token import Error, Whitespace, _TokenType

Rule = tuple[Any, Any, Any]
"""A rule as Pygments keeps it: its pattern's `match`, its action, its next state."""
Joined = tuple[Callable[[str, int], re.Match[str] | None], dict[int, int]] | None
"""A state's rules as one pattern's `match`, and the rule of each alternative's group."""

_JOINED: dict[int, tuple[Sequence[Rule], Joined]] = {}
"""Each state's joined pattern, by its list of rules (kept with it: an identity)."""
_SCOPED = (("i", re.IGNORECASE), ("m", re.MULTILINE), ("s", re.DOTALL), ("x", re.VERBOSE))
_GLOBAL_FLAGS = re.compile(r"\A\(\?[aiLmsux]+\)")
_REFERS_BACK = re.compile(r"(?<!\\)(?:\\\\)*(?:\\[1-9]|\(\?\()")
"""A group's number (`\\1`, `(?(1)…)`), or what reads as one (an octal escape in a set)."""


def faster(lexer: Lexer) -> Lexer:
    """`lexer`, driven one match a token when it is a plain regular-expression lexer."""
    if type(lexer).get_tokens_unprocessed is RegexLexer.get_tokens_unprocessed:
        lexer.get_tokens_unprocessed = MethodType(_tokens, lexer)  # type: ignore[method-assign]
    return lexer


def _tokens(self: RegexLexer, text: str, stack: Sequence[str] = ("root",)) -> Iterator[Any]:
    """`RegexLexer.get_tokens_unprocessed`, its rules tried by one pattern."""
    pos = 0
    tokendefs: dict[str, Sequence[Rule]] = self._tokens  # type: ignore[attr-defined]
    statestack = list(stack)
    statetokens = tokendefs[statestack[-1]]
    joined = _joined(statetokens)
    while True:
        m, action, new_state = _match(statetokens, joined, text, pos)
        if m is None:
            # No rule matched: Pygments' own ending, an error token or a new line.
            if pos >= len(text):
                break
            if text[pos] == "\n":
                statestack = ["root"]
                statetokens = tokendefs["root"]
                joined = _joined(statetokens)
                yield pos, Whitespace, "\n"
            else:
                yield pos, Error, text[pos]
            pos += 1
            continue
        if action is not None:
            if type(action) is _TokenType:
                yield pos, action, m.group()
            else:
                yield from action(self, m)
        pos = m.end()
        if new_state is not None:
            _enter(statestack, new_state)
            statetokens = tokendefs[statestack[-1]]
            joined = _joined(statetokens)


def _match(
    rules: Sequence[Rule], joined: Joined, text: str, pos: int
) -> tuple[re.Match[str] | None, Any, Any]:
    """The first rule matching at `pos`: its match, action and next state."""
    if joined is None:
        for rexmatch, action, new_state in rules:
            m = rexmatch(text, pos)
            if m:
                return m, action, new_state
        return None, None, None
    match, owners = joined
    m = match(text, pos)
    if m is None:
        return None, None, None
    rexmatch, action, new_state = rules[owners[m.lastindex or 0]]
    if action is not None and type(action) is not _TokenType:
        m = rexmatch(text, pos)  # its own groups, numbered as the action expects
    return m, action, new_state


def _enter(statestack: list[str], new_state: Any) -> None:
    """Pygments' state transitions, as its loop makes them."""
    if isinstance(new_state, tuple):
        for state in new_state:
            if state == "#pop":
                if len(statestack) > 1:
                    statestack.pop()
            elif state == "#push":
                statestack.append(statestack[-1])
            else:
                statestack.append(state)
    elif isinstance(new_state, int):
        # pop, but keep at least one state on the stack
        if abs(new_state) >= len(statestack):
            del statestack[1:]
        else:
            del statestack[new_state:]
    elif new_state == "#push":
        statestack.append(statestack[-1])
    else:
        raise AssertionError(f"wrong state def: {new_state!r}")


def _joined(rules: Sequence[Rule]) -> Joined:
    found = _JOINED.get(id(rules))
    if found is None or found[0] is not rules:
        found = _JOINED[id(rules)] = rules, _join(rules)
    return found[1]


def _join(rules: Sequence[Rule]) -> Joined:
    """The rules as one pattern; None when one of them would match otherwise in it (or
    there is none: an empty pattern matches everywhere)."""
    if not rules:
        return None
    patterns = [rexmatch.__self__ for rexmatch, _, _ in rules]
    alternatives, owners, group = [], {}, 1
    for n, pattern in enumerate(patterns):
        source = pattern.pattern
        if not isinstance(source, str) or pattern.flags & (re.ASCII | re.LOCALE):
            return None
        if _REFERS_BACK.search(source):  # its numbers would change
            return None
        # Flags set for the whole pattern hold for its alternative alone.
        on = "".join(letter for letter, flag in _SCOPED if pattern.flags & flag)
        off = "".join(letter for letter, flag in _SCOPED if not pattern.flags & flag)
        body = _GLOBAL_FLAGS.sub("", source, count=1)
        alternatives.append(f"((?{on}{'-' if off else ''}{off}:{body}))")
        owners[group] = n
        group += 1 + pattern.groups
    try:
        return re.compile("|".join(alternatives)).match, owners
    except (re.error, RecursionError, OverflowError):
        return None
