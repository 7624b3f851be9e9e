"""`broken-link` and `broken-anchor`: every link of the built site leads somewhere.

A post's links (its body's and its front matter's) are resolved from its address and
reported at the line that wrote them; the templates' links (every `href` and `src` left in
a page once the posts' HTML is blanked out) at the built page's line. Web links are
gathered for `--external`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from urllib.parse import SplitResult, unquote, urljoin, urlsplit

import lxml.html

from sitegen.build import BuiltSite
from sitegen.check.body import Source
from sitegen.check.pages import Page, page_ids, position
from sitegen.check.rules import Finding, finding
from sitegen.content.addresses import SiteUrls
from sitegen.content.keys import REFERENCE_KEYS
from sitegen.model import Entry
from sitegen.project.errors import did_you_mean
from sitegen.publish.htaccess import Redirects
from sitegen.urls import SEARCH_INDEX, output_path, site_path_of

_RAW_LINK = re.compile(r"""\b(href|src)\s*=\s*["']([^"']+)["']""", re.I)
HINTED = 100
"""Broken addresses that get a "did you mean" (each compares with every page)."""
_SKIPPED_SCHEMES = ("mailto", "tel", "data", "javascript", "sms", "geo")


@dataclass(frozen=True, slots=True)
class WebLink:
    """A link to another site, and where it is written."""

    url: str
    path: str
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class Link:
    """A link to check: its target as emitted, the address it is resolved from, its place."""

    href: str
    base: str
    path: str
    where: tuple[int, int]
    image: bool = False
    written: str = ""
    """What the author wrote, when it differs from `href` (`/x/` for `/base/x/`)."""

    @property
    def shown(self) -> str:
        return self.written or self.href


class LinkChecker:
    """Resolves links against the built site and collects the web links."""

    def __init__(self, built: BuiltSite, pages: dict[str, Page]) -> None:
        config = built.config
        self.base_path = config.base_path
        self.host = _host(urlsplit(config.base_url).netloc)
        self.written = {f.path for f in built.files}
        self.tops = {path.split("/", 1)[0] for path in self.written}
        """The names at the site's root: its folders and files."""
        self.pages = pages
        self.listed = [site_path_of(p) for p in pages]
        # Pagefind's files are made after the checks, by the search stage.
        self.searched = built.searcher is not None
        self.ids: dict[str, set[str]] = {}
        self.hints: dict[str, str] = {}
        self.web: list[WebLink] = []
        self.redirects = Redirects(built.files, config.base_url)

    def check(self, link: Link) -> Iterator[Finding]:
        """What is wrong with one link (nothing for a good one)."""
        parts = urlsplit(link.href)
        if parts.scheme in _SKIPPED_SCHEMES or not link.href.strip():
            return
        if (parts.scheme or link.href.startswith("//")) and not self._on_site(parts):
            if parts.scheme in ("http", "https", ""):
                url = link.href.split("#", 1)[0]
                url = url if parts.scheme else "https:" + url
                self.web.append(WebLink(url, link.path, *link.where))
            return
        absolute = urlsplit(urljoin(link.base, link.href))
        path = absolute.path or "/"  # `https://site.fr` is the home page
        yield from self._internal(link, unquote(path), unquote(absolute.fragment))

    def _on_site(self, parts: SplitResult) -> bool:
        """Whether a full address is one of the site's own: its host with or without
        `www.`, over http or https, under its base path, in one of its folders. Another path
        of the same host is another site: GitHub Pages serves `user.github.io/projet/`
        beside `user.github.io/`."""
        path = unquote(parts.path) or "/"
        if not (parts.scheme in ("http", "https", "") and _host(parts.netloc) == self.host):
            return False
        if not path.startswith(self.base_path):
            return False
        top = path[len(self.base_path) :].split("/", 1)[0]
        return top == "" or top in self.tops

    def _internal(self, link: Link, path: str, fragment: str) -> Iterator[Finding]:
        what = "image" if link.image else "link"
        if not path.startswith(self.base_path):
            message = f"{what} `{link.shown}` leaves the site's base path {self.base_path}"
            yield finding("broken-link", link.path, link.where, message)
            return
        site_path = "/" + path[len(self.base_path) :]
        target = self._target(site_path)
        if target is None and self.redirects.lead_somewhere(site_path, self._exists):
            return
        if target is None:
            message = f"broken {what} `{link.shown}`: nothing in the site is at {site_path}"
            hint = self._hint(site_path)
            yield finding("broken-link", link.path, link.where, message, hint)
        elif fragment and target in self.pages and fragment not in self._ids(target):
            message = f"broken anchor `{link.shown}`: no id `{fragment}` on {site_path}"
            hint = did_you_mean(fragment, self._ids(target)) or "link to a heading's id"
            yield finding("broken-anchor", link.path, link.where, message, hint)

    def _hint(self, site_path: str) -> str:
        """A close address of the site; looked for among the first few broken ones only,
        since each look compares with every page."""
        if site_path not in self.hints and len(self.hints) < HINTED:
            self.hints[site_path] = did_you_mean(site_path, self.listed)
        return self.hints.get(site_path) or "write the address of a page or file"

    def _target(self, site_path: str) -> str | None:
        if self.searched and site_path.startswith(SEARCH_INDEX):
            return site_path.lstrip("/")
        if ".." in site_path.split("/"):
            return None
        # `/a/b` without its slash leads to the folder's page, `/a/b/`.
        for candidate in (output_path(site_path), output_path(site_path + "/")):
            if candidate in self.written:
                return candidate
        return None

    def _exists(self, site_path: str) -> bool:
        return self._target(site_path) is not None

    def _ids(self, target: str) -> set[str]:
        if target not in self.ids:
            self.ids[target] = page_ids(self.pages[target])
        return self.ids[target]


