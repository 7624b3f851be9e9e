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

from sitegen.content.schema import address_key
from sitegen.model import Entry, OnDisk, OutputFile, Site
from sitegen.project.errors import Problems
from sitegen.project.forked import worker_count
from sitegen.publish.cardimage import LAYOUT
from sitegen.publish.cardstore import CardStore, Drawn, Job, draw_jobs, drawn
from sitegen.publish.cardtheme import CardTheme, card_theme
from sitegen.state.cache import key
from sitegen.text.i18n import Catalog
from sitegen.theme.cardviews import CardWords
from sitegen.theme.folders import Theme
from sitegen.theme.pagememo import PageKey, PageMemo
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
    line: int
    """The line of the source that decides the card's address (its `slug`)."""
    memo_key: str
    kept: bytes | OnDisk | None = None
    words: CardWords | None = None
    key: str = ""
    known: _Known | None = None
    """What is known of an entry's card, given the file this build takes (the dev server
    keeps it)."""


@dataclass(slots=True)
class _Known:
    """A card as `KnownCards` keeps it: made for `entry` (in `lang`) from the words `around`
    it; once it is served, its file and page key."""

    entry: Entry
    lang: str
    around: tuple[str, str]
    path: str
    line: int
    memo_key: str
    served: tuple[OutputFile, PageKey] | None = None


def _known(entry: Entry, around: tuple[str, str]) -> _Known:
    made_from = (*around, entry.doc.meta_key, entry.url)
    memo_key = key("card", *made_from) if entry.doc.meta_key else ""
    line = entry.meta.line_of(address_key(entry.meta))
    return _Known(entry, entry.lang, around, output_path(share_card(entry.url)), line, memo_key)


class KnownCards:
    """The dev server's card of each entry while the site's shape stands: where it is, the
    line that decides it and its key in the page memo, for the very same entry in the same
    theme and words of its language; ten thousand keys are not hashed again at every save.
    Once served, the card's file and page key are kept too: it is handed on as it is."""

    def __init__(self) -> None:
        self.cards: dict[int, _Known] = {}


class ShareCards:
    """The site's share cards; `store` keeps those drawn between builds."""

    def __init__(
        self,
        site: Site,
        theme: Theme,
        views: Mapping[int, EntryView],
        site_views: Mapping[str, SiteView],
        catalogs: Mapping[str, Catalog],
        problems: Problems,
        memo: PageMemo | None,
        store: CardStore,
        known: KnownCards | None = None,
    ) -> None:
        self.site, self.theme, self.views, self.site_views = site, theme, views, site_views
        self.catalogs, self.problems, self.memo, self.store = catalogs, problems, memo, store
        self.known = known
        if known is not None and len(known.cards) > 2 * len(site.entries):
            known.cards = {}  # the cards of entries long replaced

    @contextmanager
    def drawing(self) -> Iterator[Drawing]:
        """Decide where each card comes from, and which are missing: `Drawing.begin` starts
        drawing them; the processes drawing them end with the block."""
        theme = card_theme(self.theme, self.problems)
        # A build that already failed keeps nothing: it leaves no cache folder behind.
        self.store.writable &= not self.problems.errors
        cards = [*self._entries(theme), *self._listings(theme)] if theme else []
        drawing = Drawing(cards, theme, self.store, self.memo)
        try:
            yield drawing
        finally:
            drawing.close()

    def _entries(self, theme: CardTheme) -> Iterator[_Card | OutputFile]:
        # Besides the front matter, a card's words are the blog's name and the catalog's
        # (a badge, a month): not what else every page of the language sees (its menu).
        arounds = {
            lang: (theme.key, key(view.title, sorted(self.catalogs[lang].messages.items())))
            for lang, view in self.site_views.items()
        }
        known = self.known.cards if self.known is not None else {}
        memo_keys = self.memo.keys if self.memo is not None else {}
        for entry in self.site.entries:
            found = known.get(id(entry))
            if found is None or found.entry is not entry or found.around != arounds[found.lang]:
                found = known[id(entry)] = _known(entry, arounds[entry.lang])
            elif found.served is not None:
                memo_keys[found.path] = found.served[1]
                yield found.served[0]
                continue
            card = _Card(found.path, entry.doc.source.rel, found.line, found.memo_key, known=found)
            if not self._kept(card) and (view := self.views[id(entry)].card) is not None:
                _made(card, view.words, theme)  # its view made only now, when it is needed
            if card.kept is not None or card.words is not None:
                yield card

    def _listings(self, theme: CardTheme) -> Iterator[_Card]:
        for edition in self.site.editions:
            view = self.site_views[edition.lang].card
            if view is not None:
                path = output_path(share_card(edition.prefix))
                card = _made(_Card(path, "the listings' card", 0, ""), view.words, theme)
                card.memo_key = card.key  # its words are at hand: its key is its memo's
                self._kept(card)
                yield card

    def _kept(self, card: _Card) -> bool:
        """Whether the last build wrote the card from the same (the page memo's file)."""
        if self.memo is None or not card.memo_key:
            return False
        card.kept = self.memo.recall(card.path, card.memo_key)
        return card.kept is not None


