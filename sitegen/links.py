"""Every internal link and image written in a post must lead to a file of the built site."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

from sitegen.errors import Problems
from sitegen.model import Entry
from sitegen.output import OutputFile
from sitegen.urls import output_path

_EXTERNAL = ("http://", "https://", "mailto:", "tel:", "data:", "//", "#")


def check_internal_links(
    entries: Iterable[Entry], files: Iterable[OutputFile], problems: Problems
) -> None:
    written = {f.path for f in files}
    for entry in entries:
        for link in entry.rendered.links:
            if link.target.startswith(_EXTERNAL) or not link.target.strip():
                continue
            path = urlsplit(link.target).path
            if not path:
                continue
            site_path = posixpath.normpath(posixpath.join(entry.url, path))
            if path.endswith("/"):
                site_path += "/"
            if _exists(unquote(site_path), written):
                continue
            what = "image" if link.is_image else "link"
            problems.error(
                entry.doc.source.rel,
                link.line,
                link.col,
                f"broken {what} `{link.target}`: nothing in the site is at {site_path}",
                "write the URL of a post (/{year}/{month}/{slug}/) or of a file in static/",
            )


def _exists(site_path: str, written: set[str]) -> bool:
    if site_path.startswith("/.."):
        return False
    target = output_path(site_path)
    return target in written or f"{target}/index.html" in written
