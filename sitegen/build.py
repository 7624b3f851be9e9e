"""One build of the blog: the stages, top to bottom.

Every command runs the same `Build`; nothing below the commands imports this module.

The stages' code is imported by the method that runs them, not here: a build with nothing
changed stops before any stage, and importing the Markdown, template and search code would
be most of its time.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitegen.content.sources import input_paths
from sitegen.output.folder import check_output_dir, output_path
from sitegen.project.errors import Diagnostic, Problems, SitegenError
from sitegen.settings.config import SiteConfig, load_config
from sitegen.state import lastbuild
from sitegen.state import storedcache as cache_store
from sitegen.state.cache import CACHE_FOLDER, StageCache
from sitegen.state.siterecord import Records, forget_records, write_records
from sitegen.state.storedcache import StoredCache
from sitegen.theme.folders import Theme, find_theme

if TYPE_CHECKING:
    from sitegen.model import OutputFile, Site
    from sitegen.publish.render import Sink
    from sitegen.publish.textedits import TextEdits
    from sitegen.theme.pagememo import PageMemo


@dataclass
class BuildReport:
    """What a build did, for the one-line summary and `-v`."""

    output: Path | None = None
    pages: int = 0
    files: int = 0
    timings: list[tuple[str, float]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What the build left out and why (not problems: `--strict` ignores them)."""
    current: str = ""
    started: float = 0.0
    done: int = 0
    total: int = 0
    """Progress of the current stage, for a progress line (0 of 0 when not counted)."""
    built_at: datetime | None = None
    """The "now" that decided which posts are out."""
    scheduled: datetime | None = None
    """When the next post dated in the future comes out, or a warning of a date in the
    future stops being true."""
    unchanged: bool = False
    """Nothing changed since the last build, which stands."""

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        self.current, self.started, self.done, self.total = name, start, 0, 0
        try:
            yield
        except SitegenError:
            raise
        except Exception as exc:  # a bug of a stage's own: the message says which stage
            exc.add_note(f"in the {name} stage")
            raise
        self.timings.append((name, time.perf_counter() - start))

    def advance(self, done: int, total: int) -> None:
        self.done, self.total = done, total

    @property
    def seconds(self) -> float:
        return sum(t for _, t in self.timings)