def _made(card: _Card, words: CardWords, theme: CardTheme) -> _Card:
    """The card with the words it shows, and its key: what it is drawn from."""
    card.words, card.key = words, key(LAYOUT, theme.key, words)
    return card


@dataclass(slots=True)
class Drawing:
    """The cards of one build, those missing being drawn by other processes."""

    cards: list[_Card | OutputFile]
    theme: CardTheme | None
    store: CardStore
    memo: PageMemo | None
    pending: dict[str, Future[list[Drawn]]] = field(default_factory=dict)
    drawn: dict[str, bytes] = field(default_factory=dict)
    """Cards drawn that the store could not keep, whole."""
    kept: dict[str, int] = field(default_factory=dict)
    """Cards drawn into the store, with their page marks: linked from there."""
    pool: ProcessPoolExecutor | None = None
    handed: CardStore | None = None
    """Where the drawing processes put their cards: the store, or a scratch folder."""
    missing: dict[str, CardWords] = field(default_factory=dict)
    """The words of each card the store lacks, by its key."""
    chunks: list[tuple[Future[list[Drawn]], list[Job]]] = field(default_factory=list)
    """The chunks sent to the drawing processes, in order."""
    drawers: int = 0
    """The processes that will draw them (`begin`), when there are enough of them."""

    def __post_init__(self) -> None:
        for card in self.cards:
            if isinstance(card, OutputFile) or card.kept is not None or card.words is None:
                continue
            if card.key not in self.missing and not self.store.has(card.key):
                self.missing[card.key] = card.words
        workers = worker_count() - 1  # this process renders the pages meanwhile
        if self.theme is not None and workers >= 1 and len(self.missing) >= PARALLEL_FROM:
            self.drawers = workers

    def begin(self) -> None:
        """Send the cards missing from the store to other processes, when there are enough
        of them to pay for their start."""
        if not self.drawers or self.theme is None:
            return
        self.pool = ProcessPoolExecutor(max_workers=self.drawers)
        self.handed = self.store if self.store.writable else CardStore.scratch()
        jobs = list(self.missing.items())
        for start in range(0, len(jobs), CHUNK):
            chunk: list[Job] = jobs[start : start + CHUNK]
            future = self.pool.submit(draw_jobs, chunk, self.theme, self.handed)
            self.pending.update((card_key, future) for card_key, _ in chunk)
            self.chunks.append((future, chunk))

    def files(self) -> Iterator[OutputFile]:
        """Each card's file, in the site's order."""
        self._draw_the_last_here()
        for card in self.cards:
            if isinstance(card, OutputFile):  # as the dev server's last build served it
                yield card
                continue
            if card.kept is not None:
                file = OutputFile(card.path, card.kept, card.source, card.line, unchanged=True)
                if card.known is not None and self.memo is not None:
                    card.known.served = file, self.memo.keys[card.path]
                yield file
                continue
            assert card.words is not None
            data = self._taken(card.key, card.words)
            if self.memo is not None and card.memo_key:
                self.memo.keep(card.path, card.memo_key, (), data)
            yield OutputFile(card.path, data, card.source, card.line)
        used = {card.key for card in self.cards if isinstance(card, _Card) and card.key}
        self.store.prune(used, len(self.cards))

    def _draw_the_last_here(self) -> None:
        """Draw here, from the last, the chunks no drawing process has started: this
        process has rendered the pages, and the two meet halfway instead of one waiting."""
        while self.chunks and self.theme is not None and self.chunks[-1][0].cancel():
            for card_key, words in self.chunks.pop()[1]:
                self._draw_here(card_key, words)

    def _draw_here(self, card_key: str, words: CardWords) -> None:
        assert self.theme is not None
        self._made(card_key, drawn(card_key, words, self.theme, self.store), in_store=True)

    def _made(self, card_key: str, made: bytes | int, in_store: bool) -> None:
        """A card drawn, whole, or its marks when it was kept (in the store: `in_store`)."""
        if isinstance(made, bytes):
            self.drawn[card_key] = made
        elif in_store:
            self.kept[card_key] = made

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None
        if self.handed is not None and self.handed is not self.store:
            self.handed.discard()

    def _taken(self, card_key: str, words: CardWords) -> bytes | OnDisk:
        """The card of `card_key`: drawn by another process, kept in the store, or drawn
        here (a chunk no process has started yet is drawn here rather than waited for). A
        card just drawn into the store is linked from there."""
        future = self.pending.pop(card_key, None)
        if future is not None and not future.cancel():
            for key, made in future.result():
                self._made(key, made, in_store=self.handed is self.store)
        if card_key not in self.kept and card_key not in self.drawn:
            handed = self.handed.take(card_key) if self.handed is not None else None
            found = handed or self.store.take(card_key)
            if found is not None or self.theme is None:
                return found or b""
            self._draw_here(card_key, words)
        if card_key in self.kept:
            return OnDisk(self.store.file_of(card_key), self.kept[card_key])
        return self.drawn.pop(card_key)
