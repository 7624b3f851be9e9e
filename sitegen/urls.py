"""Slugs, permalinks, where the site's own pages are (its listings, feeds, search index, 404,
sitemap and robots.txt), and the mapping between site paths and output files, both ways."""

from __future__ import annotations

import posixpath
import unicodedata
from datetime import datetime
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from slugify import slugify as _slugify

# Without these, "L’été" becomes "lete": French elision must split words.
_APOSTROPHES = [["’", "-"], ["'", "-"], ["ʼ", "-"]]


@lru_cache(maxsize=1 << 17)  # every post's name and every tag of a large blog
def slugify(text: str) -> str:
    """A URL-safe, accent-free slug: "L’été à Noël" -> "l-ete-a-noel"."""
    # The backend named: "auto" looks for `unidecode` first, a failed import on every call,
    # and would give other slugs on a machine where it is installed.
    made = _slugify(text, replacements=_APOSTROPHES, backend="text-unidecode")
    return str(made) or "sans-titre"


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
    if date is not None:  # as `%Y`, `%m` and `%d` write them, without strftime's cost
        fields |= {"year": str(date.year), "month": f"{date.month:02d}", "day": f"{date.day:02d}"}
    path = pattern.format(**fields)
    # normpath keeps a leading "//" (POSIX), so strip slashes before re-adding one.
    path = posixpath.normpath("/" + path.lstrip("/")).rstrip("/") + "/"
    return prefix.rstrip("/") + path


_FOLDER_PAGE = "index.html"


def output_path(url: str) -> str:
    """Site path -> file in the output folder: `/a/b/` -> `a/b/index.html`."""
    path = unquote(url).lstrip("/")
    if not path or path.endswith("/"):
        return path + _FOLDER_PAGE
    return path


def not_found_page(prefix: str) -> str:
    """The 404 page of the language published under `prefix` (`/en/404.html`)."""
    return prefix + NOT_FOUND_PAGE.removeprefix("/")


def site_path_of(file: str) -> str:
    """File in the output folder -> site path: `a/b/index.html` -> `/a/b/`; the reverse of
    `output_path` for a path written without `%` escapes."""
    folder, _, name = file.rpartition("/")
    if name == _FOLDER_PAGE:
        return f"/{folder}/" if folder else "/"
    return "/" + file


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


# Where the site's own pages are: a language's are under its prefix (`/` or `/en/`),
# spelled here and nowhere else.
_PAGES, _TAGS, _ARCHIVES, _SEARCH = "page", "tags", "archives", "search"
LISTING_FOLDERS = frozenset({_PAGES, _TAGS, _ARCHIVES, _SEARCH})
"""The folders of its listings that sitegen writes in every language's folder."""
ATOM_FILE, RSS_FILE, JSON_FEED_FILE = "feed.xml", "rss.xml", "feed.json"
FEED_FILES = {
    ATOM_FILE: "application/atom+xml",
    RSS_FILE: "application/rss+xml",
    JSON_FEED_FILE: "application/feed+json",
}
"""Each language's feeds, in its folder, by file name and media type; a tag's page has an
Atom feed beside it."""
ALL_LANGUAGES_FILE = "all.xml"
"""The Atom feed of every language's newest posts, at the root of a site of several."""
SEARCH_INDEX = "/pagefind/"
"""The folder of the site search's index (Pagefind's files): at the root, for every language."""
SEARCH_BUNDLES = "bundles.json"
"""In the index's folder, the list of its bundles that `static/js/search.js` reads."""
NOT_FOUND_PAGE = "/404.html"
"""The page hosts serve for a missing address; each language under its prefix has its own
(`not_found_page`), which hosts that look up the folders (and `sitegen serve`) serve there."""
SITEMAP_XML = "/sitemap.xml"
ROBOTS_TXT = "/robots.txt"


def home_page(prefix: str, number: int = 1) -> str:
    """The language's home page, or its `number`th page of older posts: `/en/page/2/`."""
    return prefix if number == 1 else f"{prefix}{_PAGES}/{number}/"


def tags_page(prefix: str) -> str:
    return f"{prefix}{_TAGS}/"


def tag_page(prefix: str, key: str) -> str:
    """A tag's page, by the tag's slug: `/tags/ia/`."""
    return f"{tags_page(prefix)}{key}/"


def archives_page(prefix: str) -> str:
    return f"{prefix}{_ARCHIVES}/"


def year_page(prefix: str, year: int) -> str:
    return f"{archives_page(prefix)}{year}/"


def search_page(prefix: str) -> str:
    return f"{prefix}{_SEARCH}/"


def feed_page(page: str, name: str) -> str:
    """The feed `name` (of `FEED_FILES` or `ALL_LANGUAGES_FILE`) beside the listing at `page`:
    `/en/rss.xml`, a tag's `/tags/ia/feed.xml`."""
    return page + name


def tag_feed(page: str) -> str:
    """A tag's Atom feed, beside the tag's page."""
    return feed_page(page, ATOM_FILE)


def llms_page(prefix: str) -> str:
    """A language's `llms.txt`, at its root (llmstxt.org)."""
    return f"{prefix}llms.txt"


def twin_page(url: str) -> str:
    """The Markdown twin of the page at `url` (llms.txt v2): `/2026/03/slug/index.md` beside
    a folder's page, `/a-propos.md` for `/a-propos.html`; "" for any other address."""
    if url.endswith("/"):
        return url + "index.md"
    return url.removesuffix(".html") + ".md" if url.endswith(".html") else ""


SHARE_CARD = "share-card.png"


def share_card(url: str) -> str:
    """The share card (`og:image`) of the page at `url`, beside it:
    `/2026/03/slug/share-card.png` in a folder's page, `/a-propos.png` for `/a-propos.html`
    (a name no longer than the page's: a file system that holds one holds the other); a
    language's own card is its home page's (`/en/share-card.png`)."""
    if url.endswith("/"):
        return url + SHARE_CARD
    return f"{url.removesuffix('.html')}.png"


def search_index_file(name: str) -> str:
    """A file of the search index in the output folder: `pagefind/pagefind-ui.js`."""
    return SEARCH_INDEX.lstrip("/") + name


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


IMAGE_VARIANTS = "/images/"
"""Where the resized copies of the blog's images are published, named by what they hold."""


def image_variant(name: str, width: int, extension: str) -> str:
    """One size of an image in one format: `/images/schema-3f2a9c01d4-800.webp`."""
    return f"{IMAGE_VARIANTS}{name}-{width}.{extension}"
