"""A build after edits of texts alone: the pages that showed them are made again, nothing
else is looked at.

When the only inputs that changed since the last build are posts or pages whose front
matter, summary and reading time stayed the same (their card: what other pages show of
them), the site's shape and every other page stand. Each edited entry is parsed and
rendered again; its page is made again from the entries its record says it showed around
it (`state/siterecord.py`), read from the stage cache with their versions in other
languages, the site's pages and one post of each language; its Markdown twin too. Every
key the page's context is made of (the cards around it, what all pages of its language
see) must come out as the last build recorded it, and no other page or file may have
shown the edited text (a feed, a listing showing whole texts): otherwise, or on any error,
the build is done whole (`None`), which says the errors as it always does.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from sitegen.content.frontmatter import parse_all
from sitegen.markdown.bodies import render_all
from sitegen.markdown.highlight import remember
from sitegen.model import Document, Entry, OnDisk, OutputFile, marks_of
from sitegen.project.errors import Diagnostic, Problems, Severity
from sitegen.project.paths import MARKER
from sitegen.publish.feeds import Channel
from sitegen.publish.llmstxt import twin_address
from sitegen.publish.pagerecords import ShownEntries
from sitegen.publish.render import Renderer
from sitegen.settings.config import SiteConfig
from sitegen.site.assemble import entry_of
from sitegen.site.partial import Stored, partial_site, stored, stored_entries
from sitegen.state.cache import StageCache
from sitegen.state.lastbuild import LastBuild, Written, as_listed, files_of
from sitegen.state.pagerows import PageKeys, PageRows
from sitegen.state.siterecord import EntryRecord, FeedRecord, Records, SiteRecord, read_records
from sitegen.text.i18n import Catalog, load_catalogs
from sitegen.theme.folders import Theme, find_theme
from sitegen.theme.pagememo import PageMemo, on_disk
from sitegen.urls import feed_page, output_path


@dataclass(frozen=True, slots=True)
class TextEdits:
    """What a build after edits of texts alone made."""

    files: list[OutputFile]
    """The files made again (each edited entry's page and Markdown twin, the feeds that
    carry it)."""
    pages: PageKeys
    """The keys of the pages made again, for the next build."""
    records: dict[str, EntryRecord]
    """The edited entries' new records."""
    warnings: list[Diagnostic]
    """The site's warnings: the last build's, those of the edited entries said anew."""
    replaced: set[tuple[str, str]]
    """The stage cache's values of the edited entries' former texts."""


class Checks(Protocol):
    """The build's checks of what a text edit made again (`output/links.py`)."""

    def links(self, entry: Entry) -> tuple[Diagnostic, ...]:
        """What checking the entry's links against the last site says."""
        ...

    def pages(self, files: list[OutputFile], problems: Problems) -> None:
        """Check the files made again (their links to the site's base path)."""
        ...


@dataclass(frozen=True, slots=True)
class Setting:
    """What the edited entries are made again in: the blog's settings, theme and words, the
    stage cache, and what the last build left in `out`."""

    config: SiteConfig
    theme: Theme
    catalogs: dict[str, Catalog]
    cache: StageCache
    out: Path
    written: Written
    pages: PageRows
    warnings: tuple[Diagnostic, ...]
    checks: Checks
    search: bool
    """The site has a search index (its pages link to the search page)."""


MOST_EDITED = 50
"""Entries made again one by one at most: past that, a whole build is as quick."""


def edited_texts(
    config: SiteConfig,
    cache: StageCache,
    last: LastBuild,
    pages: PageRows,
    out: Path,
    edited: list[str],
    checks: Callable[[SiteConfig, Written, Path], Checks],
    search: bool,
) -> TextEdits | None:
    """The build after edits of the files `edited`, when they are texts alone (else None),
    over the site `last` wrote in `out` (still as it left it)."""
    # Its files as it wrote them: the site made again keeps the others (its folders are
    # the writer's to check).
    if not edited or len(edited) > MOST_EDITED or not as_listed(out, files_of(last.written)):
        return None
    found = _records_around(pages.db, edited)  # the connection the page keys are read through
    if found is None or not found[1].keys() >= set(edited):
        return None
    theme = find_theme(config)
    catalogs = load_catalogs(theme.template_dirs, config.languages, config.root, Problems())
    checked = checks(config, last.written, out)
    setting = Setting(
        config, theme, catalogs, cache, out, last.written, pages, last.warnings, checked, search
    )
    return text_edits(setting, *found, edited)


