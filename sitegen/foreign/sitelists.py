"""Jekyll's `site.posts`, `site.categories` and `site.tags` for Liquid in a page: each post
as Jekyll describes it (its front matter, `title`, `url`, `date`, `excerpt`…), newest first,
so that a category page listing its posts lists them here too."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime
from functools import lru_cache
from typing import Any

from sitegen.foreign.code import plain_markdown
from sitegen.foreign.markup import Addresses
from sitegen.model import Document

_PARAGRAPH = re.compile(r"\n[ \t]*\n")
_OLDEST = datetime.min


@lru_cache(maxsize=2)
def site_lists(addresses: Addresses) -> dict[str, Any]:
    """`posts`, `categories` and `tags` of the site, for Liquid's `site` (made once a
    build, by the first page that names them)."""
    posts = [d for d in addresses.docs if d.source.kind == "post" and not d.meta.draft]
    posts.sort(key=lambda d: _site_clock(d.meta.date), reverse=True)
    described = [_post(doc, addresses.url[doc.source.rel]) for doc in posts]
    categories: dict[str, list[dict[str, Any]]] = defaultdict(list)
    tags: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for post in described:
        for name in post["categories"]:
            categories[name].append(post)
        for name in post["tags"]:
            tags[name].append(post)
    return {"posts": described, "categories": dict(categories), "tags": dict(tags)}


def _site_clock(when: datetime | None) -> datetime:
    """When Jekyll dates the post, read on the site's clock: every date-time is already in
    the site's time zone (content/foreignvalues.py), and a day alone is its midnight there,
    which its UTC instant is not (8 h in Tokyo would come before the day alone in UTC)."""
    return when.replace(tzinfo=None) if when else _OLDEST


def _post(doc: Document, url: str) -> dict[str, Any]:
    meta = doc.meta
    body = doc.body.strip()
    post: dict[str, Any] = dict(meta.extra)
    categories = _words(post.get("categories"))
    post.update(
        title=meta.title,
        url=url,
        date=meta.date,
        tags=[tag for tag in meta.tags if tag not in categories],  # sitegen joined them
        categories=categories,
        excerpt=plain_markdown().render(_PARAGRAPH.split(body, maxsplit=1)[0]),  # HTML, as Jekyll's
        content=body,
    )
    return post


def _words(value: Any) -> list[str]:
    if isinstance(value, str):
        return value.split()
    return [str(v) for v in value] if isinstance(value, list) else []
