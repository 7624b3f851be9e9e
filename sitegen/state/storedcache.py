"""The build cache kept in the state file (`database.py`) beside the last build's record.

A build reads only the entries it asks for and writes only the new ones, so an edit to one
post of ten thousand costs one row, not the whole cache. The long texts (rendered bodies,
documents' bodies) live in tables of their own, read when needed. Values are encoded by
their type (`codec.py`), never pickled: the file may come from another machine, as a CI
cache restored from a shared store, and reading it runs nothing.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from sitegen.model import Document, OutputFile, Rendered
from sitegen.state import database
from sitegen.state.cache import (
    BODIES,
    CACHE_FOLDER,
    CODE,
    OWNERS,
    TEXT_OF,
    TEXTS,
    Discovered,
    Markdown,
    PageFacts,
    Parsed,
    StageCache,
    TextLost,
    folder,
    joined,
    owner,
    packed,
    stamp,
    stripped,
    unpacked,
    unpacked_code,
)
from sitegen.state.codec import Codec, Damaged
from sitegen.state.database import STATE_FILE
from sitegen.state.siterecord import read_records
from sitegen.state.sourcerows import SourceRows
from sitegen.state.stamps import Known, Stamps


class StoredCache(StageCache):
    """The same cache, read from and written to the state file (`database.py`)."""

    def __init__(self, cache: Path, connection: sqlite3.Connection | None) -> None:
        super().__init__()
        self._folder, self._db = cache, connection
        self.damaged = False
        """A row did not decode to its type: the file is discarded, nothing more is read."""
        self._sources = SourceRows(connection)
        self.stamps = Stamps(self._sources)
        self._read: dict[tuple[str, str], Any] = {}
        """Rows read from the file: kept for `in_memory`, never written back."""
        self._fetched: dict[tuple[str, str], bytes | None] = {}
        """Rows read ahead (`prefetch`), not decoded yet; None for a key the file lacks."""
        self._held: set[tuple[str, str]] = set()
        """The texts and bodies the file holds of the values read ahead without them, and
        those set apart since (`lazy_texts`: the file is read only while this cache is open,
        as `sitegen build` keeps it). Those set apart are written a few megabytes at a time
        (`_write_pending`), except by the dev server, which never writes the file."""
        self._pending_bytes = 0

    def prefetch(self, stage: str, keys: list[str]) -> None:
        if self._db is None or self.damaged:
            return
        wanted = [k for k in dict.fromkeys(keys) if (stage, k) not in self._entries]
        try:
            for start in range(0, len(wanted), _BATCH):
                batch = wanted[start : start + _BATCH]
                self._fetched.update(((stage, k), None) for k in batch)
                rows = self._rows("key, value FROM entries WHERE stage = ? AND", batch, stage)
                self._fetched.update(((stage, k), v) for k, v in rows)
                if (text := TEXT_OF.get(stage)) is None:
                    continue
                table = _TABLES[text]
                if self._lazy(stage):  # which are there, from the table's index alone
                    found = self._rows(f"key FROM {table} WHERE", batch)
                    self._held.update((text, k) for (k,) in found)
                else:
                    self._fetched.update(((text, k), None) for k in batch)
                    rows = self._rows(f"key, value FROM {table} WHERE", batch)
                    self._fetched.update(((text, k), v) for k, v in rows)
        except sqlite3.Error:
            self.damaged = True

    def _rows(self, query: str, keys: list[str], *before: str) -> sqlite3.Cursor:
        assert self._db is not None
        marks = ", ".join("?" * len(keys))
        return self._db.execute(f"SELECT {query} key IN ({marks})", (*before, *keys))

    def _keep_apart(self, stage: str, key: str, data: bytes) -> None:
        super()._keep_apart(stage, key, data)
        self._held.add((stage, key))
        self._pending_bytes += len(data)
        if self._pending_bytes > _PENDING_BYTES and not self.lasting:
            self._write_pending()

    def _holds(self, stage: str, key: str) -> bool:
        return (stage, key) in self._held

    def _write_pending(self) -> None:
        """Write the texts set apart; kept in memory when the file cannot be written."""
        try:
            db = self._db = self._db or database.made(self._folder, stamp())
            with database.transaction(db):
                for (stage, key), data in self._apart.items():
                    db.execute(
                        f"INSERT OR REPLACE INTO {_TABLES[stage]} VALUES (?, ?)", (key, data)
                    )
        except (OSError, sqlite3.Error, database.Foreign, database.Unreadable):
            return  # `save` says why
        self._apart.clear()
        self._pending_bytes = 0

    def _lazy(self, stage: str) -> bool:
        return self.lazy_texts if stage == "markdown" else self.lazy_bodies

    def code_of(self, key: str) -> dict[str, str]:
        if (CODE, key) in self._apart or self._db is None or self.damaged:
            return super().code_of(key)
        try:
            row = self._db.execute("SELECT value FROM code WHERE key = ?", (key,)).fetchone()
            return unpacked_code(row[0]) if row is not None else {}
        except (ValueError, zlib.error, sqlite3.Error):
            self.damaged = True
            return {}

    def code_before(self, sources: Iterable[str]) -> dict[str, dict[str, str]]:
        if self._db is None or self.damaged:
            return {}
        try:
            found = read_records(self._db, sources)
        except sqlite3.Error:
            return {}
        if found is None:
            return {}
        blocks = ((path, self.code_of(record.markdown)) for path, record in found[1].items())
        return {path: code for path, code in blocks if code}

    def _stored_text(self, stage: str, key: str) -> str:
        if (stage, key) in self._apart or self._db is None:
            return super()._stored_text(stage, key)
        try:
            text: str | None = self._read_value(stage, key)
        except (Damaged, sqlite3.Error):
            text = None
        if text is None:  # it was there when its value was read: damaged, or another build's
            self.close()
            database.discard(self._folder)
            raise TextLost(
                f"{self._folder / STATE_FILE}: a text in it is damaged or was changed by"
                " another build meanwhile; it was discarded: build again"
            )
        return text

    def _get(self, stage: str, key: str) -> Any:
        found = super()._get(stage, key)
        if found is not None or self._db is None or self.damaged:
            return found
        try:
            found = self._read_value(stage, key)
            if found is not None and stage in TEXT_OF:
                found = self._with_text(stage, key, found)
        except (Damaged, sqlite3.Error):
            self.damaged = True
            return None
        if found is not None:
            self._read[(stage, key)] = found
        return found

    def _read_value(self, stage: str, key: str) -> Any:
        if (stage, key) in self._fetched:
            data = self._fetched.pop((stage, key))
        else:
            assert self._db is not None
            if stage in _TABLES:
                row = self._db.execute(f"SELECT value FROM {_TABLES[stage]} WHERE key = ?", (key,))
            else:
                query = "SELECT value FROM entries WHERE stage = ? AND key = ?"
                row = self._db.execute(query, (stage, key))
            data = next((value for (value,) in row), None)
        if data is None:
            return None
        if stage in _TABLES:
            try:
                return unpacked(data)
            except (ValueError, zlib.error) as exc:
                raise Damaged(f"not a stored text ({type(exc).__name__})") from None
        return _codec(stage).decode(data)

    def _with_text(self, stage: str, key: str, found: Any) -> Any:
        """A rendered body or a document as stored (`stored`: its text is read when needed)
        or with its text; None when the file lacks its text."""
        value, diagnostics = found
        text = TEXT_OF[stage]
        if value is None:  # a file that could not be parsed has no body
            return found
        if self._lazy(stage):
            return found if (text, key) in self._held else None
        full: str | None = self._read_value(text, key)
        return None if full is None else (joined(value, full), diagnostics)

    def in_memory(self) -> StageCache:
        """What this build used, read or made, as a cache in memory alone: the dev server's,
        after a first build that started from the state `sitegen build` left. The texts the
        file holds are taken as they rest there; a value whose text is gone is left out."""
        kept = StageCache()
        used = self._read | self._entries
        kept._entries = {k: v for k, v in used.items() if k in self._used}
        kept._apart = self._apart
        for text in [k for k in self._apart if owner(k) not in self._used]:
            del kept._apart[text]
        try:
            self._copy_texts(kept)
        except sqlite3.Error:
            kept._entries = {k: v for k, v in kept._entries.items() if not _stored(v)}
        kept._used = set(kept._entries)
        kept.stamps = Stamps(self.stamps.read)
        kept._kept, kept.lasting = self._kept, self.lasting
        kept.lazy_texts, kept.lazy_bodies = self.lazy_texts, self.lazy_bodies
        self.close()
        return kept

    def _copy_texts(self, kept: StageCache) -> None:
        """Into `kept`, the packed texts of its values that this file holds."""
        for stage, text in TEXT_OF.items():
            wanted = [
                key
                for (made_in, key), value in kept._entries.items()
                if made_in == stage and _stored(value) and (text, key) not in kept._apart
            ]
            for start in range(0, len(wanted), _BATCH):
                batch = wanted[start : start + _BATCH]
                if self._db is not None:
                    rows = self._rows(f"key, value FROM {_TABLES[text]} WHERE", batch)
                    kept._apart.update(((text, k), v) for k, v in rows)
                for key in batch:  # gone: another build changed the file meanwhile
                    if (text, key) not in kept._apart:
                        del kept._entries[(stage, key)]

    def save(self, replaced: set[tuple[str, str]] | None = None) -> None:
        """Add the new entries and drop those this build did not use, in one transaction; or,
        when a build made again a few values and knows those they `replaced`, drop these."""
        if replaced is not None and not self.damaged and self._db is not None:
            self._patch(self._db, replaced)
            return
        if self.damaged:
            self.close()
            database.discard(self._folder)
        db = self._db = self._db or database.made(self._folder, stamp())
        self.damaged = False
        self._write_pending()
        if self._apart:
            raise sqlite3.OperationalError(f"{self._folder / STATE_FILE} cannot be written")
        new = any(entry in self._used for entry in self._entries)
        (count,) = db.execute("SELECT count(*) FROM entries").fetchone()
        known = self._known()
        if not new and count == len(self._used) and self.stamps.read == known:
            return
        with database.transaction(db):
            # Each row is a fact of its own (a file's key by its stat), whoever wrote it.
            database.write_known(db, "sources", self.stamps.read, known)
            # Encoded one by one as SQLite takes them, never all at once: a first build's
            # texts are hundreds of megabytes. The texts go first: a value whose text has no
            # stored form is not stored either.
            for stage, text in TEXT_OF.items():
                rows = self._encoded_texts(stage)
                db.executemany(f"INSERT OR REPLACE INTO {_TABLES[text]} VALUES (?, ?)", rows)
            db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", self._encoded())
            db.execute("CREATE TEMP TABLE used (stage TEXT, key TEXT, PRIMARY KEY (stage, key))")
            db.executemany("INSERT INTO used VALUES (?, ?)", self._used)
            db.execute(
                "DELETE FROM entries WHERE NOT EXISTS (SELECT 1 FROM used"
                " WHERE used.stage = entries.stage AND used.key = entries.key)"
            )
            for text, stage in OWNERS.items():
                table = _TABLES[text]
                db.execute(
                    f"DELETE FROM {table} WHERE NOT EXISTS (SELECT 1 FROM used"
                    f" WHERE used.stage = '{stage}' AND used.key = {table}.key)"
                )

    def _known(self) -> Known:
        """Every source file's key as the state file holds them."""
        try:
            return self._sources.whole()
        except sqlite3.Error:
            self.damaged = True
            return {}

    def _patch(self, db: sqlite3.Connection, replaced: set[tuple[str, str]]) -> None:
        self._write_pending()
        if self._apart:
            raise sqlite3.OperationalError(f"{self._folder / STATE_FILE} cannot be written")
        with database.transaction(db):
            database.put_known(db, "sources", self.stamps.read)
            for stage, text in TEXT_OF.items():
                rows = self._encoded_texts(stage)
                db.executemany(f"INSERT OR REPLACE INTO {_TABLES[text]} VALUES (?, ?)", rows)
            db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", self._encoded())
            gone = [entry for entry in replaced if entry not in self._entries]
            db.executemany("DELETE FROM entries WHERE stage = ? AND key = ?", gone)
            for stage, key in gone:
                for text in (text for text, owner in OWNERS.items() if owner == stage):
                    db.execute(f"DELETE FROM {_TABLES[text]} WHERE key = ?", (key,))

    def _encoded(self) -> Iterator[tuple[str, str, bytes]]:
        for (stage, key), value in self._entries.items():
            if (stage, key) not in self._used:
                continue
            if stage in TEXT_OF and value[0] is not None:  # the text apart, read when needed
                value = (stripped(value[0]), value[1])
            try:
                yield stage, key, _codec(stage).encode(value)
            except (TypeError, ValueError, OverflowError):  # no stored form (a file name
                # that is not UTF-8, a number past 64 bits): made again when needed
                self._used.discard((stage, key))

    def _encoded_texts(self, stage: str) -> Iterator[tuple[str, bytes]]:
        """The texts of the rendered bodies, or the bodies of the documents, this build made."""
        for (made_in, key), found in self._entries.items():
            value = found[0] if made_in == stage else None
            if value is None or value.stored:  # a text written as it was made
                continue
            try:
                yield key, packed(value.html if isinstance(value, Rendered) else value.body)
            except UnicodeEncodeError:  # half a character
                self._used.discard((stage, key))

    def forked(self) -> None:
        if self._db is not None:
            # The build's connection is left open, never used: closing it here would release
            # what SQLite holds for the build.
            _LEFT_OPEN.append(self._db)
            self._db = database.reader(self._folder)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


