"""Which files of a project sitegen may read, and how it reads them.

Every stage lists a folder with `walk` and opens a file with `read_bytes` (or `read_head`),
so the rules live here once: a symbolic link is followed only to a file inside the project
(never to a folder, so no walk can loop), a named pipe, socket or device is never opened
(a pipe would hang the build, `/dev/zero` would fill the memory), and a file is never read
whole past a limit. A trusted folder outside the project (sitegen's own theme) is walked
with itself as its boundary.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from sitegen.project.errors import Problems
from sitegen.project.paths import display_path

MAX_TEXT_BYTES = 20 * 1024 * 1024
"""A post, page, template, include or data file larger than this is refused: such a text is
a mistake (a log, a dump, a file saved as text), and it would be read whole into memory."""
MAX_COPIED_BYTES = 512 * 1024 * 1024
"""A static file larger than this is refused: the whole site is held in memory until it is
written, and a blog's podcast or video of that size belongs on a media host."""

_KINDS = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFDIR: "a folder",
}
_OUT = "symbolic link to a place outside the project"
_NOT_A_FILE = "remove it, or put a plain file in its place"
_OUTSIDE = "copy what it leads to into the project if it should be published"
_LOOP = "the link leads back to itself or to a folder that holds it: remove it"


class Refused(OSError):
    """A file sitegen does not open or read: why, and what to do. An `OSError`, so that
    every place that already says "cannot read the file" says this too."""

    def __init__(self, path: Path, reason: str, hint: str = "") -> None:
        super().__init__(0, reason, str(path))
        self.reason, self.hint = reason, hint

    def __str__(self) -> str:
        return self.reason


def hint_of(exc: OSError) -> str:
    """What to do about a file that could not be read: said only of a refused one."""
    return exc.hint if isinstance(exc, Refused) else ""


def boundary(folder: Path, root: Path) -> Path:
    """The folder a walk or a read under `folder` must stay inside: the project, or for a
    trusted folder outside it (sitegen's own theme) that folder itself."""
    return root if folder.is_relative_to(root) else folder


class Listings:
    """The folders a walk listed, each with its stat taken just before it was listed, and
    whether any held a symbolic link: while no such folder changed, the same walk finds the
    same names (not so past a link, which may come to lead elsewhere, or nowhere)."""

    def __init__(self) -> None:
        self.folders: dict[str, os.stat_result] = {}
        self.linked = False


def walk(
    folder: Path,
    root: Path,
    problems: Problems,
    wanted: Callable[[str], bool] = lambda name: True,
    *,
    left_out: str = "not followed",
    listings: Listings | None = None,
) -> Iterator[tuple[Path, list[str], list[str]]]:
    """`os.walk` over the files sitegen may read, top down and sorted: each folder, its
    sub-folders (prune the list in place to skip some) and the names of its regular files
    that `wanted` accepts. A symbolic link to a file inside `root` counts as that file;
    any other link, and any pipe, socket or device `wanted` names, is said with `left_out`
    ("not followed", "not copied") and skipped. Links to folders are never walked into:
    said when they leave the project or loop, as `folder` itself is when it leads out."""
    real_root = os.path.realpath(root)
    say = partial(_say, problems, root, left_out)
    if not _inside(os.path.realpath(folder), real_root):
        say(folder, _OUT)
        return
    pending = [folder]
    while pending:
        here = pending.pop()
        try:
            if listings is not None:
                listings.folders[str(here)] = os.stat(here)
            with os.scandir(here) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError:  # unreadable or vanished: as os.walk, the walk goes on
            continue
        if listings is not None and any(e.is_symlink() for e in entries):
            listings.linked = True
        folders, files, links = _sorted_out(entries, real_root, wanted, say)
        yield here, folders, files
        for name in reversed(folders):
            if name not in links:
                pending.append(here / name)
            elif links[name]:
                say(here / name, links[name])


def _sorted_out(
    entries: list[os.DirEntry[str]],
    real_root: str,
    wanted: Callable[[str], bool],
    say: Callable[[Path, str], None],
) -> tuple[list[str], list[str], dict[str, str]]:
    """A folder's sub-folders, its files that may be read, and its links to folders (with
    why one may not be followed). The listing's own types are used: no file is opened, and
    only a link is looked at again, for where it leads."""
    folders, files, links = [], [], {}
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            folders.append(entry.name)
        elif entry.is_symlink():
            target, why = _link(entry.path, real_root)
            if target == "folder":
                folders.append(entry.name)
                links[entry.name] = why
            elif wanted(entry.name) and why:
                say(Path(entry.path), why)
            elif wanted(entry.name):
                files.append(entry.name)
        elif wanted(entry.name):
            if entry.is_file(follow_symlinks=False):
                files.append(entry.name)
            else:
                say(Path(entry.path), f"not a regular file ({_kind(entry)})")
    return folders, files, links


def may_follow(link: Path, root: Path) -> bool:
    """Whether a symbolic link leads to a file or folder of the project `walk` would use."""
    return not _link(str(link), os.path.realpath(root))[1]


