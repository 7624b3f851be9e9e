"""What each entry's page was made from in the last build, for a build after edits of texts
alone (`publish/textedits.py`): the keys of its document and body, its card, the entries its
page showed around it, its versions in other languages, and what its page and links said.

The records live in the state file (`records`, one row per source file, and the site's
own under `build`), written with the record of the build (`lastbuild.py`) by every build
that reused the cache: only the rows that differ.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass

from sitegen.project.errors import Diagnostic
from sitegen.state.codec import Codec, Damaged
from sitegen.state.database import path_bytes


@dataclass(frozen=True, slots=True)
class EntryRecord:
    """One entry of the last build, by its source file."""

    document: str
    """The key of its document in the stage cache."""
    markdown: str
    """The key of its rendered body in the stage cache."""
    card: str
    """Its card's key (`pagememo.card_key`): what other pages show of it."""
    page: str
    """The output path of its page."""
    newer: str = ""
    older: str = ""
    related: tuple[str, ...] = ()
    """The source files of the posts its page showed around it."""
    versions: tuple[str, ...] = ()
    """The source files of its translation group, itself included, in the site's order."""
    said: tuple[Diagnostic, ...] = ()
    """What rendering its page and checking its links said."""


@dataclass(frozen=True, slots=True)
class FeedRecord:
    """One feed file of the last build: its kind (`feeds.ATOM_FILE`…), its channel's title,
    page and language, and the source files of its posts, in order."""

    name: str
    title: str
    home: str
    lang: str
    entries: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SiteRecord:
    """What the pages of each language share, and the entries that stand for the site as a
    whole: its pages (the navigation names them) and the newest post of each language."""

    shared: tuple[tuple[str, str], ...]
    """Each language and the key of what all its pages see (`PageKeys.made_of`)."""
    pages: tuple[str, ...]
    leads: tuple[str, ...]
    feeds: tuple[FeedRecord, ...] = ()


Records = tuple[SiteRecord, dict[str, EntryRecord]]
"""The site's record and each entry's, by its source file."""

_ENTRY: Codec[EntryRecord] = Codec(EntryRecord)
_SITE: Codec[SiteRecord] = Codec(SiteRecord)


def read_records(db: sqlite3.Connection, paths: Iterable[str]) -> Records | None:
    """The site's record and those of the entries at `paths` (those it has); None when the
    state file holds none, or a damaged one."""
    row = db.execute("SELECT value FROM build WHERE name = 'site'").fetchone()
    if row is None:
        return None
    wanted = [path_bytes(path) for path in dict.fromkeys(paths)]
    found: dict[str, EntryRecord] = {}
    try:
        site = _SITE.decode(row[0])
        for start in range(0, len(wanted), 500):
            batch = wanted[start : start + 500]
            marks = ", ".join("?" * len(batch))
            query = f"SELECT path, value FROM records WHERE path IN ({marks})"
            for path, value in db.execute(query, batch):
                found[path.decode("utf-8", "surrogateescape")] = _ENTRY.decode(value)
    except (Damaged, sqlite3.Error):
        return None
    return site, found


def write_records(
    db: sqlite3.Connection, entries: Mapping[str, EntryRecord], site: SiteRecord | None = None
) -> None:
    """Store the records (in a transaction): with the `site`'s, the table holds `entries`
    alone after; without, they replace the rows of the same source files."""
    with suppress(TypeError, ValueError, OverflowError):  # half a character: no records
        encoded = {path_bytes(path): _ENTRY.encode(record) for path, record in entries.items()}
        stored: dict[bytes, bytes] = {}
        if site is not None:
            stored = dict(db.execute("SELECT path, value FROM records"))
            gone = stored.keys() - encoded.keys()
            db.executemany("DELETE FROM records WHERE path = ?", ((p,) for p in gone))
            db.execute("INSERT OR REPLACE INTO build VALUES ('site', ?)", (_SITE.encode(site),))
        changed = [(p, v) for p, v in encoded.items() if stored.get(p) != v]
        db.executemany("INSERT OR REPLACE INTO records VALUES (?, ?)", changed)
        return
    forget_records(db)


def forget_records(db: sqlite3.Connection) -> None:
    """No records: the next build after edits of texts builds as after any edit."""
    db.execute("DELETE FROM build WHERE name = 'site'")
    db.execute("DELETE FROM records")
