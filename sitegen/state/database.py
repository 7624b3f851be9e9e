"""The one file that holds a build's state for the next: `.sitegen-cache/state.sqlite`.

What a file must be to be read at all: a regular file (not a link, not a folder), SQLite,
with exactly sitegen's tables and nothing else (no trigger or view a planted file could run
on a write), stamped by the same code (`cache.stamp`: sitegen's source and the libraries
that shape the output). Anything else is discarded whole, with a note, and the build starts
afresh. The file may have come from another machine (a CI cache restored from a shared
store): what makes its values safe to read is `codec.py` (typed, bounded, running nothing),
not who wrote it; a value that does not decode to its type makes the whole file damaged.

The files an older sitegen kept here (`stages.sqlite`, `last-build.pickle`, pickles) are
removed on sight, by those names only, and never read.
"""

from __future__ import annotations

import sqlite3
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

from sitegen.state.stamps import Known

V = TypeVar("V")

STATE_FILE = "state.sqlite"
OLD_FILES = ("stages.sqlite", "last-build.pickle")
"""What an older sitegen kept in the cache folder, pickled."""
_JOURNALS = ("-journal", "-wal", "-shm")
VALUE_LIMIT = 1 << 28
"""256 MB: more than any value a build keeps; a planted larger one is refused, not read."""
TABLES = {
    "meta": "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "entries": "CREATE TABLE entries (stage TEXT, key TEXT, value BLOB NOT NULL,"
    " PRIMARY KEY (stage, key)) WITHOUT ROWID",
    "texts": "CREATE TABLE texts (key TEXT PRIMARY KEY, value BLOB NOT NULL)",
    "bodies": "CREATE TABLE bodies (key TEXT PRIMARY KEY, value BLOB NOT NULL)",
    "code": "CREATE TABLE code (key TEXT PRIMARY KEY, value BLOB NOT NULL)",
    "build": "CREATE TABLE build (name TEXT PRIMARY KEY, value BLOB NOT NULL)",
    "pages": "CREATE TABLE pages (path BLOB PRIMARY KEY, key TEXT NOT NULL, texts BLOB NOT NULL,"
    " marks INTEGER NOT NULL) WITHOUT ROWID",
    "records": "CREATE TABLE records (path BLOB PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID",
    "sources": "CREATE TABLE sources (path BLOB PRIMARY KEY, size INTEGER NOT NULL,"
    " mtime INTEGER NOT NULL, ctime INTEGER NOT NULL, inode INTEGER NOT NULL,"
    " device INTEGER NOT NULL, context TEXT NOT NULL, key TEXT NOT NULL) WITHOUT ROWID",
}
"""The stage cache's rows (`entries`), the texts of rendered bodies, the bodies of documents
and the highlighted code blocks of rendered bodies (`texts`, `bodies`, `code`, each with an
index of their keys apart from the large values), each source file's key by its stat
(`sources`), the last build's record (`build`: its summary, listings and inputs,
`lastbuild.py`), each page's key (`pages`), and what each entry's page was made from
(`records`, `siterecord.py`): one row each, looked up alone."""


_TYPED = ("pages", "sources")
"""The tables whose thousands of rows are read whole, each value as it comes: SQLite checks
the type of every value when the file is opened, at the cost of a scan."""
_CHECKS: list[Callable[[sqlite3.Connection], object]] = []
_CHECKED: dict[tuple[int, int], tuple[tuple[int, int], int, int, int, bytes]] = {}
"""The state files checked whole by this process (by device and inode), as they were then."""


def also_check(check: Callable[[sqlite3.Connection], object]) -> None:
    """Read a part of the file whenever it is opened (raising when it is damaged), so that a
    damaged part discards the whole file, whichever part a build reads first."""
    _CHECKS.append(check)


class Foreign(Exception):
    """A file that is sitegen's by name but not of this code."""


class Unreadable(Exception):
    """A file that is not sitegen's state at all (not SQLite, not a file, other tables)."""


def made(folder: Path, stamp: str) -> sqlite3.Connection:
    """The state file in `folder`, checked, made when there is none."""
    return connect(folder, stamp) or _create(folder, stamp)


def connect(folder: Path, stamp: str) -> sqlite3.Connection | None:
    """The state file in `folder`, checked; None when there is none.

    Raises Foreign or Unreadable (the caller discards the file) and OSError or sqlite3.Error
    when the folder cannot be used.
    """
    path = folder / STATE_FILE
    for journal in _JOURNALS:  # SQLite would write through a planted link
        _unlink_link(path.with_name(path.name + journal))
    try:
        info = path.lstat()
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(info.st_mode):
        raise Unreadable(f"{STATE_FILE} is not a file")
    db = _open(path, "rw")
    seen = _seen(path)
    try:
        _check(db, stamp, whole=_CHECKED.get(seen[0]) != seen)
    except BaseException:
        db.close()
        raise
    _CHECKED[seen[0]] = seen
    return db


def _seen(path: Path) -> tuple[tuple[int, int], int, int, int, bytes]:
    """What tells the state file at `path` stayed the same: its stat, and the change counter
    SQLite's header holds, which every write moves on. Checked whole once a process while
    it stays the same: a build opens it often."""
    info = path.lstat()
    with open(path, "rb") as file:
        header = file.read(100)
    return (info.st_dev, info.st_ino), info.st_size, info.st_mtime_ns, info.st_ctime_ns, header


def discard(folder: Path) -> None:
    """Remove the state file (and its journals): the next save starts a new one."""
    for suffix in ("", *_JOURNALS):
        (folder / (STATE_FILE + suffix)).unlink(missing_ok=True)


def remove_old(folder: Path) -> bool:
    """Remove what an older sitegen kept in `folder`; True when there was any."""
    found = False
    names = [*OLD_FILES, *(f"{OLD_FILES[0]}{suffix}" for suffix in _JOURNALS)]
    temporaries = folder.glob(f"{OLD_FILES[1]}.*.tmp")  # a save of the old record cut short
    for path in [*(folder / name for name in names), *temporaries]:
        try:
            if stat.S_ISDIR(path.lstat().st_mode):
                continue  # not a file of sitegen's, whatever its name
            path.unlink()
            found = True
        except FileNotFoundError:
            pass
    return found


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write, whole or not at all; another build's waits for it (or it for theirs)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
    # What this process wrote to a file it checked needs no check (`connect`).
    seen = _seen(Path(db.execute("PRAGMA database_list").fetchone()[2]))
    if seen[0] in _CHECKED:
        _CHECKED[seen[0]] = seen


def reader(folder: Path) -> sqlite3.Connection:
    """The state file in `folder`, to be read alone, by a process forked from the build that
    opened and checked it: SQLite's connections may not be used across a fork."""
    return _open(folder / STATE_FILE, "ro")


def _open(path: Path, mode: str) -> sqlite3.Connection:
    uri = f"file:{quote(str(path))}?mode={mode}"
    db = sqlite3.connect(uri, uri=True, timeout=30, isolation_level=None)
    db.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, VALUE_LIMIT)
    db.execute("PRAGMA trusted_schema = OFF")
    return db


