"""What templates see: plain, read-only views built from the model, never the model itself."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from html import unescape
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from sitegen.assemble import language_prefix
from sitegen.config import SiteConfig
from sitegen.i18n import format_date, from_language, language_name
from sitegen.markdown import reading_minutes
from sitegen.model import Entry, Generated, Heading, Reference, Site, Translated
from sitegen.typography import typeset
from sitegen.urls import slugify


@dataclass(frozen=True, slots=True)
class Link:
    title: str
    url: str
    lang: str = ""


@dataclass(frozen=True, slots=True)
class TranslationNotice:
    from_lang: str
    from_phrase: str
    """The original's language as the post's language says it: « de l’anglais »."""
    original: Link | None
    by: str
    reviewed_by: str


@dataclass(frozen=True, slots=True)
class GenerationNotice:
    model: str
    reviewed_by: str
    prompted_by: str


@dataclass(frozen=True, slots=True)
class EntryView:
    kind: str
    layout: str
    title: str
    url: str
    lang: str
    date_iso: str
    date_text: str
    description: str
    content: Markup
    summary: Markup
    has_more: bool
    toc: tuple[Heading, ...]
    words: int
    reading_minutes: int
    tags: tuple[Link, ...]
    translated: TranslationNotice | None
    generated: GenerationNotice | None
    audio_url: str
    sources: tuple[Link, ...]
    see_also: tuple[Link, ...]
    translations: tuple[Link, ...]
    extra: dict[str, Any] = field(default_factory=dict)


class Urls:
    """Turns site paths into emitted URLs: every one carries the base path."""

    def __init__(self, config: SiteConfig) -> None:
        self.config = config
        self.base_path = config.base_path

    def __call__(self, path: str) -> str:
        if path.startswith(("http://", "https://", "mailto:", "#", "//")):
            return path
        return self.base_path + path.lstrip("/")

    def absolute(self, url: str) -> str:
        """An emitted URL with the site's origin, when `base_url` has one."""
        parts = urlsplit(self.config.base_url)
        if not url.startswith("/") or url.startswith("//") or not parts.netloc:
            return url
        return f"{parts.scheme}://{parts.netloc}{url}"

    def tag(self, lang: str, name: str) -> str:
        return self(f"{language_prefix(self.config, lang)}tags/{slugify(name)}/")


def entry_view(entry: Entry, site: Site, urls: Urls) -> EntryView:
    meta = entry.meta
    day = meta.date.date() if meta.date else None
    others = site.translations.get(entry.translation_group, ())
    translations = tuple(
        Link(language_name(o.lang, o.lang), urls(o.url), o.lang) for o in others if o is not entry
    )
    return EntryView(
        kind=entry.kind,
        layout=meta.layout,
        title=typeset(meta.title, entry.lang),
        url=urls(entry.url),
        lang=entry.lang,
        date_iso=meta.date.isoformat() if meta.date else "",
        date_text=format_date(day, entry.lang) if day else "",
        description=meta.description or _plain(entry.rendered.summary_html),
        content=Markup(entry.rendered.html),
        summary=Markup(_rebase(entry.rendered.summary_html, entry.url, urls)),
        has_more=entry.rendered.has_more,
        toc=entry.rendered.toc,
        words=entry.rendered.words,
        reading_minutes=reading_minutes(entry.rendered.words),
        tags=tuple(Link(name, urls.tag(entry.lang, name)) for name in meta.tags),
        translated=_translation(meta.translated, entry, others, urls),
        generated=_generation(meta.generated),
        audio_url=urls(meta.audio) if meta.audio else "",
        sources=tuple(_reference(r, urls) for r in meta.sources),
        see_also=tuple(_reference(r, urls) for r in meta.see_also),
        translations=translations,
        extra=dict(meta.extra),
    )


def _translation(
    flag: Translated | None, entry: Entry, others: tuple[Entry, ...], urls: Urls
) -> TranslationNotice | None:
    if flag is None:
        return None
    source = next((o for o in others if o.lang == flag.from_lang), None)
    if source is None and flag.from_lang is None and others:
        source = next((o for o in others if not o.meta.translated), None)
    from_lang = flag.from_lang or (source.lang if source else "")
    if source is not None:
        original: Link | None = Link(source.meta.title, urls(source.url), source.lang)
    elif flag.url:
        original = Link(flag.title or flag.url, flag.url, from_lang)
    else:
        original = None
    return TranslationNotice(
        from_lang=from_lang,
        from_phrase=from_language(from_lang, entry.lang) if from_lang else "",
        original=original,
        by=flag.by or "",
        reviewed_by=flag.reviewed_by or "",
    )


def _generation(flag: Generated | None) -> GenerationNotice | None:
    if flag is None:
        return None
    return GenerationNotice(flag.model or "", flag.reviewed_by or "", flag.prompted_by or "")


def _reference(ref: Reference, urls: Urls) -> Link:
    return Link(ref.title, urls(ref.url) if ref.url else "")


_RELATIVE = re.compile(r'(\s(?:href|src)=")(?![a-zA-Z][\w+.-]*:|/|#)([^"]*)"')


def _rebase(html: str, page_url: str, urls: Urls) -> str:
    """Summaries are shown on other pages: `../x/` must keep pointing where it did."""

    def absolute(match: re.Match[str]) -> str:
        path = posixpath.normpath(posixpath.join(page_url, match.group(2)))
        if match.group(2).endswith("/"):
            path += "/"
        return f'{match.group(1)}{urls(path)}"'

    return _RELATIVE.sub(absolute, html)


def _plain(html: str) -> str:
    text = unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))).strip()
    return text if len(text) <= 200 else text[:197].rsplit(" ", 1)[0] + "…"
