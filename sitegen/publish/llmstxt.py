"""`llms.txt` (llmstxt.org, v2 of August 2026): for each language, the blog's title and
description, then its posts, newest first, and its pages, each linked to its Markdown twin
(`twins.py`) with its description as previews show it, the disclosure's label first.

v2 lets a file cover the pages under its path, the most specific applying: each language's
file sits at its home (`/llms.txt`, `/en/llms.txt`), which also makes it work for a site
under a path (a GitHub project site). Pages point to it with `rel="describedby"` and to their
twin with `rel="alternate" type="text/markdown"`. A twin sits beside its page, its `.html`
replaced by `.md` (`/2026/03/slug/index.md`), a form v2 allows; the twins are written
here too, the unchanged ones read back from the last build.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

from sitegen.content.addresses import SiteUrls
from sitegen.model import Edition, Entry, OutputFile, Site
from sitegen.publish.twins import bodies_markdown, markdown_address, markdown_twin, one_line
from sitegen.settings.config import SiteConfig
from sitegen.text.i18n import Catalog, language_name
from sitegen.theme.pagememo import PageKeys, PageMemo
from sitegen.theme.views import EntryView
from sitegen.urls import NOT_FOUND_PAGE, llms_page, output_path, twin_page


def twin_address(entry: Entry) -> str:
    """The site path of the entry's Markdown twin; "" when it has none."""
    if output_path(entry.url) == output_path(NOT_FOUND_PAGE):  # not a text to offer
        return ""
    return twin_page(entry.url)


def _editions(config: SiteConfig, site: Site) -> list[Edition]:
    """The languages that get an llms.txt: the default one, and each with posts or pages.
    Pages point to their language's file: it must exist wherever one of them does."""
    with_pages = {page.lang for page in site.pages}
    return [
        edition
        for edition in site.editions
        if edition.posts or edition.lang in with_pages or edition.lang == config.language
    ]


class LlmsIndex:
    """Each language's llms.txt and each page's twin: where they are, for the pages' links,
    and their files."""

    def __init__(
        self, config: SiteConfig, site: Site, views: dict[int, EntryView], urls: SiteUrls
    ) -> None:
        self.config, self.site, self.views, self.urls = config, site, views, urls
        homes = [edition.prefix for edition in _editions(config, site)]
        if not config.default_language_at_root:
            homes.append("/")
        self.homes = sorted(homes, key=len, reverse=True) if config.llms_txt else []
        self.twins = {
            id(views[id(entry)]): urls(address)
            for entry in site.entries
            if config.llms_txt and (address := twin_address(entry))
        }

    def covering(self, canonical: str) -> str:
        """The llms.txt whose folder holds the page at `canonical`: the most specific one."""
        path = urlsplit(canonical).path
        home = next((h for h in self.homes if path.startswith(self.urls(h))), None)
        return self.urls(llms_page(home)) if home is not None else ""

    def twin(self, page: EntryView | None) -> str:
        """The page's Markdown twin, for its `alternate` link; "" without one."""
        return self.twins.get(id(page), "")

    def files(self, t: dict[str, Catalog]) -> Iterator[OutputFile]:
        """Every language's llms.txt, and the root's list of them when no language is there."""
        config, views, urls = self.config, self.views, self.urls
        if not config.llms_txt:
            return
        editions = _editions(config, self.site)
        for edition in editions:
            catalog = t[edition.lang]
            description = config.description_in(edition.lang)
            lines = _head(config.title_in(edition.lang), description, catalog)
            lines += _section(catalog("llms_posts"), edition.posts, views, urls)
            pages = [p for p in self.site.pages if p.lang == edition.lang]
            lines += _section(catalog("llms_pages"), pages, views, urls)
            lines += _languages([e for e in editions if e is not edition], catalog, urls)
            yield _file(edition.prefix, lines)
        if not config.default_language_at_root:
            catalog = t[config.language]
            lines = _head(config.title, config.description_in(config.language), catalog)
            yield _file("/", lines + _languages(editions, catalog, urls))

    def twin_files(
        self,
        t: dict[str, Catalog],
        keys: PageKeys,
        memo: PageMemo | None,
        entries: Iterable[Entry] | None = None,
    ) -> Iterator[OutputFile]:
        """The Markdown twins of the site's `entries` (all by default): an unchanged post's
        read back as its page is, the others converted together, on every core when there
        are enough of them."""
        if not self.config.llms_txt:
            return
        missing = []
        for entry in (e for e in entries or self.site.entries if twin_address(e)):
            path = output_path(twin_address(entry))
            key = keys.made_from(path, entry.lang, (entry,))
            data = memo.recall(path, key, (entry.url,)) if memo is not None else None
            if data is not None:
                yield OutputFile(path, data, _twin_of(entry), unchanged=True)
            else:
                missing.append((entry, self.views[id(entry)], path))
        bodies = bodies_markdown([str(view.content) for _, view, _ in missing])
        for (entry, view, path), body in zip(missing, bodies, strict=True):
            data = markdown_twin(view, body, t[entry.lang], self.urls.absolute)
            yield OutputFile(path, data, _twin_of(entry))


def _twin_of(entry: Entry) -> str:
    """The twin as a clash names it: not its page's source, which wrote another file."""
    return f"the Markdown twin of {entry.doc.source.rel}"


def _head(title: str, description: str, t: Catalog) -> list[str]:
    lines = [f"# {one_line(title)}", ""]
    if description.strip():
        lines += [f"> {one_line(description)}", ""]
    return [*lines, one_line(t("llms_intro")), ""]


def _section(
    title: str,
    entries: list[Entry] | tuple[Entry, ...],
    views: dict[int, EntryView],
    urls: SiteUrls,
) -> list[str]:
    items = [_item(entry, views[id(entry)], urls) for entry in entries if twin_address(entry)]
    return [f"## {one_line(title)}", "", *items, ""] if items else []


def _item(entry: Entry, view: EntryView, urls: SiteUrls) -> str:
    """`- [Title](twin): (label) description`."""
    address = urls.absolute(urls(twin_address(entry)))
    notes = one_line(view.labelled_description)  # what search results and previews show
    return f"- [{one_line(view.title)}]({markdown_address(address)})" + (
        f": {notes}" if notes else ""
    )


def _languages(editions: list[Edition], t: Catalog, urls: SiteUrls) -> list[str]:
    """The section that links the other languages' llms.txt, each named in its own words."""
    items = []
    for edition in editions:
        address = markdown_address(urls.absolute(urls(llms_page(edition.prefix))))
        items.append(
            f"- [{one_line(language_name(edition.lang, edition.lang).capitalize())}]({address})"
        )
    return [f"## {one_line(t('llms_languages'))}", "", *items, ""] if items else []


def _file(prefix: str, lines: list[str]) -> OutputFile:
    text = "\n".join(lines).rstrip("\n") + "\n"
    return OutputFile(output_path(llms_page(prefix)), text.encode("utf-8"), "sitegen (llms.txt)")
