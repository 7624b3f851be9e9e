"""The site the last build assembled, taken again when no front matter changed.

Assembling reads front matter only: which documents are published, their addresses, order,
tags, years and translations, and the warnings about their dates and originals. When every
document's front matter is the one the last build read (`Document.meta_key`, in the same
order, under the same settings) and no date that decides what is published or said has
been passed since, the last site's shape stands: only the entries whose text changed are
made again, in their places. The dev server keeps the last site between its builds; a build
from the command line assembles afresh.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from sitegen.model import Document, Edition, Entry, Rendered, Site, Tag, Year
from sitegen.project.errors import Diagnostic, Problems
from sitegen.settings.config import SiteConfig
from sitegen.site.assemble import assemble, next_publication


@dataclass
class LastSite:
    """What the last assembly read and made."""

    shape: tuple[SiteConfig, tuple[str, ...]] | None = None
    built_at: datetime | None = None
    until: datetime | None = None
    """The first moment after `built_at` when a post comes out or a warning stops being true."""
    site: Site | None = None
    said: tuple[Diagnostic, ...] = ()
    shapes: int = 0
    """How many times the site was assembled afresh: what a page key kept by the dev server
    was made under (`theme/pagememo.KeptKeys`)."""


def assembled(
    config: SiteConfig,
    docs: Sequence[Document],
    rendered: list[tuple[Document, Rendered]],
    now: datetime,
    problems: Problems,
    last: LastSite | None = None,
) -> tuple[Site, datetime | None]:
    """The site, and when it would next change with no edit (`next_publication`)."""
    last = last or LastSite()
    shape = (config, tuple(doc.meta_key for doc in docs))
    window = last.built_at is not None and last.built_at <= now
    if last.site is not None and last.shape == shape and window and _before(now, last.until):
        site = _with_texts(last.site, rendered)
        if site is not None:
            problems.extend(last.said)
            last.site = site
            return site, last.until
    said = Problems()
    site = assemble(config, rendered, now, said)
    last.shapes += 1
    problems.extend(said.items)
    until = next_publication(config, docs, now)
    if all(doc.meta_key for doc in docs):  # keys are made by the parse stage
        last.shape, last.built_at, last.until, last.site = shape, now, until, site
        last.said = tuple(said.items)
    return site, until


def _before(now: datetime, until: datetime | None) -> bool:
    return until is None or now < until


def _with_texts(site: Site, rendered: list[tuple[Document, Rendered]]) -> Site | None:
    """`site` with each entry whose document or body is a new one made again in its place
    (its front matter, as assembled, kept); None when one has no body this time."""
    newest = {doc.source.rel: (doc, body) for doc, body in rendered}
    changed: dict[int, Entry] = {}
    for entry in site.entries:
        if entry.doc.source.rel not in newest:
            return None
        doc, body = newest[entry.doc.source.rel]
        if doc is not entry.doc or body is not entry.rendered:
            if doc.meta != entry.doc.meta:  # as assembled: a Jekyll or Hugo post's old address
                doc = replace(doc, meta=entry.doc.meta, meta_key=entry.doc.meta_key)
            changed[id(entry)] = replace(entry, doc=doc, rendered=body)
    if not changed:
        return site

    def new(entries: tuple[Entry, ...]) -> tuple[Entry, ...]:
        return tuple(changed.get(id(e), e) for e in entries)

    editions = tuple(
        Edition(
            e.lang,
            e.prefix,
            new(e.posts),
            tuple(Tag(t.name, t.slug, t.lang, t.url, new(t.posts)) for t in e.tags),
            tuple(Year(y.year, y.lang, y.url, new(y.posts)) for y in e.years),
        )
        for e in site.editions
    )
    translations = {key: new(group) for key, group in site.translations.items()}
    return Site(editions, new(site.pages), translations)
