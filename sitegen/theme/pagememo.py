"""Pages of the last build, reused when nothing their template reads has changed.

A page's key covers the templates it is made of, what every page of its language sees (the
site view, the catalog, the settings) and its own context, each entry it shows by the key of
what its view reads. A page whose key is the one the last build recorded for its path is
read back instead of rendered.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta

from sitegen.model import Entry, Site
from sitegen.settings.config import SiteConfig
from sitegen.state.cache import key as cache_key
from sitegen.theme.recordings import recorded_length

Reader = Callable[[str], bytes | None]


class PageMemo:
    """The last build's pages by key, and this build's keys for the next one."""

    def __init__(self, previous: dict[str, str], read: Reader) -> None:
        self._previous, self._read = previous, read
        self.keys: dict[str, str] = {}

    def recall(self, path: str, key: str) -> bytes | None:
        """The page at `path` as the last build wrote it, if it had this key."""
        self.keys[path] = key
        if self._previous.get(path) != key:
            return None
        return self._read(path)


def on_disk(out: Path, written: dict[str, tuple[int, int, int]]) -> Reader:
    """Read a page back from the output folder, if it is still what sitegen wrote there."""

    def read(path: str) -> bytes | None:
        target = out / path
        try:
            info = target.stat()
            if written.get(path) != (info.st_size, info.st_mtime_ns, info.st_ctime_ns):
                return None
            return target.read_bytes()
        except OSError:
            return None

    return read


class PageKeys:
    """Keys of pages: what their templates read, hashed once per post and per template."""

    def __init__(
        self,
        env: jinja2.Environment,
        site: Site,
        config: SiteConfig,
        shared: Mapping[str, object],
    ) -> None:
        self._env, self._site, self._config = env, site, config
        self._shared = {lang: cache_key(value) for lang, value in shared.items()}
        self._entries: dict[int, str] = {}
        self._templates: dict[str, str] = {}

    def __call__(self, path: str, template: str, lang: str, context: dict[str, Any]) -> str:
        made = self._templates.get(template)
        if made is None:
            made = self._templates[template] = self._template(template)
        parts = [made, self._shared[lang], path]
        for name in sorted(context):
            parts.append(name)
            self._flatten(context[name], parts)
        return digest(parts)

    def made_from(self, path: str, lang: str, values: Sequence[object]) -> str:
        """The key of a file written by code, not by a template, from `values` (entries among
        them, by their views' keys)."""
        parts = [self._shared[lang], path]
        self._flatten(values, parts)
        return digest(parts)

    def _flatten(self, value: object, parts: list[str]) -> None:
        """`value` as tagged strings: an entry by its view's key, a list item by item."""
        if isinstance(value, str):
            parts.append("s" + value)
        elif isinstance(value, Entry):
            found = self._entries.get(id(value))
            if found is None:
                found = self._entries[id(value)] = view_key(value, self._site, self._config)
            parts.append("e" + found)
        elif isinstance(value, list | tuple):
            parts.append("(")
            for item in value:
                self._flatten(item, parts)
            parts.append(")")
        else:
            parts.append("r" + repr(value))

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


def view_key(entry: Entry, site: Site, config: SiteConfig) -> str:
    """Everything `entry_view` reads but the settings and the catalog (which every page of a
    language shares): the entry's document and body, where it is published, the size of its
    recording, and its versions in other languages, which name each other and tell which one
    is the original."""
    audio = entry.meta.audio
    length = str(recorded_length(audio, config)) if audio else ""
    parts = [entry.doc.key, entry.rendered.key, entry.url, entry.slug, length]
    for version in site.translations.get(entry.translation_group, ()):
        if version is not entry:
            parts += (version.doc.key, version.url)
    return digest(parts)


def digest(parts: Iterable[str]) -> str:
    """One key for a sequence of strings, each counted by its length so none runs into the
    next: what a page's key is made of, hashed once."""
    text = "".join(f"{len(part)}:{part}" for part in parts)
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()
