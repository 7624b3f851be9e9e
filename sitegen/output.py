"""The only writer: checked, contained, atomic output."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from sitegen.config import SiteConfig
from sitegen.errors import OutputError, Problems
from sitegen.foreign.statics import jekyll_folders
from sitegen.paths import MARKER
from sitegen.sources import input_paths
from sitegen.urls import is_contained

MARKER_TEXT = b"This folder is written by sitegen; it is replaced on every build.\n"


@dataclass(frozen=True, slots=True)
class OutputFile:
    """One file of the built site."""

    path: str
    """Relative to the output folder, with `/`."""
    data: bytes
    source: str
    """What produced it, named in collision messages."""
    line: int = 0
    """Line of the source that decides the path (its `slug`); 0 for generated pages."""
    unchanged: bool = False
    """The bytes are those of this path in the output folder (read back from there)."""


NAME_MAX = 255
"""Bytes in one file or folder name, on Linux, macOS and Windows file systems alike."""


def check_files(files: Iterable[OutputFile], problems: Problems) -> None:
    """Every path stays inside the output and is written by exactly one source."""
    files_seen: dict[str, OutputFile] = {}
    folders_seen: dict[str, OutputFile] = {}
    for item in files:
        if not is_contained(item.path):
            problems.error(
                item.source,
                item.line,
                1,
                f"output path `{item.path}` leaves the site",
                "use a slug made of letters, digits and dashes",
            )
            continue
        longest = max(item.path.split("/"), key=lambda part: len(part.encode()))
        if len(longest.encode()) > NAME_MAX:
            problems.error(
                item.source,
                item.line,
                1,
                f"the address part `{longest[:40]}…` is {len(longest.encode())} bytes long: "
                f"no file system takes a name of more than {NAME_MAX}",
                "choose a shorter `slug` or file name",
            )
            continue
        # Case-only differences collide on macOS and Windows checkouts.
        key = item.path.casefold()
        other = files_seen.get(key) or folders_seen.get(key)
        folders = list(accumulate(key.split("/")[:-1], lambda a, b: f"{a}/{b}"))
        other = other or next((files_seen[f] for f in folders if f in files_seen), None)
        if other is not None:
            _clash(item, other, problems)
            continue
        files_seen[key] = item
        for folder in folders:
            folders_seen.setdefault(folder, item)


def _clash(item: OutputFile, other: OutputFile, problems: Problems) -> None:
    """Report at the author's file; a page sitegen generates owns its URL."""
    mine, theirs = (other, item) if _generated(item) and not _generated(other) else (item, other)
    change = "another `slug`" if mine.source.endswith(".md") else "another file name"
    owner = "sitegen uses this address" if _generated(theirs) else "two sources, one address"
    if mine.path == theirs.path:
        message = f"`{mine.path}` is also written by {theirs.source}"
    elif mine.path.casefold() == theirs.path.casefold():
        message = f"`{mine.path}` differs only in case from `{theirs.path}` ({theirs.source})"
    else:
        message = f"`{mine.path}` clashes with `{theirs.path}` ({theirs.source}): file vs folder"
    problems.error(mine.source, mine.line, 1, message, f"{owner}: choose {change}")


def _generated(item: OutputFile) -> bool:
    return item.line == 0


def check_output_dir(config: SiteConfig, force: bool) -> Path:
    """Refuse an output folder whose replacement could destroy the user's work."""
    out = (config.root / config.output_dir.expanduser()).resolve()
    root = config.root
    protected = [root / d for d in (config.content_dir, config.templates_dir, config.static_dir)]
    protected += input_paths(config)[0]  # Jekyll's _posts/, Hugo's content folders
    if config.dialect == "jekyll":
        protected += jekyll_folders(config)  # assets/, a theme's public/: the blog's files
    reason = ""
    if out == Path(out.anchor) or out == Path.home().resolve():
        reason = "it is the root or home folder"
    elif root.is_relative_to(out):
        reason = "it holds the blog's sources"
    elif any(out.is_relative_to(p.resolve()) for p in protected):
        reason = "it is inside the blog's content, templates or static files"
    elif (out / ".git").exists() or ".git" in out.parts:
        reason = "it holds or is part of a git repository"
    elif out.exists() and not out.is_dir():
        reason = "it is a file"
    elif _foreign(out) and not force:
        reason = "it holds files sitegen did not write (use --force to replace it)"
    if reason:
        raise OutputError(f"{out}: refusing to write the site there: {reason}")
    return out


def _foreign(folder: Path) -> bool:
    return folder.is_dir() and any(folder.iterdir()) and not (folder / MARKER).is_file()


