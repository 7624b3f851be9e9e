"""Which folder the site may be written to: never one whose replacement could destroy the
user's work.

sitegen replaces a folder carrying its marker. `--force` replaces only what sitegen wrote:
a folder whose every file is one the last build wrote there (its listing), even if the
marker is gone. Anything else is the user's, and a git repository, at any depth, never is
sitegen's.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from sitegen.content.sources import input_paths
from sitegen.output.writer import is_sitegens
from sitegen.project.errors import OutputError
from sitegen.project.paths import MARKER
from sitegen.settings.config import SiteConfig
from sitegen.settings.statics import jekyll_folders

ELSEWHERE = "or choose another --output"

Listing = Mapping[str, tuple[int, int, int]]
"""The files and folders sitegen last wrote in a folder: size, modification and change time by
path (`lastbuild.Written`)."""
Wrote = Callable[[Path], Listing]


def output_path(config: SiteConfig) -> Path:
    """Where the settings put the site, resolved."""
    return (config.root / config.output_dir.expanduser()).resolve()


def check_output_dir(config: SiteConfig, force: bool, wrote: Wrote | None = None) -> Path:
    """The output folder, resolved; OutputError when it must not be replaced."""
    out = output_path(config)
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
    elif ".git" in out.parts:
        reason = "it is part of a git repository"
    elif out.exists() and not out.is_dir():
        reason = "it is a file"
    else:
        reason = _not_sitegens(out, force, wrote or (lambda _: {}))
    if reason:
        raise OutputError(f"{out}: refusing to write the site there: {reason}")
    return out


def _not_sitegens(out: Path, force: bool, wrote: Wrote) -> str:
    """Why `out` is not sitegen's to replace, or "".

    Replacing a folder deletes the old one (or keeps it as the spare the next build prunes),
    with whatever it holds: only this walk, at every depth, keeps a repository cloned into a
    folder of sitegen's from being deleted with it. It is spared when the folders are as the
    last build listed them (one stat each instead of a read of each).
    """
    try:
        marked = is_sitegens(out)
        known = wrote(out)
        if marked and not force and _as_listed(out, known):
            return ""
        entries = list(_walk(out)) if out.is_dir() else []
        repository = next((name for name, _ in entries if name.rpartition("/")[2] == ".git"), "")
        if repository:
            return f"it holds a git repository (`{repository}`): move it out, {ELSEWHERE}"
        if not entries or (marked and not force):
            return ""
        stray = next(
            (name for name, entry in entries if not _known(entry, name, known, marked)), ""
        )
    except OSError as exc:
        return f"it cannot be read whole ({exc.strerror}: {exc.filename})"
    if stray:
        return (
            f"it holds files sitegen did not write, such as `{stray}`: move them out, {ELSEWHERE}"
        )
    if force:
        return ""
    return f"it lost its {MARKER} but sitegen wrote every file in it: use --force to replace it"


def _as_listed(out: Path, known: Listing) -> bool:
    """True when no name was made, deleted or renamed in any folder of `out` since the last
    build listed them (each changes its folder's change time, which cannot be set back), and
    no name listed is a repository's."""
    if "" not in known or any(".git" in name.split("/") for name in known if ".git" in name):
        return False
    base = f"{out}{os.sep}"
    for name, listed in known.items():
        if name and not name.endswith("/"):
            continue
        try:
            info = os.lstat(base + name)
        except OSError:
            return False
        now = (info.st_size, info.st_mtime_ns, info.st_ctime_ns)
        if not stat.S_ISDIR(info.st_mode) or now != listed:
            return False
    return True


def _walk(folder: Path) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Every entry under `folder`, by its path relative to it; links are not followed.

    Not the project's walker (`project/files.walk`): that one reads sources and skips what it
    must not open, this one must see everything a replacement would delete, links, pipes and
    sockets included, without following any.
    """
    pending = [(folder, "")]
    while pending:
        current, prefix = pending.pop()
        with os.scandir(current) as entries:
            for entry in entries:
                name = prefix + entry.name
                yield name, entry
                if entry.is_dir(follow_symlinks=False):
                    pending.append((Path(entry.path), name + "/"))


def _known(entry: os.DirEntry[str], name: str, known: Listing, marked: bool) -> bool:
    """A folder, or a file sitegen wrote: in a folder with its marker, a path the last build
    wrote (or any, when there is no record of it); in one without, the very file sitegen
    wrote (a file edited since has another change time)."""
    if entry.is_dir(follow_symlinks=False):
        return True
    if marked:
        return not known or name in known or name == MARKER
    info = entry.stat(follow_symlinks=False)
    return known.get(name) == (info.st_size, info.st_mtime_ns, info.st_ctime_ns)
