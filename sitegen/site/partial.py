"""The site as far as a few of its pages see it, from the records of the last build: what a
build after edits of texts alone makes those pages again from (`publish/textedits.py`)."""

from __future__ import annotations

from collections.abc import Iterable

from sitegen.content.addresses import language_prefix
from sitegen.model import Document, Edition, Entry, Rendered, Site
from sitegen.project.errors import Diagnostic
from sitegen.settings.config import SiteConfig
from sitegen.site.assemble import entry_of, newest_first
from sitegen.state.cache import StageCache
from sitegen.state.siterecord import EntryRecord, SiteRecord

Stored = tuple[tuple[Document, tuple[Diagnostic, ...]], tuple[Rendered, tuple[Diagnostic, ...]]]
"""An entry's document and rendered body in the stage cache, each with what it said."""


def stored(cache: StageCache, record: EntryRecord) -> Stored | None:
    document, markdown = cache.get_document(record.document), cache.get_markdown(record.markdown)
    if document is None or document[0] is None or markdown is None:
        return None
    return (document[0], document[1]), markdown


def stored_entries(
    config: SiteConfig, cache: StageCache, paths: Iterable[str], records: dict[str, EntryRecord]
) -> dict[str, Entry]:
    """The entries at `paths` as the last build had them, from the stage cache."""
    found = {}
    for path in paths:
        kept = stored(cache, records[path])
        if kept is not None:
            found[path] = entry_of(config, kept[0][0], kept[1][0])
    return found


def partial_site(
    config: SiteConfig,
    record: SiteRecord,
    entries: dict[str, Entry],
    records: dict[str, EntryRecord],
) -> Site:
    """The site as far as the pages made again see it: its editions hold the posts loaded
    (at least one each where the whole site has any), its pages all, and the translation
    groups of the entries loaded whole."""
    posts = [e for e in entries.values() if e.kind == "post"]
    editions = tuple(
        Edition(
            lang,
            language_prefix(config, lang),
            newest_first(p for p in posts if p.lang == lang),
            (),
            (),
        )
        for lang in config.languages
    )
    pages = tuple(sorted((entries[p] for p in record.pages), key=lambda e: e.url))
    translations = {}
    for path, entry in entries.items():
        versions = records[path].versions
        if versions and all(v in entries for v in versions):
            translations[entry.translation_group] = tuple(entries[v] for v in versions)
    return Site(editions, pages, translations)
