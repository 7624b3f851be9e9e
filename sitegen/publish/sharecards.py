"""Each page's share card, the picture a shared link shows (`og:image`): which cards the site
has, and where each comes from.

Every post and page has its own, drawn from the words its page shows (`cardviews.CardWords`:
its title, the blog's name, the date, the disclosure's badge); each language's listings
share the language's, which shows the blog's description and name. Astro Paper draws such
a card for the pages that are not posts, and Hugo's PaperMod shows the site's image there:
a listing shared without one would show no picture at all.

A card comes from the last build's output when its page memo says it was made from the same
front matter, theme and words of its language (linked unread, as unchanged pages are), else
from the folder of cards drawn (`cardstore.py`), else it is drawn (`cardimage.py`). Cards to
draw by the dozen are drawn on the other cores while this one renders the pages; the
build takes them at its end.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field

from sitegen.markdown.bodies import worker_count
from sitegen.model import OnDisk, OutputFile, Site
from sitegen.project.errors import Problems
from sitegen.publish.cardimage import LAYOUT
from sitegen.publish.cardstore import CardStore, Job, draw_jobs, drawn
from sitegen.publish.cardtheme import CardTheme, card_theme
from sitegen.state.cache import key
from sitegen.theme.cardviews import CardWords
from sitegen.theme.folders import Theme
from sitegen.theme.pagememo import PageKeys, PageMemo
from sitegen.theme.views import EntryView, SiteView
from sitegen.urls import output_path, share_card

PARALLEL_FROM = 64
"""Cards to draw before other processes pay for their start."""
CHUNK = 16


@dataclass(slots=True)
class _Card:
    """One card of the site: its file, what made it (named in messages), its key in the page
    memo, and the last build's file when that key is the same, else its words and key."""

    path: str
    source: str
    memo_key: str
    kept: bytes | OnDisk | None = None
    words: CardWords | None = None
    key: str = ""


class ShareCards:
    """The site's share cards; `store` keeps those drawn between builds."""

    def __init__(
        self,
        site: Site,
        theme: Theme,
        views: Mapping[int, EntryView],
        site_views: Mapping[str, SiteView],
        keys: PageKeys,
        problems: Problems,
        memo: PageMemo | None,
        store: CardStore,
    ) -> None:
        self.site, self.theme, self.views, self.site_views = site, theme, views, site_views
        self.keys, self.problems, self.memo, self.store = keys, problems, memo, store

    @contextmanager
    def drawing(self) -> Iterator[Drawing]:
        """Decide where each card comes from, and start drawing the missing ones; the
        processes drawing them end with the block."""
        theme = card_theme(self.theme, self.problems)
        # A build that already failed keeps nothing: it leaves no cache folder behind.
        self.store.writable &= not self.problems.errors
        cards = [*self._entries(theme), *self._listings(theme)] if theme else []
        drawing = Drawing(cards, theme, self.store, self.memo).begin()
        try:
            yield drawing
        finally:
            drawing.close()

    def _entries(self, theme: CardTheme) -> Iterator[_Card]:
        for entry in self.site.entries:
            made_from = (theme.key, self.keys.shared(entry.lang), entry.doc.meta_key, entry.url)
            # The front matter decides every word of the card: a text edit keeps it.
            memo_key = key("card", *made_from) if entry.doc.meta_key else ""
            card = _Card(output_path(share_card(entry.url)), entry.doc.source.rel, memo_key)
            if self._kept(card):
                yield card
                continue
            view = self.views[id(entry)].card
            if view is not None:
                yield _made(card, view.words, theme)

    def _listings(self, theme: CardTheme) -> Iterator[_Card]:
        for edition in self.site.editions:
            view = self.site_views[edition.lang].card
            memo_key = key("listings' card", theme.key, self.keys.shared(edition.lang))
            card = _Card(output_path(share_card(edition.prefix)), "the listings' card", memo_key)
            if view is not None and not self._kept(card):
                yield _made(card, view.words, theme)
            elif view is not None:
                yield card

    def _kept(self, card: _Card) -> bool:
        """Whether the last build wrote the card from the same (the page memo's file)."""
        if self.memo is None or not card.memo_key:
            return False
        card.kept = self.memo.recall(card.path, card.memo_key)
        return card.kept is not None


def _made(card: _Card, words: CardWords, theme: CardTheme) -> _Card:
    card.words, card.key = words, key(LAYOUT, theme.key, words)
    return card


@dataclass(slots=True)
class Drawing:
    """The cards of one build, those missing being drawn by other processes."""

    cards: list[_Card]
    theme: CardTheme | None
    store: CardStore
    memo: PageMemo | None
    pending: dict[str, Future[list[tuple[str, bytes | None]]]] = field(default_factory=dict)
    drawn: dict[str, bytes] = field(default_factory=dict)
    """Cards a drawing process gave back whole, since the store could not keep them."""
    pool: ProcessPoolExecutor | None = None

    def begin(self) -> Drawing:
        """Send the cards missing from the store to other processes, when there are enough
        of them to pay for their start."""
        missing: dict[str, CardWords] = {}
        for card in self.cards:
            if card.words is not None and card.key not in missing and not self.store.has(card.key):
                missing[card.key] = card.words
        workers = worker_count() - 1  # this process renders the pages meanwhile
        if self.theme is None or workers < 1 or len(missing) < PARALLEL_FROM:
            return self
        self.pool = ProcessPoolExecutor(max_workers=workers)
        jobs = list(missing.items())
        for start in range(0, len(jobs), CHUNK):
            chunk: list[Job] = jobs[start : start + CHUNK]
            future = self.pool.submit(draw_jobs, chunk, self.theme, self.store)
            self.pending.update((card_key, future) for card_key, _ in chunk)
        return self

    def files(self) -> Iterator[OutputFile]:
        """Each card's file, in the site's order."""
        for card in self.cards:
            if card.kept is not None:
                yield OutputFile(card.path, card.kept, card.source, unchanged=True)
                continue
            assert card.words is not None
            data = self._taken(card.key, card.words)
            if self.memo is not None and card.memo_key:
                self.memo.keep(card.path, card.memo_key, (), data)
            yield OutputFile(card.path, data, card.source)
        self.store.prune({card.key for card in self.cards if card.key}, len(self.cards))

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None

    def _taken(self, card_key: str, words: CardWords) -> bytes:
        """The card of `card_key`: drawn by another process, kept in the store, or drawn
        here (a chunk no process has started yet is drawn here rather than waited for)."""
        future = self.pending.pop(card_key, None)
        if future is not None and not future.cancel():
            self.drawn.update((k, data) for k, data in future.result() if data is not None)
        found = self.drawn.pop(card_key, None) or self.store.take(card_key)
        if found is None and self.theme is not None:
            found = drawn(card_key, words, self.theme, self.store)[0]
        return found or b""
