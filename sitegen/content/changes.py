"""What happened to a text after it was published: its updates and corrections, and when
the person who reviewed it read it.

    updated: 2026-05-01                # an update, no note (what Zola and Hugo users write)
    updated:
      - {date: 2026-05-01, note: Ajout d'un exemple}
    corrections:
      - {date: 2026-05-03, note: "Le modèle date de 2024, pas de 2023."}

A correction must say what was wrong, so its note is required. A review is true of the
text as it was when it was read: a text updated or corrected after its review, a review
with no date or a date with no reviewer are said as warnings (`--strict` fails on them).
A review before the publication date is the usual case, not a warning.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sitegen.content.flags import Invalid, as_written, instant, text
from sitegen.model import Change, Entry, FrontMatter
from sitegen.project.errors import Problems, did_you_mean

CHANGE_KEYS = ("date", "note")
CHANGES = ("updated", "corrections")
"""The front-matter keys that list changes."""


def changes(value: Any, key: str) -> tuple[Change, ...]:
    """`updated:` or `corrections:`: one date, one `{date, note}`, or a list of either, in
    the order written (so that a message can point at an entry's line)."""
    if value is None or value == "":
        return ()  # `updated:` left empty, as an archetype writes it
    items = value if isinstance(value, list) else [value]
    found = []
    for number, item in enumerate(items, start=1):
        try:
            change = _change(item, key)
            if key == "corrections" and not change.note:
                raise Invalid(
                    f"correction {number} has no note",
                    "a correction says what was wrong: `- {date: 2026-03-03, note: …}`",
                )
        except Invalid as exc:  # at the entry's line, when it is an item of a list
            raise Invalid(str(exc), exc.hint, str(number) if items is value else "") from None
        found.append(change)
    return tuple(found)


def _change(item: Any, key: str) -> Change:
    if not isinstance(item, dict):
        try:
            return Change(instant(item))
        except Invalid:
            raise Invalid(
                f"{as_written(item, 'entry')} is neither a date nor a `{{date, note}}`",
                f"write `{key}: [{{date: 2026-03-03, note: …}}]`",
            ) from None
    for name in item:
        if name not in CHANGE_KEYS:
            hint = did_you_mean(str(name), CHANGE_KEYS) or "use date and note"
            raise Invalid(f"unknown key `{name}` in an entry of `{key}`", hint)
    if "date" not in item:
        raise Invalid(f"an entry of `{key}` has no `date`", "add `date: 2026-03-03`")
    when = instant(item["date"])
    note = item.get("note")
    if note is None or note == "":
        return Change(when)
    try:
        return Change(when, text(note))
    except Invalid as exc:
        raise Invalid(f"`note` in an entry of `{key}`: {exc}", exc.hint) from None


def check_dates(entries: Iterable[Entry], now: datetime, problems: Problems) -> None:
    """Warn where a change or a review is dated where it cannot be."""
    for entry in entries:
        rel, meta = entry.doc.source.rel, entry.meta
        for key in CHANGES:
            for number, change in enumerate(getattr(meta, key), start=1):
                said = _misdated(change.date, meta, now)
                if said:
                    line = meta.line_of(key, str(number))
                    problems.warn(rel, line, 1, f"`{key}`: {said}", _FIX_DATE)
        for key, part, message, hint in _review_problems(meta, now):
            problems.warn(rel, meta.line_of(key, part), 1, message, hint)


_FIX_DATE = "correct the date: a change comes after the publication and before the build"


def _before(one: datetime, other: datetime) -> bool:
    """Whether `one` surely comes before `other`: as instants, and by the day each is written
    in, since a day alone is read as its midnight in UTC: `2026-03-01` is a change of that
    day to a post of 09:30 that day, not one before it."""
    return one < other and one.date() < other.date()


def _misdated(when: datetime, meta: FrontMatter, now: datetime) -> str:
    if meta.date is not None and _before(when, meta.date):
        return f"a change dated {when.date()} comes before the post's date ({meta.date.date()})"
    if when > now:
        return f"a change dated {when.date()} is in the future"
    return ""


def _review_problems(meta: FrontMatter, now: datetime) -> Iterable[tuple[str, str, str, str]]:
    """(key, the part of it to point at, message, hint) for each review of the text that
    says less than it should."""
    for key, flag in (("generated", meta.generated), ("translated", meta.translated)):
        if flag is None:
            continue
        reviewer, day = flag.reviewed_by, flag.reviewed_on
        if reviewer and day is None:
            yield key, "reviewed_by", f"`{key}`: `reviewed_by` has no `reviewed_on`", _REVIEW_DAY
        elif day is not None and not reviewer:
            yield key, "reviewed_on", f"`{key}`: `reviewed_on` says when, not who", _REVIEWER
        elif day is not None and day > now:
            message = f"`{key}`: the review is dated in the future ({day.date()})"
            yield key, "reviewed_on", message, _REVIEW_DAY
        elif day is not None and meta.last_change and _before(day, meta.last_change):
            yield (
                key,
                "reviewed_on",
                f"`{key}`: the review ({day.date()}) is older than the text's last change"
                f" ({meta.last_change.date()})",
                "read the text again, then set `reviewed_on` to that day",
            )


def future_dates(meta: FrontMatter, now: datetime) -> list[datetime]:
    """The changes and reviews dated after `now`: each is said to be in the future until
    then, with no edit to the text."""
    reviews = (flag.reviewed_on for flag in (meta.generated, meta.translated) if flag)
    dated = (*(c.date for c in (*meta.updated, *meta.corrections)), *reviews)
    return [when for when in dated if when is not None and when > now]


_REVIEW_DAY = "add `reviewed_on: YYYY-MM-DD`, the day the text was read"
_REVIEWER = "add `reviewed_by: …`, who read it"
