"""The site as the dev server holds it: the last good build (its files on disk, in the page
store), and what changed."""

from __future__ import annotations

import contextlib
import gc
import secrets
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from sitegen.build import Build
from sitegen.model import OnDisk, OutputFile
from sitegen.project.errors import REPORT_HINT, Diagnostic, Problems, SitegenError, bug_message
from sitegen.server.indexer import Indexer
from sitegen.server.pagestore import PageStore, ServedFiles, contents
from sitegen.settings.config import SiteConfig
from sitegen.state import storedcache as cache_store
from sitegen.state.cache import StageCache
from sitegen.state.storedcache import StoredCache
from sitegen.theme.pagememo import PageKey, PageMemo
from sitegen.urls import search_index_file

STYLESHEET_SUFFIXES = (".css",)
SEARCH_FILES = search_index_file("")
MAX_LISTED_CHANGES = 500
WHOLE_COLLECTION_EVERY = 50
"""Good builds between two collections of everything the dev server holds."""


@dataclass(frozen=True)
class Snapshot:
    """One finished build: files by output path, and a fingerprint of each."""

    number: int
    files: Mapping[str, bytes]
    """Read when asked for (`pagestore.ServedFiles`; what they are, unread: `contents`)."""
    digests: dict[str, str]
    """Empty for the site as `sitegen build` left it, served until the first build is done."""
    config: SiteConfig


