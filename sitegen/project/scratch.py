"""Saving a file whole through a temporary beside it: a reader sees the old file or the new one,
never half of one, and nothing planted where the temporary goes can lead the write elsewhere.

The files saved so lie in folders as untrusted as the blog's tree (`.sitegen-cache/`) or shared
by every build of the user's (`~/.cache/sitegen/`): the temporary is made anew, never opened
through a link (`O_EXCL`, `O_NOFOLLOW`), and named for the process that writes it, so that two
builds at once (the dev server and a command line build) never write into each other's.
"""

from __future__ import annotations

import glob
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ABANDONED_AFTER = 600
"""Seconds after which a temporary is abandoned where a process cannot be asked whether it
still runs (Windows): a save takes milliseconds."""


def save(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Replace `path` with `data` at once; OSError when it cannot be written."""
    with scratch_beside(path, data, mode) as temporary:
        os.replace(temporary, path)


@contextmanager
def scratch_beside(path: Path, data: bytes, mode: int = 0o644) -> Iterator[Path]:
    """A new file beside `path` holding `data`, deleted on leaving (once moved, nothing is)."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)  # this process's own, left by a save cut short
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        with os.fdopen(os.open(temporary, flags, mode), "wb") as handle:
            handle.write(data)
        yield temporary
    finally:
        temporary.unlink(missing_ok=True)


def clear_abandoned(path: Path) -> None:
    """Delete the temporaries of `path` that processes killed while saving left; a running
    process's is its own and is left alone."""
    prefix = f"{path.name}."
    for temporary in path.parent.glob(f"{glob.escape(prefix)}*.tmp"):
        pid = temporary.name[len(prefix) : -len(".tmp")]
        try:
            if not pid.isdigit() or _abandoned(int(pid), temporary):
                temporary.unlink(missing_ok=True)
        except OSError:
            pass  # gone meanwhile, or not ours to delete: the next build tries again


def _abandoned(pid: int, temporary: Path) -> bool:
    if os.name != "posix":  # signal 0 would stop the process there, not ask about it
        return time.time() - temporary.lstat().st_mtime > ABANDONED_AFTER
    if pid <= 0:  # os.kill would ask about a whole process group
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # another user's process: running
        return False
    except OverflowError:
        return True
    return False
