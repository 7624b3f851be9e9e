"""One build of the blog: the stages, top to bottom."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from sitegen.content.foreignmarkup import translate_markup
from sitegen.content.frontmatter import parse_all
from sitegen.content.sources import discover, input_paths
from sitegen.markdown.bodies import render_all
from sitegen.model import OutputFile, Site
from sitegen.output.folder import check_output_dir
from sitegen.output.links import check_base_path, check_internal_links
from sitegen.output.writer import check_files, write_site
from sitegen.project.errors import Problems, SitegenError
from sitegen.publish.crawlers import root_files_note
from sitegen.publish.render import render_site
from sitegen.publish.search import NOT_INSTALLED, pagefind, search_index
from sitegen.settings.config import SiteConfig, load_config
from sitegen.settings.foreign import describe
from sitegen.site.assemble import assemble, next_publication
from sitegen.state import cache as cache_store
from sitegen.state import lastbuild
from sitegen.state.cache import CACHE_FOLDER, StageCache
from sitegen.state.cache import key as cache_key
from sitegen.text.i18n import load_catalogs
from sitegen.theme.files import find_theme
from sitegen.theme.pagememo import PageMemo, on_disk


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


def build(
    root: Path,
    problems: Problems,
    force: bool = False,
    use_cache: bool = True,
    report: BuildReport | None = None,
    **overrides: Any,
) -> BuildReport:
    """Build the site at `root` into its output folder; raise if any error was found."""
    report = report or BuildReport()
    with report.stage("config"):
        config = load_config(root, **overrides)
        last = lastbuild.load(config.root)
        out = check_output_dir(config, force, partial(lastbuild.written_by, last))
    if not use_cache:
        _write(generate(config, problems, report), out, force, report, spare=None)
        return report
    with report.stage("inputs"):
        folders, named = build_inputs(config)
        searcher = pagefind() if config.search else None
        inputs = lastbuild.input_digest(config, folders, named, searcher)
        if last is not None and last.still_current(inputs, out, build_time()):
            return _unchanged(last, out, problems, report)
        cache, cache_notes = cache_store.load(config.root)
    memo = _page_memo(last, out)
    try:
        files = generate(config, problems, report, cache, memo)
        _write(files, out, force, report, spare=config.root / CACHE_FOLDER / "site")
        if cache is not None:
            cache_notes += cache_store.save(cache)
    finally:
        if cache is not None:
            cache.close()
    _remember(config.root, inputs, out, memo, problems, report)
    report.notes += cache_notes
    return report


def build_inputs(config: SiteConfig) -> tuple[list[Path], list[Path]]:
    """Every folder whose files a build may read, and the files named at the root."""
    theme = find_theme(config)
    folders, files = input_paths(config)
    return [*folders, *theme.template_dirs, *(folder for folder, _ in theme.static_dirs)], files


def _page_memo(last: lastbuild.LastBuild | None, out: Path) -> PageMemo:
    if last is None or last.output != str(out):
        return PageMemo({}, on_disk(out, {}))
    return PageMemo(last.pages, on_disk(out, last.written))


def _remember(
    root: Path, inputs: str, out: Path, memo: PageMemo, problems: Problems, report: BuildReport
) -> None:
    record = lastbuild.LastBuild(
        inputs,
        str(out),
        lastbuild.written(out),
        memo.keys,
        tuple(problems.warnings),
        tuple(report.notes),
        report.pages,
        report.files,
        report.built_at,
        report.scheduled,
    )
    lastbuild.save(root, record)


def _write(
    files: list[OutputFile], out: Path, force: bool, report: BuildReport, spare: Path | None
) -> None:
    with report.stage("write"):
        report.files = write_site(files, out, force, spare)
    report.output, report.pages = out, sum(f.path.endswith(".html") for f in files)


def _unchanged(
    last: lastbuild.LastBuild, out: Path, problems: Problems, report: BuildReport
) -> BuildReport:
    """Nothing changed since the last build: it stands, and its warnings are said again."""
    problems.extend(last.warnings)
    problems.raise_if_errors()  # with --strict, a warning is still an error
    report.output, report.pages, report.files = out, last.html_pages, last.files
    report.notes += last.notes
    report.unchanged = True
    return report


@dataclass(frozen=True, slots=True)
class BuiltSite:
    """Every stage's result, for the checks that read more than the files."""

    config: SiteConfig
    site: Site
    files: list[OutputFile]
    searcher: Path | None
    """Pagefind, when the site gets a search index (made after the checks)."""


def generate(
    config: SiteConfig,
    problems: Problems,
    report: BuildReport,
    cache: StageCache | None = None,
    memo: PageMemo | None = None,
) -> list[OutputFile]:
    """Every file of the site, checked; raise if any error was found. Writes nothing."""
    if config.dialect != "sitegen":
        report.notes.append(describe(config))  # an unchanged build says it again from its record
    if note := root_files_note(config):
        report.notes.append(note)
    built = produce(config, problems, report, cache, memo)
    problems.raise_if_errors()
    files = built.files
    if config.search and built.searcher is None:
        report.notes.append(NOT_INSTALLED)
    if built.searcher is not None:
        with report.stage("search"):
            files += _search(files, built.searcher, cache)
    return files


def produce(
    config: SiteConfig,
    problems: Problems,
    report: BuildReport,
    cache: StageCache | None = None,
    memo: PageMemo | None = None,
) -> BuiltSite:
    """Run the stages and the build's own checks; errors are collected, not raised."""
    with report.stage("discover"):
        sources = discover(config, problems)
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
        site = assemble(config, rendered, now, problems)
        report.built_at, report.scheduled = now, next_publication(config, docs, now)
    with report.stage("render"):
        searcher = pagefind() if config.search else None
        search = searcher is not None
        files = render_site(config, site, theme, catalogs, problems, search, memo, cache)
    with report.stage("check"):
        check_files(files, problems)
        tool = "" if config.dialect == "sitegen" else config.dialect
        check_internal_links(site.entries, files, problems, tool, config.base_url)
        check_base_path(files, config.base_path, problems)
    return BuiltSite(config, site, files, searcher)


def _search(
    files: list[OutputFile], executable: Path, cache: StageCache | None
) -> tuple[OutputFile, ...]:
    """The search index; the same pages, byte for byte, give the same index."""
    pages = [(f.path, f.data) for f in files if f.path.endswith(".html")]
    key = cache_key("search", *(part for page in pages for part in page))
    found = cache.get_search(key) if cache is not None else None
    if found is None:
        found = tuple(search_index(files, executable))
        if cache is not None:
            cache.put_search(key, found)
    return found


def build_time() -> datetime:
    """Now, or `SOURCE_DATE_EPOCH` when set, so that builds can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC)
