"""Feeds: Atom, RSS 2.0 and JSON Feed for each language, Atom for each tag and for all.

Entries carry the whole post with absolute URLs, its language, its disclosure (first, in
the post's words, as on the page) and its recording as an enclosure.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from functools import partial
from html import escape

from sitegen import __version__
from sitegen.content.addresses import SiteUrls
from sitegen.model import Entry, OnDisk, OutputFile, Site
from sitegen.text.i18n import Catalog
from sitegen.theme.imageviews import CoverView
from sitegen.theme.views import EntryView, rebase
from sitegen.urls import (
    ALL_LANGUAGES_FILE,
    ATOM_FILE,
    FEED_FILES,
    JSON_FEED_FILE,
    RSS_FILE,
    feed_page,
    output_path,
)

ENTRIES = 20
"""The newest posts a feed carries: enough for a reader that checks daily or weekly."""
ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
JSON_FEED = "https://jsonfeed.org/version/1.1"
_IN_PAGE = re.compile(r'(\s(?:href|src)=")#')
_HEADING_ANCHOR = re.compile(r'(?<!\s)\s*<a class="heading-anchor"[^>]*>#</a>')
_ROOT_RELATIVE = re.compile(r'(\s(?:href|src)=")(/(?!/)[^"]*)"')
# Feed readers show one image: the `<img src>`, made absolute; the other sizes and formats
# would stay relative addresses they do not resolve.
_OTHER_SIZES = re.compile(r'<source\s[^>]*>|\s(?:srcset|sizes)="[^"]*"')
FEED_SOURCE = "sitegen (feed)"


@dataclass(frozen=True, slots=True)
class Channel:
    """One feed: what it is about and its newest posts."""

    title: str
    home: str
    """Site path of the page the feed follows, without the base path: its files are beside it."""
    lang: str
    entries: Sequence[Entry]


Kept = Callable[[str, str, Sequence[object]], bytes | OnDisk | None]
"""The last build's file at a path (in a language), when the parts it is made of are the same."""
Writer = Callable[[Channel, Sequence[EntryView], SiteUrls, dict[str, str]], bytes]


Made = Callable[[str, Channel], object]
"""Told of each feed file made: its name (`ATOM_FILE`…) and its channel."""


def feed_files(
    site: Site,
    views: dict[int, EntryView],
    urls: SiteUrls,
    catalogs: dict[str, Catalog],
    kept: Kept | None = None,
    made: Made | None = None,
) -> Iterator[OutputFile]:
    """Every feed of the site; one whose posts and words are unchanged, as it was. Each
    feed's channel is told to `made`."""
    config = urls.config
    feeds = _Feeds(views, urls, kept, made)
    for edition in site.editions:
        title = config.title_in(edition.lang)
        channel = Channel(title, edition.prefix, edition.lang, edition.posts[:ENTRIES])
        yield feeds.file(channel, ATOM_FILE)
        yield feeds.file(channel, RSS_FILE)
        yield feeds.file(channel, JSON_FEED_FILE)
        t = catalogs[edition.lang]
        for tag in edition.tags:
            named = f"{title} · {t('tag_title', tag=tag.name)}"
            tagged = Channel(named, tag.url, edition.lang, tag.posts[:ENTRIES])
            yield feeds.file(tagged, ATOM_FILE)
    if len(site.editions) > 1:
        newest = sorted(
            (p for e in site.editions for p in e.posts[:ENTRIES]),
            key=lambda p: (datetime.fromisoformat(views[id(p)].date_iso), views[id(p)].url),
            reverse=True,
        )[:ENTRIES]
        everything = Channel(config.title, "/", config.language, newest)
        yield feeds.file(everything, ALL_LANGUAGES_FILE)


def feed_file(
    channel: Channel,
    name: str,
    views: dict[int, EntryView],
    urls: SiteUrls,
    kept: Kept | None = None,
) -> OutputFile:
    """The feed file `name` (`ATOM_FILE`…) of one channel."""
    return _Feeds(views, urls, kept, None).file(channel, name)


class _Feeds:
    """Feed files of one site: the last build's when unchanged, each post's content made once
    for all the feeds it is in."""

    def __init__(
        self, views: dict[int, EntryView], urls: SiteUrls, kept: Kept | None, made: Made | None
    ) -> None:
        self._views, self._urls, self._kept, self._made = views, urls, kept, made
        self._contents: dict[str, str] = {}

    def file(self, channel: Channel, name: str) -> OutputFile:
        if self._made is not None:
            self._made(name, channel)
        write = _WRITERS[name]
        path = output_path(feed_page(channel.home, name))
        parts = (name, channel.title, *channel.entries)
        data = self._kept(path, channel.lang, parts) if self._kept else None
        if data is not None:
            return OutputFile(path, data, FEED_SOURCE, unchanged=True)
        posts = [self._views[id(p)] for p in channel.entries]
        return OutputFile(path, write(channel, posts, self._urls, self._contents), FEED_SOURCE)


