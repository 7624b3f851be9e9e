"""The build cache: results of the pure stages, kept between builds in `.sitegen-cache/`.

Each result is keyed by a hash of everything it depends on (the file's bytes, the settings
it reads, the names of the audio files) and the whole cache by a stamp of the code that made
it (sitegen's own source and the versions of the libraries that shape the output). A cache
that cannot be read, was made by other code, or holds one value that does not decode to its
type, is discarded whole with a note, never trusted.

Its rows live in the state file (`database.py`) beside the last build's record: a build
reads only the entries it asks for and writes only the new ones, so an edit to one post of
ten thousand costs one row, not the whole cache. Values are encoded by their type
(`codec.py`), never pickled: the file may come from another machine, as a CI cache restored
from a shared store, and reading it runs nothing.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
import stat
import sys
from collections.abc import Iterator
from dataclasses import replace
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, TypeVar

from sitegen.model import Document, OutputFile, Rendered, SourceFile
from sitegen.project.errors import Diagnostic, OutputError
from sitegen.state import database
from sitegen.state.codec import Codec, Damaged
from sitegen.state.database import STATE_FILE
from sitegen.state.stamps import Known, Stamps, Stat

T = TypeVar("T")
CACHE_FOLDER = ".sitegen-cache"
_LIBRARIES = (
    "markdown-it-py",
    "mdit-py-plugins",
    "linkify-it-py",
    "pygments",
    "latex2mathml",
    "babel",
    "pyyaml",
    "python-slugify",
    "msgspec",
)
"""The libraries whose version changes what a stage produces, or how it is stored."""

Discovered = tuple[
    str,
    tuple[tuple[str, Stat], ...],
    tuple[SourceFile, ...],
    tuple[Diagnostic, ...],
    tuple[str, ...],
]
"""The settings' key, each folder listed with its stat, the sources found, what was said and
the paths said to be left out (said once a build, whichever stage meets them first)."""
Parsed = tuple[Document | None, tuple[Diagnostic, ...]]
Markdown = tuple[Rendered, tuple[Diagnostic, ...]]


class TextLost(OutputError):
    """A rendered text the state file held when its body was read is gone or damaged when a
    page shows it: the build stops (no template is to blame) and the file is discarded."""


class StageCache:
    """Results of the pure stages by key, kept in memory (the dev server keeps one between
    builds); what a build used is what it keeps."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str], Any] = {}
        self._used: set[tuple[str, str]] = set()
        self.stamps = Stamps()
        """Each source file's key by its stat: a file as it was is not read again."""
        self._kept: dict[type, tuple[object, Any]] = {}
        self.lasting = False
        """The cache outlives the build (the dev server's): what one build memoizes in
        `kept` is worth keeping for the next."""

    def kept(self, kind: type[T], shape: object = None) -> T:
        """The `kind` of memo a build leaves to the next one in the same process (the dev
        server's builds), never stored: made empty for the first, and for the first of
        another `shape` (what all it holds depends on)."""
        found = self._kept.get(kind)
        if found is None or found[0] != shape:
            found = self._kept[kind] = (shape, kind())
        memo: T = found[1]
        return memo

    def get_sources(self) -> Discovered | None:
        found: Discovered | None = self._get("sources", "")
        return found

    def put_sources(self, found: Discovered) -> None:
        self._put("sources", "", found)

    def get_document(self, key: str) -> Parsed | None:
        found: Parsed | None = self._get("documents", key)
        return found

    def get_markdown(self, key: str) -> Markdown | None:
        found: Markdown | None = self._get("markdown", key)
        return found

    def html_of(self, rendered: Rendered) -> str:
        """The text of a rendered body, read from where it was `stored`."""
        if rendered.stored:
            raise ValueError(f"the text of {rendered.key} is in no state file")
        return rendered.html

    def with_body(self, doc: Document) -> Document:
        """The document with its body, read from where it was `stored`."""
        if not doc.stored:
            return doc
        return replace(doc, body=self._stored_text(BODIES, doc.key), stored=False)

    def _stored_text(self, stage: str, key: str) -> str:
        raise ValueError(f"the {stage} of {key} is in no state file")

    def get_search(self, key: str) -> tuple[OutputFile, ...] | None:
        found: tuple[OutputFile, ...] | None = self._get("search", key)
        return found

    def get_related(self, key: str) -> tuple[tuple[int, ...], ...] | None:
        found: tuple[tuple[int, ...], ...] | None = self._get("related", key)
        return found

    def put_related(self, key: str, related: tuple[tuple[int, ...], ...]) -> None:
        self._put("related", key, related)

    def put_document(self, key: str, parsed: Parsed) -> None:
        self._put("documents", key, parsed)

    def without_body(self, doc: Document) -> Document:
        """The document as the stages after the Markdown one need it: without its body when
        the state file holds it (`with_body` reads it again)."""
        return doc

    def put_markdown(self, key: str, markdown: Markdown) -> Markdown:
        """Keep a rendered body; what to use of it from now on (the same here)."""
        self._put("markdown", key, markdown)
        return markdown

    def put_search(self, key: str, index: tuple[OutputFile, ...]) -> None:
        self._put("search", key, index)

    def forget_unused(self) -> None:
        """Drop what the last build did not ask for: deleted posts, old versions of a body."""
        self._entries = {k: v for k, v in self._entries.items() if k in self._used}
        self._used = set()
        self.stamps = Stamps(self.stamps.read)

    def prefetch(self, stage: str, keys: list[str]) -> None:
        """Say that the values of `keys` will be asked for, one by one: a cache kept in a
        file reads them in a few queries instead of one each."""

    def _get(self, stage: str, key: str) -> Any:
        self._used.add((stage, key))
        return self._entries.get((stage, key))

    def _put(self, stage: str, key: str, value: Any) -> None:
        self._used.add((stage, key))
        self._entries[(stage, key)] = value


