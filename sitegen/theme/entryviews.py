"""Each entry's view, made when a page first shows it.

A build after an edit renders a few pages: it makes the views of the entries those pages
show, not of every post (which pages are unchanged is told by keys, `pagememo.py`).
"""

from __future__ import annotations

from collections.abc import Callable

from sitegen.content.addresses import SiteUrls
from sitegen.model import Rendered, Site
from sitegen.text.i18n import Catalog
from sitegen.theme.imageviews import ImageViews
from sitegen.theme.views import EntryView, entry_view


class EntryViews(dict[int, EntryView]):
    """The view of each entry of the site, by the entry's `id`, made on first use."""

    def __init__(
        self,
        site: Site,
        urls: SiteUrls,
        catalogs: dict[str, Catalog],
        html_of: Callable[[Rendered], str],
        images: ImageViews | None = None,
    ) -> None:
        super().__init__()
        self._site, self._urls, self._catalogs, self._html_of = site, urls, catalogs, html_of
        self._images = images
        self._entries = {id(e): e for e in site.entries}

    def __missing__(self, entry_id: int) -> EntryView:
        entry = self._entries[entry_id]
        t = self._catalogs[entry.lang]
        view = entry_view(entry, self._site, self._urls, t, self._html_of, self._images)
        self[entry_id] = view
        return view
