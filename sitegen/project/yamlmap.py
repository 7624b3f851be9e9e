"""Safe YAML for front matter, configurations, message catalogs and the names file: a
mapping whose keys keep their line numbers, every value refused where it is written when
it cannot be used."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from sitegen.project.errors import Diagnostic
from sitegen.project.yamllines import Lines, whole_characters

# A whole front matter is a few hundred bytes; this bounds pathological input.
MAX_YAML_BYTES = 256 * 1024
MAX_NESTING = 20
# What YAML's reader refuses (it would raise without a position we can report).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
# What PyYAML's own constructors raise on a value its tag does not fit
# (`!!bool x`: KeyError, `!!int ""`: IndexError, `!!timestamp x`: AttributeError,
# `!!float abc` or an integer of 5 000 digits: ValueError).
_UNFIT = (LookupError, AttributeError, ValueError, TypeError)
SURROGATE = re.compile(r"[\ud800-\udfff]")
HALF_CHARACTER = "a `\\u` escape gives half a character (a lone UTF-16 surrogate)"
_YAML_TAG = "tag:yaml.org,2002:"
LONGEST_NUMBER = 3000
"""Digits in a number sitegen reads: Python writes no integer of more than 4 300 in
decimal, and `0x` + 5 000 digits is a number YAML and TOML read all the same."""
_UNUSED_TAGS = ("binary", "set", "omap", "pairs")
"""Types YAML can build that no key of sitegen's, Jekyll's or Hugo's takes: refused where
they are written, so that every value read is text, a number, a date, a list or a mapping."""


class Unreadable(yaml.MarkedYAMLError):
    """A value that cannot be read as written, at the node it was written at."""

    def __init__(self, problem: str, mark: Any, hint: str) -> None:
        super().__init__(problem=problem, problem_mark=mark)
        self.hint = hint


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans, no aliases, and every value's failure located.

    YAML 1.1 reads `no`, `yes`, `on` and `off` as booleans (`lang: no` would be False);
    we keep them as strings and let the schema coerce them explicitly. Aliases are refused
    outright: front matter has no use for them and they enable "billion laughs" input.
    Only SafeLoader's constructors exist, so no tag (`!!python/object`) can run code.
    """

    depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent):
            hint = "write the value again instead of referring to it"
            raise Unreadable("YAML aliases (*name) are not allowed here", event.start_mark, hint)
        if self.depth >= MAX_NESTING:
            message = f"values nested more than {MAX_NESTING} deep"
            raise Unreadable(message, event.start_mark, "write the value with fewer levels")
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """The innermost node that fails is the one the error points at."""
        try:
            return super().construct_object(node, deep)
        except _UNFIT as exc:
            self.recursive_objects.pop(node, None)
            raise _unfit(node, exc) from None

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        """A key given twice in a nested mapping, which PyYAML would let the last win."""
        seen: set[str] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value in seen:
                key = key_node.value
                times = _times(sum(k.value == key for k, _ in node.value))
                raise Unreadable(f"`{key}` is given {times}", key_node.start_mark, "keep only one")
            seen.add(key_node.value)
        return super().construct_mapping(node, deep)

    def construct_scalar(self, node: Any) -> Any:
        """`"\\ud83d\\ude00"` is one character escaped as its UTF-16 halves; half of one
        alone cannot be written to a page."""
        value = super().construct_scalar(node)
        if isinstance(value, str) and SURROGATE.search(value):
            try:
                return whole_characters(value)
            except UnicodeDecodeError:
                hint = "escape the whole character (\\U0001F600) or write it as it is"
                raise Unreadable(HALF_CHARACTER, node.start_mark, hint) from None
        return value

    def construct_yaml_int(self, node: Any) -> int:
        number = super().construct_yaml_int(node)
        if too_long(number):
            hint = "put it in quotes to keep it as text"
            raise Unreadable(f"{_quoted(node.value)} is too long a number", node.start_mark, hint)
        return number

    def construct_undefined(self, node: yaml.Node) -> Any:
        tag = _shown(node.tag)
        raise Unreadable(
            f"`{tag}` is not a YAML type sitegen reads", node.start_mark, f"remove `{tag}`"
        )


def _unfit(node: yaml.Node, exc: Exception) -> Unreadable:
    tag, value = _shown(node.tag), _quoted(str(node.value))
    if not _explicit(node):
        if tag == "!!timestamp":
            hint = "use ISO 8601: 2026-03-14 or 2026-03-14T09:30:00+01:00"
            return Unreadable(f"{value} is not a real date ({exc})", node.start_mark, hint)
        hint = "put the value in quotes to keep it as text"
        return Unreadable(f"{value} cannot be read as `{tag}`", node.start_mark, hint)
    hint = f"remove `{tag}` or correct the value"
    return Unreadable(f"{value} cannot be read as `{tag}`", node.start_mark, hint)


