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
from sitegen.urls import is_contained

MARKER = ".sitegen-output"
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


def write_site(files: Iterable[OutputFile], out: Path, force: bool = False) -> int:
    """Write into a sibling folder, then swap it in: a failure leaves `out` as it was.

    With `force`, the replaced folder is deleted even though sitegen did not write it.
    """
    fresh = out.with_name(f".{out.name}.sitegen-new")
    stale = out.with_name(f".{out.name}.sitegen-old")
    if not out.exists() and (stale / MARKER).is_file():
        os.replace(stale, out)  # a build was cut off between the two renames
    for leftover in (fresh, stale):
        remove_output(leftover)
    count = 0
    try:
        fresh.mkdir(parents=True)
        (fresh / MARKER).write_bytes(MARKER_TEXT)
        made: set[Path] = {fresh}
        for item in files:
            target = fresh / item.path
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            if not _reuse(out / item.path, target, item.data):
                target.write_bytes(item.data)
            count += 1
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
    remove_output(stale)
    return count


def _reuse(previous: Path, target: Path, data: bytes) -> bool:
    """Link an unchanged file from the previous build: it keeps its modification time, so
    rsync, browsers' caches and `make` see it as unchanged."""
    try:
        if previous.stat().st_size != len(data) or previous.read_bytes() != data:
            return False
        os.link(previous, target)
    except OSError:  # no previous file, or no hard links on this file system
        return False
    return True


def remove_output(folder: Path) -> bool:
    """Delete a folder only if sitegen wrote it (it carries the marker); True if deleted."""
    if folder.is_dir() and (folder / MARKER).is_file():
        shutil.rmtree(folder)
        return True
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        return True
    return False
