"""What templates see: plain, read-only views built from the model, never the model itself."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from babel import Locale
from babel.core import get_global
from markupsafe import Markup

from sitegen import __version__
from sitegen.content.addresses import SiteUrls
from sitegen.content.disclosure import (
    Disclosure,
    Generation,
    Original,
    Translation,
    ai_disclosure,
    disclose,
)
from sitegen.content.principles import principles_page
from sitegen.markdown.renderer import reading_minutes
from sitegen.model import Entry, Generated, Heading, Reference, Rendered, Site, Tag, Translated
from sitegen.settings.config import SiteConfig
from sitegen.site.assemble import original_of
from sitegen.text.i18n import Catalog, format_date, language_name
from sitegen.text.typography import typeset
from sitegen.theme.cardviews import CardView, CardWords, tone
from sitegen.theme.changenotes import ChangeNote, change_notes
from sitegen.theme.descriptions import described, plain
from sitegen.theme.imageviews import CoverView, ImageViews
from sitegen.theme.recordings import Audio, recording
from sitegen.theme.textreads import note_read, read_text
from sitegen.urls import (
    FEED_FILES,
    SEARCH_INDEX,
    archives_page,
    feed_page,
    home_page,
    search_page,
    share_card,
    tag_feed,
    tags_page,
)


@dataclass(frozen=True, slots=True)
class Link:
    title: str
    url: str
    lang: str = ""


@dataclass(frozen=True, slots=True)
class SiteView:
    """The blog as one language's pages see it."""

    title: str
    description: str
    author: str
    lang: str
    locale: str
    """`fr_FR`: the language with its likely country, as Open Graph wants it."""
    default_lang: str
    base_url: str
    home: str
    tags_page: str
    """The page listing every tag of the language."""
    search_index: str
    """The folder of the site search's index: Pagefind's script and styles are in it."""
    languages: tuple[Link, ...]
    nav: tuple[Link, ...]
    feeds: tuple[Link, ...]
    """The language's feeds; `title` is the media type."""
    generator: str
    principles: Link | None = None
    """The page saying how the blog uses AI (`layout: principles`): this language's, else the
    default language's, else another language's; the disclosure notices link to it."""
    card: CardView | None = None
    """The language's own share card, for the pages that list posts."""


@dataclass(frozen=True, slots=True)
class TagView:
    """A tag as its page sees it: its name, its page and the Atom feed beside it."""

    title: str
    url: str
    feed: str


@dataclass(frozen=True, slots=True)
class EntryView:
    kind: str
    layout: str
    title: str
    url: str
    lang: str
    date_iso: str
    date_text: str
    description: str
    labelled_description: str
    """The description with the disclosure's badge first: what previews (social networks,
    search results) show of the post away from its notice."""
    feed_summary: str
    """The labelled description, with the synthetic voice's label before the text when the
    entry carries its recording."""
    text: EntryText
    summary: Markup
    has_more: bool
    reading_minutes: int
    tags: tuple[Link, ...]
    translated: Translation | None
    generated: Generation | None
    disclosure: Disclosure | None
    ai_disclosure: str
    """`human-only`, `ai-assisted` or `ai-autonomous`: the page's `ai-disclosure` value."""
    ai_model: str
    """The model that wrote the whole text, for the `ai-model` meta; empty otherwise."""
    audio: Audio | None
    sources: tuple[Link, ...]
    see_also: tuple[Link, ...]
    discussion: tuple[str, ...]
    translations: tuple[Link, ...]
    """The same text in the site's other languages."""
    translated_into: tuple[Link, ...]
    """The translations made from this text (for `workTranslation`)."""
    extra: dict[str, Any] = field(default_factory=dict)
    changes: tuple[ChangeNote, ...] = ()
    """Its corrections, then its updates, as the post shows them."""
    modified_iso: str = ""
    """When it was last updated or corrected after its publication; empty when it never was."""
    draft: bool = False
    """Not published yet: built only with `--drafts`, and marked so on its pages."""
    cover: CoverView | None = None
    """The picture it opens with (`image:`)."""
    card: CardView | None = None
    """Its share card: the `og:image` of its page."""

    @property
    def content(self) -> Markup:
        return self.text.content

    @property
    def toc(self) -> tuple[Heading, ...]:
        return self.text.toc

    @property
    def words(self) -> int:
        return self.text.words


