"""TOML and JSON, as Hugo's configuration and front matter write them, read with every failure
at a line and column: the reader's own errors, values nested deeper than sitegen reads
(which would exhaust Python's stack in the reader or after it), numbers too long for
Python to write and text holding half a character."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sitegen.project.errors import Diagnostic
from sitegen.project.yamllines import Lines
from sitegen.project.yamlloader import (
    HALF_CHARACTER,
    LONGEST_NUMBER,
    MAX_NESTING,
    SURROGATE,
    too_long,
)

_TOML_ERROR = re.compile(r"^(.*) \(at (?:line (\d+), column (\d+)|end of document)\)$")
_NUMBER_LIKE = re.compile(r"[0-9a-fA-FxXoObB_]+")
"""Runs of what numbers are written with, each matched whole (linear in the text)."""
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_OPENS, _CLOSES = "[{", "]}"


@dataclass(frozen=True, slots=True)
class _Source:
    """The text read, where it starts in its file, and what it is (said before a message)."""

    text: str
    path: str
    first_line: int
    what: str

    def refused(self, line: int, col: int, message: str, hint: str = "") -> Diagnostic:
        """A Diagnostic at the text's own `line` and `col`."""
        shown = f"{self.what}: {message}" if self.what else message
        return Diagnostic(self.path, line + self.first_line - 1, col, shown, hint)

    def refused_at(self, index: int, message: str, hint: str) -> Diagnostic:
        return self.refused(*Lines(self.text, 1).place(index), message, hint)


def read_toml(
    text: str, path: str, first_line: int = 1, what: str = ""
) -> tuple[dict[str, Any], Diagnostic | None]:
    """`text`'s values, or why it cannot be read at its place in `path` (where `text`
    starts at `first_line`, its messages starting with `what`)."""
    source = _Source(text, path, first_line, what)
    try:
        values = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message, line, col = _toml_error(exc, text)
        hint = "write the value as TOML does (https://toml.io): text in quotes, dates YYYY-MM-DD"
        return {}, source.refused(line, col, f"invalid TOML: {message}", hint)
    except (RecursionError, ValueError) as exc:
        return {}, _beyond_reader(exc, source)
    return values, _unusable(values, source)


def read_json(text: str, path: str) -> tuple[Any, Diagnostic | None]:
    """`text`'s value, or why it cannot be read at its place in `path`."""
    source = _Source(text, path, 1, "")
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        hint = "check the quotes, commas and brackets just before this place"
        return None, source.refused(exc.lineno, exc.colno, f"invalid JSON: {exc.msg}", hint)
    except (RecursionError, ValueError) as exc:
        return None, _beyond_reader(exc, source)
    return value, _unusable(value, source)


def _toml_error(exc: tomllib.TOMLDecodeError, text: str) -> tuple[str, int, int]:
    """The reader's message and where it stopped (its last line when at the end)."""
    found = _TOML_ERROR.match(str(exc))
    if found is None:
        return str(exc), 1, 1
    if found.group(2) is None:
        lines = text.rstrip("\n").split("\n")
        return found.group(1), len(lines), len(lines[-1]) + 1
    return found.group(1), int(found.group(2)), int(found.group(3))


def _beyond_reader(exc: Exception, source: _Source) -> Diagnostic:
    """What the reader raises without a position: too deep for its stack, or a number
    Python does not convert."""
    if isinstance(exc, RecursionError):
        return _nesting_failure(source)
    return _long_number(source) if _first_long_run(source.text) else source.refused(1, 1, f"{exc}")


def _first_long_run(text: str) -> re.Match[str] | None:
    runs = (run for run in _NUMBER_LIKE.finditer(text) if len(run.group()) > LONGEST_NUMBER)
    return next(runs, None)


def _long_number(source: _Source) -> Diagnostic:
    found = _first_long_run(source.text)
    digits = len(found.group().replace("_", "")) if found else LONGEST_NUMBER
    return source.refused_at(
        found.start() if found else 0,
        f"a number of {digits} digits is more than sitegen reads",
        "put it in quotes to keep it as text",
    )


def _unusable(value: Any, source: _Source) -> Diagnostic | None:
    """Values nested more than YAML front matter may be (counted without recursion), or
    text holding half a character (JSON's `"\\ud800"`), which no page can be written with."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_NESTING:
            return _nesting_failure(source)
        if isinstance(item, int) and too_long(item):
            return _long_number(source)
        if isinstance(item, str) and SURROGATE.search(item):
            hint = "escape the whole character (\\ud83d\\ude00) or write it as it is"
            return source.refused_at(_escaped_half(source.text), HALF_CHARACTER, hint)
        if isinstance(item, dict):
            stack += [(child, depth + 1) for pair in item.items() for child in pair]
        elif isinstance(item, list):
            stack += [(child, depth + 1) for child in item]
    return None


def _escaped_half(text: str) -> int:
    found = _SURROGATE_ESCAPE.search(text)
    return found.start() if found else 0


def _nesting_failure(source: _Source) -> Diagnostic:
    return source.refused_at(
        _deepest(source.text),
        f"values nested more than {MAX_NESTING} deep",
        "write them with fewer levels",
    )


def _deepest(text: str) -> int:
    """Where brackets first open MAX_NESTING deep (the text itself is one level); else the
    start of the line with the most dotted keys (`a.b.c = 1`, `[a.b.c]`)."""
    found = next((index for index, depth in _opened(text) if depth >= MAX_NESTING), None)
    if found is not None:
        return found
    lines = text.split("\n")
    dotted = max(range(len(lines)), key=lambda number: lines[number].count("."))
    return sum(len(line) + 1 for line in lines[:dotted])


def _opened(text: str) -> Iterator[tuple[int, int]]:
    """Each bracket opened outside quotes and comments, with how deep it opens."""
    depth, quote, escaped = 0, "", False
    for index, char in enumerate(text):
        if escaped:
            escaped = False
        elif quote:
            escaped = char == "\\" and quote == '"'
            quote = "" if char == quote or (quote == "#" and char == "\n") else quote
        elif char in "\"'#":
            quote = char
        elif char in _OPENS:
            depth += 1
            yield index, depth
        elif char in _CLOSES:
            depth -= 1