def _records_around(db: sqlite3.Connection, edited: list[str]) -> Records | None:
    """The records of the `edited` entries, of those around them, and of their versions."""
    found = read_records(db, edited)
    if found is None:
        return None
    site, records = found
    near = read_records(db, around(records, site) - records.keys())
    if near is None:
        return None
    records |= near[1]
    rest = read_records(db, {v for r in records.values() for v in r.versions} - records.keys())
    return None if rest is None else (site, records | rest[1])


def text_edits(
    setting: Setting, site_record: SiteRecord, records: dict[str, EntryRecord], edited: list[str]
) -> TextEdits | None:
    """The edited entries (`edited`: their source files) made again; None when the edit
    was more than texts. `records` holds theirs and those of every entry `around` them."""
    cache, parsing = setting.cache, Problems()
    cache.prefetch("documents", [r.document for r in records.values()])
    cache.prefetch("markdown", [r.markdown for r in records.values()])
    olds = {path: stored(cache, records[path]) for path in edited}
    for path in edited:  # the code blocks that stayed are not highlighted again
        remember(cache.code_of(records[path].markdown))
    news = _made_again(setting, [old[0][0] for old in olds.values() if old], parsing)
    if news is None or len(news) != len(edited) or parsing.errors:
        return None
    entries = {
        **stored_entries(setting.config, cache, records.keys() - news.keys(), records),
        **news,
    }
    if len(entries) < len(records):
        return None
    remake = _Remake(setting, site_record, records, entries)
    if not remake.shares_what_it_did():
        return None
    files: list[OutputFile] = []
    feeds: set[FeedRecord] = set()
    for path in edited:
        made = remake.entry(path)
        if made is None:
            return None
        files += made[0]
        feeds |= made[1]
    files += map(remake.feed, sorted(feeds, key=lambda feed: (feed.home, feed.name)))
    records_now = {path: remake.record(path) for path in edited}
    if not remake.fine(files, records_now):
        return None
    warnings = _warnings_again(setting.warnings, olds, records, records_now, parsing)
    if warnings is None:
        return None
    replaced = {
        part
        for path in edited
        for part in (("documents", records[path].document), ("markdown", records[path].markdown))
    } - {part for entry in news.values() for part in _parts(entry)}
    return TextEdits(files, remake.memo.keys, records_now, warnings, replaced)


def _parts(entry: Entry) -> tuple[tuple[str, str], ...]:
    """The stage cache's values an entry is made of."""
    return ("documents", entry.doc.key), ("markdown", entry.rendered.key)


