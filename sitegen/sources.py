"""Find the Markdown files of the blog; read nothing but their names."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

from sitegen.config import SiteConfig
from sitegen.errors import Problems
from sitegen.model import Kind, SourceFile
from sitegen.paths import display_path, leaves_project

MARKDOWN_SUFFIXES = (".md", ".markdown")
_DATED = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+)$")
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DOT_LANG = re.compile(r"^(.+)\.([a-z]{2,3}(?:-[A-Za-z0-9]+)?)$")
_DASH_LANG = re.compile(r"^(.+)-([a-z]{2,3})$")


def discover(config: SiteConfig, problems: Problems) -> list[SourceFile]:
    """Every post and page of the site, in a stable order."""
    found: list[SourceFile] = []
    seen: set[Path] = set()
    for folder, kind, lang, jekyll in _content_roots(config):
        for path in _markdown_files(folder, config.root, problems):
            seen.add(path)
            source = _describe(path, folder, kind, lang, jekyll, config, problems)
            if source:
                found.append(source)
    _warn_unused(config, seen, problems)
    return sorted(found, key=lambda s: s.rel)


def _warn_unused(config: SiteConfig, used: set[Path], problems: Problems) -> None:
    """Markdown that no folder rule picks up would silently never be published."""
    content = config.root / config.content_dir
    if not content.is_dir():
        problems.warn(
            display_path(content, config.root),
            0,
            0,
            "there is no content folder: the site has no posts",
            'write posts in content/posts/ (sitegen new "Titre")',
        )
        return
    for path in _markdown_files(content, config.root, Problems()):
        if path not in used:
            problems.warn(
                display_path(path, config.root),
                1,
                1,
                "not published: this folder is neither posts/ nor pages/ of a language of the site",
                f"move it to content/posts/ or content/pages/ "
                f"(languages: {', '.join(config.languages)})",
            )


def _content_roots(config: SiteConfig) -> list[tuple[Path, Kind, str | None, bool]]:
    content = config.root / config.content_dir
    roots: list[tuple[Path, Kind, str | None, bool]] = [
        (content / "posts", "post", None, False),
        (content / "pages", "page", None, False),
        (config.root / "_posts", "post", None, True),
    ]
    for lang in config.languages:
        roots.append((content / lang / "posts", "post", lang, False))
        roots.append((content / lang / "pages", "page", lang, False))
    return [r for r in roots if r[0].is_dir()]


def _markdown_files(folder: Path, root: Path, problems: Problems) -> list[Path]:
    files: list[Path] = []
    real_root = root.resolve()
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        for name in list(dirnames):
            if name.startswith(".") or _escapes(here / name, real_root, root, problems):
                dirnames.remove(name)
        for name in filenames:
            path = here / name
            if _is_ignored(name) or not name.endswith(MARKDOWN_SUFFIXES):
                continue
            if not _escapes(path, real_root, root, problems):
                files.append(path)
    return files


def _escapes(path: Path, real_root: Path, root: Path, problems: Problems) -> bool:
    if not leaves_project(path, real_root):
        return False
    problems.warn(
        display_path(path, root),
        0,
        0,
        "symbolic link to a place outside the project: not followed",
        "copy the file into the project if it should be published",
    )
    return True


def _is_ignored(name: str) -> bool:
    return name.startswith((".", "#", "~")) or name.endswith(("~", ".swp", ".tmp", ".bak"))


def _describe(
    path: Path,
    folder: Path,
    kind: Kind,
    folder_lang: str | None,
    jekyll: bool,
    config: SiteConfig,
    problems: Problems,
) -> SourceFile | None:
    rel = display_path(path, config.root)
    name = path.name.rsplit(".", 1)[0]
    first_dir = path.relative_to(folder).parts[0] if path.parent != folder else None
    if folder_lang is None and first_dir in config.languages:
        folder_lang = first_dir
    name, name_lang = _split_lang(name, config.languages, jekyll)
    if not _name_is_usable(name, rel, config, problems):
        return None
    day: date | None = None
    dated = _DATED.match(name)
    if dated:
        year, month, dom, name = dated.groups()
        try:
            day = date(int(year), int(month), int(dom))
        except ValueError:
            problems.error(
                rel, 1, 1, f"the file name starts with an impossible date {year}-{month}-{dom}"
            )
            return None
    return SourceFile(path, rel, kind, name, day, name_lang, folder_lang)


def _name_is_usable(name: str, rel: str, config: SiteConfig, problems: Problems) -> bool:
    """Catch file names that would publish under a surprising address."""
    stray = _DOT_LANG.match(name)
    if stray and len(stray.group(2)) == 2:
        problems.warn(
            rel,
            1,
            1,
            f"`.{stray.group(2)}` reads like a language, but the site's are "
            f"{', '.join(config.languages)}: published as `{name}`",
            "add the language to `languages` in sitegen.yaml, or rename the file",
        )
    if _DATE_ONLY.match(name):
        problems.error(
            rel,
            1,
            1,
            "the file name has a date but no slug after it",
            f"name it {name}-un-titre-court.md",
        )
        return False
    return True


def _split_lang(name: str, languages: tuple[str, ...], jekyll: bool) -> tuple[str, str | None]:
    """`slug.en` -> (`slug`, `en`); Jekyll trees also use `slug-en`."""
    for pattern in (_DOT_LANG, _DASH_LANG) if jekyll else (_DOT_LANG,):
        match = pattern.match(name)
        if match and match.group(2) in languages:
            return match.group(1), match.group(2)
    return name, None