class Build:
    """One build of the blog at `root`, its settings changed by `overrides` (output_dir,
    base_url, drafts, search): the stages run in order, and what they did in `report`.

    Each command runs it its own way: `sitegen build` writes the site (`write`), `serve`
    keeps its files in memory (`generate`), `check` reads every stage's result (`produce`).
    """

    def __init__(
        self,
        root: Path,
        problems: Problems,
        report: BuildReport | None = None,
        **overrides: Any,
    ) -> None:
        self.root = root
        self.problems = problems
        self.report = report or BuildReport()
        self._overrides = overrides
        self.listing: lastbuild.Written | None = None
        """What the output folder holds after `write`, when the writer listed it."""
        self.spare: tuple[lastbuild.Written, set[str]] = ({}, set())
        """What the spare folder holds after `write`, and the files written anew, when the
        writer listed both (`output/patch.py`)."""
        self.records: Records | None = None
        """What each entry's page was made from, for the next build (`siterecord.py`)."""

    def write(self, force: bool = False, use_cache: bool = True) -> BuildReport:
        """Build the site into its output folder; raise if any error was found.

        With `use_cache`, what the last build left is reused (`_Reuse`): all of it when no
        input changed, else its stage cache and the pages whose key is the same.
        """
        report = self.report
        with report.stage("config"):
            config = self.config
            last = lastbuild.load(config.root)
            out = output_path(config)
            wrote = partial(lastbuild.written_by, last)
        if not use_cache:
            check_output_dir(config, force, wrote)
            self._write(out, force, None, lambda sink: self.generate(sink=sink))
            return report
        with report.stage("inputs"):
            reuse = _Reuse(self, last, out)
            if reuse.last_stands():  # written nowhere: where it would be is not checked
                return report
            check_output_dir(config, force, wrote)
            reuse.load_cache()
        spare = config.root / CACHE_FOLDER / "site"
        with reuse.kept_for_next():
            if not reuse.edit_texts(force, spare):
                reuse.load_pages()
                self._write(
                    out, force, spare, lambda s: self.generate(reuse.cache, reuse.memo, sink=s)
                )
        return report

    def generate(
        self,
        cache: StageCache | None = None,
        memo: PageMemo | None = None,
        search: bool = True,
        sink: Sink | None = None,
    ) -> list[OutputFile]:
        """Every file of the site, checked; raise if any error was found. Each file is handed
        to `sink` (a writer) as it is made, and kept as `sink` returns it; without one, the
        files are kept whole and nothing is written.

        Without `search`, the search index is left to `index()`: the dev server shows the
        new pages first and indexes them afterwards.
        """
        from sitegen.publish.crawlers import root_files_note
        from sitegen.publish.search import NOT_INSTALLED
        from sitegen.settings.dialect import describe

        config, report = self.config, self.report
        if config.dialect != "sitegen":  # an unchanged build says it again from its record
            report.notes.append(describe(config))
        if note := root_files_note(config):
            report.notes.append(note)
        files = self._stages(cache, memo, sink).files
        self.problems.raise_if_errors()
        if config.search and self.searcher is None:
            report.notes.append(NOT_INSTALLED)
        if search:
            index = self.index(files, cache, memo)
            files += map(sink, index) if sink else index
        return files

    def index(
        self,
        files: list[OutputFile],
        cache: StageCache | None = None,
        memo: PageMemo | None = None,
    ) -> tuple[OutputFile, ...]:
        """The search index of the site's `files`; none when the site has no search. The same
        pages of a bundle (a language's year), byte for byte, give the same bundle; a page
        of the same key as in the last build (`memo`) is not read again."""
        from sitegen.publish.search import search_index

        if self.searcher is None:
            return ()
        keys = {path: key for path, (key, _, _) in memo.keys.items()} if memo else None
        with self.report.stage("search"):
            return tuple(search_index(files, self.searcher, cache, keys))

    def produce(self) -> BuiltSite:
        """Every stage's result, built in memory with the stage cache when there is one (never
        saved); errors are collected, not raised."""
        cache, _ = cache_store.load(self.config.root)
        try:
            return self._stages(cache, None)
        finally:
            if cache is not None:
                cache.close()

    @cached_property
    def config(self) -> SiteConfig:
        """The settings, read when first needed: `write` counts them in its config stage."""
        return load_config(self.root, **self._overrides)

    @cached_property
    def searcher(self) -> Path | None:
        """Pagefind, when the site gets a search index and it is installed."""
        if not self.config.search:
            return None
        from sitegen.publish.search import pagefind

        return pagefind()

    def inputs(self) -> tuple[list[Path], list[Path]]:
        """Every folder whose files the build may read, and the files named at the root."""
        return self._folders(lambda theme: theme.template_dirs)

    def watched(self) -> tuple[list[Path], list[Path]]:
        """What `serve` watches: the inputs, with the site's own templates folder even before
        it exists (watched from when it appears) and without the default theme's, which is
        part of sitegen, not of the blog."""
        return self._folders(lambda _: [self.config.root / self.config.templates_dir])

    def _folders(
        self, templates: Callable[[Theme], Sequence[Path]]
    ) -> tuple[list[Path], list[Path]]:
        """The content's folders, the `templates` of the theme, its static folders, and the
        files named at the root."""
        theme = find_theme(self.config)
        folders, files = input_paths(self.config)
        return [*folders, *templates(theme), *(folder for folder, _ in theme.static_dirs)], files

    def _stages(
        self, cache: StageCache | None, memo: PageMemo | None, sink: Sink | None = None
    ) -> BuiltSite:
        """Run the stages and the build's own checks; errors are collected, not raised."""
        from sitegen.content.foreignmarkup import translate_markup
        from sitegen.content.frontmatter import parse_all
        from sitegen.content.knownsources import find_sources
        from sitegen.markdown.bodies import render_all
        from sitegen.output.links import CheckedLinks, check_base_path, check_internal_links
        from sitegen.output.writer import CheckedPaths, check_files
        from sitegen.publish.pagerecords import ShownEntries, site_records
        from sitegen.publish.render import render_site
        from sitegen.site.lastsite import LastSite, assembled
        from sitegen.text.i18n import load_catalogs

        config, problems, report = self.config, self.problems, self.report
        lasting = cache if cache is not None and cache.lasting else None  # the dev server's
        with report.stage("discover"):
            sources = find_sources(config, problems, cache)
            theme = find_theme(config)
            catalogs = load_catalogs(
                theme.template_dirs,
                config.languages,
                config.root,
                problems,
                required=config.dialect == "sitegen",
            )
        with report.stage("parse"):
            docs = parse_all(sources, config, problems, cache)
            docs = translate_markup(docs, config, problems)
        with report.stage("markdown"):
            rendered = render_all(docs, config, catalogs, problems, cache, report.advance)
        problems.raise_if_internal()  # what follows would only report the bug's consequences
        with report.stage("assemble"):
            now = build_time()
            site, report.scheduled = assembled(
                config, docs, rendered, now, problems, lasting.kept(LastSite) if lasting else None
            )
            report.built_at = now
        # What a build after edits of texts alone starts from (`publish/textedits.py`).
        recorded = memo is not None and lasting is None and config.dialect == "sitegen"
        shown = ShownEntries() if recorded else None
        with report.stage("render"):
            search = self.searcher is not None
            files = render_site(
                config, site, theme, catalogs, problems, search, memo, cache, sink, shown
            )
        with report.stage("check"):
            check_files(files, problems, lasting.kept(CheckedPaths) if lasting else None)
            tool = "" if config.dialect == "sitegen" else config.dialect
            checked = lasting.kept(CheckedLinks) if lasting else None
            said: dict[int, tuple[Diagnostic, ...]] = {}
            check_internal_links(
                site.entries, files, problems, tool, config.base_url, checked, said
            )
            check_base_path(files, config.base_path, problems)
        if shown is not None:
            self.records = site_records(site, shown, said, config.languages)
        return BuiltSite(config, site, files, self.searcher)

    def _write(
        self, out: Path, force: bool, spare: Path | None, make: Callable[[Sink], list[OutputFile]]
    ) -> None:
        """Make the site, each file written as it comes (a build does not hold ten thousand
        pages), then swap it in whole."""
        from sitegen.output.writer import SiteWriter

        with SiteWriter(out, force, spare) as writer:
            files = make(writer.place)
            with self.report.stage("write"):
                self.report.files = writer.finish()
        self.listing, self.spare = writer.listing, (writer.spare_listing, writer.anew)
        self.report.output = out
        self.report.pages = sum(f.path.endswith(".html") for f in files)