def _check(db: sqlite3.Connection, stamp: str, whole: bool = True) -> None:
    """The file's tables and stamp; `whole`, the type of every row of the tables read whole
    and the parts `also_check` names too."""
    try:
        schema = db.execute("SELECT type, name, sql FROM sqlite_schema").fetchall()
        found = db.execute("SELECT value FROM meta WHERE name = 'stamp'").fetchone()
    except sqlite3.DatabaseError as exc:
        raise Unreadable(str(exc)) from None
    tables = {name: sql for kind, name, sql in schema if kind == "table"}
    others = [name for kind, name, sql in schema if kind != "table" and sql is not None]
    if tables != TABLES or others:
        raise Unreadable("not sitegen's tables")
    if found is None or found[0] != stamp:
        raise Foreign
    if not whole:
        return
    for table in _TYPED:
        columns = db.execute(f"PRAGMA table_info({table})").fetchall()
        wrong = " OR ".join(f"typeof({c[1]}) != '{c[2].lower()}'" for c in columns)
        if db.execute(f"SELECT 1 FROM {table} WHERE {wrong} LIMIT 1").fetchone():
            raise Unreadable(f"a row of {table} is not what it was written as")
    for check in _CHECKS:
        try:
            check(db)
        except Exception as exc:  # a damaged record: its type, bounds or SQL
            raise Unreadable(str(exc)) from None


def _create(folder: Path, stamp: str) -> sqlite3.Connection:
    folder.mkdir(exist_ok=True)
    db = _open(folder / STATE_FILE, "rwc")
    try:
        with transaction(db):
            if not db.execute("SELECT 1 FROM sqlite_schema").fetchone():  # another build's
                for sql in TABLES.values():
                    db.execute(sql)
                db.execute("INSERT INTO meta VALUES ('stamp', ?)", (stamp,))
        _check(db, stamp)
    except BaseException:
        db.close()
        raise
    return db


def _unlink_link(path: Path) -> None:
    if path.is_symlink():
        path.unlink()


def read_known(db: sqlite3.Connection, table: str, path: str | None = None) -> Known:
    """A table of files' keys by their stat (`sources`), whose types `connect` checked: all
    of them, or the one at `path`."""
    rows = (
        db.execute(f"SELECT * FROM {table}")
        if path is None
        else db.execute(f"SELECT * FROM {table} WHERE path = ?", (path_bytes(path),))
    )
    return {
        name.decode("utf-8", "surrogateescape"): ((size, mtime, ctime, inode, device), c, k)
        for name, size, mtime, ctime, inode, device, c, k in rows
    }


def put_known(db: sqlite3.Connection, table: str, known: Known) -> None:
    """Add or replace the rows of `known` in a table of files' keys by their stat."""
    rows = [(path_bytes(p), *stat, context, key) for p, (stat, context, key) in known.items()]
    db.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)


def write_known(db: sqlite3.Connection, table: str, known: Known, before: Known | None) -> None:
    """Make a table of files' keys by their stat hold `known` (in a transaction)."""
    write_rows(db, table, known, before, lambda value: (*value[0], value[1], value[2]))


def write_rows(
    db: sqlite3.Connection,
    table: str,
    rows: Mapping[str, V],
    before: Mapping[str, V] | None,
    row: Callable[[V], tuple[object, ...]],
) -> None:
    """Make a table keyed by `path` hold `rows` (each made a row by `row`, after its path),
    in a transaction. With `before`, what the table holds, only the rows that differ are
    written: an edit of one post changes a few rows of ten thousand."""
    if before is None:
        db.execute(f"DELETE FROM {table}")
        changed: Iterable[tuple[str, V]] = rows.items()
    else:
        gone = before.keys() - rows.keys()
        db.executemany(f"DELETE FROM {table} WHERE path = ?", ((path_bytes(p),) for p in gone))
        changed = [(path, value) for path, value in rows.items() if before.get(path) != value]
    values = [(path_bytes(path), *row(value)) for path, value in changed]
    if values:
        marks = ", ".join("?" * len(values[0]))
        db.executemany(f"INSERT OR REPLACE INTO {table} VALUES ({marks})", values)


def path_bytes(name: str) -> bytes:
    """A file's name as stored: any name, UTF-8 or not, is one."""
    return name.encode("utf-8", "surrogateescape")