@dataclass(frozen=True, slots=True)
class EntryText:
    """What a view shows of its entry's text: each read is counted in the page being
    rendered (`textreads.py`)."""

    url: str
    """The entry's site path."""
    html: Callable[[], str]
    """Reads the text, from where it was kept, when a page first shows it (once a page)."""
    headings: tuple[Heading, ...]
    count: int

    @property
    def content(self) -> Markup:
        return Markup(read_text(self.url, self.html))

    @property
    def toc(self) -> tuple[Heading, ...]:
        note_read(self.url)
        return self.headings

    @property
    def words(self) -> int:
        note_read(self.url)
        return self.count


def site_view(
    config: SiteConfig,
    site: Site,
    views: dict[int, EntryView],
    urls: SiteUrls,
    t: Catalog,
    search: bool,
) -> SiteView:
    """What every page of one language knows of the blog: navigation, languages, feeds."""
    edition = next(e for e in site.editions if e.lang == t.lang)
    home, tags = urls(home_page(edition.prefix)), urls(tags_page(edition.prefix))
    nav = [
        Link(t("nav_home"), home),
        Link(t("nav_archives"), urls(archives_page(edition.prefix))),
        Link(t("nav_tags"), tags),
        *(Link(views[id(p)].title, urls(p.url)) for p in site.pages if p.lang == t.lang),
    ]
    if search:
        nav.append(Link(t("nav_search"), urls(search_page(edition.prefix))))
    languages = tuple(
        Link(language_name(e.lang, e.lang), urls(home_page(e.prefix)), e.lang)
        for e in site.editions
        if e.posts or e.lang == config.language
    )
    title = _site_title(config, t.lang)
    description = typeset(config.description_in(t.lang), t.lang)
    # A listing's card shows the blog: what it is about, above its name (as Astro Paper's).
    words = CardWords(description, title) if description else CardWords(title, "")
    return SiteView(
        title=title,
        description=description,
        author=config.author,
        lang=t.lang,
        locale=_open_graph_locale(t.locale),
        default_lang=config.language,
        base_url=config.base_url,
        home=home,
        tags_page=tags,
        search_index=urls(SEARCH_INDEX),
        languages=languages,
        nav=tuple(nav),
        feeds=tuple(
            Link(kind, urls(feed_page(edition.prefix, name))) for name, kind in FEED_FILES.items()
        ),
        generator=f"sitegen {__version__}",
        principles=_principles(site, t.lang, config.languages, urls),
        card=CardView(urls.absolute(urls(share_card(edition.prefix))), words),
    )


def tag_view(tag: Tag, urls: SiteUrls) -> TagView:
    return TagView(tag.name, urls(tag.url), urls(tag_feed(tag.url)))


def _principles(site: Site, lang: str, languages: tuple[str, ...], urls: SiteUrls) -> Link | None:
    page = principles_page(site, lang, languages)
    return Link(typeset(page.meta.title, page.lang), urls(page.url), page.lang) if page else None


def _open_graph_locale(locale: Locale) -> str:
    likely = Locale.parse(get_global("likely_subtags").get(str(locale), str(locale)))
    return f"{likely.language}_{likely.territory}" if likely.territory else likely.language


def own_html(rendered: Rendered) -> str:
    """The text of a body rendered in this build, or read whole from the cache."""
    return rendered.html


