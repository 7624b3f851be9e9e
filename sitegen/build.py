"""One build of the blog: the stages, top to bottom."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sitegen.assemble import assemble
from sitegen.config import SiteConfig, load_config
from sitegen.errors import Diagnostic, Problems
from sitegen.frontmatter import parse_all
from sitegen.i18n import Catalog, load_catalogs
from sitegen.links import check_base_path, check_internal_links
from sitegen.markdown import NoteLabels, render_markdown
from sitegen.model import Document, Rendered
from sitegen.output import OutputFile, check_files, check_output_dir, write_site
from sitegen.render import render_site
from sitegen.search import NOT_INSTALLED, pagefind, search_index
from sitegen.sources import discover
from sitegen.theme import find_theme


@dataclass
class BuildReport:
    """What a build did, for the one-line summary and `-v`."""

    output: Path | None = None
    pages: int = 0
    files: int = 0
    timings: list[tuple[str, float]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What the build left out and why (not problems: `--strict` ignores them)."""

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        self.timings.append((name, time.perf_counter() - start))

    @property
    def seconds(self) -> float:
        return sum(t for _, t in self.timings)


MarkdownMemo = dict[tuple[str, ...], tuple[Rendered, list[Diagnostic]]]
"""Rendered bodies kept between builds by the dev server, keyed by all they depend on."""


def build(root: Path, problems: Problems, force: bool = False, **overrides: Any) -> BuildReport:
    """Build the site at `root` into its output folder; raise if any error was found."""
    report = BuildReport()
    with report.stage("config"):
        config = load_config(root, **overrides)
        out = check_output_dir(config, force)
    files = generate(config, problems, report)
    with report.stage("write"):
        report.files = write_site(files, out, force)
    report.output, report.pages = out, sum(f.path.endswith(".html") for f in files)
    return report


def generate(
    config: SiteConfig, problems: Problems, report: BuildReport, memo: MarkdownMemo | None = None
) -> list[OutputFile]:
    """Every file of the site, checked; raise if any error was found. Writes nothing."""
    with report.stage("discover"):
        sources = discover(config, problems)
        theme = find_theme(config)
        catalogs = load_catalogs(theme.template_dirs, config.languages, config.root, problems)
    with report.stage("parse"):
        docs = parse_all(sources, config, problems)
    with report.stage("markdown"):
        rendered = render_all(docs, config, catalogs, problems, memo)
    with report.stage("assemble"):
        site = assemble(config, rendered, build_time(), problems)
    searcher = pagefind() if config.search else None
    if config.search and searcher is None:
        report.notes.append(NOT_INSTALLED)
    with report.stage("render"):
        files = render_site(config, site, theme, catalogs, problems, searcher is not None)
    with report.stage("check"):
        check_files(files, problems)
        check_internal_links(site.entries, files, problems)
        check_base_path(files, config.base_path, problems)
        problems.raise_if_errors()
    if searcher is not None:
        with report.stage("search"):
            files += search_index(files, searcher)
    return files


def render_all(
    docs: list[Document],
    config: SiteConfig,
    catalogs: dict[str, Catalog],
    problems: Problems,
    memo: MarkdownMemo | None = None,
) -> list[tuple[Document, Rendered]]:
    """Render every body; with a memo, an unchanged body costs a dictionary lookup."""
    results = []
    used: set[tuple[str, ...]] = set()
    for doc in docs:
        t = catalogs[doc.meta.lang]
        labels = NoteLabels(t("footnotes_title"), t("footnote_back"))
        key = (
            doc.body,
            doc.meta.lang,
            doc.meta.layout,
            config.base_path,
            doc.source.rel,
            str(doc.body_line),
            *labels,
        )
        found = memo.get(key) if memo is not None else None
        rendered, diagnostics = found or render_markdown(doc, config.base_path, labels)
        if memo is not None:
            memo[key] = (rendered, diagnostics)
            used.add(key)
        problems.extend(diagnostics)
        results.append((doc, rendered))
    if memo is not None:
        for stale in set(memo) - used:
            del memo[stale]  # a deleted or edited post's old body
    return results


def build_time() -> datetime:
    """Now, or `SOURCE_DATE_EPOCH` when set, so that builds can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC)
