"""The served site's search index, made in a thread of its own after each good build.

Pagefind reads again every page of the bundles a save changed (a language's year): that
can still take a second. The pages of a save are served first; the index follows, and a
save that comes while an index is being made waits for nothing: only the newest build's
pages are indexed next, an older one's are dropped.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from sitegen.build import Build
from sitegen.model import OutputFile
from sitegen.state.cache import StageCache

Done = Callable[[int, tuple[OutputFile, ...]], None]
"""Told the number of the build whose pages were indexed, and the index."""
Failed = Callable[[BaseException], None]


@dataclass(frozen=True)
class _Job:
    build: Build
    files: list[OutputFile]
    number: int


class Indexer:
    """Indexes the newest build it was given, one at a time, in a daemon thread."""

    def __init__(self, done: Done, failed: Failed) -> None:
        self._done, self._failed = done, failed
        self._next: _Job | None = None
        self._ready = threading.Condition()
        self._searches = StageCache()
        """Bundles by their pages: a build runs Pagefind only for the bundles whose pages
        changed, none for a stylesheet. Only this thread reads it."""
        self._thread: threading.Thread | None = None
        self._closed = False

    def close(self) -> None:
        """Stop after the index being made, and say nothing of it: the server stops, and
        the pages it reads are deleted."""
        with self._ready:
            self._closed = True
            self._ready.notify()

    def index(self, build: Build, files: list[OutputFile], number: int) -> None:
        """Index `files`, the pages of build `number`, once the index being made is done."""
        with self._ready:
            self._next = _Job(build, files, number)
            self._ready.notify()
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="search index", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            with self._ready:
                self._ready.wait_for(lambda: self._next is not None or self._closed)
                job, self._next = self._next, None
            if job is None or self._closed:
                return
            try:
                made = job.build.index(job.files, self._searches)
                self._searches.forget_unused()
            # Whatever it raises is said, and the next save is indexed: the thread goes on.
            # A newer build's index replaces this one: its failure (the pages it was reading
            # may be gone, `pagestore.py`) is that index's to say.
            except BaseException as exc:
                if self._next is None and not self._closed:
                    self._failed(exc)
            else:
                self._done(job.number, made)
