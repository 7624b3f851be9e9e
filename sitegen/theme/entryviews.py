"""Each entry's view, made when a page first shows it, and the key of what that view reads.

A build after an edit renders a few pages: it makes the views of the entries those pages
show, not of every post, and it tells which pages are unchanged by keys made of the entries'
own keys, never by reading their views.
"""

from __future__ import annotations

from sitegen.content.addresses import SiteUrls
from sitegen.model import Entry, Site
from sitegen.state.cache import key as cache_key
from sitegen.text.i18n import Catalog
from sitegen.theme.views import EntryView, entry_view


class EntryViews(dict[int, EntryView]):
    """The view of each entry of the site, by the entry's `id`, made on first use."""

    def __init__(self, site: Site, urls: SiteUrls, catalogs: dict[str, Catalog]) -> None:
        super().__init__()
        self._site, self._urls, self._catalogs = site, urls, catalogs
        self._entries = {id(e): e for e in site.entries}

    def __missing__(self, entry_id: int) -> EntryView:
        entry = self._entries[entry_id]
        view = entry_view(entry, self._site, self._urls, self._catalogs[entry.lang])
        self[entry_id] = view
        return view


def view_key(entry: Entry, site: Site) -> str:
    """Everything `entry_view` reads but the settings and the catalog (which every page of a
    language shares): the entry's document and body, where it is published, and its versions
    in other languages, which name each other and tell which one is the original."""
    versions = site.translations.get(entry.translation_group, ())
    return cache_key(
        entry.doc.key,
        entry.rendered.key,
        entry.url,
        entry.slug,
        tuple((v.doc.key, v.url) for v in versions if v is not entry),
    )
