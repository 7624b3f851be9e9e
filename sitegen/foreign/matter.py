"""Jekyll's and Hugo's front matter read as sitegen's: TOML `+++` blocks, their key names,
their date formats, and files that have no front matter at all."""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, datetime
from typing import Any

from sitegen.config import SiteConfig
from sitegen.errors import Diagnostic, Problems
from sitegen.model import LAYOUTS, SourceFile
from sitegen.yamlmap import Entry, YamlMapping

_RENAMED = {
    "translationkey": "translation_key",
    "permalink": "url",
    "redirect_from": "aliases",
    "excerpt": "description",
    "summary": "description",
    "publishdate": "date",
}
"""The other tools' names for keys sitegen has (Hugo reads its keys in any case)."""
_CATEGORIES = ("categories", "category")
_JEKYLL_DATE = re.compile(
    r"^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2}(?::\d{2})?)(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?$"
)
_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_TOML_ERROR = re.compile(r"^(.*) \(at (?:line (\d+), column (\d+)|end of document)\)$")


def toml_mapping(text: str, path: str, first_line: int) -> YamlMapping:
    """A `+++` block -> entries located at their key's line, like YAML front matter."""
    try:
        values = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message, line, col = toml_error(exc, text)
        where = f"front matter: invalid TOML: {message}"
        return YamlMapping((), (Diagnostic(path, line + first_line - 1, col, where),))
    lines = text.split("\n")
    entries = tuple(
        Entry(key, value, *_toml_position(lines, key, first_line)) for key, value in values.items()
    )
    return YamlMapping(entries, ())


def toml_error(exc: tomllib.TOMLDecodeError, text: str) -> tuple[str, int, int]:
    """The reader's message and where it stopped (its last line when at the end)."""
    found = _TOML_ERROR.match(str(exc))
    if found is None:
        return str(exc), 1, 1
    if found.group(2) is None:
        lines = text.rstrip("\n").split("\n")
        return found.group(1), len(lines), len(lines[-1]) + 1
    return found.group(1), int(found.group(2)), int(found.group(3))


def _toml_position(lines: list[str], key: str, first_line: int) -> tuple[int, int]:
    written = re.compile(rf"^(\s*)(?:\[+\s*)?[\"']?{re.escape(key)}[\"']?\s*[=.\]]")
    for number, line in enumerate(lines):
        found = written.match(line)
        if found:
            return number + first_line, len(found.group(1)) + 1
    return first_line, 1


def adapt(
    mapping: YamlMapping, source: SourceFile, config: SiteConfig, problems: Problems
) -> YamlMapping:
    """The other tool's keys under sitegen's names; what sitegen has no key for stays as
    it is (the schema keeps it in `extra` for templates)."""
    entries: dict[str, Entry] = {}
    categories: list[str] = list(source.categories)
    if mapping.diagnostics and not mapping.entries:
        return mapping  # unreadable: nothing to add to the error
    # Sitegen's own names first, so that `date` wins over `publishDate`.
    for entry in sorted(mapping.entries, key=lambda e: e.key.lower() in _RENAMED):
        key = _RENAMED.get(entry.key.lower(), entry.key)
        if entry.key.lower() in _CATEGORIES:
            categories += _words(entry.value, config)
        if key == "url" and ":" in str(entry.value):
            key = "permalink"  # a pattern of Jekyll's (`/:year/:title/`), filled in later
        if key == "layout" and entry.value not in LAYOUTS:
            key = f"{config.dialect}_layout"
        if key == "published" and entry.value is False:
            key, entry = "draft", Entry("draft", True, entry.line, entry.col)
        if key == "date" and isinstance(entry.value, str):
            entry = Entry(key, _tool_date(entry.value), entry.line, entry.col)
        if key == "tags" and config.dialect == "jekyll":
            entry = Entry(key, _words(entry.value, config), entry.line, entry.col)
        if key not in entries:
            entries[key] = Entry(key, entry.value, entry.line, entry.col)
    if categories:
        tags = entries.get("tags")
        written = tags.value if tags and isinstance(tags.value, list) else []
        line, col = (tags.line, tags.col) if tags else (1, 1)
        entries["tags"] = Entry("tags", [*written, *categories], line, col)
    _date_undated(entries, source, problems)
    return YamlMapping(tuple(entries.values()), mapping.diagnostics, mapping.failed)