class _Remake:
    """Makes again the files that showed the edited entries, over the site as far as they
    see it (`_partial_site`)."""

    def __init__(
        self,
        setting: Setting,
        site: SiteRecord,
        records: dict[str, EntryRecord],
        entries: dict[str, Entry],
    ) -> None:
        self.setting, self.site, self.records, self.entries = setting, site, records, entries
        self.memo = PageMemo(setting.pages, on_disk(setting.out, setting.written))
        self.shown, self.problems = ShownEntries(), Problems()
        self.renderer = Renderer(
            setting.config, partial_site(setting.config, site, entries, records),
            setting.theme, setting.catalogs, self.problems, setting.search, self.memo,
            setting.cache, None, self.shown,
        )  # fmt: skip
        self.keys = self.renderer.page_keys

    def shares_what_it_did(self) -> bool:
        """Whether every page of each language sees what it saw in the last build."""
        return all(self.keys.shared(lang) == key for lang, key in self.site.shared)

    def entry(self, path: str) -> tuple[list[OutputFile], set[FeedRecord]] | None:
        """The entry's page and twin made again, and the feeds that show it; None when its
        card changed, when its page shows other cards than it did or now holds other marks
        (the sitemap and the checks read them), or when another file showed its text."""
        record, entry = self.records[path], self.entries[path]
        newer = self.entries[record.newer] if record.newer else None
        older = self.entries[record.older] if record.older else None
        related = tuple(self.entries[p] for p in record.related)
        around = [e for e in (newer, older, *related) if e is not None]
        if self.keys.card(entry) != record.card or any(
            self.keys.card(e) != self.records[str(e.doc.source.path)].card for e in around
        ):
            return None
        pages = self.setting.pages
        twin = output_path(twin_address(entry)) if twin_address(entry) else ""
        feeds = {feed for feed in self.site.feeds if path in feed.entries}
        allowed = {record.page, twin} | {_feed_path(feed) for feed in feeds}
        showing = pages.showing(entry.url)
        if not showing <= allowed or record.page not in pages:
            return None
        files = self.renderer.entry_page(entry, newer, older, related)
        if [f.path for f in files] != [record.page]:
            return None
        page = files[0]  # as it was, when its text is again what it was
        if not page.unchanged and marks_of(page.data) != pages[record.page][2]:
            return None
        if twin in showing:
            renderer = self.renderer
            files += renderer.llms.twin_files(renderer.catalogs, self.keys, self.memo, [entry])
        return files, {feed for feed in feeds if _feed_path(feed) in showing}

    def feed(self, feed: FeedRecord) -> OutputFile:
        entries = [self.entries[path] for path in feed.entries]
        return self.renderer.feed(feed.name, Channel(feed.title, feed.home, feed.lang, entries))

    def record(self, path: str) -> EntryRecord:
        """The entry's record now: its new keys, and what its page and links say."""
        entry = self.entries[path]
        said = self.shown.said.get(id(entry), ()) + self.setting.checks.links(entry)
        return replace(
            self.records[path], document=entry.doc.key, markdown=entry.rendered.key, said=said
        )

    def fine(self, files: list[OutputFile], records: dict[str, EntryRecord]) -> bool:
        """Whether the files made again have no error (a whole build says them)."""
        self.setting.checks.pages(files, self.problems)
        said = (d for record in records.values() for d in record.said)
        return not self.problems.errors and all(d.severity is not Severity.ERROR for d in said)


def _feed_path(feed: FeedRecord) -> str:
    return output_path(feed_page(feed.home, feed.name))


def around(records: dict[str, EntryRecord], site: SiteRecord) -> set[str]:
    """The entries whose records making the files that show `records` again reads: those
    shown around them and their versions in other languages, the posts of the feeds they
    are in, the site's pages and leading posts."""
    near = {
        path
        for record in records.values()
        for path in (record.newer, record.older, *record.related, *record.versions)
        if path
    }
    near.update(
        p
        for feed in site.feeds
        if not records.keys().isdisjoint(feed.entries)
        for p in feed.entries
    )
    return near | set(site.pages) | set(site.leads)


def _made_again(setting: Setting, docs: list[Document], said: Problems) -> dict[str, Entry] | None:
    """The edited entries, parsed and rendered again; None when a front matter changed."""
    config, cache = setting.config, setting.cache
    sources = [doc.source for doc in docs]
    parsed = parse_all(sources, config, said, cache)
    if [doc.meta_key for doc in parsed] != [doc.meta_key for doc in docs]:
        return None
    rendered = render_all(parsed, config, setting.catalogs, said, cache)
    if len(rendered) != len(docs):
        return None
    return {str(doc.source.path): entry_of(config, doc, body) for doc, body in rendered}


def _warnings_again(
    last: Iterable[Diagnostic],
    olds: dict[str, Stored | None],
    records: dict[str, EntryRecord],
    records_now: dict[str, EntryRecord],
    parsing: Problems,
) -> list[Diagnostic] | None:
    """The last build's warnings, those of the edited entries replaced by what they say
    now (`parsing`: their parse and Markdown stages); None when the last build's do not
    hold what the edited entries said then."""
    warnings = Counter(last)
    for path, old in olds.items():
        if old is None:
            return None
        gone = Counter((*old[0][1], *old[1][1], *records[path].said))
        if gone - warnings:
            return None
        warnings -= gone
    warnings.update(parsing.items)
    for record in records_now.values():
        warnings.update(record.said)
    return list(warnings.elements())


def unchanged_files(
    written: Written, out: Path, made: Iterable[OutputFile | str]
) -> list[OutputFile]:
    """Every other file of the last build (but those `made`, by file or path), as it lies in
    `out`."""
    again = {file if isinstance(file, str) else file.path for file in made}
    return [
        OutputFile(name, OnDisk(f"{out}/{name}"), "", unchanged=True)
        for name in written
        if name and not name.endswith("/") and name != MARKER and name not in again
    ]
