"""Related posts: the posts of the same language that share the most tags with a post."""

from __future__ import annotations

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

    def __call__(self, post: Entry) -> tuple[Entry, ...]:
        """Up to three posts sharing tags with `post`: most shared tags, then nearest in time."""
        scores: Counter[int] = Counter()
        found: dict[int, Entry] = {}
        for name in post.meta.tags:
            key = slugify(name)
            at = self.position[key, id(post)]
            for other in self.tagged[key][max(0, at - WINDOW) : at + WINDOW + 1]:
                if other is not post:
                    scores[id(other)] += 1
                    found[id(other)] = other

        def rank(other: Entry) -> tuple[int, float, str]:
            return (-scores[id(other)], _distance(post, other), other.url)

        return tuple(sorted(found.values(), key=rank)[:LIMIT])


def _distance(a: Entry, b: Entry) -> float:
    if a.meta.date is None or b.meta.date is None:
        return float("inf")
    return abs((a.meta.date - b.meta.date).total_seconds())