def _explicit(node: yaml.Node) -> bool:
    """Whether the value was written with its tag (`!!int ""`), not typed by its looks."""
    mark = node.start_mark
    if mark.buffer is None:  # libyaml's: the text is read again by the Python composer
        return False
    return str(mark.buffer)[mark.pointer : mark.pointer + 1] == "!"


def _shown(tag: str) -> str:
    return "!!" + tag.removeprefix(_YAML_TAG) if tag.startswith(_YAML_TAG) else tag


def _quoted(value: str) -> str:
    return f"`{value}`" if len(value) <= 40 else f"`{value[:40]}…` ({len(value)} characters)"


def too_long(number: int) -> bool:
    """More than LONGEST_NUMBER digits (10 bits hold 3 of them)."""
    return abs(number).bit_length() > LONGEST_NUMBER * 10 // 3


_Loader.add_constructor(_YAML_TAG + "int", _Loader.construct_yaml_int)
for _unused in (None, *(_YAML_TAG + name for name in _UNUSED_TAGS)):
    _Loader.add_constructor(_unused, _Loader.construct_undefined)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)

FAST = bool(getattr(yaml, "__with_libyaml__", False))
"""Whether libyaml composes texts (PyYAML's wheels have it; a build from source may not)."""
_INDICATORS = "[{-?:"
_FAST_NESTING = 1000
"""Indicators a text may hold to be composed by libyaml: each collection starts at one of
its own, so no tree it composes is deeper (libyaml's composer recurses in C, unchecked)."""

if FAST:

    from yaml._yaml import CParser

    class _FastComposer(CParser, yaml.resolver.BaseResolver):
        """libyaml's composer, plain values typed as `_Loader` types them."""

        yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers

        def __init__(self, text: str) -> None:
            CParser.__init__(self, text)
            yaml.resolver.BaseResolver.__init__(self)


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
    fast = _composed_fast(text)
    if fast is not None:  # a tree the Python composer would have made, with no problem
        mapping = _mapping(fast[0], path, lines, what)
        if not mapping.diagnostics:
            return mapping
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        return _fail(path, *_syntax_error(exc, text, lines, what, first_line))
    except yaml.YAMLError as exc:
        return _fail(path, first_line, 1, f"{what}: invalid YAML: {exc}")
    finally:
        loader.dispose()
    return _mapping(root, path, lines, what)


def _composed_fast(text: str) -> tuple[yaml.Node | None] | None:
    """The document's tree as libyaml composes it, forty times faster than the Python
    composer; None when it cannot be trusted to be that composer's: when it has no libyaml,
    when the text is not one well-formed document, or its tree is too deep or holds an
    alias. The Python composer then reads the text again, and says what is wrong."""
    if not FAST or sum(map(text.count, _INDICATORS)) > _FAST_NESTING:
        return None
    composer = _FastComposer(text)
    try:
        root = composer.get_single_node()
    except Exception:  # any problem is said as the Python composer says it
        return None
    return (root,) if root is None or _plain(root) else None


def _plain(root: yaml.Node) -> bool:
    """No node deeper than `MAX_NESTING` and none met twice (what an alias composes to)."""
    seen: set[int] = set()
    pending = [(root, 0)]
    while pending:
        node, depth = pending.pop()
        if depth >= MAX_NESTING or id(node) in seen:
            return False
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            pending.extend((part, depth + 1) for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            pending.extend((item, depth + 1) for item in node.value)
    return True


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
    loader = _Loader("")
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
        times, first = _times(len(more) + 2), seen[key].line
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


def _times(count: int) -> str:
    return "twice" if count == 2 else f"{count} times"


def _located(
    path: str, lines: Lines, what: str, exc: yaml.MarkedYAMLError, node: yaml.Node
) -> Diagnostic:
    mark = exc.problem_mark or node.start_mark
    message = f"{what}: {exc.problem or exc.context}"
    hint = exc.hint if isinstance(exc, Unreadable) else "correct the value or its tag"
    return Diagnostic(path, *lines.at(mark), message, hint)


def _fail(path: str, line: int, col: int, message: str, hint: str = "") -> YamlMapping:
    return YamlMapping((), (Diagnostic(path, line, col, message, hint),))
