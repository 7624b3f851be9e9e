"""What a build written to disk reuses of the last one, and leaves for the next: the last
site when nothing changed, the pages of the entries whose text alone changed
(`publish/textedits.py`), else the stage cache and the pages whose key did not change."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from sitegen.project.errors import Problems
from sitegen.report import BuildReport
from sitegen.settings.config import SiteConfig
from sitegen.state import lastbuild
from sitegen.state import storedcache as cache_store
from sitegen.state.cache import CACHE_FOLDER
from sitegen.state.lastbuild import files_of
from sitegen.state.pagerows import PageKey, PageRows
from sitegen.state.siterecord import Records, forget_records, write_records
from sitegen.state.storedcache import StoredCache
from sitegen.urls import search_index_file

if TYPE_CHECKING:
    from sitegen.model import OutputFile
    from sitegen.publish.textedits import TextEdits
    from sitegen.theme.pagememo import PageMemo


class Building(Protocol):
    """The build as what it reuses sees it (`build.Build`)."""

    root: Path
    problems: Problems
    report: BuildReport
    listing: lastbuild.Written | None
    spare: tuple[lastbuild.Written, set[str]]
    records: Records | None
    searched: lastbuild.SearchRecord

    @property
    def config(self) -> SiteConfig: ...

    @property
    def searcher(self) -> Path | None: ...

    def inputs(self) -> tuple[list[Path], list[Path]]: ...


class Reuse:
    """What a build written to disk reuses of the last one, and leaves for the next.

    When no input changed and the output folder is as the last build left it, that site
    stands; otherwise the build reads the stage cache and the pages whose key did not
    change, and, when it succeeds, saves the cache and its own record.
    """

    def __init__(self, build: Building, last: lastbuild.LastBuild | None, out: Path) -> None:
        self._build, self._last, self._out = build, last, out
        known = last.read if last is not None else {}
        self._inputs = lastbuild.input_digest(build.config, *build.inputs(), known, build.searcher)
        self.cache: StoredCache | None = None
        self._notes: list[str] = []
        self.memo: PageMemo | None = None
        self._pages: Mapping[str, PageKey] | None = None
        """The pages of the last build's record, as the state file holds them."""
        self._edits: TextEdits | None = None
        """What the build made again, when the edit was of texts alone."""

    def last_stands(self) -> bool:
        """True when nothing changed since the last build: it stands, and its warnings and
        notes are said again."""
        last, out, report = self._last, self._out, self._build.report
        if last is None or not last.still_current(self._inputs.digest, out, build_time()):
            return False
        self._build.problems.extend(last.warnings)
        self._build.problems.raise_if_errors()  # with --strict, a warning is still an error
        report.output, report.pages, report.files = out, last.html_pages, last.files
        report.notes += last.notes
        report.unchanged = True
        return True

    def load_cache(self) -> None:
        """The stage cache, open until the site is written."""
        self.cache, self._notes = cache_store.load(self._build.config.root)
        if self.cache is not None:
            self.cache.lazy_texts = True
            # A Jekyll or Hugo body is read by every build (its markup made Markdown).
            self.cache.lazy_bodies = self._build.config.dialect == "sitegen"

    def load_pages(self) -> None:
        """The pages the last build wrote in `out`, read back when their key is the same."""
        from sitegen.theme.pagememo import PageMemo, on_disk

        root, last, out = self._build.config.root, self._last, self._out
        self._pages = lastbuild.page_keys(root)
        if last is not None and last.output == str(out):
            self.memo = PageMemo(self._pages or {}, on_disk(out, last.written))
        else:
            self.memo = PageMemo({}, on_disk(out, {}))

    @contextmanager
    def kept_for_next(self) -> Iterator[None]:
        """Run the build in the block; when it succeeds, save the stage cache and the record
        of this build (whose notes are not the cache's: they are said when they happen)."""
        try:
            yield
            if self.cache is not None:
                replaced = self._edits.replaced if self._edits is not None else None
                self._notes += cache_store.save(self.cache, replaced)
        finally:
            if self.cache is not None:
                self.cache.close()
        self._remember()
        self._build.report.notes += self._notes

    def edit_texts(self, force: bool, spare: Path) -> bool:
        """Make again only the pages of the entries whose text alone changed, and write them
        in the last site (`publish/textedits.py`); False when the edit was more than that."""
        from sitegen.output.patch import can_patch

        build, last, cache = self._build, self._last, self.cache
        config, report, now = build.config, build.report, build_time()
        if (
            last is None
            or cache is None
            or config.dialect != "sitegen"
            or last.settings != self._inputs.settings
            or last.output != str(self._out)
            or not (last.built_at is None or last.built_at <= now)
            or not (last.until is None or now < last.until)
        ):
            return False
        patch = can_patch(self._out, spare, last)
        if not patch and not lastbuild.as_listed(self._out, last.written):
            return False  # the whole site is linked from the last one: it must be as it was
        with report.stage("edits"), lastbuild.opened(config.root) as db:
            from sitegen.output.links import LastSiteChecks
            from sitegen.publish.textedits import edited_texts

            edited = self._inputs.edited(last)
            pages = PageRows(db) if db is not None else None
            edits = None
            if pages is not None:
                search = build.searcher is not None
                edits = edited_texts(
                    config, cache, last, pages, self._out, edited, LastSiteChecks, search
                )
        if edits is None or pages is None:
            return False
        files = self._indexed_again(edits.files)
        if files is None:
            return False
        self._pages = pages
        report.built_at, report.scheduled = now, last.until
        report.notes += last.notes
        build.problems.extend(edits.warnings)
        build.problems.raise_if_errors()  # with --strict, a warning is still an error
        paths = {file.path for file in files}
        gone = {path for path in files_of(last.written) if _indexes(path) and path not in paths}
        with report.stage("write"):
            self._write_edits(files, gone, force, spare if patch else None)
        added = len(paths - last.written.keys())
        report.output, report.pages = self._out, last.html_pages
        report.files = last.files + added - len(gone)
        self._edits = edits
        return True

    def _indexed_again(self, files: list[OutputFile]) -> list[OutputFile] | None:
        """The files made again, and the search index after them when the site has one;
        None when it cannot be made from the last one (`search.index_again`)."""
        build, last, cache = self._build, self._last, self.cache
        assert last is not None
        if build.searcher is None:
            return files
        from sitegen.publish.search import index_again

        with build.report.stage("search"):
            found = index_again(files, last.searched, self._out, build.searcher, cache)
        if found is None:
            return None
        index, build.searched = found
        return [*files, *index]

    def _write_edits(
        self, files: list[OutputFile], gone: set[str], force: bool, patched: Path | None
    ) -> None:
        """The files made again, written over the last site without those `gone`: through
        the spare (`patched`) when it is as the last build left it, else with every other
        file linked from the last site."""
        from sitegen.output.patch import patch_site
        from sitegen.output.writer import SiteWriter
        from sitegen.publish.textedits import unchanged_files

        build, last = self._build, self._last
        assert last is not None
        if patched is not None:
            made = patch_site(self._out, patched, files, last, gone)
            build.listing, build.spare = made.listing, (made.spare, set(made.changed))
            return
        spare = self._build.config.root / CACHE_FOLDER / "site"
        with SiteWriter(self._out, force, spare) as writer:
            kept = unchanged_files(last.written, self._out, [*files, *gone])
            for file in [*files, *kept]:
                writer.place(file)
            writer.finish()
        build.listing, build.spare = writer.listing, (writer.spare_listing, writer.anew)

    def _spare(self, build: Building) -> tuple[lastbuild.Written, tuple[str, ...]]:
        """The spare's listing and the files where the new site differs from it: those
        written anew, and those of the last site gone from the new one."""
        (spare, anew), listing, last = build.spare, build.listing, self._last
        if not spare or listing is None:
            return {}, ()
        before = last.written if last is not None and last.output == str(self._out) else {}
        gone = {path for path in before if not path.endswith("/") and path not in listing}
        return spare, tuple(sorted(anew | gone))

    def _remember(self) -> None:
        build, report = self._build, self._build.report
        record = lastbuild.LastBuild(
            self._inputs.digest,
            str(self._out),
            build.listing if build.listing is not None else lastbuild.written(self._out),
            self._inputs.read,
            tuple(build.problems.warnings),
            tuple(report.notes),
            report.pages,
            report.files,
            report.built_at,
            report.scheduled,
            self._inputs.settings,
            *self._spare(build),
            build.searched,
        )
        last, pages = self._last, self._pages
        before = (last, pages) if last is not None and pages is not None else None
        edits, made = self._edits, build.records
        keys = edits.pages if edits else self.memo.keys if self.memo else {}

        def records(db: sqlite3.Connection, held: bool) -> None:
            if edits is not None and held:  # the rows of the entries made again
                write_records(db, edits.records)
            elif made is not None and edits is None:
                write_records(db, made[1], made[0])
            else:
                forget_records(db)

        lastbuild.save(build.config.root, record, keys, before, records)


def _indexes(path: str) -> bool:
    """Whether a file of the site is one of its search index."""
    return path.startswith(search_index_file(""))


def build_time() -> datetime:
    """Now, or `SOURCE_DATE_EPOCH` when set, so that builds can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC)
