"""`sitemap.xml` (with each page's language versions) and `robots.txt` pointing to it, with
the blog's AI-use preferences when it states them (`crawlers.py`).

The sitemap is written line by line, as ElementTree would indent and escape it
(`tests/unit/test_sitemap_xml.py` holds the two to the same bytes): building the tree of ten
thousand pages cost more than the rest of a build after an edit.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from html import escape  # not xml.sax.saxutils': it imports urllib.request and ssl

from sitegen.content.addresses import SiteUrls
from sitegen.model import NOINDEX, Entry, OutputFile, Site
from sitegen.publish.crawlers import content_usage
from sitegen.urls import ROBOTS_TXT, SITEMAP_XML, output_path, site_path_of

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
_XML_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>"
_ATTRIBUTE_ESCAPES = str.maketrans({'"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"})
"""Beyond `&`, `<` and `>`: what ElementTree escapes in an attribute's value."""


Listed = tuple[str, str, tuple[tuple[str, str], ...]]
"""A page as the sitemap lists it: its address, when it last changed ("" when not known),
and its versions (language, address)."""


class KeptSitemap:
    """The dev server's last sitemap: which pages ask not to be indexed, by their bytes, and
    the sitemap made for the pages listed, under one shape of the site (`site/lastsite.py`: no
    front matter changed, so each listed page's date and versions are the same)."""

    def __init__(self) -> None:
        self.marks: dict[str, tuple[object, bool]] = {}
        self.made: tuple[tuple[str, ...], bytes] | None = None


def site_index(
    site: Site,
    files: Sequence[OutputFile],
    urls: SiteUrls,
    kept: KeptSitemap | None = None,
) -> Iterator[OutputFile]:
    """The sitemap of every written page, and the robots.txt that announces it."""
    kept = kept or KeptSitemap()
    pages = tuple(sorted(_pages(files, kept)))
    if kept.made is None or kept.made[0] != pages:
        entries = {entry.url: entry for entry in site.entries}
        listed = [_listed(path, entries.get(path), site, urls) for path in pages]
        kept.made = (pages, sitemap_xml(listed))
    yield OutputFile(output_path(SITEMAP_XML), kept.made[1], "sitegen (sitemap)")
    sitemap = urls.absolute(urls(SITEMAP_XML))
    robots = f"User-agent: *\nAllow: /\n{content_usage(urls.config)}\nSitemap: {sitemap}\n"
    yield OutputFile(output_path(ROBOTS_TXT), robots.encode(), "sitegen (robots.txt)")


def sitemap_xml(pages: Sequence[Listed]) -> bytes:
    """The sitemap's bytes, indented and escaped as ElementTree writes them."""
    lines: list[str] = []
    for loc, lastmod, versions in pages:
        lines += (" <url>", f"  {_element('loc', loc)}")
        if lastmod:
            lines.append(f"  {_element('lastmod', lastmod)}")
        for hreflang, href in versions:
            attributes = f"hreflang={_quoted(hreflang)} href={_quoted(href)}"
            lines.append(f'  <xhtml:link rel="alternate" {attributes} />')
        lines.append(" </url>")
    urlset = f'<urlset xmlns="{SITEMAP}" xmlns:xhtml="{XHTML}"'
    lines = [f"{urlset}>", *lines, "</urlset>"] if lines else [f"{urlset} />"]
    return "\n".join([_XML_DECLARATION, *lines, ""]).encode()


def _listed(path: str, entry: Entry | None, site: Site, urls: SiteUrls) -> Listed:
    loc = urls.absolute(urls(path))
    if entry is None:
        return loc, "", ()
    changed = entry.meta.modified or entry.meta.date
    return loc, changed.date().isoformat() if changed else "", tuple(_alternates(entry, site, urls))


def _element(tag: str, text: str) -> str:
    return f"<{tag}>{escape(text, quote=False)}</{tag}>" if text else f"<{tag} />"


def _quoted(value: str) -> str:
    """`value` as an XML attribute's quoted value, escaped as ElementTree escapes one."""
    text = escape(value, quote=False)
    return f'"{text.translate(_ATTRIBUTE_ESCAPES)}"'


def _pages(files: Sequence[OutputFile], kept: KeptSitemap) -> Iterator[str]:
    marks: dict[str, tuple[object, bool]] = {}
    for file in files:
        if not file.path.endswith(".html"):
            continue
        known = kept.marks.get(file.path)
        indexed = known[1] if known and known[0] is file.content else not file.holds(NOINDEX)
        marks[file.path] = (file.content, indexed)
        if indexed:
            yield site_path_of(file.path)
    kept.marks = marks


def _alternates(entry: Entry, site: Site, urls: SiteUrls) -> Iterator[tuple[str, str]]:
    """The same links as the page's `hreflang` alternates: every version, and x-default."""
    versions = site.translations.get(entry.translation_group, ())
    for version in versions:
        yield version.lang, urls.absolute(urls(version.url))
    default = next((v for v in versions if v.lang == urls.config.language), None)
    if default is not None:
        yield "x-default", urls.absolute(urls(default.url))
