"""The records a build leaves of each entry's page (`state/siterecord.py`), gathered as the
pages are rendered: what the next build needs to make one page again without the site."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sitegen.model import Entry, Site
from sitegen.project.errors import Diagnostic
from sitegen.publish.feeds import Channel
from sitegen.state.siterecord import EntryRecord, FeedRecord, Records, SiteRecord
from sitegen.theme.pagememo import PageKeys
from sitegen.urls import output_path


@dataclass
class ShownEntries:
    """Filled by the renderer: each entry's page, what it showed around it and what its
    rendering said; and the page keys, whose cards the records keep."""

    around: dict[int, tuple[Entry | None, Entry | None, tuple[Entry, ...]]] = field(
        default_factory=dict
    )
    said: dict[int, tuple[Diagnostic, ...]] = field(default_factory=dict)
    keys: PageKeys | None = None
    feeds: list[tuple[str, Channel]] = field(default_factory=list)

    def feed(self, name: str, channel: Channel) -> None:
        self.feeds.append((name, channel))

    def shown(
        self,
        entry: Entry,
        newer: Entry | None,
        older: Entry | None,
        related: Sequence[Entry],
        said: Sequence[Diagnostic],
    ) -> None:
        self.around[id(entry)] = (newer, older, tuple(related))
        self.said[id(entry)] = tuple(said)


def source_of(entry: Entry) -> str:
    """The name a record goes by: its source file's path, as the build's inputs name it."""
    return str(entry.doc.source.path)


def site_records(
    site: Site,
    shown: ShownEntries,
    checked: dict[int, tuple[Diagnostic, ...]],
    languages: Sequence[str],
) -> Records | None:
    """The records of a site whose every entry got its page; None otherwise (a template
    failed: the build failed too)."""
    keys = shown.keys
    if keys is None or any(id(entry) not in shown.around for entry in site.entries):
        return None
    groups = {
        id(entry): tuple(map(source_of, group))
        for group in site.translations.values()
        for entry in group
    }
    records = {}
    for entry in site.entries:
        newer, older, related = shown.around[id(entry)]
        records[source_of(entry)] = EntryRecord(
            document=entry.doc.key,
            markdown=entry.rendered.key,
            card=keys.card(entry),
            page=output_path(entry.url),
            newer=source_of(newer) if newer else "",
            older=source_of(older) if older else "",
            related=tuple(map(source_of, related)),
            versions=groups.get(id(entry), ()),
            said=shown.said[id(entry)] + checked.get(id(entry), ()),
        )
    record = SiteRecord(
        shared=tuple((lang, keys.shared(lang)) for lang in languages),
        pages=tuple(map(source_of, site.pages)),
        leads=tuple(source_of(e.posts[0]) for e in site.editions if e.posts),
        feeds=tuple(
            FeedRecord(name, c.title, c.home, c.lang, tuple(map(source_of, c.entries)))
            for name, c in shown.feeds
        ),
    )
    return record, records
