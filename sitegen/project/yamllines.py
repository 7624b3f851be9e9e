"""Where each part of a YAML text is in its file: what every message about a value, or
about one part of it, points at."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

import yaml


class Lines:
    """Where a place of a text is in its file, counting lines at `\\n` only, as editors do
    (YAML also breaks lines at \\r, \\x85, \\u2028 and \\u2029, shown inside a line)."""

    def __init__(self, text: str, first_line: int) -> None:
        self.starts = [0, *(found.end() for found in re.finditer("\n", text))]
        self.first_line = first_line

    def place(self, index: int) -> tuple[int, int]:
        """The line and column of the character at `index`."""
        number = bisect_right(self.starts, index) - 1
        return number + self.first_line, index - self.starts[number] + 1

    def at(self, mark: Any) -> tuple[int, int]:
        """Where a YAML mark is."""
        return self.place(mark.index)

    def inner(self, node: yaml.Node) -> tuple[tuple[str, int], ...]:
        """The line of each key of a mapping, or of each item (`1`, `2`…) of a list."""
        if isinstance(node, yaml.MappingNode):
            return tuple(
                (whole_characters(str(key.value)), self.at(key.start_mark)[0])
                for key, _ in node.value
                if isinstance(key, yaml.ScalarNode)
            )
        if isinstance(node, yaml.SequenceNode):
            return tuple(
                (str(number), self.at(item.start_mark)[0])
                for number, item in enumerate(node.value, start=1)
            )
        return ()


def whole_characters(text: str) -> str:
    """`"\\ud83d\\ude00"` as the one character its two escaped UTF-16 halves make, as the
    value and the keys of a mapping are read; UnicodeDecodeError for half of one alone."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16")