def _atom(
    channel: Channel,
    posts: Sequence[EntryView],
    urls: SiteUrls,
    contents: dict[str, str],
    name: str = ATOM_FILE,
) -> bytes:
    absolute = urls.absolute
    feed = ET.Element("feed", {"xmlns": ATOM, XML_LANG: channel.lang})
    _text(feed, "title", channel.title)
    if description := urls.config.description_in(channel.lang):
        _text(feed, "subtitle", description)
    own = absolute(urls(feed_page(channel.home, name)))
    _link(feed, own, rel="self", type=FEED_FILES[ATOM_FILE])
    _link(feed, absolute(urls(channel.home)), rel="alternate", type="text/html")
    _text(feed, "id", own)
    newest = _newest(posts)
    _text(feed, "updated", _updated(newest) if newest else "1970-01-01T00:00:00Z")
    _text(ET.SubElement(feed, "author"), "name", urls.config.author or channel.title)
    generator = _text(feed, "generator", "sitegen")
    generator.set("version", __version__)
    for post in posts:
        feed.append(_atom_entry(post, urls, contents))
    return _xml(feed)


def _atom_entry(post: EntryView, urls: SiteUrls, contents: dict[str, str]) -> ET.Element:
    absolute = urls.absolute
    entry = ET.Element("entry", {XML_LANG: post.lang})
    _text(entry, "title", post.title)
    _link(entry, absolute(post.url), rel="alternate", type="text/html", hreflang=post.lang)
    _text(entry, "id", absolute(post.url))
    _text(entry, "published", post.date_iso)
    _text(entry, "updated", _updated(post))
    for tag in post.tags:
        ET.SubElement(entry, "category", term=tag.title)
    if post.disclosure:
        ET.SubElement(entry, "category", term=post.disclosure.kind, label=post.disclosure.badge)
    _text(entry, "summary", post.feed_summary)
    _text(entry, "content", _content(post, urls, contents)).set("type", "html")
    if post.audio:
        _link(
            entry,
            absolute(post.audio.url),
            rel="enclosure",
            type=post.audio.type,
            length=str(post.audio.length),
        )
    return entry


def _rss(
    channel: Channel, posts: Sequence[EntryView], urls: SiteUrls, contents: dict[str, str]
) -> bytes:
    absolute = urls.absolute
    rss = ET.Element("rss", {"version": "2.0", "xmlns:atom": ATOM})
    head = ET.SubElement(rss, "channel")
    _text(head, "title", channel.title)
    _text(head, "link", absolute(urls(channel.home)))
    _text(head, "description", urls.config.description_in(channel.lang) or channel.title)
    _text(head, "language", channel.lang)
    _text(head, "generator", f"sitegen {__version__}")
    newest = _newest(posts)
    if newest:
        _text(head, "lastBuildDate", _rfc822(_updated(newest)))
    self_link = absolute(urls(feed_page(channel.home, RSS_FILE)))
    ET.SubElement(head, "atom:link", href=self_link, rel="self", type=FEED_FILES[RSS_FILE])
    for post in posts:
        item = ET.SubElement(head, "item")
        _text(item, "title", post.title)
        _text(item, "link", absolute(post.url))
        _text(item, "guid", absolute(post.url)).set("isPermaLink", "true")
        _text(item, "pubDate", _rfc822(post.date_iso))
        for tag in post.tags:
            _text(item, "category", tag.title)
        _text(item, "description", _content(post, urls, contents))
        if post.audio:
            attributes = {"url": absolute(post.audio.url), "type": post.audio.type}
            ET.SubElement(item, "enclosure", attributes, length=str(post.audio.length))
    return _xml(rss)


def _json_feed(
    channel: Channel, posts: Sequence[EntryView], urls: SiteUrls, contents: dict[str, str]
) -> bytes:
    absolute = urls.absolute
    feed = {
        "version": JSON_FEED,
        "title": channel.title,
        "home_page_url": absolute(urls(channel.home)),
        "feed_url": absolute(urls(feed_page(channel.home, JSON_FEED_FILE))),
        "language": channel.lang,
        "items": [_json_item(post, urls, contents) for post in posts],
    }
    if description := urls.config.description_in(channel.lang):
        feed["description"] = description
    if urls.config.author:
        feed["authors"] = [{"name": urls.config.author}]
    return json.dumps(feed, ensure_ascii=False, indent=1).encode("utf-8")


