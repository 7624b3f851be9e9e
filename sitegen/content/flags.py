"""Front-matter values: the translation flags, audio and references, and the text check
all keys share."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from datetime import UTC, date, datetime
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from sitegen.model import (
    AUDIO_TYPES,
    Generated,
    Imported,
    Narration,
    Reference,
    SourceFile,
    Translated,
)
from sitegen.project.errors import did_you_mean
from sitegen.settings.config import LANGUAGE_CODE, SiteConfig
from sitegen.urls import is_web_address

VOICES = ("synthetic", "human")
REFERENCE_KEYS = ("title", "url", "lang")
IMPORTED_NAMES = ("shortened", "full")


class Invalid(Exception):
    def __init__(self, message: str, hint: str = "", part: str = "") -> None:
        super().__init__(message)
        self.hint = hint
        # The key of a mapping value, or the number of a list's item, the problem is in:
        # the message points at its line.
        self.part = part


def as_written(value: Any, what: str = "value") -> str:
    """A value as the author wrote it in YAML, for a message: `true`, `hier`, a list."""
    if value is None or value == "":
        return f"an empty {what}"
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    shown = value.isoformat() if isinstance(value, date) else str(value)
    return f"`{shown}`" if len(shown) <= 40 else f"`{shown[:40]}…`"


def text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise Invalid("expected text", "put the text in quotes")
    text = str(value).strip()
    if not text:
        raise Invalid("is empty")
    return text


def moment(value: object) -> datetime | None:
    """A date or a date-time as the instant it names (a day from its midnight, a time
    without a zone in UTC), so that any two compare; None when it is neither."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime.combine(value, datetime.min.time(), UTC)
    return None


def instant(value: Any) -> datetime:
    """`date:` and every other date of the front matter: a date, a date-time or ISO text."""
    if isinstance(value, str):
        with suppress(ValueError):
            value = datetime.fromisoformat(value.strip())
    found = moment(value)
    if found is not None:
        return found
    raise Invalid(
        f"{as_written(value)} is not a date",
        "use ISO 8601: 2026-03-14 or 2026-03-14T09:30:00+01:00",
    )


def _machine(value: Any) -> bool:
    if not isinstance(value, bool):
        message = f"expected true or false, not {as_written(value)}"
        raise Invalid(message, "write `machine: false` for a person's translation")
    return value


Reader = Callable[[Any], Any]
TRANSLATED: dict[str, Reader] = {
    "from": text,
    "url": text,
    "title": text,
    "by": text,
    "reviewed_by": text,
    "reviewed_on": instant,
    "machine": _machine,
}
GENERATED: dict[str, Reader] = {
    "model": text,
    "reviewed_by": text,
    "reviewed_on": instant,
    "prompted_by": text,
    "part": text,
}
AUDIO: dict[str, Reader] = {"file": text, "voice": text, "model": text}
"""The keys of each flag's mapping, and how each value is read."""


