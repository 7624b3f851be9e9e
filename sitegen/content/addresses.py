"""Where the site publishes each entry, and the URLs it emits: the language folders, a
document's own address (its `url`, the other tool's permalink or the site's pattern), the
addresses Jekyll and Hugo gave it, and the base path every emitted URL carries."""

from __future__ import annotations

from collections.abc import Iterable

from sitegen.foreign.permalinks import published_at, tool_url
from sitegen.model import Document
from sitegen.settings.config import SiteConfig
from sitegen.urls import Urls, permalink, slugify, tag_page


def language_prefix(config: SiteConfig, lang: str) -> str:
    """Where a language lives: the default at the root (unless configured otherwise), the
    others under `/{lang}/`."""
    at_root = lang == config.language and config.default_language_at_root
    return "/" if at_root else f"/{lang}/"


def old_addresses(
    config: SiteConfig,
    doc: Document,
    elsewhere: list[str],
    taken: set[str],
    also: Iterable[str] = (),
) -> list[str]:
    """Where Jekyll or Hugo published `doc`, then `also`, then where jekyll-polyglot copied it
    (`elsewhere`): those neither `taken` nor among its `aliases` yet, which become `taken`."""
    own = published_at(config, doc, language_prefix(config, doc.meta.lang))
    old = dict.fromkeys([own, *also, *elsewhere])
    new = [a for a in old if a not in taken and a not in doc.meta.aliases]
    taken.update(new)
    return new


def address(config: SiteConfig, doc: Document) -> tuple[str, str]:
    """A document's slug and site path: its own `url`, the other tool's permalink when
    the blog is read as it is, else the site's pattern; in its language's folder."""
    meta = doc.meta
    slug = meta.slug or slugify(doc.source.stem)
    prefix = language_prefix(config, meta.lang)
    if meta.url:  # `/en/about/` on an English page is already in its folder
        url = meta.url if meta.url.startswith(prefix) else prefix.rstrip("/") + meta.url
        return slug, url
    if config.dialect != "sitegen":
        return slug, prefix.rstrip("/") + tool_url(config, doc)
    if doc.source.kind == "post":
        return slug, permalink(config.permalink, slug, meta.date, prefix)
    return slug, permalink("/{slug}/", slug, None, prefix)


class SiteUrls(Urls):
    """The URLs this site emits, under its base path; a tag's page by the tag's name."""

    def __init__(self, config: SiteConfig) -> None:
        super().__init__(config.base_path, config.base_url)
        self.config = config

    def tag(self, lang: str, name: str) -> str:
        return self(tag_page(language_prefix(self.config, lang), slugify(name)))
