"""The last build, remembered: its inputs, what it wrote and what it said.

A build is a pure function of its inputs (the content, the theme, the configuration and the
code), so when none of them changed and the output folder is as sitegen left it, the site on
disk is already the answer: the build only repeats the last one's warnings. The record also
lists each page's key, so that a build after an edit reuses the pages the edit left alone.

The record lives in the state file (`database.py`): a summary (`build`), each page's key
(`pages`) and the listing of the output (`written`), as rows that can be looked up alone.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from sitegen.project.errors import Diagnostic, Problems
from sitegen.project.files import MAX_COPIED_BYTES, boundary, read_file, walk
from sitegen.project.paths import is_output
from sitegen.settings.config import SiteConfig
from sitegen.state import database
from sitegen.state.cache import folder as cache_folder
from sitegen.state.cache import stamp
from sitegen.state.codec import Codec, Damaged

Written = dict[str, tuple[int, int, int]]
"""Each file of the output folder: size, modification time and change time. The change time
cannot be set back (`touch -d` and editors that keep the modification time can), so a file
edited by hand never passes for the one sitegen wrote. Each folder too, by its path and a
final `/` (the output folder itself as ""): a name made, deleted or renamed in a folder
changes its times, so folders as listed hold no name the listing does not know."""


@dataclass(frozen=True, slots=True)
class LastBuild:
    inputs: str
    output: str
    written: Written
    pages: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    """Output path -> the key of everything its template read, and the site paths of the
    entries whose text it showed."""
    warnings: tuple[Diagnostic, ...] = ()
    notes: tuple[str, ...] = ()
    html_pages: int = 0
    files: int = 0
    built_at: datetime | None = None
    """The build's "now" (`SOURCE_DATE_EPOCH` can move it back)."""
    until: datetime | None = None
    """When a scheduled post comes out, or a date said to be in the future has passed: the
    site or its warnings change then, with no edit."""

    def still_current(self, inputs: str, out: Path, now: datetime) -> bool:
        """True when this build would write what is already in `out`: same inputs, no post
        whose date lies between the two builds' "now", and the output as sitegen left it."""
        return (
            self.inputs == inputs
            and self.output == str(out)
            and (self.built_at is None or self.built_at <= now)
            and (self.until is None or now < self.until)
            and written(out) == self.written
        )


def input_digest(
    config: SiteConfig, folders: list[Path], files: list[Path], *context: object
) -> str:
    """A hash of every input of a build: the code, the settings and every file it may read
    (the files of `folders` and the `files` named at the root)."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{stamp()}\0{config!r}\0{context!r}\0".encode("utf-8", "surrogatepass"))
    dated_by_file = config.dialect != "sitegen"  # an undated Jekyll or Hugo post
    # The files at the root are named by the tree, no walk has checked where they lead.
    named = [(path, config.root) for path in files]
    for path, inside in [*named, *((path, None) for path in _files(folders, config.root))]:
        digest.update(f"{path}\0".encode("utf-8", "surrogateescape"))
        try:
            data, status = read_file(path, MAX_COPIED_BYTES, inside)
            digest.update(data)
            if dated_by_file:
                digest.update(status.st_mtime_ns.to_bytes(16, "little"))
        except OSError as exc:  # the build itself will say what is wrong with it
            digest.update(repr(exc).encode())
    return digest.hexdigest()


def _files(folders: list[Path], root: Path) -> list[Path]:
    """The files the build's walks may read (the same rules: no link out, no pipe), the
    theme's own folders within themselves."""
    found: list[Path] = []
    for folder in folders:
        for here, dirnames, filenames in walk(folder, boundary(folder, root), Problems()):
            dirnames[:] = [d for d in dirnames if not is_output(here / d)]
            found.extend(here / name for name in filenames)
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


def times(info: os.stat_result) -> tuple[int, int, int]:
    """What the listing keeps of a file or folder."""
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns


_SUMMARY: Codec[LastBuild] = Codec(LastBuild)
_TEXTS: Codec[tuple[str, ...]] = Codec(tuple[str, ...])


def load(root: Path) -> LastBuild | None:
    """The record of the last build, or None when there is none to trust.

    A build that reuses nothing (`--no-cache`) reads it too: it is not a result to reuse but
    the only word on which files of the output are sitegen's.
    """
    try:
        db = database.connect(cache_folder(root), stamp())
    except Exception:  # a cache folder or file it cannot read: the stage cache says so
        return None
    if db is None:
        return None
    try:
        return _read(db)
    except Exception:  # another build wrote it meanwhile, damaged: the build does its work
        return None
    finally:
        db.close()


def _read(db: sqlite3.Connection) -> LastBuild | None:
    """The record as the state file holds it: its summary, then each page's key and each
    file of the listing, every one of the type it is written as."""
    row = db.execute("SELECT value FROM build WHERE name = 'last'").fetchone()
    if row is None:
        return None
    pages = {
        _name(p): (_text(k), _TEXTS.decode(t))
        for p, k, t in db.execute("SELECT path, key, texts FROM pages")
    }
    listing = db.execute("SELECT path, size, mtime, ctime FROM written")
    files = {_name(p): (_number(s), _number(m), _number(c)) for p, s, m, c in listing}
    return replace(_SUMMARY.decode(row[0]), pages=pages, written=files)


def _name(value: object) -> str:
    """A file's name, kept as bytes: a name that is not UTF-8 is one too."""
    if type(value) is not bytes:
        raise Damaged(f"expected a name, found {type(value).__name__}")
    return value.decode("utf-8", "surrogateescape")


def _text(value: object) -> str:
    if type(value) is not str:
        raise Damaged(f"expected text, found {type(value).__name__}")
    return value


def _number(value: object) -> int:
    if type(value) is not int:
        raise Damaged(f"expected a number, found {type(value).__name__}")
    return value


database.also_check(_read)


def written_by(record: LastBuild | None, out: Path) -> Written:
    """What the last build wrote in `out`, by its record: empty when it wrote elsewhere."""
    return record.written if record is not None and record.output == str(out) else {}


def _bytes(name: str) -> bytes:
    return name.encode("utf-8", "surrogateescape")


def save(root: Path, record: LastBuild) -> None:
    """Replace the record in the state file, in one transaction with its pages and listing."""
    try:
        summary = _SUMMARY.encode(replace(record, pages={}, written={}))
    except (TypeError, ValueError, OverflowError):  # a message holding half a character
        return
    with suppress(OSError, sqlite3.Error, database.Foreign, database.Unreadable):
        # the stage cache reports an unwritable folder or file already
        db = database.made(cache_folder(root), stamp())
        try:
            with database.transaction(db):
                db.execute("INSERT OR REPLACE INTO build VALUES ('last', ?)", (summary,))
                db.execute("DELETE FROM pages")
                pages = (
                    (_bytes(path), key, _TEXTS.encode(texts))
                    for path, (key, texts) in record.pages.items()
                )
                db.executemany("INSERT INTO pages VALUES (?, ?, ?)", pages)
                db.execute("DELETE FROM written")
                rows = ((_bytes(path), *stat) for path, stat in record.written.items())
                db.executemany("INSERT INTO written VALUES (?, ?, ?, ?)", rows)
        finally:
            db.close()
