"""Safe YAML for front matter and config: a mapping whose keys keep their line numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from sitegen.errors import Diagnostic

# A whole front matter is a few hundred bytes; this bounds pathological input.
MAX_YAML_BYTES = 256 * 1024
MAX_NESTING = 20
# What YAML's reader refuses (it would raise without a position we can report).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
# What PyYAML's own constructors raise on a value its explicit tag does not fit
# (`!!bool x`: KeyError, `!!int ""`: IndexError, `!!timestamp x`: AttributeError).
_UNFIT = (LookupError, AttributeError)


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans and no aliases.

    YAML 1.1 reads `no`, `yes`, `on` and `off` as booleans (`lang: no` would be False);
    we keep them as strings and let the schema coerce them explicitly. Aliases are refused
    outright: front matter has no use for them and they enable "billion laughs" input.
    """

    depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None,
                None,
                "YAML aliases (*name) are not allowed here",
                event.start_mark,  # type: ignore[arg-type]
            )
        if self.depth >= MAX_NESTING:
            raise yaml.composer.ComposerError(
                None, None, f"values nested more than {MAX_NESTING} deep", event.start_mark
            )
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


@dataclass(frozen=True, slots=True)
class Entry:
    """One top-level key of a mapping, with where it was written."""

    key: str
    value: Any
    line: int
    col: int


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
    if len(text.encode("utf-8")) > MAX_YAML_BYTES:
        return _fail(path, first_line, 1, f"{what} is larger than {MAX_YAML_BYTES // 1024} KiB")
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + first_line
        start = text.rfind("\n", 0, bad.start()) + 1
        key = re.match(r"\s*([\w-]+)\s*:", text[start:])
        where = f"`{key.group(1)}` contains" if key else "contains"
        message = f"{what}: {where} the control character U+{ord(bad.group()):04X}"
        hint = "remove it; write special characters as \\uXXXX inside double quotes"
        return _fail(path, line, bad.start() - start + 1, message, hint)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + first_line, mark.column + 1) if mark else (first_line, 1)
        return _fail(path, line, col, f"{what}: invalid YAML: {exc.problem or exc.context}")
    except yaml.YAMLError as exc:
        return _fail(path, first_line, 1, f"{what}: invalid YAML: {exc}")
    finally:
        loader.dispose()
    if root is None:
        return YamlMapping((), ())
    if not isinstance(root, yaml.MappingNode):
        kind = "a list" if isinstance(root, yaml.SequenceNode) else "a single value"
        return _fail(
            path,
            root.start_mark.line + first_line,
            root.start_mark.column + 1,
            f"{what} must be a mapping of `key: value` lines, not {kind}",
        )
    return _entries(root, path, first_line, what)


def _entries(root: yaml.MappingNode, path: str, first_line: int, what: str) -> YamlMapping:
    loader = _Loader("")
    entries: list[Entry] = []
    problems: list[Diagnostic] = []
    seen: set[str] = set()
    failed: set[str] = set()
    for key_node, value_node in root.value:
        line = key_node.start_mark.line + first_line
        col = key_node.start_mark.column + 1
        try:
            key = loader.construct_object(key_node, deep=True)
            value = loader.construct_object(value_node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError, *_UNFIT) as exc:
            vline = value_node.start_mark.line + first_line
            vcol = value_node.start_mark.column + 1
            problems.append(_value_problem(path, vline, vcol, what, value_node, exc))
            failed.add(str(key_node.value))
            continue
        if not isinstance(key, str):
            problems.append(Diagnostic(path, line, col, f"{what}: key {key!r} is not a name"))
        elif key in seen:
            problems.append(Diagnostic(path, line, col, f"{what}: `{key}` is given twice"))
        else:
            seen.add(key)
            entries.append(Entry(key, value, line, col))
    loader.dispose()
    return YamlMapping(tuple(entries), tuple(problems), frozenset(failed))


def _value_problem(
    path: str, line: int, col: int, what: str, node: yaml.Node, exc: Exception
) -> Diagnostic:
    if isinstance(exc, _UNFIT):
        tag = "!!" + node.tag.rsplit(":", 1)[-1]
        message = f"{what}: `{node.value}` cannot be read as `{tag}`"
        return Diagnostic(path, line, col, message, f"remove `{tag}` or correct the value")
    if node.tag.endswith(":timestamp"):
        return Diagnostic(
            path,
            line,
            col,
            f"{what}: `{node.value}` is not a real date ({exc})",
            "use ISO 8601: 2026-03-14 or 2026-03-14T09:30:00+01:00",
        )
    return Diagnostic(path, line, col, f"{what}: {_reason(exc)}")


def _reason(exc: Exception) -> str:
    if isinstance(exc, yaml.MarkedYAMLError):
        return str(exc.problem or exc.context)
    if isinstance(exc, ValueError):
        return f"invalid value ({exc})"
    return str(exc)


def _fail(path: str, line: int, col: int, message: str, hint: str = "") -> YamlMapping:
    return YamlMapping((), (Diagnostic(path, line, col, message, hint),))
