"""The last build, remembered: its inputs, what it wrote and what it said.

A build is a pure function of its inputs (the content, the theme, the configuration and the
code), so when none of them changed and the output folder is as sitegen left it, the site on
disk is already the answer: the build only repeats the last one's warnings. The record also
lists each page's key, so that a build after an edit reuses the pages the edit left alone.

Whether an input changed is asked of its stat first, as version control systems do: a file
whose stat is the one it had when last read is not read again (`stamps.py`), so a build
with nothing changed reads no file of the blog.

The record lives in the state file (`database.py`): a summary, the listings of the output
and of the spare, and the key of each input by its stat, each a value of the `build` table
(tens of thousands of entries read by msgspec's typed decoder at once), and each page's key
(`pages`, rows looked up alone).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from sitegen.project.errors import Diagnostic, Problems
from sitegen.project.files import MAX_COPIED_BYTES, boundary, read_file, walk
from sitegen.project.paths import is_output
from sitegen.settings.config import SiteConfig
from sitegen.state import database
from sitegen.state.cache import PageFacts, stamp
from sitegen.state.cache import folder as cache_folder
from sitegen.state.codec import Codec
from sitegen.state.database import path_bytes
from sitegen.state.pagerows import PageKey, PageKeys, PageRows, page_row, read_pages
from sitegen.state.stamps import Known, Stamps, Stat, stat_of

T = TypeVar("T")

Written = dict[str, tuple[int, int, int]]
"""Each file of the output folder: size, modification time and change time. The change time
cannot be set back (`touch -d` and editors that keep the modification time can), so a file
edited by hand never passes for the one sitegen wrote. Each folder too, by its path and a
final `/` (the output folder itself as ""): a name made, deleted or renamed in a folder
changes its times, so folders as listed hold no name the listing does not know."""


@dataclass
class SearchRecord:
    """What a search index was made of: each page's facts (`searchbundles.Page` but its
    file), by path, and each bundle's key; a build after text edits indexes again from it
    (`publish/textedits.py`)."""

    pages: dict[str, PageFacts] = field(default_factory=dict)
    bundles: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class LastBuild:
    inputs: str
    output: str
    written: Written
    read: Known = field(default_factory=dict)
    """The key of each input file's bytes by its stat, for the next build's `input_digest`."""
    warnings: tuple[Diagnostic, ...] = ()
    notes: tuple[str, ...] = ()
    html_pages: int = 0
    files: int = 0
    built_at: datetime | None = None
    """The build's "now" (`SOURCE_DATE_EPOCH` can move it back)."""
    until: datetime | None = None
    """When a scheduled post comes out, or a date said to be in the future has passed: the
    site or its warnings change then, with no edit."""
    settings: str = ""
    """The key of the code and settings the inputs were read under (`Inputs.settings`)."""
    spare: Written = field(default_factory=dict)
    """What the spare folder holds (the site before this one, `output/patch.py`), when the
    build listed it."""
    changed: tuple[str, ...] = ()
    """The files of the output that differ from the spare's."""
    searched: SearchRecord = field(default_factory=SearchRecord)
    """What its search index was made of (empty without one)."""

    def still_current(self, inputs: str, out: Path, now: datetime) -> bool:
        """True when this build would write what is already in `out`: same inputs, no post
        whose date lies between the two builds' "now", and the output as sitegen left it."""
        return (
            self.inputs == inputs
            and self.output == str(out)
            and (self.built_at is None or self.built_at <= now)
            and (self.until is None or now < self.until)
            and as_listed(out, self.written)
        )


@dataclass(frozen=True, slots=True)
class Inputs:
    """Every input of a build, as keys."""

    digest: str
    """A hash of them all."""
    read: Known
    """The key of each file's bytes by its stat, for the next build."""
    settings: str
    """The key of the code and the settings (all but the files)."""
    keys: dict[str, str]
    """The key of each file's bytes, by its path."""

    def edited(self, last: LastBuild) -> list[str]:
        """The files that are new, gone or changed since `last` read its inputs."""
        before = {name: value[2] for name, value in last.read.items()}
        return sorted(
            n for n in before.keys() | self.keys.keys() if before.get(n) != self.keys.get(n)
        )


