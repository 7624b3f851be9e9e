"""Which search bundle indexes a page: one per language and year of publication.

An edit re-indexes only its own bundle, and the search page merges every bundle of the
reader's language (`static/js/search.js`, reading `bundles.json`), so the results are those of
one whole index. A year with more posts than `YEAR_PAGES` in a language gets one bundle per
month instead: Pagefind's time grows with the pages it reads (about 3 ms each), and an edit
should not wait for a thousand of them. Pages without a date (an "about" page) share one
bundle per language.

The bundle is read from the page as Pagefind reads it (`<html lang>`), and its date from the
`article:published_time` a post's page declares; a theme without it gets one bundle per
language, which is slower to update but searches the same.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import NamedTuple

from sitegen.model import OutputFile

YEAR_PAGES = 200
"""Above this many pages, a language's year is indexed month by month."""

_LANG = re.compile(rb"<html\b[^>]*?\slang\s*=\s*[\"']?([A-Za-z0-9_-]+)", re.IGNORECASE)
_PUBLISHED = re.compile(
    rb"<meta\s+property=[\"']article:published_time[\"']\s+content=[\"'](\d{4})-(\d{2})"
)
_BODY = re.compile(rb"<[A-Za-z][^<>]*?\sdata-pagefind-body(?=[\s=/>])")
_HEAD = 8192
"""Where `<html lang>` is looked for: the start of the page."""


class Page(NamedTuple):
    """A page as the search stage reads it, once: its bytes stay on disk (a build of ten
    thousand pages does not hold them), their digest keys the bundle."""

    file: OutputFile
    digest: str
    lang: str
    published: tuple[str, str] | None
    body: bool


def read_page(file: OutputFile) -> Page:
    data = file.data
    digest = hashlib.blake2b(data, digest_size=20).hexdigest()
    return Page(file, digest, _language(data), _published(data), _has_body(data))


def pages_of(files: Iterable[OutputFile], read: Callable[[OutputFile], Page]) -> list[Page]:
    """The site's pages, sorted by path, each as `read` finds it."""
    html = sorted((f for f in files if f.path.endswith(".html")), key=lambda page: page.path)
    return [read(file) for file in html]


def bundles(pages: list[Page]) -> dict[str, list[Page]]:
    """The pages Pagefind indexes, by the name of their bundle (both sorted by name)."""
    # Pagefind indexes only the pages with `data-pagefind-body` when any page has one: the
    # rule is the site's, not a bundle's, so it is applied here, before the split.
    if any(page.body for page in pages):
        pages = [page for page in pages if page.body]
    dated: dict[tuple[str, str], list[tuple[str, Page]]] = defaultdict(list)
    grouped: dict[str, list[Page]] = defaultdict(list)
    for page in pages:
        if page.published is None:
            grouped[page.lang].append(page)
        else:
            dated[(page.lang, page.published[0])].append((page.published[1], page))
    for (lang, year), posts in dated.items():
        by_month = len(posts) > YEAR_PAGES
        for month, page in posts:
            grouped[f"{lang}-{year}-{month}" if by_month else f"{lang}-{year}"].append(page)
    return dict(sorted(grouped.items()))


def manifest(entries: Mapping[str, bytes]) -> bytes:
    """The list of the bundles (`SEARCH_BUNDLES`) from each one's `pagefind-entry.json`: its
    folder and its pages in each language, which the search page needs to pick the bundles."""
    listed = [
        {"path": f"{name}/", "languages": _page_counts(entry)}
        for name, entry in sorted(entries.items())
    ]
    return json.dumps({"bundles": listed}, sort_keys=True, separators=(",", ":")).encode()


def _page_counts(entry: bytes) -> dict[str, int]:
    languages = json.loads(entry)["languages"]
    return {lang: int(info["page_count"]) for lang, info in languages.items()}


def _has_body(data: bytes) -> bool:
    return b"data-pagefind-body" in data and _BODY.search(data) is not None


def _language(data: bytes) -> str:
    found = _LANG.search(data, 0, _HEAD)
    return found.group(1).decode("ascii").lower() if found else "unknown"


def _published(data: bytes) -> tuple[str, str] | None:
    head = data.find(b"</head>")
    found = _PUBLISHED.search(data, 0, head if head >= 0 else len(data))
    return (found.group(1).decode(), found.group(2).decode()) if found else None