def write_site(
    files: Iterable[OutputFile], out: Path, force: bool = False, spare: Path | None = None
) -> int:
    """Write into a sibling folder, then swap it in: a failure leaves `out` as it was.

    With `spare`, the replaced site is kept there; the next build starts from it and only
    writes what changed, instead of the whole site. With `force`, the replaced folder is
    deleted even though sitegen did not write it.
    """
    fresh = out.with_name(f".{out.name}.sitegen-new")
    stale = out.with_name(f".{out.name}.sitegen-old")
    if not out.exists() and (stale / MARKER).is_file():
        os.replace(stale, out)  # a build was cut off between the two renames
    for leftover in (fresh, stale):
        remove_output(leftover)
    reused = spare is not None and _take(spare, fresh)
    try:
        fresh.mkdir(parents=True, exist_ok=True)
        (fresh / MARKER).write_bytes(MARKER_TEXT)
        count = _fill(fresh, out, files, reused)
        if out.exists():
            os.replace(out, stale)
        os.replace(fresh, out)
    except OSError as exc:
        remove_output(fresh)
        raise OutputError(
            f"{out}: cannot write the site ({exc}); the previous site is intact"
        ) from exc
    except BaseException:
        remove_output(fresh)
        raise
    if force and stale.is_dir() and not (stale / MARKER).is_file():
        shutil.rmtree(stale)
    if spare is not None and (stale / MARKER).is_file():
        _keep(stale, spare)
    remove_output(stale)
    return count


def _take(spare: Path, fresh: Path) -> bool:
    """Start from the site before last, when there is one on this file system."""
    try:
        if (spare / MARKER).is_file():
            os.replace(spare, fresh)
            return True
    except OSError:
        pass
    return False


def _fill(folder: Path, out: Path, files: Iterable[OutputFile], reused: bool) -> int:
    """Make `folder` hold exactly `files`, touching only what it does not hold already."""
    made: set[Path] = {folder}
    kept = {MARKER}
    for item in files:
        target = folder / item.path
        if target.parent not in made:
            _make_folder(target.parent)
            made.add(target.parent)
        _place(out / item.path, target, item)
        kept.add(item.path)
    if reused:
        _prune(folder, kept)
    return len(kept) - 1


def _place(previous: Path, target: Path, item: OutputFile) -> None:
    """Link an unchanged file from the previous build: it keeps its modification time, so
    rsync, browsers' caches and `make` see it as unchanged. Write the others."""
    try:
        before = previous.stat()
        same = item.unchanged or (
            before.st_size == len(item.data) and previous.read_bytes() == item.data
        )
    except OSError:  # no previous file
        before, same = None, False
    if before is not None and same and _is_link_of(target, before):
        return  # the spare already holds it
    _clear(target)
    try:
        if same:
            os.link(previous, target)
            return
    except OSError:  # no hard links on this file system
        pass
    target.write_bytes(item.data)


def _is_link_of(target: Path, before: os.stat_result) -> bool:
    try:
        now = target.stat(follow_symlinks=False)
    except OSError:
        return False
    return (now.st_ino, now.st_dev) == (before.st_ino, before.st_dev)


def _clear(target: Path) -> None:
    """Never write into a file of the spare: it may be a link to a file of the live site."""
    try:
        target.unlink(missing_ok=True)
    except IsADirectoryError:
        shutil.rmtree(target)


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):  # a file of the spare where a folder goes
        for parent in reversed((folder, *folder.parents)):
            if parent.is_symlink() or (parent.exists() and not parent.is_dir()):
                parent.unlink()
        folder.mkdir(parents=True, exist_ok=True)


def _prune(folder: Path, kept: set[str], prefix: str = "") -> bool:
    """Delete what the spare holds and the new site does not; True if `folder` is left empty."""
    empty = True
    with os.scandir(folder) as entries:
        for entry in entries:
            name = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                if _prune(Path(entry.path), kept, name + "/"):
                    os.rmdir(entry.path)
                    continue
            elif name not in kept:
                os.unlink(entry.path)
                continue
            empty = False
    return empty


def _keep(stale: Path, spare: Path) -> None:
    try:
        remove_output(spare)
        os.replace(stale, spare)
    except OSError:  # another file system: no spare, the next build writes everything
        pass


def remove_output(folder: Path) -> bool:
    """Delete a folder only if sitegen wrote it (it carries the marker); True if deleted."""
    if folder.is_dir() and (folder / MARKER).is_file():
        shutil.rmtree(folder)
        return True
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        return True
    return False
