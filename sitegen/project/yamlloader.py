"""PyYAML's safe loader made safer for the texts bloggers write, and libyaml's composer in
front of it where it can be trusted: every value refused where it is written when it cannot
be used (`yamlmap.py` reads a mapping's keys with their lines through it)."""

from __future__ import annotations

import re
from typing import Any

import yaml

from sitegen.project.yamllines import whole_characters

MAX_NESTING = 20
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


class Loader(yaml.SafeLoader):
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
                times = times_said(sum(k.value == key for k, _ in node.value))
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


Loader.add_constructor(_YAML_TAG + "int", Loader.construct_yaml_int)
for _unused in (None, *(_YAML_TAG + name for name in _UNUSED_TAGS)):
    Loader.add_constructor(_unused, Loader.construct_undefined)


Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Loader.add_implicit_resolver(
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
        """libyaml's composer, plain values typed as `Loader` types them."""

        yaml_implicit_resolvers = Loader.yaml_implicit_resolvers

        def __init__(self, text: str) -> None:
            CParser.__init__(self, text)
            yaml.resolver.BaseResolver.__init__(self)


def composed_fast(text: str) -> tuple[yaml.Node | None] | None:
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


def times_said(count: int) -> str:
    return "twice" if count == 2 else f"{count} times"
