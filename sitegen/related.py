"""Related posts: the posts of the same language that share the most tags with a post."""

from __future__ import annotations

import heapq
from collections import Counter

from sitegen.model import Edition, Entry
from sitegen.urls import slugify

LIMIT = 3
WINDOW = 25
"""How many neighbours in date order each tag offers: keeps a 10 000-post blog linear."""


class RelatedPosts:
    """Finds related posts within one edition (one language)."""

    def __init__(self, edition: Edition) -> None:
        self.tagged = {tag.slug: tag.posts for tag in edition.tags}
        self.position = {
            (tag.slug, id(p)): i for tag in edition.tags for i, p in enumerate(tag.posts)
        }
        self.slugs = {id(p): [slugify(name) for name in p.meta.tags] for p in edition.posts}
        self.seconds = {id(p): _seconds(p) for p in edition.posts}

    def __call__(self, post: Entry) -> tuple[Entry, ...]:
        """Up to three posts sharing tags with `post`: most shared tags, then nearest in time."""
        scores: Counter[int] = Counter()
        found: dict[int, Entry] = {}
        for key in self.slugs[id(post)]:
            at = self.position[key, id(post)]
            for other in self.tagged[key][max(0, at - WINDOW) : at + WINDOW + 1]:
                scores[id(other)] += 1
                found[id(other)] = other
        found.pop(id(post), None)
        when, seconds = self.seconds[id(post)], self.seconds

        def rank(other: Entry) -> tuple[int, float, str]:
            return (-scores[id(other)], _gap(seconds[id(other)], when), other.url)

        return tuple(heapq.nsmallest(LIMIT, found.values(), key=rank))


def _seconds(entry: Entry) -> float | None:
    return entry.meta.date.timestamp() if entry.meta.date else None


def _gap(a: float | None, b: float | None) -> float:
    """How far apart two posts are in time; undated ones rank last among equals."""
    return abs(a - b) if a is not None and b is not None else float("inf")
