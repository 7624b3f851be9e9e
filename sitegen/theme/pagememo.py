"""Pages of the last build, reused when nothing their template reads has changed.

A page's key covers the templates it is made of, what every page of its language sees (the
site view, the catalog, the settings) and its own context, each entry it shows by the key of
what its view reads. A page whose key is
the one the last build recorded for its path is read back instead of rendered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta

from sitegen.model import Entry, Site
from sitegen.state.cache import key as cache_key
from sitegen.theme.entryviews import view_key

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

    def __init__(self, env: jinja2.Environment, site: Site, shared: Mapping[str, object]) -> None:
        self._env, self._site = env, site
        self._shared = {lang: cache_key(value) for lang, value in shared.items()}
        self._entries: dict[int, str] = {}
        self._templates: dict[str, str] = {}

    def __call__(self, path: str, template: str, lang: str, context: dict[str, Any]) -> str:
        own = tuple((name, self._part(value)) for name, value in sorted(context.items()))
        made = self._templates.get(template)
        if made is None:
            made = self._templates[template] = self._template(template)
        return cache_key(made, self._shared[lang], path, own)

    def made_from(self, path: str, lang: str, entry: Entry) -> str:
        """The key of a file written from one entry's view by code, not by a template."""
        return cache_key(self._shared[lang], path, self._part(entry))

    def _part(self, value: object) -> object:
        if isinstance(value, Entry):
            found = self._entries.get(id(value))
            if found is None:
                found = self._entries[id(value)] = view_key(value, self._site)
            return found
        if isinstance(value, list | tuple):
            return tuple(self._part(v) for v in value)
        return value

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
    try:
        names = list(meta.find_referenced_templates(env.parse(source)))
    except jinja2.TemplateSyntaxError:
        return []
    # A name computed while rendering could be any template: then all of them count.
    return env.list_templates() if None in names else [n for n in names if n]
