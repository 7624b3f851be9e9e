"""The only writer: checked, contained, atomic output."""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from itertools import accumulate
from pathlib import Path

from sitegen.model import OnDisk, OutputFile, marks_of
from sitegen.output.exchange import exchange
from sitegen.project.errors import OutputError
from sitegen.project.paths import MARKER, name_too_long
from sitegen.state.lastbuild import Written, times, written
from sitegen.urls import is_contained

MARKER_TEXT = b"This folder is written by sitegen; it is replaced on every build.\n"


def is_sitegens(folder: Path) -> bool:
    """A folder of sitegen's: a real folder, not a link to one, holding the marker file."""
    try:
        marker = (folder / MARKER).lstat()
        return stat.S_ISDIR(folder.lstat().st_mode) and stat.S_ISREG(marker.st_mode)
    except OSError:
        return False


def write_site(
    files: Iterable[OutputFile], out: Path, force: bool = False, spare: Path | None = None
) -> int:
    """Write the site whole (`SiteWriter`); the number of files."""
    with SiteWriter(out, force, spare) as writer:
        for item in files:
            writer.place(item)
        return writer.finish()


class SiteWriter:
    """The new site, written into a sibling folder as its files come, then swapped in: a
    failure, or a block left before `finish`, leaves `out` as it was.

    With `spare`, the replaced site is kept there; the next build starts from it and only
    writes what changed, instead of the whole site. With `force`, the replaced folder is
    deleted though it lost its marker (`check_output_dir` made sure sitegen wrote it all).
    """

    def __init__(self, out: Path, force: bool = False, spare: Path | None = None) -> None:
        self._out, self._force, self._spare = out, force, spare
        self._fresh = out.with_name(f".{out.name}.sitegen-new")
        self._stale = out.with_name(f".{out.name}.sitegen-old")
        self._made, self._kept = {""}, {MARKER}
        self._reused = self._finished = False
        self.listing: Written | None = None
        """What the new site holds (`lastbuild.written`), when `finish` read it whole."""
        self.spare_listing: Written = {}
        """What the spare holds after `finish`, when it listed the new site too."""
        self.anew: set[str] = set()
        """The files written, not linked from the last site."""

    def __enter__(self) -> SiteWriter:
        fresh, stale, out = self._fresh, self._stale, self._out
        if not out.exists() and is_sitegens(stale):
            os.replace(stale, out)  # a build was cut off between the two renames
        for leftover in (fresh, stale):
            if leftover.is_symlink():  # sitegen's own names: a link there is never followed
                leftover.unlink()
            remove_output(leftover)
        self._reused = self._spare is not None and _take(self._spare, fresh)
        try:
            # A folder left there that is not sitegen's is never filled: its files would
            # join the site.
            with self._failing():
                fresh.mkdir(parents=True, exist_ok=self._reused)
                mark_new(fresh)
        except BaseException:
            remove_output(fresh)
            raise
        return self

    def __exit__(self, *_: object) -> None:
        """Unfinished, the new site's folder goes back to being the spare: it holds, as the
        spare did, files some of which the next build may link (`_place` checks each)."""
        if self._finished:
            return
        if self._spare is not None and is_sitegens(self._fresh):
            keep_spare(self._fresh, self._spare)
        remove_output(self._fresh)

    def place(self, item: OutputFile) -> OutputFile:
        """Write `item` into the new site (a path that would leave it is not written: the
        build's check reports it); the file as the build goes on with it, its bytes left on
        disk."""
        if not is_contained(item.path) or any(map(name_too_long, item.path.split("/"))):
            return item
        # Paths as text: ten thousand `Path` joins cost an edit build a tenth of a second.
        target = f"{self._fresh}/{item.path}"
        if isinstance(item.content, OnDisk) and item.content.file == target:
            if item.path not in self._kept:
                self._adopt(item.path, target)
            return item  # placed already (a sink takes a file it gave as it is)
        with self._failing():
            parent = item.path.rpartition("/")[0]
            if parent not in self._made:
                make_folders(str(self._fresh), parent, self._made)
            if _place(f"{self._out}/{item.path}", target, item):
                self.anew.add(item.path)
        self._kept.add(item.path)
        data = item.content
        return (
            replace(item, content=OnDisk(target, marks_of(data)))
            if isinstance(data, bytes)
            else item
        )

    def _adopt(self, path: str, target: str) -> None:
        """Count in the new site a file that a worker forked from this writer placed."""
        parent = path.rpartition("/")[0]
        self._made.update(accumulate(parent.split("/"), lambda a, b: f"{a}/{b}"))
        self._kept.add(path)
        try:
            linked = _is_link_of(target, os.lstat(f"{self._out}/{path}"))
        except OSError:
            linked = False
        if not linked:
            self.anew.add(path)

    def finish(self) -> int:
        """Swap the new site in; the number of its files."""
        fresh, out = self._fresh, self._out
        listing: Written = {}
        with self._failing():
            if self._reused:
                _prune(fresh, self._kept, listing)
            replaced = swap_in(fresh, out, self._stale)
            if self._reused:
                listing[""] = times(os.lstat(out))
                self.listing = listing
        self._finished = True
        if self._force and replaced.is_dir() and not is_sitegens(replaced):
            shutil.rmtree(replaced)
        spare = self._spare
        if spare is not None and is_sitegens(replaced) and self._reused:
            keep_spare(replaced, spare)
        remove_output(replaced)
        if spare is not None and not self._reused and _cloned(out, spare):
            self.anew = set()
            self.listing = written(out)  # a link made changes its file's times
        if spare is not None and self.listing is not None and is_sitegens(spare):
            self.spare_listing = written(spare)
        return len(self._kept) - 1

    @contextmanager
    def _failing(self) -> Iterator[None]:
        try:
            yield
        except OSError as exc:
            raise OutputError(
                f"{self._out}: cannot write the site ({exc}); the previous site is intact"
            ) from exc


