"""One build of the blog: the stages, top to bottom.

Every command runs the same `Build`; nothing below the commands imports this module.

The stages' code is imported by the method that runs them, not here: a build with nothing
changed stops before any stage, and importing the Markdown, template and search code would
be most of its time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitegen.content.sources import input_paths
from sitegen.output.folder import check_output_dir, output_path
from sitegen.project.errors import Diagnostic, Problems
from sitegen.report import BuildReport as BuildReport  # the commands' name for it
from sitegen.reuse import Reuse, build_time
from sitegen.settings.config import SiteConfig, load_config
from sitegen.state import lastbuild
from sitegen.state import storedcache as cache_store
from sitegen.state.cache import CACHE_FOLDER, StageCache
from sitegen.state.siterecord import Records
from sitegen.theme.folders import Theme, find_theme

if TYPE_CHECKING:
    from sitegen.model import OutputFile, Site
    from sitegen.publish.render import Sink
    from sitegen.theme.pagememo import PageMemo


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
        self.searched = lastbuild.SearchRecord()
        """What the search index was made of, for the next build."""
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
            reuse = Reuse(self, last, out)
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
        self.searched = lastbuild.SearchRecord()
        with self.report.stage("search"):
            return tuple(search_index(files, self.searcher, cache, keys, self.searched))

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
        from sitegen.output.clashes import CheckedPaths, check_files
        from sitegen.output.links import CheckedLinks, check_base_path, check_internal_links
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
