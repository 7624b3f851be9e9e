"""Pages of the last build, reused when nothing their template reads has changed.

A page's key covers the templates it is made of, what every page of its language sees (the
site view, the catalog, the settings) and its own context: its own entry by the key of all
its view reads, each other entry by its card's (all but its text), and the text of each
entry the last render of the page read (`textreads.py`). A page whose key is the one the
last build recorded for its path is read back instead of rendered: an edit of a post's text
alone renders its page, not the listings, neighbours and related posts that show its card.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta

from sitegen.markdown.renderer import reading_minutes
from sitegen.model import Entry, OnDisk, OutputFile, Site, marks_of
from sitegen.settings.config import SiteConfig
from sitegen.state.cache import key as cache_key
from sitegen.theme.recordings import recorded_length

Reader = Callable[[str], bytes | OnDisk | None]
PageKey = tuple[str, tuple[str, ...], int]
"""A page's key, the site paths of the entries whose text it showed, and the `PAGE_MARKS`
it holds (-1: not known, for files no template made)."""


class PageMemo:
    """The last build's pages by key, and this build's keys for the next one."""

    def __init__(self, previous: Mapping[str, PageKey], read: Reader) -> None:
        self._previous, self._read = previous, read
        self.keys: dict[str, PageKey] = {}

    def texts_of(self, path: str) -> tuple[str, ...]:
        """The entries whose text the last build's page at `path` showed."""
        found = self._previous.get(path)
        return found[1] if found is not None else ()

    def recall(self, path: str, key: str, texts: tuple[str, ...] = ()) -> bytes | OnDisk | None:
        """The page at `path` as the last build wrote it, if it had this key."""
        found = self._previous.get(path)
        if found is None or found[:2] != (key, texts):
            self.keys[path] = (key, texts, -1)
            return None
        self.keys[path] = found
        content = self._read(path)
        if isinstance(content, OnDisk) and content.marks != found[2]:
            return replace(content, marks=found[2])
        return content

    def keep(self, path: str, key: str, texts: tuple[str, ...], data: bytes | OnDisk) -> None:
        """The key of the page at `path` as this build rendered it into `data`."""
        marks = marks_of(data) if isinstance(data, bytes) else data.marks
        self.keys[path] = (key, texts, marks)


def on_disk(out: Path, written: dict[str, tuple[int, int, int]]) -> Reader:
    """A page of the output folder, if it is still what sitegen wrote there: read when it
    is asked for (the writer links it into the new site without reading it)."""

    def read(path: str) -> OnDisk | None:
        target = f"{out}/{path}"
        try:
            info = os.stat(target)
        except OSError:
            return None
        if written.get(path) != (info.st_size, info.st_mtime_ns, info.st_ctime_ns):
            return None
        return OnDisk(target)

    return read


class KeptKeys:
    """The dev server's page keys, by what each was made from, while the site's shape stands
    (`site/lastsite.py`: no front matter changed, so each entry's card depends only on the
    entry itself and the size of its recording). A page made from the same template, shared
    views and texts, and the very same entries, has the same key: it is not hashed again;
    nor is the card of the very same entry with no recording."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[tuple[object, ...], str]] = {}
        self.cards: dict[int, tuple[Entry, str]] = {}


class KeptPosts:
    """The dev server's post pages under one shape, each with what it was made from (its
    template's and shared views' keys and the very entries it shows), its files and key:
    a post page made from the same is taken as it was, without making its context."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[tuple[object, ...], list[OutputFile], PageKey]] = {}

    def page(
        self,
        keys: PageKeys,
        memo: PageMemo,
        post: Entry,
        shown: tuple[Entry | None, ...],
        make: Callable[[], list[OutputFile]],
    ) -> tuple[list[OutputFile], bool]:
        """The files of `post`'s page showing the entries `shown`, and whether they are the
        last ones (none shown has a recording, whose size may change alone), else `make`'s."""
        made_from = (*keys.made_of(f"{post.meta.layout}.html", post.lang), *shown)
        kept = self.pages.get(post.url)
        if kept is not None and kept[0] == made_from and keys.narrated.isdisjoint(map(id, shown)):
            memo.keys[kept[1][0].path] = kept[2]
            return kept[1], True
        files = make()
        if files:
            unchanged = [replace(f, unchanged=True) for f in files]
            self.pages[post.url] = (made_from, unchanged, memo.keys[files[0].path])
        return files, False