def headless(
    text: str, source: SourceFile, config: SiteConfig, problems: Problems
) -> tuple[YamlMapping, str] | None:
    """A file with no front matter: titled by its first heading (which leaves the body).

    Jekyll itself copies such a page untouched, so only posts are published.
    """
    if config.dialect == "jekyll" and source.kind == "page":
        return None
    title, body, said = _title_of(text, source)
    problems.warn(
        source.rel,
        1,
        1,
        f"no front matter: {said} ({title!r})",
        "add `---`, `title: …`, `date: …`, `---` at the top to say it yourself",
    )
    entries = {"title": Entry("title", title, 1, 1)}
    _date_undated(entries, source, problems)
    return YamlMapping(tuple(entries.values()), ()), body


def untitled(mapping: YamlMapping, body: str, source: SourceFile) -> tuple[YamlMapping, str]:
    """Front matter without `title`, which both tools allow: the title the page shows."""
    if mapping.diagnostics or any(e.key == "title" for e in mapping.entries):
        return mapping, body
    title, body, _ = _title_of(body, source)
    entries = (Entry("title", title, 1, 1), *mapping.entries)
    return YamlMapping(entries, mapping.diagnostics, mapping.failed), body


def _title_of(body: str, source: SourceFile) -> tuple[str, str, str]:
    """The first heading near the top (then blanked, as the page shows the title as its
    heading), else the file's name in words; and how it was found."""
    lines = body.split("\n")
    number = next((i for i, line in enumerate(lines[:20]) if _HEADING.match(line)), None)
    found = _HEADING.match(lines[number]) if number is not None else None
    if number is None or found is None:
        title = source.stem.replace("-", " ").replace("_", " ").strip().capitalize()
        return title, body, "titled from the file name"
    lines[number] = ""
    return found.group(1), "\n".join(lines), "titled by its first heading"


def _date_undated(entries: dict[str, Entry], source: SourceFile, problems: Problems) -> None:
    """Jekyll dates a draft, Hugo a page, by the file's last change when nothing else does."""
    if source.kind != "post" or "date" in entries or source.date_from_name:
        return
    try:
        changed = datetime.fromtimestamp(source.path.stat().st_mtime, UTC)
    except OSError:
        return
    entries["date"] = Entry("date", changed.replace(microsecond=0), 1, 1)
    draft = entries.get("draft")
    if not source.drafted and not (draft and draft.value is True):
        problems.warn(
            source.rel,
            1,
            1,
            f"the post has no date: dated by the file's last change ({changed:%Y-%m-%d})",
            "add `date: YYYY-MM-DD` so that the date does not move when the file is edited",
        )


def _words(value: Any, config: SiteConfig) -> list[str]:
    """Jekyll writes `categories: ia recherche` for two categories."""
    if isinstance(value, str):
        return value.split() if config.dialect == "jekyll" else [value]
    if isinstance(value, list):
        return [str(item) for item in value if isinstance(item, str | int | float)]
    return []


def _tool_date(value: str) -> Any:
    """`2024-08-15 18:30:00 +0200`, Jekyll's way, -> a datetime (ISO 8601 is read later)."""
    found = _JEKYLL_DATE.match(value.strip())
    if not found:
        return value
    day, time, zone = found.groups()
    if len(time) < 8:
        time = f"{time}:00" if time.count(":") == 1 else time
    zone = zone or ""
    if zone and zone != "Z" and ":" not in zone:
        zone = f"{zone[:3]}:{zone[3:]}"
    try:
        return datetime.fromisoformat(f"{day}T{time.zfill(8)}{zone.replace('Z', '+00:00')}")
    except ValueError:
        return value
