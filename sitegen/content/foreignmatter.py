"""Jekyll's and Hugo's front matter read as sitegen's: TOML `+++` blocks, their key names,
and files that have no front matter at all (values are read as the tools read them by
`foreignvalues.py`)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from sitegen.content.flags import Invalid, instant, moment
from sitegen.content.foreignvalues import before, lenient_draft, tool_date, zoned
from sitegen.content.values import usable_slug
from sitegen.foreign.permalinks import WRITTEN_SLUG, urlize
from sitegen.model import LAYOUTS, SourceFile
from sitegen.project.errors import Problems
from sitegen.project.paths import name_too_long
from sitegen.project.yamlmap import Entry, YamlMapping
from sitegen.settings.config import SiteConfig
from sitegen.settings.tomljson import read_toml
from sitegen.urls import slugify

_RENAMED = {
    "translationkey": "translation_key",
    "permalink": "url",
    "redirect_from": "aliases",
    "excerpt": "description",
    "summary": "description",
    "lastmod": "updated",
    "last_modified_at": "updated",
}
"""The other tools' names for keys sitegen has (Hugo reads its keys in any case)."""
_HEADING = re.compile(r"^#{1,6}[ \t]++(.*?[^ \t])(?:[ \t]+#+)?[ \t]*$")


def toml_mapping(text: str, path: str, first_line: int) -> YamlMapping:
    """A `+++` block -> entries located at their key's line, like YAML front matter."""
    values, failure = read_toml(text, path, first_line, "front matter")
    if failure is not None:
        return YamlMapping((), (failure,))
    lines = text.split("\n")
    entries = tuple(
        Entry(key, value, *_toml_position(lines, key, first_line)) for key, value in values.items()
    )
    return YamlMapping(entries, ())


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
    if mapping.diagnostics and not mapping.entries:
        return mapping  # unreadable: nothing to add to the error
    entries: dict[str, Entry] = {}
    said: dict[str, str] = {}  # the key as the file writes it, of each key renamed
    # Sitegen's own names first: `description` wins over `summary`.
    for written in sorted(mapping.entries, key=lambda e: _name(e.key, config) != e.key):
        entry = _renamed(written, config)
        if entries.setdefault(entry.key, entry) is entry and entry.key != written.key:
            said[entry.key] = written.key
    _categories(entries, source, config)
    if config.dialect == "hugo":
        lenient_draft(entries, source, problems)
        _hugo_slug(entries, config)
    if config.dialect == "jekyll":
        zoned(entries, config)
    _publication(entries, config)
    _tool_change(entries, said.get("updated"), source, problems)
    _same_day_change(entries, source)
    _date_undated(entries, source, problems)
    return YamlMapping(tuple(entries.values()), mapping.diagnostics, mapping.failed)


def _name(key: str, config: SiteConfig) -> str:
    """Hugo reads its keys in any case (`Title`, `translationKey`); both tools have names
    of their own for some of sitegen's keys."""
    lowered = key.lower()
    return _RENAMED.get(lowered, lowered if config.dialect == "hugo" else key)


def _renamed(entry: Entry, config: SiteConfig) -> Entry:
    key, value = _name(entry.key, config), entry.value
    if key == "url" and ":" in str(value):
        key = "permalink"  # a pattern of Jekyll's (`/:year/:title/`), filled in later
    elif key == "layout" and value not in LAYOUTS:
        key = f"{config.dialect}_layout"
    elif key == "published" and value is False:
        key, value = "draft", True
    elif key in ("date", "publishdate", "updated") and isinstance(value, str):
        value = tool_date(value)
    elif key == "tags" and config.dialect == "jekyll":
        value = _words(value)
    elif key == "lang" and isinstance(value, str) and value not in config.languages:
        value = re.split(r"[-_]", value)[0].lower()  # `en-US`, as minima writes it
    return Entry(key, value, entry.line, entry.col, entry.inner)