def _link(path: str, real_root: str) -> tuple[str, str]:
    """What a symbolic link leads to ("file" or "folder") and, when it may not be read,
    why (empty when it may): a folder inside the project is simply not walked into."""
    try:
        real = os.path.realpath(path, strict=True)
        mode = os.stat(real).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # the link leads back to itself
            return "file", "symbolic link loop"
        return "file", "symbolic link to a place that does not exist"
    if not _inside(real, real_root):
        return ("folder" if stat.S_ISDIR(mode) else "file"), _OUT
    if stat.S_ISDIR(mode):
        holder = os.path.dirname(os.path.abspath(path))
        return "folder", "symbolic link loop" if _inside(holder, real) else ""
    if not stat.S_ISREG(mode):
        return "file", f"not a regular file ({_KINDS.get(stat.S_IFMT(mode), 'special')})"
    return "file", ""


def _inside(real: str, real_root: str) -> bool:
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def _say(problems: Problems, root: Path, left_out: str, path: Path, why: str) -> None:
    """Once per path: a folder can be walked by two stages (a Hugo bundle's files are both
    a post's and static, a content folder linked out is walked for posts and for files)."""
    rel = display_path(path, root)
    if rel in problems.left_out:
        return
    problems.left_out.add(rel)
    hint = _LOOP if "loop" in why else _OUTSIDE if why == _OUT else _NOT_A_FILE
    problems.warn(rel, 0, 0, f"{why}: {left_out}", hint)


def _kind(entry: os.DirEntry[str]) -> str:
    try:
        return _KINDS.get(stat.S_IFMT(entry.stat(follow_symlinks=False).st_mode), "special")
    except OSError:  # gone since it was listed
        return "special"


def read_bytes(path: Path, limit: int = MAX_TEXT_BYTES, inside: Path | None = None) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; `inside`: refuse a file whose
    real place is outside that folder (for a file named by a setting or a tag, which no
    walk has checked). Raises `Refused` or the `OSError` of opening it."""
    return read_file(path, limit, inside)[0]


def read_text(
    path: Path, limit: int = MAX_TEXT_BYTES, inside: Path | None = None, errors: str = "strict"
) -> str:
    """`read_bytes` as UTF-8 text (a BOM dropped), each line ending in `\\n` as editors count
    lines (Windows' `\\r\\n`, old Macs' `\\r`). Raises as `read_bytes`, and
    `UnicodeDecodeError` (its `object` and `start` place the bad byte) unless `errors`
    says what to do with one."""
    return decoded(read_bytes(path, limit, inside), errors)


def decoded(data: bytes, errors: str = "strict") -> str:
    """The bytes of a file as `read_text` reads them."""
    text = data.decode("utf-8-sig", errors)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_file(
    path: Path, limit: int = MAX_TEXT_BYTES, inside: Path | None = None
) -> tuple[bytes, os.stat_result]:
    """`read_bytes`, and the file's status as it was opened (its modification time)."""
    fd = _open(path, inside)
    try:
        status = _regular(fd, path)
        if status.st_size > limit:
            raise Refused(
                path,
                f"the file is {_size(status.st_size)}, more than the {_size(limit)} sitegen reads",
                "split it, or keep such a file out of the site's folders",
            )
        # A buffer of the file's size: one of the limit's would cost more than the read.
        with open(fd, "rb", buffering=0, closefd=False) as file:
            data = file.read(status.st_size + 1)
            if len(data) > status.st_size:  # written to since its size was taken: read on
                data += file.read(limit + 1 - len(data))
    finally:
        os.close(fd)
    if len(data) > limit:  # it grew past the limit while it was read
        raise Refused(path, f"the file is more than the {_size(limit)} sitegen reads")
    return data, status


def read_head(path: Path, size: int, inside: Path | None = None) -> bytes:
    """The first `size` bytes of a regular file: enough to tell what it is."""
    fd = _open(path, inside)
    try:
        _regular(fd, path)
        return os.read(fd, size)
    finally:
        os.close(fd)


def _open(path: Path, inside: Path | None) -> int:
    """A descriptor that cannot block: a pipe opened to read would wait for a writer."""
    if inside is not None:
        try:
            real = os.path.realpath(path, strict=True)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise Refused(path, "symbolic link loop", _LOOP) from None
            raise
        if not _inside(real, os.path.realpath(inside)):
            raise Refused(path, _OUT, _OUTSIDE)
        path = Path(real)
    return os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)


def _regular(fd: int, path: Path) -> os.stat_result:
    """Checked on the open descriptor, so the file cannot be swapped after the check."""
    status = os.fstat(fd)
    if not stat.S_ISREG(status.st_mode):
        kind = _KINDS.get(stat.S_IFMT(status.st_mode), "special")
        raise Refused(path, f"not a regular file ({kind})", _NOT_A_FILE)
    return status


def _size(count: int) -> str:
    return f"{count / 1024 / 1024:.0f} MB" if count >= 1024 * 1024 else f"{count} bytes"