_TABLES = {TEXTS: "texts", BODIES: "bodies", CODE: "code"}
_LEFT_OPEN: list[sqlite3.Connection] = []
"""In a forked worker, the build's own connections (`forked`)."""


def _stored(found: Any) -> bool:
    """Whether a value of the stages in `TEXT_OF` is kept without its text."""
    value = found[0]
    return isinstance(value, Rendered | Document) and value.stored


_BATCH = 500
"""Keys in one query: well under SQLite's oldest limit of 999 parameters."""
_PENDING_BYTES = 8 << 20
"""Texts written to the state file at once while they are made."""
_STAGES: dict[str, Any] = {
    "sources": Discovered,
    "documents": Parsed,
    "markdown": Markdown,
    "search": tuple[OutputFile, ...],
    "related": tuple[tuple[int, ...], ...],
    "pages": PageFacts,
}


@cache
def _codec(stage: str) -> Codec[Any]:
    return Codec(_STAGES[stage])


def load(root: Path) -> tuple[StoredCache | None, list[str]]:
    """The cache of the site at `root`, and a note when one was found but discarded.

    None (with a note) when the cache folder cannot be used at all.
    """
    notes: list[str] = []
    try:
        where = folder(root)
        if database.remove_old(where):
            notes.append(f"{CACHE_FOLDER}/ held an older sitegen's cache: discarded")
        return StoredCache(where, database.connect(where, stamp())), notes
    except database.Foreign:
        notes.append(f"{CACHE_FOLDER}/ was made by other code: discarded")
    except (database.Unreadable, sqlite3.Error):
        notes.append(f"{CACHE_FOLDER}/{STATE_FILE} could not be read: discarded")
    except OSError as exc:
        return None, [f"the build cache cannot be used ({exc}); building without it"]
    try:
        database.discard(where)
    except OSError as exc:
        return None, [f"the build cache cannot be used ({exc}); building without it"]
    return StoredCache(where, None), notes


def save(cache: StoredCache, replaced: set[tuple[str, str]] | None = None) -> list[str]:
    """Write the cache (`StoredCache.save`); notes (not errors) on what went wrong with it."""
    damaged = f"{CACHE_FOLDER}/{STATE_FILE} held a damaged entry: discarded"
    was_damaged = cache.damaged
    try:
        cache.save(replaced)
    except (sqlite3.Error, OSError, database.Foreign, database.Unreadable) as exc:
        return [f"the build cache could not be saved ({exc}); the next build starts afresh"]
    return [damaged] if was_damaged else []
