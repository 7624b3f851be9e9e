"""The key of each source file by its stat, as the state file holds them (`sources`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping

from sitegen.state import database
from sitegen.state.stamps import Known, Stat


class SourceRows(Mapping[str, tuple[Stat, str, str]]):
    """The key of each source file by its stat, as the state file holds them: looked up one
    by one, or read whole when asked for all (a build after a text edit reads a few)."""

    def __init__(self, db: sqlite3.Connection | None) -> None:
        self._db = db
        self._all: Known | None = None if db is not None else {}
        self._one: Known = {}
        self._asked = 0

    def whole(self) -> Known:
        if self._all is None:
            assert self._db is not None
            self._all = database.read_known(self._db, "sources")
        return self._all

    def __getitem__(self, path: str) -> tuple[Stat, str, str]:
        self._asked += 1
        if self._all is None and self._asked > _ONE_BY_ONE:
            try:
                self.whole()
            except sqlite3.Error:
                self._all = {}
        if self._all is not None:
            return self._all[path]
        if path not in self._one:
            assert self._db is not None
            try:
                found = database.read_known(self._db, "sources", path)
            except sqlite3.Error:
                found = {}
            if path not in found:
                raise KeyError(path)
            self._one[path] = found[path]
        return self._one[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self.whole())

    def __len__(self) -> int:
        return len(self.whole())


_ONE_BY_ONE = 64
"""Source files looked up one by one before all are read at once."""
