"""`sitegen new`: a correctly named file with complete front matter, never an overwrite."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import frontmatter

from sitegen.config import SiteConfig
from sitegen.errors import UsageError
from sitegen.paths import display_path
from sitegen.urls import slugify

_BODIES = {
    "post": "Premier paragraphe : il sert de résumé sur la page d’accueil.\n\n<!--more-->\n\n"
    "## Première partie\n\nLa suite du billet.\n",
    "page": "Le texte de la page.\n",
    "conversation": "A: Première réplique.\n\nB: Deuxième réplique.\n",
    "chat": "Contexte de l’échange.\n\n**Prénom** : premier message.\n\n"
    "**Autre prénom** : réponse.\n",
}


def new_entry(config: SiteConfig, title: str, lang: str | None, layout: str, now: datetime) -> Path:
    """Write a new post or page and return its path; refuse to replace an existing file."""
    if not title.strip():
        raise UsageError('the title is empty: sitegen new "Titre du billet"')
    title = title.strip()
    lang = lang or config.language
    if lang not in config.languages:
        raise UsageError(
            f"--lang {lang}: not a language of this site ({', '.join(config.languages)})"
        )
    meta = {
        "title": title,
        "date": now.replace(microsecond=0),
        "lang": lang,
        "layout": layout,
        "tags": [],
        "description": "",
        "draft": True,
        "translated": False,
        "generated": False,
        "audio": False,
    }
    if layout == "page":
        del meta["date"], meta["tags"]
    path = entry_path(config, layout, slugify(title), lang, now)
    write_new(path, meta, _BODIES[layout], config, "sitegen new")
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
