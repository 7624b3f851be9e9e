"""Pages at a post's old addresses (`aliases:`) that send readers and search engines on."""

from __future__ import annotations

from collections.abc import Iterator
from html import escape

from sitegen.content.addresses import SiteUrls
from sitegen.model import NOINDEX, OutputFile, Site
from sitegen.text.i18n import Catalog
from sitegen.urls import output_path


def redirect_files(
    site: Site, urls: SiteUrls, catalogs: dict[str, Catalog]
) -> Iterator[OutputFile]:
    """One small page per old address: a canonical link, an immediate refresh, and a link
    for the reader whose browser does not follow it."""
    for entry in site.entries:
        target = urls(entry.url)
        for alias in entry.meta.aliases:
            page = _page(
                entry.lang,
                entry.meta.title,
                target,
                urls.absolute(target),
                catalogs[entry.lang]("redirect_moved"),
            )
            line = entry.meta.line_of("aliases")
            yield OutputFile(output_path(alias), page, entry.doc.source.rel, line)


def _page(lang: str, title: str, target: str, canonical: str, moved: str) -> bytes:
    title, target, canonical = escape(title), escape(target), escape(canonical)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n"
        f'<link rel="canonical" href="{canonical}">\n'
        f"{NOINDEX.decode()}\n"
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        "</head>\n<body>\n"
        f'<p>{escape(moved)} <a href="{target}">{title}</a></p>\n'
        "</body>\n</html>\n"
    ).encode()
