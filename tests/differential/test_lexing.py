"""Pygments' lexers driven one match a token (`markdown/lexing.py`) against Pygments' own
loop: the same tokens, for every lexer it drives, on texts of every kind it may be given
(the project's own files, in a dozen languages, and text of no language), and on any text
for the languages a blog shows most."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pygments.lexer import Lexer, RegexLexer
from pygments.lexers import get_all_lexers, get_lexer_by_name
from pygments.token import Name, Text

from sitegen.markdown import lexing
from sitegen.markdown.lexing import faster
from tests.conftest import REPO

FILES = (
    "sitegen/markdown/lexing.py",
    "templates/base.html",
    "templates/partials/badges.html",
    "static/css/site.css",
    "static/js/search.js",
    "docs/architecture.md",
    "sitegen.yaml",
    ".ci/run",
    "package.json",
    "pyproject.toml",
)
ODD = (
    '"non fermé \\\n /* c */ `a` ${b} <?php ?> {{ x }} {% if %} \t\r\n\x00é\u2028',
    "\n\n   \t\n",
    "".join(chr(c) for c in range(32, 400, 3)),
    "-- SELECT * FROM t WHERE a = 'l''été';\n#include <stdio.h>\n\\begin{x} $x^2$ \\end{x}\n",
)
SAMPLES = tuple((REPO / name).read_text()[:1500] for name in FILES) + ODD
TOO_SLOW = 3
"""Seconds after which Pygments' own loop is given up on a text: one of its lexers
backtracks without end on some texts (Smithy's), whichever loop drives it."""


def _aliases() -> list[str]:
    """The first alias of each lexer `faster` drives."""
    found = []
    for _, aliases, _, _ in get_all_lexers():
        if aliases and "get_tokens_unprocessed" in vars(faster(get_lexer_by_name(aliases[0]))):
            found.append(aliases[0])
    return found


@cache
def _pair(alias: str) -> tuple[Lexer, Lexer]:
    return get_lexer_by_name(alias), faster(get_lexer_by_name(alias))


def _tokens(lexer: Lexer, text: str) -> list[Any] | str:
    try:
        return list(lexer.get_tokens(text))
    except Exception as exc:  # the same error, or the test fails
        return repr(exc)


class _TooSlow(BaseException):  # not one of the errors `_tokens` compares
    pass


@contextmanager
def _within(seconds: int) -> Iterator[None]:
    def stop(*_: object) -> None:
        raise _TooSlow

    before = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)


def test_most_lexers_are_driven_and_python_s_states_are_joined() -> None:
    aliases = _aliases()
    assert len(aliases) > 300 and "python" in aliases and "bash" in aliases
    python = faster(get_lexer_by_name("python"))
    states = python._tokens.values()  # type: ignore[attr-defined]
    assert all(lexing._joined(rules) is not None for rules in states)


@pytest.mark.parametrize("alias", _aliases())
def test_every_driven_lexer_gives_pygments_own_tokens(alias: str) -> None:
    stock, fast = _pair(alias)
    compared = 0
    for text in SAMPLES:
        try:
            with _within(TOO_SLOW):
                expected = _tokens(stock, text)
        except _TooSlow:
            continue
        assert _tokens(fast, text) == expected, text
        compared += 1
    assert compared >= len(SAMPLES) - 2


class _Stranded(RegexLexer):
    """A lexer with a state of no rules, where every character is an error."""

    name = "stranded"
    tokens = {"root": [(r"a+", Name, "empty"), (r"[^a\n]+", Text)], "empty": []}  # noqa: RUF012


def test_a_state_with_no_rule_gives_pygments_own_tokens() -> None:
    text = "aab\nbaa\naaxy\n"
    assert _tokens(faster(_Stranded()), text) == _tokens(_Stranded(), text)


CODE = st.lists(
    st.sampled_from([*"abcxyz_019 \t\n'\"`#/\\*()[]{}<>=+-.,:;$@!?%&|^~é", "\r\n", "def ", "<a>"]),
    max_size=200,
).map("".join)


@given(
    st.sampled_from(["python", "bash", "javascript", "json", "yaml", "html", "css", "c", "sql"]),
    CODE,
)
def test_any_text_gives_pygments_own_tokens(alias: str, text: str) -> None:
    stock, fast = _pair(alias)
    assert _tokens(fast, text) == _tokens(stock, text)