def input_digest(
    config: SiteConfig, folders: list[Path], files: list[Path], known: Known, *context: object
) -> Inputs:
    """Every input of a build: the code, the settings and every file it may read (the files
    of `folders` and the `files` named at the root). A file `known` with the same stat is not
    read."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{stamp()}\0{config!r}\0{context!r}\0".encode("utf-8", "surrogatepass"))
    stamps = Stamps(known)
    # The files at the root are named by the tree, no walk has checked where they lead: they
    # are read each time, through the check of where they lead.
    for path in files:
        _add(digest, str(path), config.root, stamps, config)
    settings = digest.hexdigest()
    keys = {name: _add(digest, name, None, stamps, config) for name in _files(folders, config.root)}
    # A file changed just before it was read is read again next time (`stamps.settled`),
    # its key kept to tell whether it changed.
    unsettled = {
        name: (UNSETTLED, "", key) for name, key in keys.items() if name not in stamps.read
    }
    return Inputs(digest.hexdigest(), stamps.read | unsettled, settings, keys)


def _add(digest: Any, name: str, inside: Path | None, stamps: Stamps, config: SiteConfig) -> str:
    """Hash the file `name` into `digest`; the key of its bytes."""
    digest.update(f"{name}\0".encode("utf-8", "surrogateescape"))
    try:
        info, key = _file_key(name, inside, stamps)
        digest.update(key.encode())
        if config.dialect != "sitegen":  # Jekyll and Hugo date an undated post by its file
            digest.update(info[1].to_bytes(16, "little"))
    except OSError as exc:  # the build itself will say what is wrong with it
        key = repr(exc)
        digest.update(key.encode())
    return key


def _file_key(name: str, inside: Path | None, stamps: Stamps) -> tuple[Stat, str]:
    """The file's stat and the key of its bytes: known by its stat, or read."""
    info, key = (None, None) if inside is not None else stamps.key(name, "")
    if key is not None and info is not None:
        return info, key
    data, status = read_file(Path(name), MAX_COPIED_BYTES, inside)
    key = hashlib.blake2b(data, digest_size=20).hexdigest()
    if inside is None:
        stamps.remember(name, info, "", key)  # the stat taken before the read
    return stat_of(status), key


def _files(folders: list[Path], root: Path) -> list[str]:
    """The files the build's walks may read (the same rules: no link out, no pipe), the
    theme's own folders within themselves."""
    found: list[str] = []
    for folder in folders:
        for here, dirnames, filenames in walk(folder, boundary(folder, root), Problems()):
            dirnames[:] = [d for d in dirnames if not is_output(here / d)]
            found.extend(os.path.join(here, name) for name in filenames)
    return found


