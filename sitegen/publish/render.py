"""The Site -> HTML files, through the theme's Jinja2 templates."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from markupsafe import Markup

from sitegen.content.addresses import SiteUrls
from sitegen.content.schema import address_key
from sitegen.markdown.highlight import highlight_css
from sitegen.model import Edition, Entry, OnDisk, OutputFile, Site
from sitegen.project.errors import Problems
from sitegen.publish.bundles import bundle_files, site_pictures
from sitegen.publish.cardstore import CardStore
from sitegen.publish.crawlers import check_policy, tdm_files, tdm_meta
from sitegen.publish.feeds import Channel, feed_file, feed_files
from sitegen.publish.llmstxt import LlmsIndex
from sitegen.publish.pagerecords import ShownEntries
from sitegen.publish.postpages import KeptRuns, PostPages, check_disclosure
from sitegen.publish.postworkers import Related
from sitegen.publish.redirects import redirect_files
from sitegen.publish.sharecards import KnownCards, ShareCards
from sitegen.publish.sitemap import KeptSitemap, site_index
from sitegen.settings.config import SiteConfig
from sitegen.site.lastsite import LastSite
from sitegen.site.related import KeptRelated, related_positions
from sitegen.state.cache import StageCache, TextLost
from sitegen.text.i18n import Catalog
from sitegen.theme.entryviews import EntryViews
from sitegen.theme.folders import Theme, static_files
from sitegen.theme.imageviews import ImageViews
from sitegen.theme.marks import json_ld
from sitegen.theme.pagememo import KeptKeys, KeptPosts, PageKeys, PageMemo, whole_texts
from sitegen.theme.templates import environment, template_problem
from sitegen.theme.textreads import texts_read
from sitegen.theme.views import EntryView, Link, own_html, site_view, tag_view
from sitegen.urls import (
    NOT_FOUND_PAGE,
    archives_page,
    home_page,
    not_found_page,
    output_path,
    search_page,
    site_path_of,
    tags_page,
)

T = TypeVar("T")
Sink = Callable[[OutputFile], OutputFile]
"""Where each file goes as it is made (`SiteWriter.place`, the dev server's `PageStore.place`),
and what the build keeps of it; a file it gave is taken as it is (the dev server's memos keep
the post pages they made as the sink gave them)."""
HIGHLIGHT_CSS = "css/highlight.css"


@dataclass(frozen=True, slots=True)
class Pager:
    number: int
    total: int
    previous: str
    next: str


class Renderer:
    """Renders every page of one site; template problems are collected, not raised."""

    def __init__(
        self,
        config: SiteConfig,
        site: Site,
        theme: Theme,
        catalogs: dict[str, Catalog],
        problems: Problems,
        search: bool,
        memo: PageMemo | None = None,
        cache: StageCache | None = None,
        sink: Sink | None = None,
        shown: ShownEntries | None = None,
    ) -> None:
        self.config, self.site, self.theme, self.problems = config, site, theme, problems
        self.search, self.memo, self.cache = search, memo, cache
        self.urls = SiteUrls(config)
        self.env = environment(theme.template_dirs, config.root, problems)
        self.helpers = {
            "url": self.urls,
            "absolute_url": self.urls.absolute,
            "highlight_css": self.urls(HIGHLIGHT_CSS),
            "json_ld": self._json_ld,
        }
        self.catalogs = catalogs
        self.sink = sink or _as_made
        html_of = cache.html_of if cache is not None else own_html
        self.pictures = site_pictures(config, site.entries, theme)
        self.images = ImageViews(self.pictures, self.urls)
        self.views = EntryViews(site, self.urls, catalogs, html_of, self.images)
        self.llms = LlmsIndex(config, site, self.views, self.urls)
        self.helpers |= {
            "llms_txt": self.llms.covering,
            "markdown_twin": self.llms.twin,
            "tdm_meta": tdm_meta(config, self.urls),
        }
        self.site_views = {
            lang: site_view(config, site, self.views, self.urls, catalogs[lang], search)
            for lang in config.languages
        }
        shared = {
            lang: (self.site_views[lang], catalogs[lang].messages, config, HIGHLIGHT_CSS)
            for lang in config.languages
        }
        self.shape = cache.kept(LastSite).shapes or None if cache is not None else None
        """The site's shape, when `assembled` made it: what the dev server's memos are of."""
        self.page_keys = PageKeys(
            self.env, site, config, shared, self.kept(KeptKeys), self.images.key_of
        )
        self.shown = shown
        if shown is not None:
            shown.keys = self.page_keys
        self.posts = PostPages(
            self._entry,
            problems,
            self.page_keys,
            memo,
            self.kept(KeptPosts),
            self.kept(KeptRuns),
            self.sink,
            shown.shown if shown is not None else None,
        )
        # Cards drawn are read from the cache unless the build keeps nothing, and kept only by
        # a build that writes the site (not `sitegen check`, nor the dev server's).
        keeps = sink is not None and cache is not None and not cache.lasting
        store = CardStore(config.root if cache is not None else None, writable=keeps)
        self.cards = ShareCards(
            site,
            theme,
            self.views,
            self.site_views,
            catalogs,
            problems,
            memo,
            store,
            self.kept(KnownCards),
        )

    def kept(self, kind: type[T]) -> T | None:
        """The dev server's memo of `kind` for this site's shape; none for other builds."""
        return self.cache.kept(kind, self.shape) if self.cache and self.shape else None

    def files(self) -> Iterator[OutputFile]:
        related = {
            edition.lang: related_positions(edition, self.cache, self.kept(KeptRelated))
            for edition in self.site.editions
        }
        settle = self.cache.forked if self.cache is not None else _settled
        # The post pages' workers take the cores the cards' drawing leaves, and are forked
        # before its pool starts a thread.
        with (
            self.cards.drawing() as cards,
            self.posts.on_cores(self.site, related, settle, cards.drawers),
        ):
            cards.begin()
            yield from self._files(related)
            yield from cards.files()  # those missing drawn on other cores meanwhile

    def _files(self, related: dict[str, Related]) -> Iterator[OutputFile]:
        for edition in self.site.editions:
            yield from self._edition(edition, related[edition.lang])
        for page in self.site.pages:
            yield from self._entry(page, None, None, [])
        yield from self.llms.twin_files(self.catalogs, self.page_keys, self.memo)
        yield from self._site_pages()
        yield OutputFile(HIGHLIGHT_CSS, highlight_css().encode(), "sitegen (Pygments styles)")
        yield OutputFile(".nojekyll", b"", "sitegen")
        made = self.shown.feed if self.shown is not None else None
        yield from feed_files(self.site, self.views, self.urls, self.catalogs, self._kept, made)
        yield from self.llms.files(self.catalogs)
        yield from tdm_files(self.config, self.urls)
        yield from redirect_files(self.site, self.urls, self.catalogs)
        yield from self.pictures.files(
            path for entry in self.site.entries for path in self.images.paths_of(entry)
        )
        yield from bundle_files(self.site.entries, self.config, self.problems)
        yield from static_files(self.theme, self.config, self.problems)

    def feed(self, name: str, channel: Channel) -> OutputFile:
        """The feed file `name` of one channel."""
        return feed_file(channel, name, self.views, self.urls, self._kept)

    def _kept(self, path: str, lang: str, values: Sequence[object]) -> bytes | OnDisk | None:
        """The last build's file at `path`, written by code from the same `values`."""
        if self.memo is None:
            return None
        key = self.page_keys.made_from(path, lang, values)
        return self.memo.recall(path, key, whole_texts(values))

    def _site_pages(self) -> Iterator[OutputFile]:
        """The choice of a language at the root, when no language is there, and the page
        hosts serve for a missing address, unless the blog has its own."""
        lang = self.config.language
        if not self.config.default_language_at_root:
            yield from self._page(output_path(home_page("/")), "languages.html", lang, page=None)
        pages = [(NOT_FOUND_PAGE, lang)] + [
            (not_found_page(e.prefix), e.lang) for e in self.site.editions if e.prefix != "/"
        ]
        for url, in_lang in pages:
            if not any(entry.url == url for entry in self.site.entries):
                yield from self._page(
                    output_path(url), template="404.html", lang=in_lang, page=None
                )

    def _own_search_page(self, url: str) -> bool:
        """A Jekyll or Hugo blog's own page at /search/ is published, as its tool did,
        instead of sitegen's search page (sitegen's own blogs are told of the clash)."""
        own = next((e for e in self.site.entries if e.url == url), None)
        if own is None or self.config.dialect == "sitegen":
            return False
        self.problems.warn(
            own.doc.source.rel,
            1,
            1,
            f"the blog's own page is at {url}: sitegen's search page is left out",
            "give the page another address (`url:`) to get sitegen's search page back",
        )
        return True

    def _edition(self, edition: Edition, related: Related) -> Iterator[OutputFile]:
        if not self.posts.on_workers:
            yield from self.posts.of(edition, related)
            yield from self._listings(edition)
            return
        # While the workers render the post pages, the listings are made and written here;
        # they are taken after the posts, with what they said, as one process orders them.
        said = len(self.problems.items)
        listings = [self.sink(file) for file in self._listings(edition)]
        aside = self.problems.items[said:]
        del self.problems.items[said:]
        yield from self.posts.of(edition, related)
        self.problems.items.extend(aside)
        yield from listings

    def _listings(self, edition: Edition) -> Iterator[OutputFile]:
        """The pages of an edition besides its posts: those that list posts, and search."""
        yield from self._index(edition)
        if self.search and not self._own_search_page(search_page(edition.prefix)):
            path = output_path(search_page(edition.prefix))
            yield from self._page(path, "search.html", edition.lang, page=None)
        for tag in edition.tags:
            view = tag_view(tag, self.urls)
            yield from self._listing(tag.url, "tag.html", edition.lang, tag.posts, tag=view)
        tags = [(Link(t.name, self.urls(t.url)), len(t.posts)) for t in edition.tags]
        yield from self._page(
            output_path(tags_page(edition.prefix)), "tags.html", edition.lang, page=None, tags=tags
        )
        years = [(Link(str(y.year), self.urls(y.url)), len(y.posts)) for y in edition.years]
        yield from self._page(
            output_path(archives_page(edition.prefix)),
            "archives.html",
            edition.lang,
            page=None,
            years=years,
        )
        for year in edition.years:
            yield from self._listing(
                year.url, "year.html", edition.lang, year.posts, year=str(year.year)
            )

    def _index(self, edition: Edition) -> Iterator[OutputFile]:
        size = self.config.posts_per_page
        chunks = [edition.posts[i : i + size] for i in range(0, len(edition.posts), size)] or [()]

        def url(n: int) -> str:
            return home_page(edition.prefix, n)

        for n, chunk in enumerate(chunks, start=1):
            pager = Pager(
                number=n,
                total=len(chunks),
                previous=self.urls(url(n - 1)) if n > 1 else "",
                next=self.urls(url(n + 1)) if n < len(chunks) else "",
            )
            yield from self._listing(url(n), "index.html", edition.lang, chunk, pager=pager)

    def _listing(
        self, url: str, template: str, lang: str, posts: tuple[Entry, ...], **context: Any
    ) -> Iterator[OutputFile]:
        """A page that lists posts: the home page and the pages after it, a tag's, a year's."""
        yield from self._page(output_path(url), template, lang, page=None, posts=posts, **context)

    def entry_page(
        self, entry: Entry, newer: Entry | None, older: Entry | None, related: Sequence[Entry]
    ) -> list[OutputFile]:
        """The files of one entry's page, showing `newer`, `older` and `related` around it."""
        return list(self._entry(entry, newer, older, related))

    def _entry(
        self, entry: Entry, newer: Entry | None, older: Entry | None, related: Sequence[Entry]
    ) -> Iterator[OutputFile]:
        said = len(self.problems.items)
        for file in self._page(
            output_path(entry.url),
            f"{entry.meta.layout}.html",
            entry.lang,
            page=entry,
            newer=newer,
            older=older,
            related=related,
            source=entry.doc.source.rel,
            source_line=entry.meta.line_of("layout"),
            slug_line=entry.meta.line_of(address_key(entry.meta)),
        ):
            check_disclosure(entry, file, self.problems)
            yield file
        if self.shown is not None:
            self.shown.shown(entry, newer, older, related, self.problems.items[said:])

    def _json_ld(self, page: EntryView) -> Markup:
        site = self.site_views[page.lang]
        principles = site.principles.url if site.principles else ""
        return json_ld(page, site.title, site.author, site.home, principles, self.urls)

    def _page(self, path: str, template: str, lang: str, **context: Any) -> Iterator[OutputFile]:
        source = context.pop("source", f"the {template.removesuffix('.html')} page")
        line = context.pop("source_line", 0)
        slug_line = context.pop("slug_line", 0)
        if self.memo is not None:
            texts = self.memo.texts_of(path)
            key = self.page_keys(path, template, lang, context, texts)
            data = self.memo.recall(path, key, texts)
            if data is not None:
                yield OutputFile(path, data, source, slug_line, unchanged=True)
                return
        with texts_read() as read:
            data = self._render(path, template, lang, source, line, context)
        if self.memo is not None and data is not None:
            texts = tuple(sorted(read))
            self.memo.keep(path, self.page_keys(path, template, lang, context, texts), texts, data)
        if data is not None:
            yield OutputFile(path, data, source, slug_line)

    def _shown(self, value: Any) -> Any:
        """What a template sees of a context value: each entry as its view."""
        if isinstance(value, Entry):
            return self.views[id(value)]
        if isinstance(value, list | tuple) and value and isinstance(value[0], Entry):
            return [self.views[id(entry)] for entry in value]
        return value

    def _render(
        self, path: str, template: str, lang: str, source: str, line: int, context: dict[str, Any]
    ) -> bytes | None:
        try:
            html = self.env.get_template(template).render(
                site=self.site_views[lang],
                lang=lang,
                canonical=self.urls.absolute(self.urls(site_path_of(path))),
                t=self.catalogs[lang],
                **self.helpers,
                **{name: self._shown(value) for name, value in context.items()},
            )
        except TextLost:
            raise
        except Exception as exc:  # templates are the user's code: any failure is theirs to fix
            template_problem(exc, source, line, self.theme, self.problems)
            return None
        return html.encode("utf-8")


def _as_made(file: OutputFile) -> OutputFile:
    """The sink of a build that keeps its files in memory."""
    return file


def _settled() -> None:
    """A worker forked from a build without a cache has nothing of its own to open."""


def render_site(
    config: SiteConfig,
    site: Site,
    theme: Theme,
    catalogs: dict[str, Catalog],
    problems: Problems,
    search: bool = False,
    memo: PageMemo | None = None,
    cache: StageCache | None = None,
    sink: Sink | None = None,
    shown: ShownEntries | None = None,
) -> list[OutputFile]:
    """Every file of the built site (but the search index), in a stable order, each handed
    to `sink` as it is made (a writer: the build goes on with what it returns).

    With a memo, a page whose inputs are those of the last build's page is not rendered again.
    """
    renderer = Renderer(config, site, theme, catalogs, problems, search, memo, cache, sink, shown)
    sink = renderer.sink
    files = [sink(file) for file in renderer.files()]
    check_policy(config, files, problems)
    index = site_index(site, files, renderer.urls, renderer.kept(KeptSitemap))
    return files + [sink(file) for file in index]
