"""The built site's HTML pages, parsed once: whole, and as their templates wrote them.

A post's own HTML is checked at its Markdown source, where its author can fix it. So each
page is also parsed with the posts' HTML (bodies on their pages, summaries in listings)
blanked out, line for line: what remains is the templates' work, and lxml's line numbers
still point into the built page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import lxml.html

from sitegen.build import BuiltSite
from sitegen.content.addresses import SiteUrls
from sitegen.model import Entry
from sitegen.publish.bundles import site_pictures
from sitegen.theme.folders import find_theme
from sitegen.theme.imageviews import ImageViews
from sitegen.theme.views import own_html, rebase
from sitegen.urls import output_path, site_path_of

_HREF = re.compile(r'\shref="([^"]*)"')


@dataclass(frozen=True, slots=True)
class Page:
    """One HTML file of the built site."""

    path: str
    """What messages name: where `sitegen build` writes it (relative to the site's folder),
    or the file of `static/` it is a copy of."""
    url: str
    """Its address as emitted (with the base path), to resolve its relative links."""
    lines: tuple[str, ...]
    tree: lxml.html.HtmlElement
    skeleton: lxml.html.HtmlElement
    """The page without its posts' HTML: what the templates wrote."""
    entry: Entry | None
    """The post or page it shows, if any."""


def read_pages(built: BuiltSite) -> dict[str, Page]:
    """Every HTML page of the site, by output path."""
    urls = SiteUrls(built.config)
    # The pages show the posts' HTML with their pictures placed: blanked out as shown.
    images = ImageViews(
        site_pictures(built.config, built.site.entries, find_theme(built.config)), urls
    )
    entries = {urls(entry.url): entry for entry in built.site.entries}
    own = {output_path(entry.url): entry for entry in built.site.entries}
    folder = built.config.output_dir.as_posix().rstrip("/")
    pages = {}
    for file in built.files:
        if not file.path.endswith(".html"):
            continue
        text = file.data.decode("utf-8", "replace")
        entry = own.get(file.path)
        shown = [entries[h] for h in dict.fromkeys(_HREF.findall(text)) if h in entries]
        parts = ([images.text(entry, own_html)] if entry else []) + _summaries(shown, urls, images)
        # A file of static/ is copied as it is: its own lines are the page's.
        copied = file.source.endswith("/" + file.path)
        pages[file.path] = Page(
            file.source if copied else f"{folder}/{file.path}",
            urls(site_path_of(file.path)),
            tuple(text.split("\n")),
            _parse(text),
            _parse(_blank(text, parts)),
            entry,
        )
    return pages


def _summaries(entries: Iterable[Entry], urls: SiteUrls, images: ImageViews) -> list[str]:
    return [images.summary(e, rebase(e.rendered.summary_html, e.url, urls)) for e in entries]


def _blank(text: str, parts: list[str]) -> str:
    """`text` without `parts`, each replaced by as many line breaks as it held."""
    for part in sorted(filter(None, parts), key=len, reverse=True):
        text = text.replace(part, "\n" * part.count("\n"))
    return text


def _parse(text: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(text or "<html></html>")


def position(page: Page, element: lxml.html.HtmlElement) -> tuple[int, int]:
    """Line and column of an element's start tag in the built page."""
    line = element.sourceline or 0
    text = page.lines[line - 1] if 0 < line <= len(page.lines) else ""
    return line, text.find(f"<{element.tag}") + 1 or 1


def page_ids(page: Page) -> set[str]:
    """The anchors a link can point to on this page."""
    ids = {str(i) for i in page.tree.xpath("//@id")}
    return ids | {str(n) for n in page.tree.xpath("//a/@name")}


def describe(element: lxml.html.HtmlElement) -> str:
    """An element's start tag, short enough for a message: `<img src="/x.png">`."""
    attrs = " ".join(f'{k}="{v}"' for k, v in element.attrib.items() if k != "class")
    tag = f"<{element.tag}{' ' + attrs if attrs else ''}>"
    return tag if len(tag) <= 80 else tag[:76] + "…>"
