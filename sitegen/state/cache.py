"""The build cache: results of the pure stages, kept between builds in `.sitegen-cache/`.

Each result is keyed by a hash of everything it depends on (the file's bytes, the settings
it reads, the names of the audio files) and the whole cache by a stamp of the code that made
it (sitegen's own source and the versions of the libraries that shape the output). A cache
that cannot be read, or was made by other code, is discarded, never trusted. Its stamp and
each value are sealed with this user's key (`sealed.py`): a cache from someone else's tree
is discarded the same way, unread.

On disk the cache is one SQLite file: a build reads only the entries it asks for and writes
only the new ones, so an edit to one post of ten thousand costs one row, not the whole cache.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import stat
import sys
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from sitegen.model import Document, OutputFile, Rendered
from sitegen.project.errors import Diagnostic
from sitegen.state import sealed

CACHE_FOLDER = ".sitegen-cache"
CACHE_FILE = "stages.sqlite"
_LIBRARIES = (
    "markdown-it-py",
    "mdit-py-plugins",
    "linkify-it-py",
    "pygments",
    "latex2mathml",
    "babel",
    "pyyaml",
    "python-slugify",
)
"""The libraries whose version changes what a stage produces."""

Parsed = tuple[Document | None, tuple[Diagnostic, ...]]
Markdown = tuple[Rendered, tuple[Diagnostic, ...]]


class StageCache:
    """Results of the pure stages by key, kept in memory (the dev server keeps one between
    builds); what a build used is what it keeps."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str], Any] = {}
        self._used: set[tuple[str, str]] = set()

    def get_document(self, key: str) -> Parsed | None:
        found: Parsed | None = self._get("documents", key)
        return found

    def get_markdown(self, key: str) -> Markdown | None:
        found: Markdown | None = self._get("markdown", key)
        return found

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

    def put_markdown(self, key: str, markdown: Markdown) -> None:
        self._put("markdown", key, markdown)

    def put_search(self, key: str, index: tuple[OutputFile, ...]) -> None:
        self._put("search", key, index)

    def forget_unused(self) -> None:
        """Drop what the last build did not ask for: deleted posts, old versions of a body."""
        self._entries = {k: v for k, v in self._entries.items() if k in self._used}
        self._used = set()

    def _get(self, stage: str, key: str) -> Any:
        self._used.add((stage, key))
        return self._entries.get((stage, key))

    def _put(self, stage: str, key: str, value: Any) -> None:
        self._used.add((stage, key))
        self._entries[(stage, key)] = value


class StoredCache(StageCache):
    """The same cache, read from and written to `.sitegen-cache/stages.sqlite`."""

    def __init__(self, path: Path, connection: sqlite3.Connection | None) -> None:
        super().__init__()
        self._path, self._db = path, connection
        self.damaged = 0
        """Entries that could not be read back: each was treated as missing."""

    def _get(self, stage: str, key: str) -> Any:
        found = super()._get(stage, key)
        if found is not None or self._db is None:
            return found
        try:
            row = self._db.execute(
                "SELECT value FROM entries WHERE stage = ? AND key = ?", (stage, key)
            ).fetchone()
            return None if row is None else sealed.loads(row[0], f"{stage}\0{key}")
        except Exception:  # a damaged or foreign row is a miss; saving replaces it
            self.damaged += 1
            return None

    def save(self) -> None:
        """Add the new entries and drop those this build did not use, in one transaction."""
        new = [(s, k, sealed.dumps(v, f"{s}\0{k}")) for (s, k), v in self._entries.items()]
        db = self._db = self._db or _create(self._path)
        (count,) = db.execute("SELECT count(*) FROM entries").fetchone()
        if not new and count == len(self._used):
            return
        with db:
            db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", new)
            db.execute("CREATE TEMP TABLE used (stage TEXT, key TEXT, PRIMARY KEY (stage, key))")
            db.executemany("INSERT INTO used VALUES (?, ?)", self._used)
            db.execute(
                "DELETE FROM entries WHERE NOT EXISTS (SELECT 1 FROM used"
                " WHERE used.stage = entries.stage AND used.key = entries.key)"
            )

    def close(self) -> None:
        if self._db is not None:
            self._db.close()


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
    path = root / CACHE_FOLDER / CACHE_FILE
    note = ""
    try:
        folder(root)
        sealed.user_key()
    except OSError as exc:
        return None, [f"the build cache cannot be used ({exc}); building without it"]
    try:
        return _open(path), []
    except _Foreign:
        note = f"{CACHE_FOLDER}/ was made by other code: discarded"
    except (sqlite3.Error, OSError):
        note = f"{CACHE_FOLDER}/{CACHE_FILE} could not be read: discarded"
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        return None, [f"the build cache cannot be used ({exc}); building without it"]
    return StoredCache(path, None), [note]


def save(cache: StoredCache) -> list[str]:
    """Write the cache; notes (not errors) on what went wrong with it."""
    damaged = f"{cache.damaged} damaged entries of {CACHE_FOLDER}/ discarded"
    try:
        cache.save()
    except (sqlite3.Error, OSError) as exc:
        return [f"the build cache could not be saved ({exc}); the next build starts afresh"]
    return [damaged] if cache.damaged else []


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


class _Foreign(Exception):
    pass


def _open(path: Path) -> StoredCache:
    """The cache file as it is; a build that fails before saving leaves no file behind."""
    for journal in ("-journal", "-wal", "-shm"):  # SQLite would write through a planted link
        _unlink_link(path.with_name(path.name + journal))
    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            raise sqlite3.DatabaseError(f"{CACHE_FILE} is not a file")
    except FileNotFoundError:
        return StoredCache(path, None)
    db = sqlite3.connect(path, timeout=30)
    try:
        db.execute("PRAGMA trusted_schema = OFF")
        found = db.execute("SELECT value FROM meta WHERE name = 'stamp'").fetchone()
        db.execute("SELECT 1 FROM entries LIMIT 1")
    except BaseException:
        db.close()
        raise
    if found is None or found[0] != sealed.seal(stamp()):
        db.close()
        raise _Foreign
    return StoredCache(path, db)


def _create(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(exist_ok=True)
    db = sqlite3.connect(path, timeout=30)
    with db:
        db.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT)")
        db.execute(
            "CREATE TABLE entries (stage TEXT, key TEXT, value BLOB, PRIMARY KEY (stage, key))"
        )
        db.execute("INSERT INTO meta VALUES ('stamp', ?)", (sealed.seal(stamp()),))
    return db


def _unlink_link(path: Path) -> None:
    if path.is_symlink():
        path.unlink()


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
    versions: list[Any] = [_version(name) for name in _LIBRARIES]
    return key(sys.version_info[:2], versions, *(p.read_bytes() for p in sources))


def _version(name: str) -> str:
    try:
        return version(name)
    except Exception:
        return "?"