def _hugo_slug(entries: dict[str, Entry], config: SiteConfig) -> None:
    """Hugo publishes `slug: Été_2.0 Grand` at `été_2.0-grand`; a name sitegen's addresses
    cannot hold (`#`, `+`, `@`, `/`, `..`) becomes sitegen's own slug of it, and the slug as
    written is kept to find Hugo's address, which then leads to the post."""
    entry = entries.get("slug")
    if entry is None or not isinstance(entry.value, str):
        return
    made = urlize(entry.value, config.foreign.remove_path_accents)
    # Lowered, `İ` takes 3 bytes: a name Hugo could not have written either is refused.
    if not usable_slug(made) and not name_too_long(made):
        entries[WRITTEN_SLUG] = Entry(WRITTEN_SLUG, entry.value, entry.line, entry.col)
        made = slugify(entry.value)
    entries["slug"] = Entry("slug", made, entry.line, entry.col)


def _categories(entries: dict[str, Entry], source: SourceFile, config: SiteConfig) -> None:
    """Jekyll's categories, from the folders and the front matter, in one list: they are
    part of the address (`:categories`), and they join the tags."""
    plural, single = entries.pop("categories", None), entries.pop("category", None)
    found = [*source.categories, *_words(plural.value if plural else None)]
    found += [str(single.value)] if single and isinstance(single.value, str | int) else []
    if not found:
        return
    where = plural or single or Entry("categories", None, 1, 1)
    entries["categories"] = Entry("categories", found, where.line, where.col)
    tags = entries.get("tags")
    written = tags.value if tags and isinstance(tags.value, list) else []
    where = tags or where
    entries["tags"] = Entry("tags", [*written, *found], where.line, where.col)


def _tool_change(
    entries: dict[str, Entry], written: str | None, source: SourceFile, problems: Problems
) -> None:
    """Hugo's `lastmod` and Jekyll's `last_modified_at` hold one date, and a message about
    it names the key the file has, not sitegen's `updated`."""
    entry = entries.get("updated")
    if entry is None or written is None:
        return
    if entry.value is None or entry.value == "":
        del entries["updated"]  # left empty, as an archetype writes it
        return
    try:
        instant(entry.value)
    except Invalid as exc:
        del entries["updated"]
        problems.error(source.rel, entry.line, entry.col, f"`{written}`: {exc}", exc.hint)


def _same_day_change(entries: dict[str, Entry], source: SourceFile) -> None:
    """Hugo's `lastmod` and jekyll-last-modified-at's `last_modified_at` are an update with
    no note. Archetypes and authors often set it to the publication day: no update to show."""
    updated, date = entries.get("updated"), entries.get("date")
    first = moment(date.value if date else source.date_from_name)
    last = moment(updated.value if updated else None)
    if first is not None and last is not None and last.date() <= first.date():
        del entries["updated"]


def _publication(entries: dict[str, Entry], config: SiteConfig) -> None:
    """Hugo's `publishDate` holds a post back until then; a page Hugo never renders
    (`headless`, `build: {render: never}`) is a draft here."""
    later = entries.pop("publishdate", None)
    date = entries.get("date")
    if later and (date is None or before(date.value, later.value)):
        entries["date"] = Entry("date", later.value, later.line, later.col)
    build, headless = entries.get("build"), entries.get("headless")
    render = build.value.get("render") if build and isinstance(build.value, dict) else None
    hidden = render in ("never", False) or (headless is not None and headless.value is True)
    where = build or headless
    if config.dialect == "hugo" and hidden and where is not None:
        entries["draft"] = Entry("draft", True, where.line, where.col)


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


def _words(value: Any) -> list[str]:
    """Jekyll writes `categories: ia recherche` for two categories."""
    if isinstance(value, str):
        return value.split()
    if isinstance(value, list):
        return [str(item) for item in value if isinstance(item, str | int | float)]
    return []