def _mapping(value: Any, readers: dict[str, Reader], what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Invalid(f"expected true, false or a mapping with {', '.join(readers)}")
    result: dict[str, Any] = {}
    for key, item in value.items():
        read = readers.get(key)
        if read is None:
            hint = did_you_mean(str(key), tuple(readers)) or f"use {', '.join(readers)}"
            raise Invalid(f"unknown key `{key}` in `{what}`", hint, str(key))
        try:
            result[key] = read(item)
        except Invalid as exc:
            raise Invalid(f"`{key}` in `{what}`: {exc}", exc.hint, key) from None
    return result


def translated(value: Any) -> Translated | None:
    if isinstance(value, bool):
        return Translated() if value else None
    fields = _mapping(value, TRANSLATED, "translated")
    if "url" in fields and not is_link(fields["url"]):
        raise Invalid("`url` in `translated` must start with https://, http:// or /")
    lang = fields.pop("from", None)
    if lang is not None and not LANGUAGE_CODE.match(lang):
        raise Invalid(f"`from: {lang}` is not a language code", "e.g. `from: en`")
    return Translated(from_lang=lang, **fields)


def generated(value: Any) -> Generated | None:
    if isinstance(value, bool):
        return Generated() if value else None
    return Generated(**_mapping(value, GENERATED, "generated"))


def audio(
    value: Any, source: SourceFile, config: SiteConfig, slug: str | None, lang: str
) -> Narration | None:
    """`true`, a path, or `{file, voice, model}`: the recording and who reads it."""
    if value is False:
        return None
    if not isinstance(value, dict):
        return Narration(_recording(value, source, config, slug, lang))
    fields = _mapping(value, AUDIO, "audio")
    voice = fields.get("voice")
    if voice is not None and voice not in VOICES:
        hint = did_you_mean(voice, VOICES) or "`synthetic` for a speech model, `human` for a person"
        raise Invalid(f"`voice: {voice}` in `audio`: expected synthetic or human", hint)
    if "model" in fields and voice != "synthetic":
        # Only a synthetic voice has a model; guessing one would label a person's reading.
        raise Invalid("`model` in `audio` is a synthetic voice's", "add `voice: synthetic`")
    said = "no `file` is given and"  # `file:` itself is a path, read as text above
    path = _recording(fields.get("file", True), source, config, slug, lang, said)
    return Narration(path, voice, fields.get("model"))


def _recording(
    value: Any,
    source: SourceFile,
    config: SiteConfig,
    slug: str | None,
    lang: str,
    said: str = "`audio: true` but",
) -> str:
    """`true` finds `static/audio/<slug>[.<lang>].mp3`; a path or URL names the file."""
    static = config.root / config.static_dir
    shown = config.static_dir.as_posix()
    if value is True:
        name = f"audio/{slug or source.stem}"
        # Another language's recording is never offered: `x.en.md` needs `x.en.mp3`.
        names = [name] if lang == config.language else [f"{name}.{lang}"]
        candidates = [f"{n}{suffix}" for n in names for suffix in AUDIO_TYPES]
        found = next((c for c in candidates if (static / c).is_file()), None)
        if found is None:
            raise Invalid(
                f"{said} there is no narrated file",
                f"add {shown}/{candidates[0]}, or give its path",
            )
        return "/" + found
    path = text(value)
    if ".." in path.split("/"):
        raise Invalid(f"`{path}` leaves the {shown}/ folder", f"put the file in {shown}/audio/")
    suffix = PurePosixPath(urlsplit(path).path).suffix.lower()
    if suffix not in AUDIO_TYPES:
        raise Invalid(
            f"`{path}` is not an audio file sitegen knows", f"use {', '.join(AUDIO_TYPES)}"
        )
    if path.startswith(("https://", "http://")):
        return path
    if not (static / path.lstrip("/")).is_file():
        raise Invalid(f"no audio file {shown}/{path.lstrip('/')}")
    return "/" + path.lstrip("/")


def references(value: Any) -> tuple[Reference, ...]:
    items = value if isinstance(value, list) else [value]
    refs = []
    for number, item in enumerate(items, start=1):
        if isinstance(item, str) and item.strip():
            written = item.strip()
            refs.append(Reference(written, written if is_link(written) else None))
        elif isinstance(item, dict) and isinstance(item.get("title"), str):
            unknown = next((str(k) for k in item if k not in REFERENCE_KEYS), None)
            if unknown:
                raise Invalid(
                    f"entry {number}: unknown key `{unknown}`",
                    did_you_mean(unknown, REFERENCE_KEYS) or "use title, url and lang",
                )
            url, lang = item.get("url"), item.get("lang")
            if url is not None and not (isinstance(url, str) and is_link(url)):
                raise Invalid(f"entry {number}: `url` must start with https://, http:// or /")
            if lang is not None and not (isinstance(lang, str) and LANGUAGE_CODE.match(lang)):
                raise Invalid(f"entry {number}: `lang: {lang}` is not a language code")
            refs.append(Reference(item["title"].strip(), url, lang))
        else:
            raise Invalid(
                f"entry {number} is not a reference", "write `- {title: …, url: …, lang: en}`"
            )
    return tuple(refs)


def questions(value: Any) -> tuple[str, ...]:
    """`discussion:`: one question, or a list of them."""
    items = value if isinstance(value, list) else [value]
    found = []
    for number, item in enumerate(items, start=1):
        try:
            found.append(text(item))
        except Invalid as exc:
            raise Invalid(f"question {number}: {exc}", exc.hint) from None
    return tuple(found)


def imported(value: Any) -> Imported:
    """`{from: whatsapp, names: shortened|full}`, written by `sitegen import whatsapp`."""
    hint = "write `imported: {from: whatsapp, names: shortened}`"
    if not isinstance(value, dict) or set(value) != {"from", "names"}:
        raise Invalid("expected `from` and `names`", hint)
    names = value["names"]
    if names not in IMPORTED_NAMES:
        raise Invalid(f"`names: {names}`: expected shortened or full", hint)
    return Imported(text(value["from"]), names)


def is_link(url: str) -> bool:
    """Only web addresses and site paths: never `javascript:` or another scheme."""
    return is_web_address(url) or (url.startswith("/") and not url.startswith("//"))
