"""Each page's key in the state file (`pages`): what its template read, the site paths of
the entries whose text it showed, and the marks its bytes hold (`model.PAGE_MARKS`); read
whole by a build that renders, looked up one by one after an edit of texts
(`publish/textedits.py`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping

from sitegen.state.database import path_bytes

PageKey = tuple[str, tuple[str, ...], int]
PageKeys = dict[str, PageKey]
"""Output path -> the key of everything its template read, the site paths of the entries
whose text it showed, and the marks its bytes hold (`model.PAGE_MARKS`)."""


class PageRows(Mapping[str, PageKey]):
    """The last build's page keys, looked up one by one in the state file."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __getitem__(self, path: str) -> PageKey:
        query = "SELECT key, texts, marks FROM pages WHERE path = ?"
        row = self.db.execute(query, (path_bytes(path),)).fetchone()
        if row is None:
            raise KeyError(path)
        return row[0], _texts(row[1]), row[2]

    def showing(self, url: str) -> set[str]:
        """The pages that showed the text of the entry at `url`."""
        query = "SELECT path FROM pages WHERE instr(x'00' || texts, ?) > 0"
        found = self.db.execute(query, (b"\0" + path_bytes(url) + b"\0",))
        return {_name(path) for (path,) in found}

    def __iter__(self) -> Iterator[str]:
        return (_name(path) for (path,) in self.db.execute("SELECT path FROM pages"))

    def __len__(self) -> int:
        (count,) = self.db.execute("SELECT count(*) FROM pages").fetchone()
        return int(count)


def read_pages(db: sqlite3.Connection) -> PageKeys:
    rows = db.execute("SELECT path, key, texts, marks FROM pages")
    return {_name(p): (k, _texts(t), m) for p, k, t, m in rows}


def _name(value: bytes) -> str:
    """A file's name, kept as bytes: a name that is not UTF-8 is one too."""
    return value.decode("utf-8", "surrogateescape")


def _texts(value: bytes) -> tuple[str, ...]:
    """Site paths, each ended by a NUL (which no path holds)."""
    return tuple(_name(value).split("\0")[:-1])


def page_row(value: tuple[str, tuple[str, ...], int]) -> tuple[str, bytes, int]:
    key, texts, marks = value
    return key, path_bytes("".join(text + "\0" for text in texts)), marks