def mark_new(folder: Path) -> None:
    """Mark the new site's folder first, so that a build killed at any later moment leaves a
    folder the next build removes. A reused spare's marker is replaced whole, never missing."""
    if not is_sitegens(folder):
        (folder / MARKER).write_bytes(MARKER_TEXT)
        return
    temporary = folder / f"{MARKER}.new"
    clear(temporary)
    temporary.write_bytes(MARKER_TEXT)
    os.replace(temporary, folder / MARKER)


def swap_in(fresh: Path, out: Path, stale: Path) -> Path:
    """Put the new site in `out`'s place; where the replaced one now lies. In one step where
    the system can: a build killed between two renames would leave no site at `out` until the
    next build put the old one back."""
    if out.exists() and exchange(fresh, out):
        return fresh  # the old site, under the new one's former name
    if out.exists():
        os.replace(out, stale)
    os.replace(fresh, out)
    return stale


def _take(spare: Path, fresh: Path) -> bool:
    """Start from the site before last, when there is one on this file system. It lies in the
    cache folder, as untrusted as the blog: it must be a folder of sitegen's, in a real
    folder, and what it holds is never written or followed through (`SiteWriter.place`)."""
    try:
        if is_sitegens(spare) and stat.S_ISDIR(spare.parent.lstat().st_mode):
            os.replace(spare, fresh)
            return True
    except OSError:
        pass
    return False


def _place(previous: str, target: str, item: OutputFile) -> bool:
    """Link an unchanged file from the previous build: it keeps its modification time, so
    rsync, browsers' caches and `make` see it as unchanged. Link one kept elsewhere, write
    the others; True when written or linked from elsewhere."""
    try:
        before = os.lstat(previous)  # a link or a pipe there is written anew, never followed
        same = stat.S_ISREG(before.st_mode) and (
            item.unchanged or (before.st_size == len(item.data) and _read(previous) == item.data)
        )
    except OSError:  # no previous file
        before, same = None, False
    if before is not None and same and _is_link_of(target, before):
        return False  # the spare already holds it
    clear(target)
    try:
        if same:
            os.link(previous, target)
            return False
    except OSError:  # no hard links on this file system
        pass
    if not isinstance(item.content, OnDisk) or not _linked(item.content.file, target):
        with open(target, "wb") as file:
            file.write(item.data)
    return True


