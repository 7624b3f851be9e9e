"""The front-matter schema: explicit types, explicit coercions, every problem located.

The keys, how each is read and which an entry must have are the table in `keys.py`; what
needs the whole document (the file's name and folder, the site's languages) is read here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from sitegen.content.flags import Invalid, as_written, audio
from sitegen.content.keys import KEYS, NAMES
from sitegen.model import FrontMatter, Kind, SourceFile
from sitegen.project.errors import Problems, did_you_mean
from sitegen.project.yamlmap import Entry
from sitegen.settings.config import SiteConfig

_TRUTHY = {"yes": True, "on": True, "y": True, "no": False, "off": False, "n": False}


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
        if key not in NAMES:
            hint = did_you_mean(key, NAMES) or "the key is kept in `extra` for templates"
            f.warn(key, f"unknown front-matter key `{key}`", hint)
    read = {key.name: f.get(key.name, key.read) for key in KEYS if key.read}
    if read["date"] is None and source.date_from_name:
        read["date"] = datetime.combine(source.date_from_name, datetime.min.time(), UTC)
    _require(f, source.kind, read, unreadable)
    lang = _language(f, read["lang"], source, config)
    # An unwritten or unreadable key takes the model's default; these keys need more.
    values = {name: value for name, value in read.items() if value is not None}
    values |= {
        "title": read["title"] or "",
        "date": read["date"],
        "lang": lang,
        "layout": read["layout"] or source.kind,
        "draft": f.get("draft", lambda v: _flag(f, "draft", v), False) or source.drafted,
        "audio": f.get("audio", lambda v: audio(v, source, config, read["slug"], lang)),
        "translation_key": read["translation_key"] or source.stem,
        "extra": (
            *((k, e.value) for k, e in f.entries.items() if k not in NAMES),
            *(read["extra"] or {}).items(),
        ),
        "lines": (
            *((k, e.line) for k, e in f.entries.items()),
            *((f"{k}.{part}", line) for k, e in f.entries.items() for part, line in e.inner),
        ),
    }
    meta = FrontMatter(**values)
    return meta if f.ok else None


def _require(f: _Fields, kind: Kind, read: dict[str, Any], unreadable: frozenset[str]) -> None:
    """A key an entry must have is missing when it is neither written nor given otherwise."""
    for key in KEYS:
        written = key.name in f.entries or key.name in unreadable
        if key.missing and kind in key.kinds and not written and read.get(key.name) is None:
            f.fail(key.name, key.missing.message, key.missing.hint)


def _language(f: _Fields, written: str | None, source: SourceFile, config: SiteConfig) -> str:
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


def address_key(meta: FrontMatter) -> str:
    """The key a post's address was made from, to point at when it cannot be written: its
    `url`, else its `slug`, else its `title` (Hugo's `:title`): a file's own name is never
    too long, or it could not have been saved."""
    written = dict(meta.lines)
    return next((key for key in ("url", "slug", "title") if key in written), "slug")
