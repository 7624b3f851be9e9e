"""What each source file was when it was last read: the key of its bytes, by its stat.

A file whose size, modification and change times, inode and device are those it had when
it was read, under the same settings, holds the same bytes: the build takes its key without
reading it again. The change time cannot be set back (`touch -d` and editors that keep the
modification time can), so a file rewritten in place never passes for the one read. A file
changed in the last two seconds before it was read is never trusted that way: file systems
keep times at a coarse grain, and a second write within the same tick would keep every
field of the stat (the "racy clean" case of version control systems).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping

Stat = tuple[int, int, int, int, int]
"""Size, modification time, change time (nanoseconds), inode and device."""
Known = dict[str, tuple[Stat, str, str]]
"""Each file read by its path: its stat then, the context it was read under and its key."""
RACY_NS = 2_000_000_000


class Stamps:
    """The key of each file read, by its path, stat and the settings it was read under."""

    def __init__(
        self,
        known: Mapping[str, tuple[Stat, str, str]] | None = None,
        clock: Callable[[], int] = time.time_ns,
    ) -> None:
        # Not `known or {}`: the state file's rows would be read whole to say they are some.
        self._known, self._clock = known if known is not None else {}, clock
        self.read: Known = {}
        """What this build read or took as known: the next build's `known`."""
        self.changed: frozenset[str] | None = None
        """The files the dev server's watcher saw change since `known` was taken: the others
        are as known, without a stat. None: any file may have changed."""

    def key(self, path: str, context: str) -> tuple[Stat | None, str | None]:
        """The file's stat now (None when it cannot be taken), and its key when the file is
        as it was when read under the same `context`."""
        known = self._known.get(path)
        trusted = self.changed is not None and path not in self.changed
        if trusted and known is not None and known[1] == context:
            self.read[path] = known
            return known[0], known[2]
        try:
            info = os.stat(path)
        except OSError:
            return None, None
        now = stat_of(info)
        if known is not None and known[0] == now and known[1] == context:
            self.read[path] = known
            return now, known[2]
        return now, None

    def remember(self, path: str, stat: Stat | None, context: str, key: str) -> None:
        """`key` for the file at `path` read just after its `stat` was taken; not kept when
        the file changed so recently that another write could keep the same stat."""
        if stat is None or not settled(stat, self._clock()):
            return
        self.read[path] = (stat, context, key)


def settled(stat: Stat, now: int) -> bool:
    """Whether a file or folder with this stat, taken at `now`, last changed long enough
    before it that a later change cannot keep its times."""
    return max(stat[1], stat[2]) <= now - RACY_NS


def stat_of(info: os.stat_result) -> Stat:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)
