"""The front-matter keys, one row each: the only list of them.

The schema reads a document by it (`schema.py`), `sitegen new` writes its front matter from
it (`scaffold.py`), and tests hold the model's `FrontMatter` fields and the README's table
of keys to it: a new key is one row here, then its field in the model. `python -m
sitegen.content.keys` prints the README's table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from itertools import groupby
from typing import Any

from sitegen.content import values
from sitegen.content.changes import changes
from sitegen.content.flags import (
    generated,
    imported,
    instant,
    questions,
    references,
    text,
    translated,
)
from sitegen.content.principles import LAYOUT as PRINCIPLES
from sitegen.model import Kind

Reader = Callable[[Any], Any]
EVERY_ENTRY: tuple[Kind, ...] = ("post", "page")


@dataclass(frozen=True, slots=True)
class Missing:
    """What is said of an entry that lacks a key it must have."""

    message: str
    hint: str


@dataclass(frozen=True, slots=True)
class Key:
    name: str
    readme_type: str
    """What the author writes, as the README's column `type` says it."""
    meaning: str
    """What it does, as the README says it."""
    read: Reader | None
    """Reads the value as YAML gave it, or raises `Invalid`; None for `draft` and `audio`,
    which need the document around them and which `schema.validate` reads itself."""
    kinds: tuple[Kind, ...] = EVERY_ENTRY
    """The entries it belongs to (a post is dated and tagged, a page need not be): only
    these must have it, only these get it from `sitegen new`."""
    missing: Missing | None = None
    """Set when every entry it belongs to must have it, unless its file name gives it."""
    written_by_new: bool = False
    """`sitegen new` writes it, with the command's value, else `placeholder`."""
    placeholder: object = None
    not_new_in: tuple[str, ...] = ()
    """The layouts whose entries `sitegen new` writes without it."""


_REFERENCES = "list of `{title, url, lang}`"
_REFERENCES_SHOWN = (
    "shown as sections at the end of the post; `url` is `https://…` or a site path, which "
    "must exist; `lang` marks a reference in another language"
)
_SAYING_HOW = "[Saying how a text was made](#saying-how-a-text-was-made)"

