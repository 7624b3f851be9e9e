"""Every internal link a post makes must lead to a file of the built site, and no page may
link outside the base path the site is published under."""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sitegen.content.keys import REFERENCE_KEYS
from sitegen.model import Entry, LinkRef, OutputFile
from sitegen.project.errors import Diagnostic, Problems
from sitegen.project.paths import MARKER
from sitegen.publish.htaccess import NAME as HTACCESS
from sitegen.publish.htaccess import Redirects
from sitegen.settings.config import SiteConfig
from sitegen.state.lastbuild import Written
from sitegen.urls import output_path, site_path_of


class CheckedLinks:
    """What the last check of each entry's links found, kept by the dev server between its
    builds: while the site's files and redirects are the same, an entry whose address, text
    and front matter are the same has the same broken links."""

    def __init__(self) -> None:
        self.site: tuple[frozenset[str], str, str, tuple[bytes, ...]] | None = None
        self.found: dict[tuple[str, str, str], tuple[Diagnostic, ...]] = {}


def check_internal_links(
    entries: Iterable[Entry],
    files: list[OutputFile],
    problems: Problems,
    tool: str = "",
    base_url: str = "/",
    checked: CheckedLinks | None = None,
    said_by: dict[int, tuple[Diagnostic, ...]] | None = None,
) -> None:
    """A link to nothing fails the build; in a Jekyll or Hugo tree (`tool`) it is a warning,
    as the tool itself published the post with it (`--strict` makes it an error again).
    An old address the site's `.htaccess` redirects to a page is not nothing. What each
    entry's links gave goes in `said_by`, by the entry's `id`."""
    written = frozenset(f.path for f in files)
    redirects = Redirects(files, base_url)
    checked = checked or CheckedLinks()
    site = (written, tool, base_url, tuple(f.data for f in files if f.path == HTACCESS))
    if checked.site != site:
        checked.site, checked.found = site, {}
    found = {}
    for entry in entries:
        key = (entry.url, entry.rendered.key, entry.doc.meta_key)
        said = checked.found.get(key)
        if said is None:
            local = Problems()
            _check_entry(entry, written, redirects, local, tool)
            said = tuple(local.items)
        found[key] = said
        problems.extend(said)
        if said_by is not None and said:
            said_by[id(entry)] = said
    checked.found = found


class LastSiteChecks:
    """The checks of pages made again over the last site, as it lies in `out` (`written`
    lists it): their links lead to its files or redirects, and stay under the base path."""

    def __init__(self, config: SiteConfig, written: Written, out: Path) -> None:
        names = written.keys()
        self._written = frozenset(n for n in names if n and not n.endswith("/") and n != MARKER)
        rules = []
        if HTACCESS in self._written:
            with open(out / HTACCESS, "rb") as file:
                rules.append(OutputFile(HTACCESS, file.read(), "sitegen"))
        self._redirects = Redirects(rules, config.base_url)
        self._base_path = config.base_path

    def links(self, entry: Entry) -> tuple[Diagnostic, ...]:
        found = Problems()
        _check_entry(entry, self._written, self._redirects, found, "")
        return tuple(found.items)

    def pages(self, files: list[OutputFile], problems: Problems) -> None:
        check_base_path(files, self._base_path, problems)


def _check_entry(
    entry: Entry, written: frozenset[str], redirects: Redirects, problems: Problems, tool: str
) -> None:
    say = problems.warn if tool else problems.error
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
        # A page left as it was has the key it had when the last build checked it, and
        # the base path is part of every key: its bytes are not read again.
        if not file.path.endswith(".html") or file.unchanged:
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
    cover = entry.meta.image
    if cover:
        yield LinkRef(cover.src, entry.meta.line_of("image"), 1, is_image=True)


def _exists(site_path: str, written: frozenset[str]) -> bool:
    if site_path.startswith("/.."):
        return False
    # `/a/b` without its slash leads to the folder's page, `/a/b/`.
    return output_path(site_path) in written or output_path(site_path + "/") in written


def _hint(site_path: str, written: frozenset[str]) -> str:
    pages = [site_path_of(p) for p in written if p.endswith(".html")]
    if markdown := _MARKDOWN_FILE.search(site_path):
        return _address_of(markdown, pages)
    close = difflib.get_close_matches(site_path, pages, n=1, cutoff=0.8)
    if close:
        return f"did you mean {close[0]}?"
    return "write the URL of a post (/{year}/{month}/{slug}/) or of a file in static/"


_MARKDOWN_FILE = re.compile(
    r"(?:^|/)(?:(?P<year>\d{4})-(?P<month>\d{2})-\d{2}-)?(?P<slug>[^/]+?)"
    r"(?:\.(?P<lang>[a-z]{2,3}(?:-[A-Za-z]{2,4})?))?\.(?:md|markdown)$"
)
"""A link to a post's source file (`2026-03-14-attention.md`, `../pages/a-propos.en.md`),
as an editor's preview or GitHub would follow it."""


def _address_of(markdown: re.Match[str], pages: list[str]) -> str:
    """The hint for a link to a source file: the address of its page, when one is found."""
    slug, lang = markdown.group("slug"), markdown.group("lang")
    dated = (
        f"/{markdown.group('year')}/{markdown.group('month')}/" if markdown.group("year") else ""
    )
    found = sorted(
        (dated not in page, (lang is not None) != page.startswith(f"/{lang}/"), page)
        for page in pages
        if page.rstrip("/").rpartition("/")[2] == slug
    )
    if found:
        return f"a link to a Markdown file: write the address of its page, {found[0][2]}"
    return "a link to a Markdown file: write the address of its page (/{year}/{month}/{slug}/)"