class StoredCache(StageCache):
    """The same cache, read from and written to the state file (`database.py`)."""

    def __init__(self, cache: Path, connection: sqlite3.Connection | None) -> None:
        super().__init__()
        self._folder, self._db = cache, connection
        self.damaged = False
        """A row did not decode to its type: the file is discarded, nothing more is read."""
        self._known: Known = {}
        try:
            self._known = database.read_known(connection, "sources") if connection else {}
        except sqlite3.Error:
            self.damaged = True
        self.stamps = Stamps(self._known)
        self._read: dict[tuple[str, str], Any] = {}
        """Rows read from the file: kept for `in_memory`, never written back."""
        self._fetched: dict[tuple[str, str], bytes | None] = {}
        """Rows read ahead (`prefetch`), not decoded yet; None for a key the file lacks."""
        self.lazy_texts = False
        """Rendered bodies are read without their text, which is read when a page shows it
        (`html_of`), and documents without their body, read when it is rendered again
        (`with_body`): only while this cache stays open, as `sitegen build` keeps it."""
        self.lazy_bodies = False
        self._held: set[tuple[str, str]] = set()
        """The texts and bodies the file holds, of the values read ahead without them."""
        self._pending: dict[tuple[str, str], bytes] = {}
        """Texts and bodies this build made, not written to the file yet (`_write_through`)."""
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
                if (text := _APART.get(stage)) is None:
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

    def put_markdown(self, key: str, markdown: Markdown) -> Markdown:
        """With `lazy_texts`, the text goes to the state file, a few megabytes at a time, and
        the body is kept without it: a first build does not hold ten thousand texts."""
        rendered, diagnostics = markdown
        if self.lazy_texts and not rendered.stored and self._write_through(TEXTS, key, rendered):
            markdown = (replace(rendered, html="", stored=True), diagnostics)
        return super().put_markdown(key, markdown)

    def put_document(self, key: str, parsed: Parsed) -> None:
        """With `lazy_bodies`, the body goes to the state file the same way; the document is
        kept without it, and the build goes on with it whole until `without_body`."""
        doc, diagnostics = parsed
        if self.lazy_bodies and doc is not None and self._write_through(BODIES, key, doc):
            parsed = (replace(doc, body="", stored=True), diagnostics)
        super().put_document(key, parsed)

    def without_body(self, doc: Document) -> Document:
        if doc.stored or (BODIES, doc.key) not in self._held:
            return doc
        return replace(doc, body="", stored=True)

    def _write_through(self, stage: str, key: str, value: Rendered | Document) -> bool:
        """Whether the text of `value` is on its way to the state file."""
        text = value.html if isinstance(value, Rendered) else value.body
        try:
            self._pending[(stage, key)] = data = _codec(TEXTS).encode(text)
        except (TypeError, ValueError, OverflowError):  # kept whole; `save` leaves it out
            return False
        self._held.add((stage, key))
        self._pending_bytes += len(data)
        if self._pending_bytes > _PENDING_BYTES:
            self._write_pending()
        return True

    def _write_pending(self) -> None:
        """Write the pending texts; kept in memory when the file cannot be written."""
        try:
            db = self._db = self._db or database.made(self._folder, stamp())
            with database.transaction(db):
                for (stage, key), data in self._pending.items():
                    db.execute(
                        f"INSERT OR REPLACE INTO {_TABLES[stage]} VALUES (?, ?)", (key, data)
                    )
        except (OSError, sqlite3.Error, database.Foreign, database.Unreadable):
            return  # `save` says why
        self._pending, self._pending_bytes = {}, 0

    def _lazy(self, stage: str) -> bool:
        return self.lazy_texts if stage == "markdown" else self.lazy_bodies

    def html_of(self, rendered: Rendered) -> str:
        if not rendered.stored:
            return rendered.html
        return self._stored_text(TEXTS, rendered.key)

    def _stored_text(self, stage: str, key: str) -> str:
        if (stage, key) in self._pending:
            pending: str = _codec(TEXTS).decode(self._pending[(stage, key)])
            return pending
        if self._db is None:
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
            if found is not None and stage in _APART:
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
        return None if data is None else _codec(stage).decode(data)

    def _with_text(self, stage: str, key: str, found: Parsed | Markdown) -> Any:
        """A rendered body or a document as stored (`stored`: its text is read when needed)
        or with its text; None when the file lacks its text."""
        value, diagnostics = found
        text = _APART[stage]
        if value is None:  # a file that could not be parsed has no body
            return found
        if self._lazy(stage):
            return found if (text, key) in self._held else None
        full: str | None = self._read_value(text, key)
        return None if full is None else (_joined(value, full), diagnostics)

    def in_memory(self) -> StageCache:
        """What this build used, read or made, as a cache in memory alone: the dev server's,
        after a first build that started from the state `sitegen build` left."""
        kept = StageCache()
        used = self._read | self._entries
        kept._entries = {k: v for k, v in used.items() if k in self._used}
        kept._used = set(kept._entries)
        kept.stamps = Stamps(self.stamps.read)
        kept._kept, kept.lasting = self._kept, self.lasting
        self.close()
        return kept

    def save(self) -> None:
        """Add the new entries and drop those this build did not use, in one transaction."""
        if self.damaged:
            self.close()
            database.discard(self._folder)
        db = self._db = self._db or database.made(self._folder, stamp())
        self.damaged = False
        self._write_pending()
        if self._pending:
            raise sqlite3.OperationalError(f"{self._folder / STATE_FILE} cannot be written")
        new = any(entry in self._used for entry in self._entries)
        (count,) = db.execute("SELECT count(*) FROM entries").fetchone()
        if not new and count == len(self._used) and self.stamps.read == self._known:
            return
        with database.transaction(db):
            # Each row is a fact of its own (a file's key by its stat), whoever wrote it.
            database.write_known(db, "sources", self.stamps.read, self._known)
            # Encoded one by one as SQLite takes them, never all at once: a first build's
            # texts are hundreds of megabytes. The texts go first: a value whose text has no
            # stored form is not stored either.
            for stage, text in _APART.items():
                rows = self._encoded_texts(stage)
                db.executemany(f"INSERT OR REPLACE INTO {_TABLES[text]} VALUES (?, ?)", rows)
            db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", self._encoded())
            db.execute("CREATE TEMP TABLE used (stage TEXT, key TEXT, PRIMARY KEY (stage, key))")
            db.executemany("INSERT INTO used VALUES (?, ?)", self._used)
            db.execute(
                "DELETE FROM entries WHERE NOT EXISTS (SELECT 1 FROM used"
                " WHERE used.stage = entries.stage AND used.key = entries.key)"
            )
            for stage, text in _APART.items():
                table = _TABLES[text]
                db.execute(
                    f"DELETE FROM {table} WHERE NOT EXISTS (SELECT 1 FROM used"
                    f" WHERE used.stage = '{stage}' AND used.key = {table}.key)"
                )

    def _encoded(self) -> Iterator[tuple[str, str, bytes]]:
        for (stage, key), value in self._entries.items():
            if (stage, key) not in self._used:
                continue
            if stage in _APART and value[0] is not None:  # the text apart, read when needed
                value = (_stripped(value[0]), value[1])
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
            text = value.html if isinstance(value, Rendered) else value.body
            try:
                yield key, _codec(TEXTS).encode(text)
            except (TypeError, ValueError, OverflowError):  # half a character
                self._used.discard((stage, key))

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