def _linked(kept: str, target: str) -> bool:
    """Link a file sitegen keeps elsewhere (a card drawn into the cache folder) instead of
    copying it; never a link found there, which would be published as it is."""
    try:
        os.link(kept, target, follow_symlinks=False)
        if stat.S_ISREG(os.lstat(target).st_mode):
            return True
        os.unlink(target)
    except OSError:  # another file system
        pass
    return False


def _read(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def _is_link_of(target: str, before: os.stat_result) -> bool:
    try:
        now = os.lstat(target)
    except OSError:
        return False
    return (now.st_ino, now.st_dev) == (before.st_ino, before.st_dev)


def clear(target: Path | str) -> None:
    """Never write into a file of the spare: it may be a link to a file of the live site."""
    try:
        os.unlink(target)
    except FileNotFoundError:
        pass
    except IsADirectoryError:
        shutil.rmtree(target)


def make_folders(root: str, parent: str, made: set[str]) -> None:
    """Make each folder down to `parent`; a file or a link of the spare where a folder goes
    is deleted, never followed (a link could lead out of the project)."""
    for name in accumulate(parent.split("/"), lambda a, b: f"{a}/{b}"):
        if name in made:
            continue
        path = f"{root}/{name}"
        try:
            os.mkdir(path)
        except FileExistsError:
            if not stat.S_ISDIR(os.lstat(path).st_mode):
                os.unlink(path)
                os.mkdir(path)
        made.add(name)


def _prune(folder: str | Path, kept: set[str], listing: Written, prefix: str = "") -> bool:
    """Delete what the spare holds and the new site does not, and list what stays in
    `listing` (as `lastbuild.written` would, without a second walk); True if `folder` is
    left empty."""
    empty = True
    with os.scandir(folder) as entries:
        for entry in entries:
            name = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                if _prune(entry.path, kept, listing, name + "/"):
                    os.rmdir(entry.path)
                    continue
                listing[name + "/"] = times(os.lstat(entry.path))
            elif name not in kept:
                os.unlink(entry.path)
                continue
            else:
                listing[name] = times(entry.stat(follow_symlinks=False))
            empty = False
    return empty


def keep_spare(stale: Path, spare: Path) -> None:
    try:
        if not stat.S_ISDIR(spare.parent.lstat().st_mode):
            return  # the cache folder is a link or a file: nothing is moved through it
        if spare.is_symlink():
            spare.unlink()
        remove_output(spare)
        os.replace(stale, spare)
    except OSError:  # another file system: no spare, the next build writes everything
        pass


def _cloned(site: Path, spare: Path) -> bool:
    """Make the spare a copy of `site` of hard links, so that the next build writes only
    what it changes (`patch.py`); False when it cannot (no links on this file system)."""
    try:
        spare.parent.mkdir(exist_ok=True)
        if not stat.S_ISDIR(spare.parent.lstat().st_mode):
            return False  # the cache folder is a link or a file: nothing is made through it
        if spare.is_symlink():
            spare.unlink()
        remove_output(spare)
        spare.mkdir()
        mark_new(spare)
        pending = [""]
        while pending:
            folder = pending.pop()
            with os.scandir(f"{site}/{folder}" if folder else site) as entries:
                for entry in entries:
                    name = f"{folder}{entry.name}"
                    if entry.is_dir(follow_symlinks=False):
                        os.mkdir(f"{spare}/{name}")
                        pending.append(f"{name}/")
                    elif name != MARKER:
                        os.link(entry.path, f"{spare}/{name}")
    except OSError:
        remove_output(spare)
        return False
    return True


def remove_output(folder: Path) -> bool:
    """Delete a folder only if sitegen wrote it (it carries the marker); True if deleted.

    The marker goes last: a build killed meanwhile leaves a folder still marked, that the
    next build removes, not one that no build may touch."""
    if is_sitegens(folder):
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name == MARKER:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path)
                else:
                    os.unlink(entry.path)
        os.unlink(folder / MARKER)
        folder.rmdir()
        return True
    if folder.is_dir() and not folder.is_symlink() and not any(folder.iterdir()):
        folder.rmdir()
        return True
    return False
