"""The front-matter schema: explicit types, explicit coercions, every problem located."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from sitegen.content.changes import changes
from sitegen.content.flags import (
    Invalid,
    as_written,
    audio,
    generated,
    imported,
    instant,
    questions,
    references,
    text,
    translated,
)
from sitegen.model import (
    LAYOUTS,
    FrontMatter,
    SourceFile,
)
from sitegen.project.errors import Problems, did_you_mean
from sitegen.project.paths import name_too_long
from sitegen.project.yamlmap import Entry
from sitegen.settings.config import SiteConfig
from sitegen.urls import slugify

KEYS = (
    "title",
    "date",
    "lang",
    "layout",
    "tags",
    "draft",
    "slug",
    "description",
    "translated",
    "generated",
    "audio",
    "sources",
    "see_also",
    "discussion",
    "translation_key",
    "url",
    "aliases",
    "imported",
    "updated",
    "corrections",
    "extra",
)
_TRUTHY = {"yes": True, "on": True, "y": True, "no": False, "off": False, "n": False}
_SLUG = re.compile(r"^[\w][\w.~-]*$")
NOT_IN_PATH = re.compile(r"[^\w/.~%+-]")
"""A character an address inside the site may not hold as it is written."""


class _Fields:
    """Reads one document's entries, recording problems at each key's line."""

    def __init__(self, source: SourceFile, entries: Sequence[Entry], problems: Problems) -> None:
        self.source = source
        self.entries = {e.key: e for e in entries}
        self.problems = problems
        self.ok = True

    def get(self, key: str, check: Callable[[Any], Any], default: Any = None) -> Any:
        entry = self.entries.get(key)
        if entry is None:
            return default
        try:
            return check(entry.value)
        except Invalid as exc:
            self.fail(key, f"`{key}`: {exc}", exc.hint, exc.part)
            return default

    def fail(self, key: str, message: str, hint: str = "", part: str = "") -> None:
        """An error at `key`, or at the line of its `part` when the reader recorded it."""
        entry = self.entries.get(key)
        line, col = (entry.line, entry.col) if entry else (1, 1)
        line = dict(entry.inner).get(part, line) if entry and part else line
        self.problems.error(self.source.rel, line, col, message, hint)
        self.ok = False

    def warn(self, key: str, message: str, hint: str = "") -> None:
        entry = self.entries[key]
        self.problems.warn(self.source.rel, entry.line, entry.col, message, hint)


def validate(
    source: SourceFile,
    entries: Sequence[Entry],
    config: SiteConfig,
    problems: Problems,
    unreadable: frozenset[str] = frozenset(),
) -> FrontMatter | None:
    """Check every key against the schema; None when the document cannot be published.

    `unreadable` keys were written but already reported as unreadable: not missing.
    """
    f = _Fields(source, entries, problems)
    f.ok = not unreadable
    for key in f.entries if config.dialect == "sitegen" else ():
        if key not in KEYS:
            hint = did_you_mean(key, KEYS) or "the key is kept in `extra` for templates"
            f.warn(key, f"unknown front-matter key `{key}`", hint)
    title = f.get("title", text)
    if title is None and "title" not in f.entries and "title" not in unreadable:
        f.fail("title", "front matter has no `title`", "add a line `title: …`")
    published = f.get("date", instant)
    if published is None and source.date_from_name:
        published = datetime.combine(source.date_from_name, datetime.min.time(), UTC)
    if (
        published is None
        and source.kind == "post"
        and not {"date"} & (f.entries.keys() | unreadable)
    ):
        f.fail(
            "date", "the post has no date", "add `date: YYYY-MM-DD` or name it YYYY-MM-DD-slug.md"
        )
    lang = _language(f, source, config)
    slug = f.get("slug", _slug)
    meta = FrontMatter(
        title=title or "",
        date=published,
        lang=lang,
        layout=f.get("layout", _layout, "post" if source.kind == "post" else "page"),
        tags=f.get("tags", _tags, ()),
        draft=f.get("draft", lambda v: _flag(f, "draft", v), False) or source.drafted,
        slug=slug,
        description=f.get("description", _optional_text),
        translated=f.get("translated", translated),
        generated=f.get("generated", generated),
        audio=f.get("audio", lambda v: audio(v, source, config, slug, lang)),
        sources=f.get("sources", references, ()),
        see_also=f.get("see_also", references, ()),
        discussion=f.get("discussion", questions, ()),
        translation_key=f.get("translation_key", text) or source.stem,
        url=f.get("url", site_path),
        aliases=f.get("aliases", _aliases, ()),
        updated=f.get("updated", lambda v: changes(v, "updated"), ()),
        corrections=f.get("corrections", lambda v: changes(v, "corrections"), ()),
        imported=f.get("imported", imported),
        extra=(
            *((k, e.value) for k, e in f.entries.items() if k not in KEYS),
            *f.get("extra", _extra, {}).items(),
        ),
        lines=(
            *((k, e.line) for k, e in f.entries.items()),
            *((f"{k}.{part}", line) for k, e in f.entries.items() for part, line in e.inner),
        ),
    )
    return meta if f.ok else None


def _optional_text(value: Any) -> str | None:
    return None if value is None or value == "" else text(value)


def _language(f: _Fields, source: SourceFile, config: SiteConfig) -> str:
    written = f.get("lang", text)
    known = config.languages
    if written is not None and written not in known:
        f.fail(
            "lang",
            f"`lang`: `{written}` is not a language of this site ({', '.join(known)})",
            f"add it to `languages` in {config.foreign.source or 'sitegen.yaml'}, or fix the code",
        )
        return config.language
    claims = [c for c in (written, source.lang_from_name, source.lang_from_folder) if c]
    if len(set(claims)) > 1:
        f.fail(
            "lang",
            f"the language is given twice and disagrees ({' vs '.join(claims)})",
            "front matter `lang`, the file-name suffix and the folder must agree",
        )
    return claims[0] if claims else config.language


def _layout(value: Any) -> str:
    if value not in LAYOUTS:
        raise Invalid(f"{as_written(value)} is not a layout", f"choose one of {', '.join(LAYOUTS)}")
    return str(value)


def _tags(value: Any) -> tuple[str, ...]:
    # A single tag written as text is common (`tags: ia`): it means a list of one.
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise Invalid("expected a list of tags", "write `tags: [ia, llm]`")
    by_slug: dict[str, str] = {}
    for number, item in enumerate(items, start=1):
        if isinstance(item, int | float) and not isinstance(item, bool):
            item = str(item)  # `tags: [2025]`
        if not isinstance(item, str) or not item.strip():
            raise Invalid(
                f"tag {number} is empty or not text", "write each tag as a word, e.g. `ia`"
            )
        by_slug.setdefault(slugify(item.strip()), item.strip())
    return tuple(by_slug.values())


def _flag(f: _Fields, key: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in _TRUTHY:
        meaning = _TRUTHY[value.lower()]
        f.warn(
            key,
            f"`{key}: {value}` read as {str(meaning).lower()}",
            f"write `{key}: {str(meaning).lower()}`",
        )
        return meaning
    raise Invalid(f"expected true or false, not {as_written(value)}")


def site_path(value: Any) -> str:
    """`/a-propos/`, `/2024/old.html`: an address inside the site; `/a` means `/a/`."""
    path = "/" + text(value).strip().lstrip("/")
    parts = path.split("/")
    if any(p in (".", "..") for p in parts) or "//" in path or NOT_IN_PATH.search(path):
        raise Invalid(f"{path!r} is not an address inside the site", "write it as /a-propos/")
    for part in parts:
        _fits_a_name(part, "shorten this part of the address")
    return path if path.endswith("/") or "." in parts[-1] else path + "/"


def _aliases(value: Any) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise Invalid("expected a list of old addresses", "write `aliases: [/ancien/chemin/]`")
    return tuple(dict.fromkeys(site_path(item) for item in items))


def _extra(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Invalid("expected `key: value` lines under `extra:`")
    return {str(k): v for k, v in value.items()}


def usable_slug(slug: str) -> bool:
    """Whether `slug` can stand in an address as it is written."""
    return bool(_SLUG.match(slug)) and ".." not in slug


def _slug(value: Any) -> str:
    slug = text(value)
    _fits_a_name(slug, "a few words say it best, e.g. `slug: attention-transformeurs`")
    if not usable_slug(slug):
        raise Invalid(
            f"{slug!r} cannot be part of a URL",
            "use letters, digits and dashes only, e.g. `slug: attention-transformeurs`",
        )
    return slug


def _fits_a_name(part: str, hint: str) -> None:
    if too_long := name_too_long(part):
        raise Invalid(too_long, hint)


def address_key(meta: FrontMatter) -> str:
    """The key a post's address was made from, to point at when it cannot be written: its
    `url`, else its `slug`, else its `title` (Hugo's `:title`): a file's own name is never
    too long, or it could not have been saved."""
    written = dict(meta.lines)
    return next((key for key in ("url", "slug", "title") if key in written), "slug")
