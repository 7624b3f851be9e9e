"""Every internal link a post makes must lead to a file of the built site, and no page may
link outside the base path the site is published under."""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Iterable, Iterator
from urllib.parse import unquote, urlsplit

from sitegen.content.keys import REFERENCE_KEYS
from sitegen.model import Entry, LinkRef, OutputFile
from sitegen.project.errors import Problems
from sitegen.publish.htaccess import Redirects
from sitegen.urls import output_path, site_path_of


def check_internal_links(
    entries: Iterable[Entry],
    files: list[OutputFile],
    problems: Problems,
    tool: str = "",
    base_url: str = "/",
) -> None:
    """A link to nothing fails the build; in a Jekyll or Hugo tree (`tool`) it is a warning,
    as the tool itself published the post with it (`--strict` makes it an error again).
    An old address the site's `.htaccess` redirects to a page is not nothing."""
    written = {f.path for f in files}
    redirects = Redirects(files, base_url)
    say = problems.warn if tool else problems.error
    for entry in entries:
        for link in _links(entry):
            parts = urlsplit(link.target)
            if parts.scheme or parts.netloc or not parts.path:
                continue  # another site, mail, phone… or an anchor on this page
            site_path = posixpath.normpath(posixpath.join(entry.url, parts.path))
            if parts.path.endswith("/"):
                site_path += "/"
            found = _exists(unquote(site_path), written)
            if not found and not redirects.lead_somewhere(
                unquote(site_path), lambda path: _exists(path, written)
            ):
                what = "image" if link.is_image else "link"
                hint = _hint(site_path, written)
                if tool:
                    hint += f" ({tool.capitalize()} published the post with it: so does sitegen)"
                say(
                    entry.doc.source.rel,
                    link.line,
                    link.col,
                    f"broken {what} `{link.target}`: nothing in the site is at {site_path}",
                    hint,
                )


_ROOT_RELATIVE = re.compile(rb'\s(?:href|src|action|poster)="(/(?!/)[^"]*)"')


def check_base_path(files: Iterable[OutputFile], base_path: str, problems: Problems) -> None:
    """Under `/repo/`, a page linking `/x` would leave the site on GitHub Pages."""
    if base_path == "/":
        return
    prefix = base_path.encode()
    for file in files:
        if not file.path.endswith(".html"):
            continue
        for url in sorted(set(_ROOT_RELATIVE.findall(file.data))):
            if not url.startswith(prefix):
                problems.error(
                    file.source,
                    file.line,
                    1 if file.line else 0,
                    f"{file.path} links to `{url.decode()}`, outside the base path {base_path}",
                    "write site paths as /… in Markdown (sitegen adds the base path) and "
                    "with url('/…') in templates",
                )


def _links(entry: Entry) -> Iterator[LinkRef]:
    """Links in the body, then the site paths given in the front matter."""
    yield from entry.rendered.links
    for key in REFERENCE_KEYS:
        for ref in getattr(entry.meta, key):
            if ref.url and ref.url.startswith("/"):
                yield LinkRef(ref.url, entry.meta.line_of(key), 1)
    translated = entry.meta.translated
    if translated and translated.url and translated.url.startswith("/"):
        yield LinkRef(translated.url, entry.meta.line_of("translated"), 1)


def _exists(site_path: str, written: set[str]) -> bool:
    if site_path.startswith("/.."):
        return False
    # `/a/b` without its slash leads to the folder's page, `/a/b/`.
    return output_path(site_path) in written or output_path(site_path + "/") in written


def _hint(site_path: str, written: set[str]) -> str:
    pages = [site_path_of(p) for p in written if p.endswith(".html")]
    close = difflib.get_close_matches(site_path, pages, n=1, cutoff=0.8)
    if close:
        return f"did you mean {close[0]}?"
    return "write the URL of a post (/{year}/{month}/{slug}/) or of a file in static/"