def _updated(post: EntryView) -> str:
    """When the entry last changed: its latest update or correction, else its publication."""
    return post.modified_iso or post.date_iso


def _newest(posts: Sequence[EntryView]) -> EntryView | None:
    """The post changed last, by the instants its times name (their text sorts by the hour
    in each one's own zone)."""
    return max(posts, key=lambda p: datetime.fromisoformat(_updated(p)), default=None)


def _json_item(post: EntryView, urls: SiteUrls, contents: dict[str, str]) -> dict[str, object]:
    absolute = urls.absolute
    item: dict[str, object] = {
        "id": absolute(post.url),
        "url": absolute(post.url),
        "title": post.title,
        "content_html": _content(post, urls, contents),
        "summary": post.feed_summary,
        "date_published": post.date_iso,
        "language": post.lang,
        "tags": [tag.title for tag in post.tags],
    }
    if post.modified_iso:
        item["date_modified"] = post.modified_iso
    # JSON Feed extensions start with "_": the same facts as the page's marks, on every
    # entry, since a missing `ai_disclosure` would mean "unknown", not "the author's own".
    said: dict[str, object] = {"ai_disclosure": post.ai_disclosure}
    if post.disclosure:
        said = {"kind": post.disclosure.kind, "text": post.disclosure.text} | said
    item["_disclosure"] = said
    if post.audio:
        attachment: dict[str, object] = {
            "url": absolute(post.audio.url),
            "mime_type": post.audio.type,
        }
        if post.audio.synthetic:
            # The label travels with the recording, even to a reader that shows only it.
            attachment["title"] = post.audio.label
            said["audio"] = {"voice": "synthetic", "text": post.audio.label}
        if post.audio.length:
            attachment["size_in_bytes"] = post.audio.length
        item["attachments"] = [attachment]
    return item


def _content(post: EntryView, urls: SiteUrls, contents: dict[str, str]) -> str:
    """The post as a feed reader shows it: its disclosure first, every URL absolute."""
    if post.url not in contents:
        contents[post.url] = _feed_html(post, urls)
    return contents[post.url]


def _feed_html(post: EntryView, urls: SiteUrls) -> str:
    page = urls.absolute(post.url)
    html = rebase(str(post.content), post.url, urls)
    # Each pattern is looked for only where the text it needs is: most posts hold no
    # anchor, picture or in-page link, and a scan of a long text costs more than a search.
    if '="#' in html:
        html = _IN_PAGE.sub(rf"\1{page}#", html)
    if "heading-anchor" in html:
        html = _HEADING_ANCHOR.sub("", html)
    if post.cover:
        html = f"<p>{_cover(post.cover)}</p>\n{html}"
    if "<source" in html or "srcset=" in html or "sizes=" in html:
        html = _OTHER_SIZES.sub("", html)
    if '="/' in html:
        html = _ROOT_RELATIVE.sub(lambda m: f'{m[1]}{urls.absolute(m[2])}"', html)
    if post.audio and post.audio.label:
        # RSS has no summary apart from this: the recording's label must be in it.
        html = f'<p class="disclosure-audio">{escape(post.audio.label)}</p>\n{html}'
    disclosure = post.disclosure
    if disclosure is None:
        return html
    notice = escape(disclosure.text)
    original = disclosure.original
    if original and original.url:
        href = escape(urls.absolute(original.url))
        notice += f' <a href="{href}">{escape(disclosure.read_original)}</a>'
    return f'<p class="disclosure">{notice}</p>\n{html}'


def _cover(cover: CoverView) -> str:
    size = f' width="{cover.width}" height="{cover.height}"' if cover.width else ""
    return f'<img src="{escape(cover.src)}" alt="{escape(cover.alt)}"{size}>'


def _rfc822(iso: str) -> str:
    return format_datetime(datetime.fromisoformat(iso))


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = text
    return element


def _link(parent: ET.Element, href: str, **attributes: str) -> None:
    ET.SubElement(parent, "link", {"href": href, **attributes})


def _xml(root: ET.Element) -> bytes:
    ET.indent(root, space=" ")
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


_WRITERS: dict[str, Writer] = {
    ATOM_FILE: _atom,
    RSS_FILE: _rss,
    JSON_FEED_FILE: _json_feed,
    ALL_LANGUAGES_FILE: partial(_atom, name=ALL_LANGUAGES_FILE),
}
