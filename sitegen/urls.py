"""Slugs, permalinks and the mapping from site paths to output files."""

from __future__ import annotations

import posixpath
import unicodedata
from datetime import datetime
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from slugify import slugify as _slugify

# Without these, "L’été" becomes "lete": French elision must split words.
_APOSTROPHES = [["’", "-"], ["'", "-"], ["ʼ", "-"]]


@lru_cache(maxsize=8192)
def slugify(text: str) -> str:
    """A URL-safe, accent-free slug: "L’été à Noël" -> "l-ete-a-noel"."""
    return str(_slugify(text, replacements=_APOSTROPHES)) or "sans-titre"


def without_accents(text: str) -> str:
    """`é` as `e`: Hugo's `RemoveAccents` (`removePathAccents`), kramdown's transliteration
    of Latin text."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not _is_mark(c))
    return unicodedata.normalize("NFC", bare)


def _is_mark(char: str) -> bool:
    return unicodedata.category(char).startswith("M")


def permalink(pattern: str, slug: str, date: datetime | None, prefix: str) -> str:
    """Fill the permalink pattern; `prefix` is `/` or a language folder like `/en/`."""
    fields = {"slug": slug, "year": "", "month": "", "day": ""}
    if date is not None:
        fields |= {"year": f"{date:%Y}", "month": f"{date:%m}", "day": f"{date:%d}"}
    path = pattern.format(**fields)
    # normpath keeps a leading "//" (POSIX), so strip slashes before re-adding one.
    path = posixpath.normpath("/" + path.lstrip("/")).rstrip("/") + "/"
    return prefix.rstrip("/") + path


def output_path(url: str) -> str:
    """Site path -> file in the output folder: `/a/b/` -> `a/b/index.html`."""
    path = unquote(url).lstrip("/")
    if not path or path.endswith("/"):
        return path + "index.html"
    return path


def is_contained(rel: str) -> bool:
    """True when `rel` names a file inside the output folder and nothing else."""
    if not rel or "\0" in rel or "\\" in rel or rel.startswith("/"):
        return False
    parts = rel.split("/")
    return all(part not in ("", ".", "..") for part in parts)


def is_web_address(url: str) -> bool:
    """`https://…` or `http://…`, in any case: never `javascript:`, `data:` or another
    scheme a browser would run or open."""
    return url[:8].lower().startswith(("https://", "http://"))


FEED_FILES = {
    "feed.xml": "application/atom+xml",
    "rss.xml": "application/rss+xml",
    "feed.json": "application/feed+json",
}
"""Each language's feeds, at its root, by file name and media type."""


class Urls:
    """Turns site paths into emitted URLs: every one carries the base path."""

    def __init__(self, base_path: str, base_url: str) -> None:
        self.base_path = base_path
        self.base_url = base_url

    def __call__(self, path: str) -> str:
        if path.startswith(("http://", "https://", "mailto:", "#", "//")):
            return path
        return self.base_path + path.lstrip("/")

    def absolute(self, url: str) -> str:
        """An emitted URL with the site's origin, when `base_url` has one."""
        parts = urlsplit(self.base_url)
        if not url.startswith("/") or url.startswith("//") or not parts.netloc:
            return url
        return f"{parts.scheme}://{parts.netloc}{url}"
