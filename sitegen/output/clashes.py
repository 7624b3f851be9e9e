"""Every path of the output stays inside it and is written by exactly one source."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import accumulate

from sitegen.model import OutputFile
from sitegen.project.errors import Diagnostic, Problems
from sitegen.project.paths import name_too_long
from sitegen.urls import is_contained


class CheckedPaths:
    """The dev server's last check of the output's paths, and what it found: the same
    paths from the same sources have the same clashes."""

    def __init__(self) -> None:
        self.paths: list[tuple[str, str, int]] | None = None
        self.said: tuple[Diagnostic, ...] = ()


def check_files(
    files: Sequence[OutputFile], problems: Problems, kept: CheckedPaths | None = None
) -> None:
    """Every path stays inside the output and is written by exactly one source."""
    kept = kept or CheckedPaths()
    paths = [(f.path, f.source, f.line) for f in files]
    if kept.paths != paths:
        found = Problems()
        _check_paths(files, found)
        kept.paths, kept.said = paths, tuple(found.items)
    problems.extend(kept.said)


def _check_paths(files: Iterable[OutputFile], problems: Problems) -> None:
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
        if too_long := name_too_long(longest):
            problems.error(
                item.source,
                item.line,
                1,
                f"the address part {too_long}",
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
