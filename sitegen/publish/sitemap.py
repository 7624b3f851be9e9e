"""`sitemap.xml` (with each page's language versions) and `robots.txt` pointing to it, with
the blog's AI-use preferences when it states them (`crawlers.py`)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence

from sitegen.content.addresses import SiteUrls
from sitegen.model import Entry, OutputFile, Site
from sitegen.publish.crawlers import content_usage
from sitegen.urls import ROBOTS_TXT, SITEMAP_XML, output_path, site_path_of

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
NOINDEX = b'<meta name="robots" content="noindex">'
"""Pages that ask search engines not to index them (404, search, language choice)."""


def site_index(site: Site, files: Sequence[OutputFile], urls: SiteUrls) -> Iterator[OutputFile]:
    """The sitemap of every written page, and the robots.txt that announces it."""
    entries = {entry.url: entry for entry in site.entries}
    root = ET.Element("urlset", {"xmlns": SITEMAP, "xmlns:xhtml": XHTML})
    for path in sorted(_pages(files)):
        url = ET.SubElement(root, "url")
        ET.SubElement(url, "loc").text = urls.absolute(urls(path))
        entry = entries.get(path)
        if entry is None:
            continue
        changed = entry.meta.modified or entry.meta.date
        if changed:
            ET.SubElement(url, "lastmod").text = changed.date().isoformat()
        for hreflang, target in _alternates(entry, site, urls):
            attributes = {"rel": "alternate", "hreflang": hreflang, "href": target}
            ET.SubElement(url, "xhtml:link", attributes)
    ET.indent(root, space=" ")
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    yield OutputFile(output_path(SITEMAP_XML), data + b"\n", "sitegen (sitemap)")
    sitemap = urls.absolute(urls(SITEMAP_XML))
    robots = f"User-agent: *\nAllow: /\n{content_usage(urls.config)}\nSitemap: {sitemap}\n"
    yield OutputFile(output_path(ROBOTS_TXT), robots.encode(), "sitegen (robots.txt)")


def _pages(files: Sequence[OutputFile]) -> Iterator[str]:
    for file in files:
        if file.path.endswith(".html") and NOINDEX not in file.data:
            yield site_path_of(file.path)


def _alternates(entry: Entry, site: Site, urls: SiteUrls) -> Iterator[tuple[str, str]]:
    """The same links as the page's `hreflang` alternates: every version, and x-default."""
    versions = site.translations.get(entry.translation_group, ())
    for version in versions:
        yield version.lang, urls.absolute(urls(version.url))
    default = next((v for v in versions if v.lang == urls.config.language), None)
    if default is not None:
        yield "x-default", urls.absolute(urls(default.url))
