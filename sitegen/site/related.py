"""Related posts: the posts of the same language that share the most tags with a post."""

from __future__ import annotations

import heapq
from collections import Counter
from itertools import chain

from sitegen.model import Edition, Entry
from sitegen.state.cache import StageCache
from sitegen.state.cache import key as cache_key
from sitegen.urls import slugify

LIMIT = 3
WINDOW = 25
"""How many neighbours in date order each tag offers: keeps a 10 000-post blog linear."""


class KeptRelated(dict[str, tuple[tuple[int, ...], ...]]):
    """The dev server's related posts of each edition, by position, while the site's shape
    (`site/lastsite.py`: no front matter changed) stands."""


def related_positions(
    edition: Edition, cache: StageCache | None, kept: KeptRelated | None = None
) -> tuple[tuple[int, ...], ...]:
    """Each post's related posts, by position in the edition; computed again only when a tag,
    a date or a URL of the edition changed, and not even looked up while the site's shape
    stands (`kept`)."""
    found = kept.get(edition.lang) if kept is not None else None
    if found is None:
        found = _related(edition, cache)
        if kept is not None:
            kept[edition.lang] = found
    return found


def _related(edition: Edition, cache: StageCache | None) -> tuple[tuple[int, ...], ...]:
    finder = RelatedPosts(edition)
    posts = edition.posts
    signature = cache_key(
        "related", *((p.url, finder.slugs[i], finder.seconds[i]) for i, p in enumerate(posts))
    )
    found = cache.get_related(signature) if cache is not None else None
    if found is None:
        found = tuple(finder(i) for i in range(len(posts)))
        if cache is not None:
            cache.put_related(signature, found)
    return found


class RelatedPosts:
    """Finds related posts within one edition (one language), by position in it."""

    def __init__(self, edition: Edition) -> None:
        index = {id(p): i for i, p in enumerate(edition.posts)}
        self.urls = [p.url for p in edition.posts]
        self.slugs = [tuple(slugify(name) for name in p.meta.tags) for p in edition.posts]
        self.seconds = [_seconds(p) for p in edition.posts]
        self.tagged = {tag.slug: [index[id(p)] for p in tag.posts] for tag in edition.tags}
        self.position = {
            (slug, i): at for slug, members in self.tagged.items() for at, i in enumerate(members)
        }

    def __call__(self, i: int) -> tuple[int, ...]:
        """Up to three posts sharing tags with post `i`: most shared tags, then nearest in
        time, then by URL."""
        windows = []
        for slug in self.slugs[i]:
            at = self.position[slug, i]
            windows.append(self.tagged[slug][max(0, at - WINDOW) : at + WINDOW + 1])
        scores = Counter(chain.from_iterable(windows))
        del scores[i]
        when, seconds, urls = self.seconds[i], self.seconds, self.urls
        ranked = ((-n, _gap(seconds[j], when), urls[j], j) for j, n in scores.items())
        return tuple(entry[3] for entry in heapq.nsmallest(LIMIT, ranked))


def _seconds(entry: Entry) -> float | None:
    return entry.meta.date.timestamp() if entry.meta.date else None


def _gap(a: float | None, b: float | None) -> float:
    """How far apart two posts are in time; undated ones rank last among equals."""
    return abs(a - b) if a is not None and b is not None else float("inf")