def written(out: Path) -> Written:
    """What is in the output folder now, as cheaply as the file system can say it."""
    found: Written = {}
    try:
        found[""] = times(os.lstat(out))
    except OSError:
        return found
    pending = [(str(out), "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            name = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                name += "/"
                pending.append((entry.path, name))
            found[name] = times(entry.stat(follow_symlinks=False))
    return found


def as_listed(out: Path, listing: Written) -> bool:
    """Whether `out` is as `listing` says, by one stat of each file and folder listed and no
    read of a folder: a name made, deleted or renamed in a folder changes its times."""
    base = f"{out}{os.sep}"
    try:
        return bool(listing) and all(
            times(os.lstat(base + name.rstrip("/") if name else out)) == listed
            for name, listed in listing.items()
        )
    except OSError:
        return False


def is_folder(name: str) -> bool:
    """Whether a name of a listing is a folder's (the listed folder itself is "")."""
    return not name or name.endswith("/")


def files_of(listing: Written) -> Written:
    """The files of a listing, without its folders."""
    return {name: seen for name, seen in listing.items() if not is_folder(name)}


def times(info: os.stat_result) -> tuple[int, int, int]:
    """What the listing keeps of a file or folder."""
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns


UNSETTLED: Stat = (-1, -1, -1, -1, -1)
"""The stat kept with the key of a file that had just changed when it was read: no file
has it, so the file is read again."""
_SUMMARY: Codec[LastBuild] = Codec(LastBuild)
_CODECS: dict[str, Codec[Any]] = {
    "written": Codec(Written),
    "spare": Codec(Written),
    "read": Codec(Known),
    "searched": Codec(SearchRecord),
}
_PARTS = tuple(_CODECS)
_MARKS = ", ".join("?" * len(_PARTS))
_DECODED: list[tuple[tuple[sqlite3.Connection, int, int], LastBuild]] = []
"""The last record decoded, with the connection it was read through and the file's version
that connection saw (`PRAGMA data_version`, and its own changes): read again through it,
while nothing was written, it is the same record (its megabytes are not read twice)."""


def load(root: Path) -> LastBuild | None:
    """The record of the last build, or None when there is none to trust.

    A build that reuses nothing (`--no-cache`) reads it too: it is not a result to reuse but
    the only word on which files of the output are sitegen's.
    """
    record = reading(root, _read)
    _DECODED.clear()  # the dev server lives on: what it decoded to check goes with the build
    return record


def page_keys(root: Path) -> PageKeys | None:
    """The key of each page the last build wrote; None when they cannot be read."""
    return reading(root, read_pages)


def reading(root: Path, read: Callable[[sqlite3.Connection], T]) -> T | None:
    with opened(root) as db:
        try:
            return read(db) if db is not None else None
        except Exception:  # another build wrote it meanwhile, damaged: the build does its work
            return None


@contextmanager
def opened(root: Path) -> Iterator[sqlite3.Connection | None]:
    """The state file, open in the block; None when there is none to read."""
    try:
        db = database.connect(cache_folder(root), stamp())
    except Exception:  # a cache folder or file it cannot read: the stage cache says so
        db = None
    try:
        yield db
    finally:
        if db is not None:
            db.close()


def _read(db: sqlite3.Connection) -> LastBuild | None:
    """The record as the state file holds it: its summary, its listings and its inputs' keys,
    each of the type it is written as."""
    seen = (db, db.execute("PRAGMA data_version").fetchone()[0], db.total_changes)
    if _DECODED and _DECODED[0][0] == seen:  # decoded when the file was checked, just before
        return _DECODED[0][1]
    parts = dict(
        db.execute(f"SELECT name, value FROM build WHERE name IN ('last', {_MARKS})", _PARTS)
    )
    if "last" not in parts:
        return None
    found = {name: codec.decode(parts[name]) for name, codec in _CODECS.items() if name in parts}
    record = replace(_SUMMARY.decode(parts["last"]), **found)
    _DECODED[:] = [(seen, record)]
    return record


def _check(db: sqlite3.Connection) -> None:
    """The record decodes to its types (`database.connect` checked the types of the rows)."""
    _read(db)


database.also_check(_check)


def written_by(record: LastBuild | None, out: Path) -> Written:
    """What the last build wrote in `out`, by its record: empty when it wrote elsewhere."""
    return record.written if record is not None and record.output == str(out) else {}


def save(
    root: Path,
    record: LastBuild,
    pages: PageKeys,
    before: tuple[LastBuild, Mapping[str, PageKey]] | None = None,
    also: Callable[[sqlite3.Connection, bool], None] | None = None,
) -> None:
    """Replace the record in the state file, in one transaction with its pages (and what
    `also` writes, told whether `before` held): only the rows that differ from `before`'s,
    when `before` is the record the file still holds; with `before`'s pages as rows of the
    file (`PageRows`), `pages` holds those that changed."""
    try:
        summary = _SUMMARY.encode(_summary(record))
        parts = [(name, codec.encode(getattr(record, name))) for name, codec in _CODECS.items()]
    except (TypeError, ValueError, OverflowError):  # a message or name holding half a character
        return
    with suppress(OSError, sqlite3.Error, database.Foreign, database.Unreadable):
        # the stage cache reports an unwritable folder or file already
        db = database.made(cache_folder(root), stamp())
        try:
            with database.transaction(db):
                last = before if before is not None and _holds(db, before[0]) else None
                db.execute("INSERT OR REPLACE INTO build VALUES ('last', ?)", (summary,))
                if last is not None and isinstance(last[1], PageRows):
                    rows = [(path_bytes(p), *page_row(key)) for p, key in pages.items()]
                    db.executemany("INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?)", rows)
                else:
                    old = last[1] if last is not None else None
                    database.write_rows(db, "pages", pages, old, page_row)
                db.executemany("INSERT OR REPLACE INTO build VALUES (?, ?)", parts)
                if also is not None:
                    also(db, last is not None)
        finally:
            db.close()


def _summary(record: LastBuild) -> LastBuild:
    """The record but its listings and inputs, kept apart: read by a typed decoder at once."""
    return replace(record, written={}, read={}, spare={}, searched=SearchRecord())


def _holds(db: sqlite3.Connection, record: LastBuild) -> bool:
    """Whether the file holds the very `record` (no other build wrote meanwhile)."""
    row = db.execute("SELECT value FROM build WHERE name = 'last'").fetchone()
    try:
        return row is not None and row[0] == _SUMMARY.encode(_summary(record))
    except (TypeError, ValueError, OverflowError):
        return False
