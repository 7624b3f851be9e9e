"""`sitegen new`: a correctly named file with complete front matter, never an overwrite.

The keys it writes and their placeholders come from the table of keys (`keys.py`)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import frontmatter

from sitegen.content.keys import new_front_matter
from sitegen.content.newtexts import BODIES
from sitegen.content.principles import LAYOUT as PRINCIPLES
from sitegen.model import Kind
from sitegen.project.errors import UsageError
from sitegen.project.paths import display_path
from sitegen.settings.config import SiteConfig
from sitegen.urls import slugify

SKELETONS = Path(__file__).parent / "skeletons"
"""The principles page as sitegen offers it, one file per language it is written in."""


def new_entry(
    config: SiteConfig, title: str | None, lang: str | None, layout: str, now: datetime
) -> Path:
    """Write a new post or page and return its path; refuse to replace an existing file."""
    lang = lang or config.language
    if lang not in config.languages:
        raise UsageError(
            f"--lang {lang}: not a language of this site ({', '.join(config.languages)})"
        )
    title = (title or "").strip()
    if layout == PRINCIPLES:
        return _new_principles(config, title, lang, now)
    if not title:
        raise UsageError('the title is empty: sitegen new "Titre du billet"')
    kind: Kind = "page" if layout == "page" else "post"
    given = {"title": title, "date": now.replace(microsecond=0), "lang": lang, "layout": layout}
    meta = new_front_matter(kind, given)
    path = entry_path(config, layout, slugify(title), lang, now)
    write_new(path, meta, BODIES[layout], config, "sitegen new")
    return path


def _new_principles(config: SiteConfig, title: str, lang: str, now: datetime) -> Path:
    """The page saying how the blog uses AI, from the skeleton in its language (English for
    a language sitegen has none in): what to fill in is marked in brackets."""
    skeleton = SKELETONS / f"principles.{lang}.md"
    if not skeleton.is_file():
        skeleton = SKELETONS / "principles.en.md"
    written = frontmatter.loads(skeleton.read_text(encoding="utf-8"))
    title = title or str(written["title"])
    given = {
        "title": title,
        "lang": lang,
        "layout": PRINCIPLES,
        "description": written["description"],
        # Every language's version is one text: each links to the others.
        "translation_key": "principles",
    }
    meta = new_front_matter("page", given)
    path = entry_path(config, "page", slugify(title), lang, now)
    write_new(path, meta, written.content + "\n", config, "sitegen new")
    return path


def entry_path(config: SiteConfig, layout: str, slug: str, lang: str, day: datetime) -> Path:
    """Where a new post or page goes: `content/posts/2026-03-14-slug[.en].md`."""
    if config.dialect != "sitegen":
        raise UsageError(
            f"this is a {config.dialect.capitalize()} blog read as it is (no sitegen.yaml): "
            f"write the post where {config.dialect.capitalize()} wants it, or convert the blog "
            f"first with `sitegen import {config.dialect} OLD --source NEW`"
        )
    suffix = "" if lang == config.language else f".{lang}"
    content = config.root / config.content_dir
    if layout == "page":
        return content / "pages" / f"{slug}{suffix}.md"
    return content / "posts" / f"{day:%Y-%m-%d}-{slug}{suffix}.md"


def write_new(
    path: Path, meta: dict[str, Any], body: str, config: SiteConfig, command: str
) -> None:
    """Write front matter and body to a file that must not exist yet."""
    text = frontmatter.dumps(frontmatter.Post(body, None, **meta), sort_keys=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text + "\n")
    except FileExistsError:
        shown = display_path(path, config.root)
        raise UsageError(
            f"{shown}: already exists; {command} never overwrites a file",
        ) from None
