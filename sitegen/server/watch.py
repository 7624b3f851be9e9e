"""Watching the blog's files: native events when possible, polling when not, debounced."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

QUIET_SECONDS = 0.05
"""Editors save in bursts (temp file, rename, chmod); one rebuild waits for the burst to end."""
EDITOR_LEFTOVERS = ("*.swp", "*.swx", "*~", ".#*", "#*#", "4913", "*.tmp", "*.bck", ".DS_Store")
CHANGES = frozenset({"created", "deleted", "modified", "moved", "closed"})


class Watcher(FileSystemEventHandler):
    """Calls `on_change` once after each burst of relevant changes, never concurrently, with
    the files changed since the last call: None for the first call (changes made before the
    watch began are unknown), after a folder was created, deleted or moved (what it holds
    moved with it), or when an event could not be read."""

    def __init__(
        self,
        root: Path,
        folders: Iterable[Path],
        files: Iterable[Path],
        ignored: Iterable[Path],
        on_change: Callable[[frozenset[str] | None], Any],
        poll: bool = False,
    ) -> None:
        self.root = root.resolve()
        self.folders = [f.resolve() for f in folders]
        self.root_names = {*(f.name for f in files), *(f.name for f in self.folders)}
        self._watched: dict[Path, Any] = {}
        """The folders watched, each with its watch."""
        self.ignored = [p.resolve() for p in ignored]
        self.on_change = on_change
        self.poll = poll
        self._pending = threading.Event()
        self._last_event = 0.0
        self._changed: set[str] | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.observer: Any = None

    def start(self) -> None:
        try:
            self.observer = self._observe(PollingObserver() if self.poll else Observer())
        except OSError as exc:  # inotify limits: ENOSPC (watches) or EMFILE (instances)
            print(
                f"warning: cannot watch files natively ({exc.strerror}); polling instead "
                "(raise fs.inotify.max_user_watches to avoid this)",
                file=sys.stderr,
            )
            self.poll = True
            self.observer = self._observe(PollingObserver())
        threading.Thread(target=self._debounce, name="sitegen-rebuild", daemon=True).start()

    def _observe(self, observer: Any) -> Any:
        # The root itself only for its settings files and pages: it also holds .git, .venv
        # and the output.
        observer.schedule(self, str(self.root), recursive=False)
        self._watched = {}
        self._watch_new_folders(observer)
        observer.start()
        return observer

    def _watch_new_folders(self, observer: Any) -> None:
        """Folders like templates/ may appear while serving: watch them from then on."""
        for folder in self.folders:
            if folder not in self._watched and folder.is_dir():
                self._watched[folder] = observer.schedule(self, str(folder), recursive=True)

    def _forget_gone_folders(self, observer: Any, gone: Path) -> None:
        """A watch ends with its folder: one deleted or moved away (a branch switched,
        `git stash -u`) is watched again when it is back, not left deaf."""
        for folder in [f for f in self._watched if f.is_relative_to(gone)]:
            watch = self._watched.pop(folder)
            with contextlib.suppress(KeyError):  # the observer may have dropped it already
                observer.unschedule(watch)

    def stop(self) -> None:
        self._stop.set()
        self._pending.set()
        if self.observer is not None:
            self.observer.stop()
            self.observer.join(timeout=2)

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in CHANGES:
            return
        if event.is_directory and event.event_type in ("modified", "closed"):
            return  # a folder "changes" whenever a file in it does; the file's event says it
        paths = [os.fsdecode(p) for p in (event.src_path, getattr(event, "dest_path", "")) if p]
        try:
            if event.is_directory and self.observer is not None:
                if event.event_type in ("deleted", "moved"):
                    self._forget_gone_folders(self.observer, Path(os.fsdecode(event.src_path)))
                self._watch_new_folders(self.observer)
            relevant = any(self._relevant(Path(path)) for path in paths)
        # This runs on the observer's only thread: an exception would end it, and no later
        # save would be seen. A symlink loop (RuntimeError), a folder gone, no inotify watch
        # left: build, and let the build say what is wrong.
        except Exception:
            relevant, paths = True, []
        if relevant:
            with self._lock:
                if self._changed is not None and paths and not event.is_directory:
                    self._changed.update(paths)
                else:
                    self._changed = None
            self._last_event = time.monotonic()
            self._pending.set()

    def _relevant(self, path: Path) -> bool:
        if any(fnmatch(path.name, pattern) for pattern in EDITOR_LEFTOVERS):
            return False
        resolved = path.resolve()
        if resolved.parent == self.root and resolved.name not in self.root_names:
            return False
        return not any(resolved.is_relative_to(ignored) for ignored in self.ignored)

    def _debounce(self) -> None:
        while not self._stop.is_set():
            self._pending.wait()
            if self._stop.is_set():
                return
            while (quiet := time.monotonic() - self._last_event) < QUIET_SECONDS:
                time.sleep(QUIET_SECONDS - quiet)
            # Cleared before building: a save during the build triggers exactly one more.
            self._pending.clear()
            with self._lock:
                changed, self._changed = self._changed, set()
            self.on_change(frozenset(changed) if changed is not None else None)