TEXTS = "html"
"""The rendered bodies' texts, each under its body's key in a table of their own (`texts`):
which are there is read from its index without reading them."""
BODIES = "body"
"""The documents' bodies, the same way (`bodies`)."""
_APART = {"markdown": TEXTS, "documents": BODIES}
"""The stages whose values keep their long text apart, and that text's own stage."""
_TABLES = {TEXTS: "texts", BODIES: "bodies"}


def _stripped(value: Rendered | Document) -> Rendered | Document:
    if isinstance(value, Rendered):
        return replace(value, html="", stored=True)
    return replace(value, body="", stored=True)


def _joined(value: Rendered | Document, text: str) -> Rendered | Document:
    if isinstance(value, Rendered):
        return replace(value, html=text, stored=False)
    return replace(value, body=text, stored=False)


_BATCH = 500
_PENDING_BYTES = 8 << 20
"""Texts written to the state file at once while they are made."""
"""Keys in one query: well under SQLite's oldest limit of 999 parameters."""
_STAGES: dict[str, Any] = {
    "sources": Discovered,
    "documents": Parsed,
    "markdown": Markdown,
    TEXTS: str,
    BODIES: str,
    "search": tuple[OutputFile, ...],
    "related": tuple[tuple[int, ...], ...],
}


@cache
def _codec(stage: str) -> Codec[Any]:
    return Codec(_STAGES[stage])