@dataclass(frozen=True, slots=True)
class BuiltSite:
    """Every stage's result, for the checks that read more than the files."""

    config: SiteConfig
    site: Site
    files: list[OutputFile]
    searcher: Path | None
    """Pagefind, when the site gets a search index (made after the checks)."""


class _Reuse:
    """What a build written to disk reuses of the last one, and leaves for the next.

    When no input changed and the output folder is as the last build left it, that site
    stands; otherwise the build reads the stage cache and the pages whose key did not
    change, and, when it succeeds, saves the cache and its own record.
    """

    def __init__(self, build: Build, last: lastbuild.LastBuild | None, out: Path) -> None:
        self._build, self._last, self._out = build, last, out
        known = last.read if last is not None else {}
        self._inputs = lastbuild.input_digest(build.config, *build.inputs(), known, build.searcher)
        self.cache: StoredCache | None = None
        self._notes: list[str] = []
        self.memo: PageMemo | None = None
        self._pages: Mapping[str, lastbuild.PageKey] | None = None
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
            or config.search
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
            pages = lastbuild.PageRows(db) if db is not None else None
            edits = None
            if pages is not None:
                edits = edited_texts(config, cache, last, pages, self._out, edited, LastSiteChecks)
        if edits is None or pages is None:
            return False
        self._pages = pages
        report.built_at, report.scheduled = now, last.until
        report.notes += last.notes
        build.problems.extend(edits.warnings)
        build.problems.raise_if_errors()  # with --strict, a warning is still an error
        with report.stage("write"):
            self._write_edits(edits.files, force, spare if patch else None)
        report.output, report.pages, report.files = self._out, last.html_pages, last.files
        self._edits = edits
        return True

    def _write_edits(self, files: list[OutputFile], force: bool, patched: Path | None) -> None:
        """The files made again, written over the last site: through the spare (`patched`)
        when it is as the last build left it, else with every other file linked from the
        last site."""
        from sitegen.output.patch import patch_site
        from sitegen.output.writer import SiteWriter
        from sitegen.publish.textedits import unchanged_files

        build, last = self._build, self._last
        assert last is not None
        if patched is not None:
            made = patch_site(self._out, patched, files, last)
            build.listing, build.spare = made.listing, (made.spare, set(made.changed))
            return
        spare = self._build.config.root / CACHE_FOLDER / "site"
        with SiteWriter(self._out, force, spare) as writer:
            for file in [*files, *unchanged_files(last.written, self._out, files)]:
                writer.place(file)
            writer.finish()
        build.listing, build.spare = writer.listing, (writer.spare_listing, writer.anew)

    def _spare(self, build: Build) -> tuple[lastbuild.Written, tuple[str, ...]]:
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


def build_time() -> datetime:
    """Now, or `SOURCE_DATE_EPOCH` when set, so that builds can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC)
