"""Front-matter values read as Jekyll and Hugo read them, not as YAML does: Jekyll's
date format and time zone, Go's lenient booleans for Hugo's `draft:`."""

from __future__ import annotations

import re
from contextlib import suppress
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sitegen.content.flags import moment
from sitegen.model import SourceFile
from sitegen.project.errors import Problems
from sitegen.project.yamlmap import Entry
from sitegen.settings.config import SiteConfig

_JEKYLL_DATE = re.compile(
    r"^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2}(?::\d{2})?)(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?$"
)
_GO_TRUE = frozenset({"1", "t", "T", "TRUE", "true", "True"})
_GO_FALSE = frozenset({"0", "f", "F", "FALSE", "false", "False"})
"""What Go's `strconv.ParseBool` reads, which Hugo's `draft:` goes through."""


def tool_date(value: str) -> Any:
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


def zoned(entries: dict[str, Entry], config: SiteConfig) -> None:
    """Jekyll dates a post, and jekyll-last-modified-at its last change, in the site's
    `timezone` (UTC, GitHub Pages' own, when none is given), a time without a zone being
    UTC: the day, and so the address, is the day there. A day alone stays that day."""
    zone = ZoneInfo(config.foreign.timezone) if config.foreign.timezone else UTC
    for key in ("date", "updated"):
        entry = entries.get(key)
        moment = entry.value if entry else None
        if isinstance(moment, str) and len(moment.strip()) > 10:
            with suppress(ValueError):
                moment = datetime.fromisoformat(moment.strip())
        if entry is None or not isinstance(moment, datetime):
            continue
        aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        # When the zone's day would be before year 1 or after 9999, it stays as written.
        with suppress(OverflowError):
            aware = aware.astimezone(zone)
        entries[key] = Entry(key, aware, entry.line, entry.col, entry.inner)


def lenient_draft(entries: dict[str, Entry], source: SourceFile, problems: Problems) -> None:
    """Hugo reads `draft:` with Go's `cast.ToBool`: `"true"`, `"T"`, `"1"` or a non-zero
    number is true, and anything else, `fales` included, false (the post is published)."""
    draft = entries.get("draft")
    if draft is None or isinstance(draft.value, bool):
        return
    value = draft.value
    if isinstance(value, int | float):
        read = value != 0
    else:
        read = str(value) in _GO_TRUE
        if not read and str(value) not in _GO_FALSE:
            problems.warn(
                source.rel,
                draft.line,
                draft.col,
                f"`draft: {value}` is neither true nor false: read as false, as Hugo "
                "reads it (the post is published)",
                "write `draft: true` or `draft: false`",
            )
    entries["draft"] = Entry("draft", read, draft.line, draft.col)


def before(one: object, other: object) -> bool:
    """Whether date `one` comes before `other` (dates and date-times, any time zone)."""
    first, second = moment(one), moment(other)
    return first is not None and second is not None and first < second