KEYS = (
    Key(
        "title",
        "text, required",
        "the title",
        text,
        missing=Missing("front matter has no `title`", "add a line `title: …`"),
        written_by_new=True,
    ),
    Key(
        "date",
        "ISO 8601 date or date-time",
        "required for posts, unless the file name starts with `YYYY-MM-DD-`",
        instant,
        kinds=("post",),
        missing=Missing(
            "the post has no date", "add `date: YYYY-MM-DD` or name it YYYY-MM-DD-slug.md"
        ),
        written_by_new=True,
    ),
    Key(
        "lang",
        "language code",
        "else the file-name suffix (`slug.en.md`), the folder (`content/en/`), or the site's "
        "language",
        text,
        written_by_new=True,
    ),
    Key(
        "layout",
        "`post`, `page`, `conversation`, `chat`, `principles`",
        "`conversation` shows a dialogue as alternating bubbles, `chat` as a group thread; "
        "`principles` is the page every disclosure notice links to",
        values.layout,
        written_by_new=True,
    ),
    Key(
        "tags",
        "list of text",
        "`tags: ia` (one text) means `[ia]`; other non-text items are errors",
        values.tags,
        kinds=("post",),
        written_by_new=True,
        placeholder=[],
    ),
    Key(
        "description",
        "text",
        "for search engines and listings; default: the summary",
        values.optional_text,
        written_by_new=True,
        placeholder="",
    ),
    Key(
        "slug",
        "letters, digits, `-`",
        "the last part of the URL; default: the file name without date and language",
        values.slug,
    ),
    Key(
        "url",
        "a site path (`/a-propos/`, `/2019/vieux-billet.html`)",
        "publishes the entry at this address instead of the permalink's (in its language's folder)",
        values.site_path,
    ),
    Key(
        "aliases",
        "list of site paths",
        "old addresses of the entry: each gets a small page that sends readers and search "
        "engines on (`noindex`, canonical link, immediate refresh)",
        values.aliases,
    ),
    Key(
        "translation_key",
        "text",
        "links translations of one post; default: the file name without date and language",
        text,
    ),
    Key(
        "draft",
        "`true`/`false`",
        "drafts are left out unless `--drafts` (so are posts dated in the future)",
        None,
        written_by_new=True,
        placeholder=True,
    ),
    Key(
        "translated",
        "`true` or `{from, url, title, by, reviewed_by, reviewed_on, machine}`",
        f"the text is a translation; see {_SAYING_HOW}",
        translated,
        written_by_new=True,
        placeholder=False,
    ),
    Key(
        "generated",
        "`true` or `{model, reviewed_by, reviewed_on, prompted_by, part}`",
        "the text was written by an AI; with `part`, only the passage it names, marked "
        "`> [!generated]` in the text; same section",
        generated,
        written_by_new=True,
        placeholder=False,
    ),
    Key(
        "audio",
        "`true` (→ `static/audio/<slug>.mp3`, or `<slug>.<lang>.mp3` for another language), "
        "a path in `static/`, or `{file, voice, model}`",
        "a player for the narrated version; a missing file is an error; `voice: synthetic` "
        "(with the speech `model`) labels it « Voix de synthèse », `voice: human` says a "
        "person reads it",
        None,
        written_by_new=True,
        placeholder=False,
        not_new_in=(PRINCIPLES,),  # a page of principles has no narrated version to offer
    ),
    Key(
        "updated",
        "a date, or a list of dates and `{date, note}`",
        "the text was updated after publication: « Mis à jour le … » at its top, "
        "`dateModified`, the feed entry's updated time, the sitemap's `lastmod`; Hugo's "
        "`lastmod` and Jekyll's `last_modified_at` are read as one",
        partial(changes, key="updated"),
    ),
    Key(
        "corrections",
        "a list of `{date, note}` (the note is required)",
        "what was wrong and when it was fixed: « Correction du … : note », first at the top; "
        "JSON-LD `correction`",
        partial(changes, key="corrections"),
    ),
    Key(
        "image",
        "a file beside the post or a site path, or `{src, alt}`",
        "the picture the post opens with: at the top of its page, in listings and feeds, in "
        "several sizes and formats; `alt` says what it shows (`check` asks for it)",
        values.cover,
    ),
    Key("sources", _REFERENCES, _REFERENCES_SHOWN, references),
    Key("see_also", _REFERENCES, _REFERENCES_SHOWN, references),
    Key(
        "discussion",
        "a question, or a list of them",
        "the questions put to readers (« Et vous ? »), a section between the sources and "
        "« Voir aussi »",
        questions,
    ),
    Key(
        "imported",
        "`{from, names}`",
        "written by `sitegen import whatsapp`: whether participants' names were shortened, "
        "for `sitegen check`",
        imported,
    ),
    Key(
        "extra",
        "`key: value` lines",
        "kept for templates (`page.extra`) without a warning; `sitegen import` puts the other "
        "tools' keys there",
        values.extra,
    ),
)
NAMES = tuple(key.name for key in KEYS)
REFERENCE_KEYS = tuple(key.name for key in KEYS if key.read is references)
"""The keys that list references: `sources`, `see_also`."""


def new_front_matter(kind: Kind, given: Mapping[str, object]) -> dict[str, object]:
    """The front matter `sitegen new` writes, in the table's order: the keys it writes in
    this kind of entry and layout and those the command gives, with the command's values."""
    layout = given.get("layout")
    return {
        key.name: given.get(key.name, key.placeholder)
        for key in KEYS
        if kind in key.kinds
        and (key.name in given or (key.written_by_new and layout not in key.not_new_in))
    }


def markdown_table() -> str:
    """The README's table of keys; keys written and meant alike share a row."""
    rows = [
        f"| {', '.join(f'`{key.name}`' for key in alike)} | {written} | {meaning} |"
        for (written, meaning), alike in groupby(KEYS, lambda key: (key.readme_type, key.meaning))
    ]
    return "\n".join(["| key | type | meaning |", "|---|---|---|", *rows]) + "\n"


if __name__ == "__main__":
    print(markdown_table(), end="")