class PageKeys:
    """Keys of pages: what their templates read, hashed once per post and per template."""

    def __init__(
        self,
        env: jinja2.Environment,
        site: Site,
        config: SiteConfig,
        shared: Mapping[str, object],
        kept: KeptKeys | None = None,
        pictured: Callable[[Entry], str] = lambda entry: "",
    ) -> None:
        self._env, self._site, self._config = env, site, config
        self._pictured = pictured
        """The key of the image files an entry shows (`ImageViews.key_of`)."""
        self._shared = {lang: cache_key(value) for lang, value in shared.items()}
        self._cards: dict[int, str] = {}
        self._views: dict[int, str] = {}
        self._templates: dict[str, str] = {}
        self._by_url: dict[str, Entry] | None = None
        self._kept = kept
        self.narrated = {id(e) for e in site.entries if e.shows_files} if kept else set()
        """The entries with a recording or pictures, whose files may change alone."""
        if kept is not None and len(kept.cards) > 2 * len(site.entries):
            kept.cards = {}  # the cards of entries long replaced

    def made_of(self, template: str, lang: str) -> tuple[str, str]:
        """The keys of `template`'s sources and of what every page of `lang` sees."""
        made = self._templates.get(template)
        if made is None:
            made = self._templates[template] = self._template(template)
        return made, self._shared[lang]

    def __call__(
        self, path: str, template: str, lang: str, context: dict[str, Any], texts: Sequence[str]
    ) -> str:
        """The key of a page: its own entry (`page`) whole, the other entries by their cards,
        and the `texts` it showed."""
        made = self.made_of(template, lang)[0]
        shown = tuple(self._text_key(url) for url in texts)
        if self._kept is None:
            return self._key(path, made, lang, context, shown)
        made_from = (made, self._shared[lang], shown, *map(self._as_made, sorted(context.items())))
        kept = self._kept.pages.get(path)
        if kept is not None and kept[0] == made_from:
            return kept[1]
        key = self._key(path, made, lang, context, shown)
        self._kept.pages[path] = (made_from, key)
        return key

    def _as_made(self, value: Any) -> Any:
        """A context value as a page's key is made from it: entries themselves (compared by
        identity first), with the size of their recording and their pictures' key, which may
        change alone."""
        if isinstance(value, Entry):
            if not value.shows_files:
                return value
            audio = value.meta.audio
            length = recorded_length(audio, self._config) if audio else 0
            return value, length, self._pictured(value)
        if isinstance(value, list | tuple):
            # A listing of a thousand posts, none with files of its own: the posts themselves.
            if value and isinstance(value[0], Entry) and self.narrated.isdisjoint(map(id, value)):
                return tuple(value)
            return tuple(map(self._as_made, value))
        return value

    def _key(
        self, path: str, made: str, lang: str, context: dict[str, Any], shown: tuple[str, ...]
    ) -> str:
        parts = [made, self._shared[lang], path]
        for name in sorted(context):
            parts.append(name)
            self._flatten(context[name], parts, whole=name == "page")
        parts += shown
        return digest(parts)

    def shared(self, lang: str) -> str:
        """The key of what every page of `lang` sees."""
        return self._shared[lang]

    def made_from(self, path: str, lang: str, values: Sequence[object]) -> str:
        """The key of a file written by code, not by a template, from `values` (entries among
        them whole: feeds and Markdown twins carry the text)."""
        parts = [self._shared[lang], path]
        self._flatten(values, parts, whole=True)
        return digest(parts)

    def _flatten(self, value: object, parts: list[str], whole: bool) -> None:
        """`value` as tagged strings: an entry by its view's key (`whole`) or its card's, a
        list item by item."""
        if isinstance(value, str):
            parts.append("s" + value)
        elif isinstance(value, Entry):
            parts.append(("e" + self._view(value)) if whole else ("c" + self.card(value)))
        elif isinstance(value, list | tuple):
            parts.append("(")
            for item in value:
                self._flatten(item, parts, whole)
            parts.append(")")
        else:
            parts.append("r" + repr(value))

    def card(self, entry: Entry) -> str:
        """The key of what other pages show of `entry` (`card_key`)."""
        found = self._cards.get(id(entry))
        if found is not None:
            return found
        kept = self._kept.cards.get(id(entry)) if self._kept is not None else None
        if kept is not None and kept[0] is entry and not entry.shows_files:
            found = kept[1]
        else:
            found = card_key(entry, self._site, self._config, self._pictured(entry))
            if self._kept is not None:
                self._kept.cards[id(entry)] = (entry, found)
        self._cards[id(entry)] = found
        return found

    def _view(self, entry: Entry) -> str:
        found = self._views.get(id(entry))
        if found is None:
            found = self._views[id(entry)] = digest(
                (self.card(entry), entry.doc.key, entry.rendered.key, self._pictured(entry))
            )
        return found

    def _text_key(self, url: str) -> str:
        """What the text of the entry at `url` is made of; empty once there is none."""
        if self._by_url is None:
            self._by_url = {entry.url: entry for entry in self._site.entries}
        entry = self._by_url.get(url)
        return "t" + entry.rendered.key + self._pictured(entry) if entry is not None else "-"

    def _template(self, name: str) -> str:
        """The sources of `name` and of every template it extends, includes or imports."""
        seen: dict[str, str] = {}
        pending = [name]
        while pending:
            current = pending.pop()
            if current in seen:
                continue
            try:
                source = self._env.loader.get_source(self._env, current)[0]  # type: ignore[union-attr]
            except jinja2.TemplateNotFound:
                seen[current] = ""
                continue
            seen[current] = source
            pending.extend(_referenced(self._env, source))
        return cache_key(*sorted(seen.items()))


