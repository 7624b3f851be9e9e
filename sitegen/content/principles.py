"""The page that tells readers how the blog uses AI, who reviews and how errors are corrected.

A language's principles page is its page with `layout: principles`; a language without one
is served by the default language's, else by the first language's, in the site's order, that
has one: readers are better sent to a page in another language than to none. Every
disclosure notice links to it, and the JSON-LD names it as `publishingPrinciples`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from sitegen.model import Entry, Site
from sitegen.project.errors import Problems

LAYOUT = "principles"


def principles_page(site: Site, lang: str, languages: Sequence[str]) -> Entry | None:
    """The principles page readers of `lang` are sent to, if the blog has one in any of
    its `languages` (the default one first)."""
    own = _principles(site.pages)
    found = next((own[one] for one in (lang, *languages) if own.get(one)), None)
    return found[0] if found else None


def check_principles(entries: Iterable[Entry], problems: Problems) -> None:
    """One principles page per language, and only a page: a post is not where readers look."""
    for entry in entries:
        if entry.kind == "post" and entry.meta.layout == LAYOUT:
            problems.warn(
                entry.doc.source.rel,
                entry.meta.line_of("layout"),
                1,
                "`layout: principles` on a post: notices link only to a page with it",
                "move the file to content/pages/ (`sitegen new --layout principles` writes one)",
            )
    for lang, pages in sorted(_principles(entries).items()):
        for extra in pages[1:]:
            problems.error(
                extra.doc.source.rel,
                extra.meta.line_of("layout"),
                1,
                f"a second principles page in `{lang}`: {pages[0].doc.source.rel} is already one",
                "keep one page with `layout: principles` per language",
            )


def _principles(entries: Iterable[Entry]) -> dict[str, list[Entry]]:
    """The pages with `layout: principles` by language, in the order of their addresses."""
    found: dict[str, list[Entry]] = defaultdict(list)
    for entry in sorted(entries, key=lambda e: e.url):
        if entry.kind == "page" and entry.meta.layout == LAYOUT:
            found[entry.lang].append(entry)
    return found
