"""Safe YAML for front matter, configurations, message catalogs and the names file: a
mapping whose keys keep their line numbers, every value refused where it is written when
it cannot be used."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from sitegen.project.errors import Diagnostic
from sitegen.project.yamllines import Lines
from sitegen.project.yamlloader import Loader, Unreadable, composed_fast, times_said

# A whole front matter is a few hundred bytes; this bounds pathological input.
MAX_YAML_BYTES = 256 * 1024
# What YAML's reader refuses (it would raise without a position we can report).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class Entry:
    """One top-level key of a mapping, with where it was written."""

    key: str
    value: Any
    line: int
    col: int
    inner: tuple[tuple[str, int], ...] = ()
    """The line of each key of a mapping value, or of each item (`1`, `2`…) of a list:
    where a message about one part of the value points."""


@dataclass(frozen=True, slots=True)
class YamlMapping:
    entries: tuple[Entry, ...]
    diagnostics: tuple[Diagnostic, ...]
    failed: frozenset[str] = frozenset()
    """Keys that were written but whose value could not be read (already reported)."""

    def as_dict(self) -> dict[str, Entry]:
        return {e.key: e for e in self.entries}


def load_mapping(text: str, path: str, first_line: int, what: str) -> YamlMapping:
    """Parse `text` (which starts at file line `first_line`) into located entries.

    Every problem becomes a Diagnostic at the file's own line and column.
    """
    data = text.encode("utf-8", "surrogatepass")
    if len(data) > MAX_YAML_BYTES:
        line = data.count(b"\n", 0, MAX_YAML_BYTES) + first_line
        message = f"{what} is larger than {MAX_YAML_BYTES // 1024} KiB from this line on"
        return _fail(path, line, 1, message, "shorten it: long text belongs in a post's body")
    lines = Lines(text, first_line)
    bad = _CONTROL.search(text)
    if bad:
        line, col = lines.place(bad.start())
        key = re.match(r"\s*([\w-]+)\s*:", text[bad.start() - col + 1 :])
        where = f"`{key.group(1)}` contains" if key else "contains"
        message = f"{what}: {where} the control character U+{ord(bad.group()):04X}"
        hint = "remove it; write special characters as \\uXXXX inside double quotes"
        return _fail(path, line, col, message, hint)
    fast = composed_fast(text)
    if fast is not None:  # a tree the Python composer would have made, with no problem
        mapping = _mapping(fast[0], path, lines, what)
        if not mapping.diagnostics:
            return mapping
    loader = Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        return _fail(path, *_syntax_error(exc, text, lines, what, first_line))
    except yaml.YAMLError as exc:
        return _fail(path, first_line, 1, f"{what}: invalid YAML: {exc}")
    finally:
        loader.dispose()
    return _mapping(root, path, lines, what)


def _mapping(root: yaml.Node | None, path: str, lines: Lines, what: str) -> YamlMapping:
    if root is None:
        return YamlMapping((), ())
    if not isinstance(root, yaml.MappingNode):
        kind = "a list" if isinstance(root, yaml.SequenceNode) else "a single value"
        message = f"{what} must be a mapping of `key: value` lines, not {kind}"
        return _fail(path, *lines.at(root.start_mark), message)
    return _entries(root, path, lines, what)


_NEVER_CLOSED = {
    "while scanning a quoted scalar": (
        "a quoted value is never closed",
        "end it with the quote it starts with, or write it without quotes",
    ),
    "while parsing a flow sequence": (
        "a list opened with `[` is never closed",
        "close it with `]` on the same line",
    ),
    "while parsing a flow mapping": (
        "a mapping opened with `{` is never closed",
        "close it with `}` on the same line",
    ),
}
"""Syntax errors YAML finds where the text ends, lines after the quote or bracket that
opened it: said where it opened, which is where the author must look."""
_INNER_QUOTE = {
    "'": "a ' inside a value quoted with ' ends it: quote the value with \" instead, or"
    " write the inner ' twice",
    '"': 'a " inside a value quoted with " ends it: quote the value with \' instead, or'
    ' write the inner " as \\"',
}
_QUOTED_VALUE = re.compile(r"""\s*[^:#]+:\s*(['"])""")


def _syntax_error(
    exc: yaml.MarkedYAMLError, text: str, lines: Lines, what: str, first_line: int
) -> tuple[int, int, str, str]:
    """Where a YAML error starts, what it is and what to do."""
    opened = _NEVER_CLOSED.get(exc.context or "")
    if opened is not None and exc.context_mark is not None:
        return (*lines.at(exc.context_mark), f"{what}: {opened[0]}", opened[1])
    mark = exc.problem_mark or exc.context_mark
    line, col = lines.at(mark) if mark else (first_line, 1)
    hint = exc.hint if isinstance(exc, Unreadable) else ""
    if mark is not None and "found '<scalar>'" in (exc.problem or ""):
        rows = text.splitlines()
        quoted = _QUOTED_VALUE.match(rows[mark.line] if mark.line < len(rows) else "")
        if quoted:  # `title: 'L'IA'`: the quote inside ends the value
            hint = _INNER_QUOTE[quoted.group(1)]
    return line, col, f"{what}: invalid YAML: {exc.problem or exc.context}", hint


def _entries(root: yaml.MappingNode, path: str, lines: Lines, what: str) -> YamlMapping:
    loader = Loader("")
    seen: dict[str, Entry] = {}
    again: dict[str, list[tuple[int, int]]] = {}
    problems: list[Diagnostic] = []
    failed: set[str] = set()
    for key_node, value_node in root.value:
        line, col = lines.at(key_node.start_mark)
        try:
            key = loader.construct_object(key_node, deep=True)
            value = loader.construct_object(value_node, deep=True)
        except yaml.MarkedYAMLError as exc:
            problems.append(_located(path, lines, what, exc, value_node))
            failed.add(str(key_node.value))
            continue
        if not isinstance(key, str):
            message, hint = f"{what}: key {key!r} is not a name", "write the key in quotes"
            problems.append(Diagnostic(path, line, col, message, hint))
        elif key in seen:
            again.setdefault(key, []).append((line, col))
        else:
            seen[key] = Entry(key, value, line, col, lines.inner(value_node))
    loader.dispose()
    # Said once, at its second place: a key repeated 100 000 times is one message.
    for key, ((line, col), *more) in again.items():
        times, first = times_said(len(more) + 2), seen[key].line
        message = f"{what}: `{key}` is given {times} (first at line {first})"
        problems.append(Diagnostic(path, line, col, message, "keep only one"))
    return YamlMapping(tuple(seen.values()), tuple(problems), frozenset(failed))


def text_values(
    mapping: YamlMapping, path: str, what: str, refusal: tuple[str, str], or_nothing: bool = False
) -> list[Diagnostic]:
    """The mapping's problems, and one at each value that is not text (nor nothing, when
    `or_nothing`): `refusal` is its message and hint, `{key}` in them standing for the key."""
    problems = [*mapping.diagnostics]
    for entry in mapping.entries:
        if isinstance(entry.value, str) or (or_nothing and entry.value is None):
            continue
        message, hint = (part.format(key=entry.key) for part in refusal)
        problems.append(Diagnostic(path, entry.line, entry.col, f"{what}: {message}", hint))
    return problems


def _located(
    path: str, lines: Lines, what: str, exc: yaml.MarkedYAMLError, node: yaml.Node
) -> Diagnostic:
    mark = exc.problem_mark or node.start_mark
    message = f"{what}: {exc.problem or exc.context}"
    hint = exc.hint if isinstance(exc, Unreadable) else "correct the value or its tag"
    return Diagnostic(path, *lines.at(mark), message, hint)


def _fail(path: str, line: int, col: int, message: str, hint: str = "") -> YamlMapping:
    return YamlMapping((), (Diagnostic(path, line, col, message, hint),))