@dataclass
class LiveSite:
    """Builds on demand, keeps the last good site, and wakes the waiting browsers."""

    root: Path
    overrides: dict[str, Any]
    server_id: str = field(default_factory=lambda: secrets.token_hex(8))
    snapshot: Snapshot | None = None
    errors: tuple[str, ...] = ()
    changed: frozenset[str] = frozenset()
    _cache: StageCache | None = None
    """The stage cache, in memory: the builds of one serve share it. The first build reads
    what `sitegen build` left in the state file, and never writes it."""
    _page_keys: dict[str, PageKey] = field(default_factory=dict)
    """The last good build's page keys: pages whose inputs did not change are kept."""
    _cond: threading.Condition = field(default_factory=threading.Condition)
    _generation: int = 0
    """Counts finished attempts, good or bad: browsers wait on it."""
    _builds: int = 0
    _indexer: Indexer = field(init=False)
    _store: PageStore = field(init=False)
    """The built files, on disk: the server holds their names."""

    def __post_init__(self) -> None:
        self._indexer = Indexer(self._indexed, self._index_failed)
        self._store = PageStore(self.root)

    def close(self) -> None:
        """Delete the built files (the server stops)."""
        self._indexer.close()
        self._store.close()

    def show_built(self, files: Mapping[str, bytes], config: SiteConfig) -> None:
        """Serve the site `sitegen build` left until the first build replaces it."""
        with self._cond:
            self.snapshot = Snapshot(1, files, {}, config)

    def rebuild(self, changed: frozenset[str] | None = None) -> bool:
        """Build again; on failure keep serving the last good site. True when it succeeded.
        `changed`: the files the watcher saw change since the last build (None: any may have).

        After the first build, the new pages are served, and the browsers told, before the
        search index is made again (`indexer.py`): a save shows at once, and the last index
        answers searches until the new one is in.
        """
        problems = Problems()
        build = Build(self.root, problems, **self.overrides)
        try:
            kept = contents(self.snapshot.files) if self.snapshot else {}
            memo = PageMemo(self._page_keys, kept.get)
            first = self.snapshot is None  # nobody reads yet: the site comes whole
            cache = self._stage_cache(build, changed)
            try:
                files = build.generate(cache, memo, search=first, sink=self._store.place)
            finally:
                self._cache = cache.in_memory() if isinstance(cache, StoredCache) else cache
            number = self._succeed(build, [*files, *self._last_index(build)])
            self._builds += 1
            _settle(whole=self._builds % WHOLE_COLLECTION_EVERY == 0)
            self._page_keys = memo.keys
            if not first and build.searcher is not None:
                self._indexer.index(build, files, number)
        except SitegenError as exc:
            self._fail(exc.diagnostics, str(exc), problems)
            return False
        # Whatever a bug raises, SystemExit included, is said like any error: a rebuild that
        # ended the watching thread would leave every later save, the fix too, unbuilt.
        except BaseException as exc:
            if isinstance(exc, KeyboardInterrupt) and _on_main_thread():
                raise  # Ctrl-C during the first build
            message = f"{bug_message(exc)}\n  hint: {REPORT_HINT}"
            self._fail((), message, Problems())  # the rest may be the bug's consequence
            return False
        return True

    def _stage_cache(self, build: Build, changed: frozenset[str] | None) -> StageCache:
        """The cache for this build: the last build's (what it did not use dropped: a deleted
        post's body, the old text of an edited one), knowing which files `changed`; for the
        first, what the state file holds (read, never written: that is `sitegen build`'s)."""
        cache = self._cache
        if cache is not None:
            cache.forget_unused()
            cache.stamps.changed = changed
        else:
            stored, _ = cache_store.load(build.config.root)  # a discarded file is said by `build`
            cache = stored if stored is not None else StageCache()
            cache.lasting = cache.lazy_texts = True
            cache.keep_texts_in(self._store.texts())
        # A Jekyll or Hugo body is read by every build (its markup made Markdown).
        cache.lazy_bodies = build.config.dialect == "sitegen"
        return cache

    def _last_index(self, build: Build) -> list[OutputFile]:
        """The search index of the site served until now, while the new one is made."""
        if build.searcher is None or self.snapshot is None:  # the first build has its own
            return []
        files = contents(self.snapshot.files)
        return [OutputFile(p, files[p], "sitegen (search)", unchanged=True) for p in _index(files)]

    def _indexed(self, number: int, index: tuple[OutputFile, ...]) -> None:
        """Build `number`'s pages with their new search index: news for the pages that read
        it. A build that came since gets its own index: this one is dropped."""
        with self._cond:
            snapshot = self.snapshot
            if snapshot is None or snapshot.number != number:
                return
            held = contents(snapshot.files)
            stale = set(_index(held))
            kept = {p: data for p, data in held.items() if p not in stale}
            digests = {p: snapshot.digests[p] for p in kept}
            placed = list(map(self._store.place, index))
            files = kept | {f.path: f.content for f in placed}
            digests |= {f.path: self._store.digest_of(f) for f in placed}
            old = snapshot.digests
            changed = {p for p in set(digests) | set(old) if digests.get(p) != old.get(p)}
            if not changed:
                return
            self.snapshot = Snapshot(number + 1, ServedFiles(files), digests, snapshot.config)
            self.changed = frozenset(changed)
            self._generation += 1
            self._cond.notify_all()

    def _index_failed(self, exc: BaseException) -> None:
        if isinstance(exc, SitegenError):
            self._fail(exc.diagnostics, str(exc), Problems())
        else:
            self._fail((), f"{bug_message(exc)}\n  hint: {REPORT_HINT}", Problems())

    def _succeed(self, build: Build, files: list[OutputFile]) -> int:
        """Serve the new files and tell the browsers; the build's number."""
        content = ServedFiles({f.path: f.content for f in files})
        previous = self.snapshot.digests if self.snapshot else {}
        served = contents(self.snapshot.files) if self.snapshot else {}
        digests = {f.path: self._digest(f, served, previous) for f in files}
        changed = {p for p, d in digests.items() if previous.get(p) != d}
        changed.update(previous.keys() - digests.keys())
        with self._cond:
            number = self.snapshot.number + 1 if self.snapshot else 1
            self.snapshot = Snapshot(number, content, digests, build.config)
            self.changed = frozenset(changed)
            self.errors = ()
            self._generation += 1
            self._cond.notify_all()
        # Kept: the site served, and the one a request may still be reading.
        self._store.keep_only({*digests.values(), *previous.values()})
        for warning in build.problems.warnings:
            _say(warning.format(), sys.stderr)
        pages = sum(p.endswith(".html") for p in content)
        what = "Rebuilt" if previous else "Built"
        _say(f"{what} {pages} pages in {build.report.seconds:.2f} s ({len(changed)} files changed)")
        return number

    def _digest(
        self, file: OutputFile, served: Mapping[str, bytes | OnDisk], previous: dict[str, str]
    ) -> str:
        """The digest of `file`: its name in the store, else the served one's when it is that
        very file (a page the memos kept may be one a failed build made), else its bytes'."""
        content, last = file.content, served.get(file.path)
        same = last is content or (
            isinstance(last, OnDisk) and isinstance(content, OnDisk) and last.file == content.file
        )
        if same and file.unchanged and file.path in previous:
            return previous[file.path]
        return self._store.digest_of(file)

    def _fail(self, diagnostics: tuple[Diagnostic, ...], message: str, problems: Problems) -> None:
        found = tuple(
            d.format() for d in sorted([*diagnostics, *problems.errors], key=Diagnostic.sort_key)
        )
        errors = tuple(dict.fromkeys(found)) or (message,)
        new = errors != self.errors
        with self._cond:
            self.errors = errors
            self._generation += 1
            self._cond.notify_all()
        if new:  # once, not on every save of another file
            _say("\n".join(errors), sys.stderr)
            _say("Build failed; still serving the last good site.", sys.stderr)

    def wait(self, seen: int, timeout: float) -> int:
        """Block until an attempt newer than `seen` finished (or timeout); return the newest."""
        with self._cond:
            self._cond.wait_for(lambda: self._generation > seen, timeout)
            return self._generation

    @property
    def generation(self) -> int:
        return self._generation

    def news(self) -> dict[str, Any]:
        """What every open page is told after an attempt; each page decides for itself.

        `changed` lists the output files the last build changed (None: too many to list),
        `css_only` says a stylesheet swap is enough.
        """
        snapshot = self.snapshot
        changed = sorted(self.changed) if len(self.changed) <= MAX_LISTED_CHANGES else None
        return {
            "server": self.server_id,
            "build": snapshot.number if snapshot else 0,
            "errors": list(self.errors),
            "changed": changed,
            "css_only": bool(self.changed)
            and all(p.endswith(STYLESHEET_SUFFIXES) for p in self.changed),
        }


def _say(text: str, stream: TextIO | None = None) -> None:
    """A line for the terminal: a terminal gone or a full log disk never stops the rebuilds."""
    with contextlib.suppress(OSError, ValueError):  # ValueError: the stream was closed
        print(text, file=stream or sys.stdout)


def _on_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _index(files: Mapping[str, object]) -> list[str]:
    return [path for path in files if path.startswith(SEARCH_FILES)]


def _settle(whole: bool) -> None:
    """Collect what the build left in reference cycles, then take all the dev server now
    holds out of Python's collector: a collection walks only what is not frozen, so this one
    walks the build's own objects (about 10 ms at 10 000 posts), and none during a save walks
    the whole site (0.3 s at 10 000 posts), as one otherwise would whenever enough new
    objects piled up. What was frozen and has since been dropped in cycles (a template
    environment replaced) is collected with the `whole` of it, once in a while."""
    if whole:
        gc.unfreeze()
    gc.collect()
    gc.freeze()