def entry_view(
    entry: Entry,
    site: Site,
    urls: SiteUrls,
    t: Catalog,
    html_of: Callable[[Rendered], str] = own_html,
    images: ImageViews | None = None,
) -> EntryView:
    """What templates see of one post or page, in its language's words; `html_of` reads its
    text where it was `stored` (`StageCache.html_of`); `images` places its pictures."""
    meta = entry.meta
    day = meta.date.date() if meta.date else None
    others = tuple(o for o in site.translations.get(entry.translation_group, ()) if o is not entry)
    translated = _translation(meta.translated, original_of(entry, site), urls)
    generated = _generation(meta.generated)
    disclosure = disclose(generated, translated, t)
    audio = recording(meta.audio, urls(meta.audio.path), urls.config, t) if meta.audio else None
    # A summary is typeset as the rest of the text is; a description written apart, here.
    description = meta.description
    text = typeset(description, entry.lang) if description else plain(entry.rendered.summary_html)
    written = meta.description is not None
    badge = disclosure.badge if disclosure else ""
    summary = rebase(entry.rendered.summary_html, entry.url, urls)
    title = typeset(meta.title, entry.lang)
    date_text = format_date(day, entry.lang) if day else ""
    site_title = _site_title(urls.config, entry.lang)
    card = CardWords(title, site_title, date_text, badge, tone(disclosure))
    return EntryView(
        kind=entry.kind,
        draft=meta.draft,
        layout=meta.layout,
        title=title,
        url=urls(entry.url),
        lang=entry.lang,
        date_iso=meta.date.isoformat() if meta.date else "",
        date_text=date_text,
        description=described(text, (), written),
        labelled_description=described(text, (badge,), written),
        feed_summary=described(text, (badge, audio.label if audio else ""), written),
        text=EntryText(
            entry.url,
            partial(images.text, entry, html_of) if images else partial(html_of, entry.rendered),
            entry.rendered.toc,
            entry.rendered.words,
        ),
        summary=Markup(images.summary(entry, summary) if images else summary),
        cover=images.cover(entry) if images else None,
        has_more=entry.rendered.has_more,
        reading_minutes=reading_minutes(entry.rendered.words),
        tags=tuple(Link(name, urls.tag(entry.lang, name)) for name in meta.tags),
        translated=translated,
        generated=generated,
        disclosure=disclosure,
        ai_disclosure=ai_disclosure(generated, translated),
        # A passage's model would wrongly describe the page: the passage's caption names it.
        ai_model=generated.model if generated and not generated.part else "",
        audio=audio,
        sources=tuple(_reference(r, urls) for r in meta.sources),
        see_also=tuple(_reference(r, urls) for r in meta.see_also),
        discussion=tuple(typeset(q, entry.lang) for q in meta.discussion),
        translations=tuple(_version(o, urls) for o in others),
        translated_into=tuple(_version(o, urls) for o in others if original_of(o, site) is entry),
        extra=dict(meta.extra),
        changes=change_notes(meta, t, urls),
        modified_iso=meta.modified.isoformat() if meta.modified else "",
        card=CardView(urls.absolute(urls(share_card(entry.url))), card),
    )


def _site_title(config: SiteConfig, lang: str) -> str:
    """The blog's name in `lang`, as its pages show it (`SiteView.title`)."""
    return typeset(config.title_in(lang), lang)


def _version(entry: Entry, urls: SiteUrls) -> Link:
    return Link(language_name(entry.lang, entry.lang), urls(entry.url), entry.lang)


def _translation(
    flag: Translated | None, source: Entry | None, urls: SiteUrls
) -> Translation | None:
    if flag is None:
        return None
    original = None
    if source is not None:
        original = Original(typeset(source.meta.title, source.lang), urls(source.url), source.lang)
    elif flag.url or flag.title:
        url = urls(flag.url) if flag.url else ""
        original = Original(flag.title or "", url, flag.from_lang or "")
    return Translation(
        from_lang=flag.from_lang or (source.lang if source else ""),
        original=original,
        by=flag.by or "",
        reviewed_by=flag.reviewed_by or "",
        machine=flag.machine,
        reviewed_on=flag.reviewed_on.date() if flag.reviewed_on else None,
    )


def _generation(flag: Generated | None) -> Generation | None:
    if flag is None:
        return None
    return Generation(
        flag.model or "",
        flag.reviewed_by or "",
        flag.prompted_by or "",
        flag.part or "",
        flag.reviewed_on.date() if flag.reviewed_on else None,
    )


def _reference(ref: Reference, urls: SiteUrls) -> Link:
    return Link(ref.title, urls(ref.url) if ref.url else "", ref.lang or "")


_RELATIVE = re.compile(r'(\s(?:href|src)=")(?![a-zA-Z][\w+.-]*:|/|#)([^"]*)"')


def rebase(html: str, page_url: str, urls: SiteUrls) -> str:
    """Summaries are shown on other pages: `../x/` must keep pointing where it did."""

    def absolute(match: re.Match[str]) -> str:
        path = posixpath.normpath(posixpath.join(page_url, match.group(2)))
        if match.group(2).endswith("/"):
            path += "/"
        return f'{match.group(1)}{urls(path)}"'

    return _RELATIVE.sub(absolute, html)
