"""The front-matter schema: explicit types, explicit coercions, every problem located."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from sitegen.config import LANGUAGE_CODE, SiteConfig
from sitegen.errors import Problems, did_you_mean
from sitegen.model import (
    AUDIO_TYPES,
    LAYOUTS,
    FrontMatter,
    Generated,
    Reference,
    SourceFile,
    Translated,
)
from sitegen.urls import slugify
from sitegen.yamlmap import Entry

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
    "translation_key",
)
TRANSLATED_KEYS = ("from", "url", "title", "by", "reviewed_by", "machine")
GENERATED_KEYS = ("model", "reviewed_by", "prompted_by")
REFERENCE_KEYS = ("title", "url", "lang")
_TRUTHY = {"yes": True, "on": True, "y": True, "no": False, "off": False, "n": False}
_SLUG = re.compile(r"^[\w][\w.~-]*$")


class _Invalid(Exception):
    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


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
        except _Invalid as exc:
            self.fail(key, f"`{key}`: {exc}", exc.hint)
            return default

    def fail(self, key: str, message: str, hint: str = "") -> None:
        entry = self.entries.get(key)
        line, col = (entry.line, entry.col) if entry else (1, 1)
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
    for key in f.entries:
        if key not in KEYS:
            hint = did_you_mean(key, KEYS) or "the key is kept in `extra` for templates"
            f.warn(key, f"unknown front-matter key `{key}`", hint)
    title = f.get("title", _text)
    if title is None and "title" not in f.entries and "title" not in unreadable:
        f.fail("title", "front matter has no `title`", "add a line `title: …`")
    published = f.get("date", _date)
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
        draft=f.get("draft", lambda v: _flag(f, "draft", v), False),
        slug=slug,
        description=f.get("description", _optional_text),
        translated=f.get("translated", _translated),
        generated=f.get("generated", _generated),
        audio=f.get("audio", lambda v: _audio(v, source, config, slug, lang)),
        sources=f.get("sources", _references, ()),
        see_also=f.get("see_also", _references, ()),
        translation_key=f.get("translation_key", _text) or source.stem,
        extra=tuple((k, e.value) for k, e in f.entries.items() if k not in KEYS),
        lines=tuple((k, e.line) for k, e in f.entries.items()),
    )
    return meta if f.ok else None


def _text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _Invalid("expected text", "put the text in quotes")
    text = str(value).strip()
    if not text:
        raise _Invalid("is empty")
    return text


def _optional_text(value: Any) -> str | None:
    return None if value is None or value == "" else _text(value)


def _date(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime.combine(value, datetime.min.time(), UTC)
    if isinstance(value, str) and value.strip():
        try:
            return _date(datetime.fromisoformat(value.strip()))
        except ValueError:
            pass
    raise _Invalid(
        f"{value!r} is not a date",
        "use ISO 8601: 2026-03-14 or 2026-03-14T09:30:00+01:00",
    )


def _language(f: _Fields, source: SourceFile, config: SiteConfig) -> str:
    written = f.get("lang", _text)
    known = config.languages
    if written is not None and written not in known:
        f.fail(
            "lang",
            f"`lang`: `{written}` is not a language of this site ({', '.join(known)})",
            "add it to `languages` in sitegen.yaml, or fix the code",
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
        raise _Invalid(f"unknown layout {value!r}", f"choose one of {', '.join(LAYOUTS)}")
    return str(value)


def _tags(value: Any) -> tuple[str, ...]:
    # A single tag written as text is common (`tags: ia`): it means a list of one.
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise _Invalid("expected a list of tags", "write `tags: [ia, llm]`")
    by_slug: dict[str, str] = {}
    for number, item in enumerate(items, start=1):
        if isinstance(item, int | float) and not isinstance(item, bool):
            item = str(item)  # `tags: [2025]`
        if not isinstance(item, str) or not item.strip():
            raise _Invalid(
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
    raise _Invalid(f"expected true or false, not {value!r}")


def _slug(value: Any) -> str:
    text = _text(value)
    if not _SLUG.match(text) or ".." in text:
        raise _Invalid(
            f"{text!r} cannot be part of a URL",
            "use letters, digits and dashes only, e.g. `slug: attention-transformeurs`",
        )
    return text


def _mapping(value: Any, keys: tuple[str, ...], what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Invalid(f"expected true, false or a mapping with {', '.join(keys)}")
    result: dict[str, Any] = {}
    for key, item in value.items():
        if key not in keys:
            raise _Invalid(f"unknown key `{key}` in `{what}`", did_you_mean(str(key), keys))
        if key == "machine":
            if not isinstance(item, bool):
                raise _Invalid(f"`machine` in `{what}`: expected true or false, not {item!r}")
            result[key] = item
            continue
        try:
            result[key] = _text(item)
        except _Invalid as exc:
            raise _Invalid(f"`{key}` in `{what}`: {exc}", exc.hint) from None
    return result


def _translated(value: Any) -> Translated | None:
    if isinstance(value, bool):
        return Translated() if value else None
    fields = _mapping(value, TRANSLATED_KEYS, "translated")
    if "url" in fields and not _is_link(fields["url"]):
        raise _Invalid("`url` in `translated` must start with https://, http:// or /")
    lang = fields.pop("from", None)
    if lang is not None and not LANGUAGE_CODE.match(lang):
        raise _Invalid(f"`from: {lang}` is not a language code", "e.g. `from: en`")
    return Translated(from_lang=lang, **fields)


def _generated(value: Any) -> Generated | None:
    if isinstance(value, bool):
        return Generated() if value else None
    return Generated(**_mapping(value, GENERATED_KEYS, "generated"))


def _audio(
    value: Any, source: SourceFile, config: SiteConfig, slug: str | None, lang: str
) -> str | None:
    """`true` finds `static/audio/<slug>[.<lang>].mp3`; a path or URL names the file."""
    if value is False:
        return None
    static = config.root / config.static_dir
    shown = config.static_dir.as_posix()
    if value is True:
        name = f"audio/{slug or source.stem}"
        # Another language's recording is never offered: `x.en.md` needs `x.en.mp3`.
        names = [name] if lang == config.language else [f"{name}.{lang}"]
        candidates = [f"{n}{suffix}" for n in names for suffix in AUDIO_TYPES]
        found = next((c for c in candidates if (static / c).is_file()), None)
        if found is None:
            raise _Invalid(
                "`audio: true` but there is no narrated file",
                f"add {shown}/{candidates[0]}, or give its path",
            )
        return "/" + found
    path = _text(value)
    if ".." in path.split("/"):
        raise _Invalid(f"`{path}` leaves the {shown}/ folder", f"put the file in {shown}/audio/")
    suffix = PurePosixPath(urlsplit(path).path).suffix.lower()
    if suffix not in AUDIO_TYPES:
        raise _Invalid(
            f"`{path}` is not an audio file sitegen knows", f"use {', '.join(AUDIO_TYPES)}"
        )
    if path.startswith(("https://", "http://")):
        return path
    if not (static / path.lstrip("/")).is_file():
        raise _Invalid(f"no audio file {shown}/{path.lstrip('/')}")
    return "/" + path.lstrip("/")


def _references(value: Any) -> tuple[Reference, ...]:
    items = value if isinstance(value, list) else [value]
    refs = []
    for number, item in enumerate(items, start=1):
        if isinstance(item, str) and item.strip():
            text = item.strip()
            refs.append(Reference(text, text if _is_link(text) else None))
        elif isinstance(item, dict) and isinstance(item.get("title"), str):
            unknown = next((str(k) for k in item if k not in REFERENCE_KEYS), None)
            if unknown:
                raise _Invalid(
                    f"entry {number}: unknown key `{unknown}`",
                    did_you_mean(unknown, REFERENCE_KEYS) or "use title, url and lang",
                )
            url, lang = item.get("url"), item.get("lang")
            if url is not None and not (isinstance(url, str) and _is_link(url)):
                raise _Invalid(f"entry {number}: `url` must start with https://, http:// or /")
            if lang is not None and not (isinstance(lang, str) and LANGUAGE_CODE.match(lang)):
                raise _Invalid(f"entry {number}: `lang: {lang}` is not a language code")
            refs.append(Reference(item["title"].strip(), url, lang))
        else:
            raise _Invalid(
                f"entry {number} is not a reference", "write `- {title: …, url: …, lang: en}`"
            )
    return tuple(refs)


def _is_link(text: str) -> bool:
    """Only web addresses and site paths: never `javascript:` or another scheme."""
    return text.startswith(("https://", "http://", "/")) and not text.startswith("//")
