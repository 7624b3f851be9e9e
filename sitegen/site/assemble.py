"""Rendered documents -> the Site: what is published, where, and how it is grouped."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from sitegen.content.addresses import address, language_prefix, old_addresses
from sitegen.content.changes import check_dates, future_dates
from sitegen.content.principles import check_principles
from sitegen.foreign.polyglot import fallback_copies
from sitegen.model import Document, Edition, Entry, Rendered, Site, Tag, Year
from sitegen.project.errors import Problems
from sitegen.settings.config import SiteConfig
from sitegen.state.cache import key as cache_key
from sitegen.urls import slugify, tag_page, year_page


def assemble(
    config: SiteConfig,
    rendered: list[tuple[Document, Rendered]],
    now: datetime,
    problems: Problems,
) -> Site:
    """Decide what is published and give every entry its URL; group posts by language."""
    entries = [
        entry_of(config, doc, html) for doc, html in rendered if _published(config, doc, now)
    ]
    if config.dialect != "sitegen":
        entries = _keep_old_addresses(config, entries)
    posts = [e for e in entries if e.kind == "post"]
    pages = tuple(sorted((e for e in entries if e.kind == "page"), key=lambda e: e.url))
    editions = tuple(_edition(config, lang, posts) for lang in config.languages)
    translations = _translations(config, entries, problems)
    site = Site(editions=editions, pages=pages, translations=translations)
    _check_originals(entries, site, problems)
    check_principles(entries, problems)
    check_dates(entries, now, problems)
    return site


def original_of(entry: Entry, site: Site) -> Entry | None:
    """The post on this site that `entry` was translated from, if it is one of its versions.

    `translated: {from: en}` names it; without `from`, the one version not itself
    marked as translated is the original.
    """
    flag = entry.meta.translated
    if flag is None:
        return None
    others = [o for o in site.translations.get(entry.translation_group, ()) if o is not entry]
    if flag.from_lang:
        return next((o for o in others if o.lang == flag.from_lang), None)
    untranslated = [o for o in others if not o.meta.translated]
    return untranslated[0] if len(untranslated) == 1 else None


def _check_originals(entries: list[Entry], site: Site, problems: Problems) -> None:
    """A translation notice must say from which language: `from`, or a version on the site."""
    for entry in entries:
        flag = entry.meta.translated
        if flag and not flag.from_lang and original_of(entry, site) is None:
            problems.warn(
                entry.doc.source.rel,
                entry.meta.line_of("translated"),
                1,
                "a translated post with no original language: the notice cannot say it",
                "write `translated: {from: en}` (the original's language code)",
            )


def next_publication(
    config: SiteConfig, docs: Iterable[Document], now: datetime
) -> datetime | None:
    """When the build would first say something else with no edit: the first post dated
    after `now` comes out, or a change or review said to be in the future no longer is."""
    metas = [d.meta for d in docs]
    ahead = [when for meta in metas for when in future_dates(meta, now)]
    if not (config.drafts or config.foreign.future):
        ahead += [m.date for m in metas if not m.draft and m.date and m.date > now]
    return min(ahead, default=None)


def _published(config: SiteConfig, doc: Document, now: datetime) -> bool:
    if config.drafts:
        return True
    meta = doc.meta
    on_time = meta.date is None or meta.date <= now or config.foreign.future
    return not meta.draft and on_time


def entry_of(config: SiteConfig, doc: Document, rendered: Rendered) -> Entry:
    """The entry of a published document, at its address."""
    slug, url = address(config, doc)
    return Entry(doc=doc, rendered=rendered, url=url, slug=slug)


def _keep_old_addresses(config: SiteConfig, entries: list[Entry]) -> list[Entry]:
    """Where Jekyll or Hugo published each entry, when the build publishes it elsewhere
    (a language folder, a name cleaned of accents), becomes one of its `aliases`, and so do
    jekyll-polyglot's copies of it under other languages: every old link still reaches the
    post. Never where another entry now is."""
    taken = {e.url for e in entries}
    copies = fallback_copies(config, [e.doc for e in entries])
    kept = []
    for entry, elsewhere in zip(entries, copies, strict=True):
        new = old_addresses(config, entry.doc, elsewhere, taken)
        if not new:
            kept.append(entry)
            continue
        meta = replace(entry.meta, aliases=(*entry.meta.aliases, *new))
        doc = replace(entry.doc, meta=meta, meta_key=cache_key(entry.doc.meta_key, new))
        kept.append(replace(entry, doc=doc))
    return kept


def newest_first(posts: Iterable[Entry]) -> tuple[Entry, ...]:
    return tuple(sorted(posts, key=lambda e: (-(e.meta.date or datetime.min).timestamp(), e.url)))


def _edition(config: SiteConfig, lang: str, all_posts: list[Entry]) -> Edition:
    prefix = language_prefix(config, lang)
    posts = newest_first(p for p in all_posts if p.lang == lang)
    by_tag: dict[str, list[Entry]] = defaultdict(list)
    names: dict[str, str] = {}
    for post in posts:
        for name in post.meta.tags:
            # Tags that differ only in case or accents are one tag (and one URL).
            key = slugify(name)
            names.setdefault(key, name)
            by_tag[key].append(post)
    tags = tuple(
        Tag(names[key], key, lang, tag_page(prefix, key), tuple(tagged))
        for key, tagged in sorted(by_tag.items())
    )
    by_year: dict[int, list[Entry]] = defaultdict(list)
    for post in posts:
        if post.meta.date is not None:
            by_year[post.meta.date.year].append(post)
    years = tuple(
        Year(year, lang, year_page(prefix, year), tuple(items))
        for year, items in sorted(by_year.items(), reverse=True)
    )
    return Edition(lang=lang, prefix=prefix, posts=posts, tags=tags, years=years)


def _translations(
    config: SiteConfig, entries: list[Entry], problems: Problems
) -> dict[str, tuple[Entry, ...]]:
    groups: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        groups[entry.translation_group].append(entry)
    order = {lang: i for i, lang in enumerate(config.languages)}
    result = {}
    for key, group in sorted(groups.items()):
        langs = [e.lang for e in group]
        if len(set(langs)) < 2:
            continue  # `2025-01-01-bilan.md` and `2026-01-01-bilan.md` are not translations
        if len(set(langs)) < len(langs):
            _ambiguous(group, problems)
            continue
        result[key] = tuple(sorted(group, key=lambda e: (order.get(e.lang, 99), e.url)))
    return result


def _ambiguous(group: list[Entry], problems: Problems) -> None:
    names = ", ".join(e.doc.source.rel for e in group)
    for entry in group:
        problems.warn(
            entry.doc.source.rel,
            entry.meta.line_of("translation_key"),
            1,
            f"translation key `{entry.meta.translation_key}` is shared by {names}: no links",
            "give each post a distinct `translation_key`",
        )