def _referenced(env: jinja2.Environment, source: str) -> Iterable[str]:
    names = _names_in(env, source)
    # A name computed while rendering could be any template: then all of them count.
    return env.list_templates() if None in names else [n for n in names if n]


@lru_cache(maxsize=256)
def _names_in(env: jinja2.Environment, source: str) -> tuple[str | None, ...]:
    """The templates `source` names (None for a name computed while rendering); parsed once
    per text of a template, not on every build of the dev server."""
    try:
        return tuple(meta.find_referenced_templates(env.parse(source)))
    except jinja2.TemplateSyntaxError:
        return ()


def card_key(entry: Entry, site: Site, config: SiteConfig, pictured: str = "") -> str:
    """Everything `entry_view` reads but the settings and the catalog (which every page of a
    language shares) and the text (`EntryText`): the entry's front matter and summary, where
    it is published, the size of its recording, the image files it shows (`pictured`), and
    its versions in other languages, which name each other and tell which one is the
    original."""
    audio = entry.meta.audio
    length = str(recorded_length(audio, config)) if audio else ""
    shown = entry.rendered
    minutes = str(reading_minutes(shown.words))
    parts = [entry.doc.meta_key, shown.summary_html, str(shown.has_more), minutes, entry.url]
    parts += (entry.slug, length, pictured)
    for version in site.translations.get(entry.translation_group, ()):
        if version is not entry:
            parts += (version.doc.meta_key, version.url)
    return digest(parts)


def whole_texts(values: Sequence[object]) -> tuple[str, ...]:
    """The site paths of the entries among `values` (a file made by code, from entries
    whole): what its record says it showed the text of."""
    found: set[str] = set()
    pending = list(values)
    while pending:
        value = pending.pop()
        if isinstance(value, Entry):
            found.add(value.url)
        elif isinstance(value, list | tuple):
            pending.extend(value)
    return tuple(sorted(found))


def digest(parts: Iterable[str]) -> str:
    """One key for a sequence of strings, each counted by its length so none runs into the
    next: what a page's key is made of, hashed once."""
    text = "".join(f"{len(part)}:{part}" for part in parts)
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()