def key(*parts: object) -> str:
    """A stable key for the given parts (text, bytes, numbers, tuples of them)."""
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part if isinstance(part, bytes) else repr(part).encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


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


def save(cache: StoredCache) -> list[str]:
    """Write the cache; notes (not errors) on what went wrong with it."""
    damaged = f"{CACHE_FOLDER}/{STATE_FILE} held a damaged entry: discarded"
    was_damaged = cache.damaged
    try:
        cache.save()
    except (sqlite3.Error, OSError, database.Foreign, database.Unreadable) as exc:
        return [f"the build cache could not be saved ({exc}); the next build starts afresh"]
    return [damaged] if was_damaged else []


def folder(root: Path) -> Path:
    """The cache folder of the site at `root`, there or not; OSError when something else
    holds its name (a file, or a link that could lead sitegen's writes out of the project)."""
    path = root / CACHE_FOLDER
    try:
        info = path.lstat()
    except FileNotFoundError:
        return path
    if not stat.S_ISDIR(info.st_mode):
        raise NotADirectoryError(f"{CACHE_FOLDER} is not a folder")
    return path


def clean(root: Path) -> bool:
    """Delete the site's cache folder; False when there was none."""
    path = root / CACHE_FOLDER
    if path.is_symlink():  # delete the link, never what it leads to
        path.unlink()
        return True
    if not path.is_dir():
        return False
    shutil.rmtree(path)
    return True


@lru_cache(maxsize=1)
def stamp() -> str:
    """What made the cache: sitegen's code, its libraries and Python."""
    package = Path(__file__).parent.parent
    sources = sorted(package.rglob("*.py"))
    return key(sys.version_info[:2], _versions(), *(p.read_bytes() for p in sources))


def _versions() -> list[str]:
    """The version of each of `_LIBRARIES` installed, "?" for one that is not, as
    `importlib.metadata.version` finds it (the first `.dist-info` folder along the path,
    whose name holds the version) without importing its parsers, which a build with
    nothing changed would spend a tenth of its time on."""
    found: dict[str, str] = {}
    for place in sys.path:
        try:
            names = os.listdir(place or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info"):
                project, _, number = name.removesuffix(".dist-info").partition("-")
                found.setdefault(_normal(project), number)
    return [found.get(_normal(name), "?") for name in _LIBRARIES]


def _normal(project: str) -> str:
    """A project's name as packaging compares them: `PyYAML`, `pyyaml` and `py_yaml` alike."""
    return re.sub(r"[-_.]+", "-", project).lower()