def entry_links(src: Source, urls: SiteUrls) -> Iterator[Link]:
    """The links a post's author wrote: in its body, then in its front matter."""
    entry = src.entry
    base = urls(entry.url)
    for ref in entry.rendered.links:
        where = src.locate(ref.line, ref.target, unquote(ref.target))
        yield Link(_emitted(ref.target, urls), base, src.path, where, ref.is_image, ref.target)
    for piece in src.pieces:
        # Raw HTML is published as written: its site paths get no base path.
        for match in _RAW_LINK.finditer(piece.text) if piece.kind == "html" else ():
            href = unescape(match.group(2))
            where = src.locate(piece.line, match.group(2))
            yield Link(href, base, src.path, where, match.group(1).lower() == "src")
    for key, url in front_matter_links(entry):
        where = src.locate(entry.meta.line_of(key), url, stop=entry.doc.body_line)
        yield Link(_emitted(url, urls), base, src.path, where, written=url)


def front_matter_links(entry: Entry) -> Iterator[tuple[str, str]]:
    """(key, url) of the links a post's front matter gives."""
    meta = entry.meta
    for key in REFERENCE_KEYS:
        for ref in getattr(meta, key):
            if ref.url:
                yield key, ref.url
    if meta.translated and meta.translated.url:
        yield "translated", meta.translated.url
    if meta.audio:
        yield "audio", meta.audio.path


def _emitted(target: str, urls: SiteUrls) -> str:
    """A site path as written in Markdown (`/x/`) becomes what the page links to."""
    if target.startswith("/") and not target.startswith("//"):
        return urls(target)
    return target


def page_links(page: Page, urls: SiteUrls) -> Iterator[Link]:
    """The links the templates wrote in a page, less those a post's front matter gave."""
    own = (
        {_emitted(url, urls) for _, url in front_matter_links(page.entry)} if page.entry else set()
    )
    for element in page.skeleton.iter():
        for attr in ("href", "src"):
            href = element.get(attr)
            if href is not None and href not in own and not _inert(element):
                image = str(element.tag) in ("img", "source", "audio", "video")
                yield Link(href, page.url, page.path, position(page, element), image)


def _host(netloc: str) -> str:
    return netloc.lower().removeprefix("www.")


def _inert(element: lxml.html.HtmlElement) -> bool:
    """`<link rel="preconnect">` and the like name hosts, not pages."""
    return bool({"preconnect", "dns-prefetch"} & set((element.get("rel") or "").split()))
