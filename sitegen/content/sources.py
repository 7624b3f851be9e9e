"""Find the Markdown files of the blog; read nothing but their names."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

from sitegen.model import Kind, SourceFile
from sitegen.project.errors import Problems
from sitegen.project.files import Listings, walk
from sitegen.project.paths import display_path, is_output
from sitegen.settings.config import CONFIG_NAME, SiteConfig
from sitegen.settings.inputs import markup_folders
from sitegen.settings.statics import (
    JEKYLL_DATE,
    PROJECT_NOTES,
    jekyll_excluded,
    jekyll_root_files,
)
from sitegen.settings.values import HUGO_FOLDER

MARKDOWN_SUFFIXES = (".md", ".markdown")
_DATED = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+)$")
_JEKYLL_DATED = re.compile(rf"^{JEKYLL_DATE}(.+)$")
"""Jekyll reads `2024-5-4-titre.md` as a post of 4 May; any other name in `_posts/` is
not a post at all."""
_INDEX = re.compile(r"^index(?:\.[\w-]+)?\.(?:md|markdown)$")
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DOT_LANG = re.compile(r"^(.+)\.([a-z]{2,3}(?:-[A-Za-z0-9]+)?)$")
_DASH_LANG = re.compile(r"^(.+)-([a-z]{2,3})$")
# Bytes of a name that are not UTF-8, as Python reads them (`surrogateescape`).
_NOT_UTF8 = re.compile("[\udc80-\udcff]")


@dataclass(frozen=True, slots=True)
class _Folder:
    """A folder whose Markdown files are published, and how to read their names."""

    path: Path
    kind: Kind | None
    """None: pages at its top and posts in its sections (Hugo's `content/`)."""
    lang: str | None = None
    dashed: bool = False
    """Jekyll's names also end in `-en`."""
    drafted: bool = False
    excluded: Callable[[str], bool] | None = None
    """Paths from the root that are not read (Jekyll's root holds the whole project)."""
    categories: tuple[str, ...] = ()


def discover(
    config: SiteConfig, problems: Problems, listings: Listings | None = None
) -> list[SourceFile]:
    """Every post and page of the site, in a stable order; the folders listed to find
    them are noted in `listings`."""
    found: list[SourceFile] = []
    seen: set[Path] = set()
    for folder in source_folders(config, listings):
        bundles = config.dialect != "jekyll"  # Jekyll publishes every page of a folder
        found_here = _markdown_files(
            folder.path, config.root, problems, folder.excluded, bundles, listings
        )
        for path in found_here:
            if path in seen:
                continue
            seen.add(path)
            source = _describe(path, folder, config, problems)
            if source:
                found.append(source)
    if config.dialect == "sitegen":
        _warn_unused(config, seen, problems, listings)
    return sorted(found, key=lambda s: s.rel)


def input_paths(config: SiteConfig) -> tuple[list[Path], list[Path]]:
    """The folders and the files at the root a build reads its content and settings from:
    what `serve` watches and what decides that nothing changed (the theme aside)."""
    folders = [config.root / config.content_dir, config.root / "_posts"]
    folders += [f.path for f in source_folders(config) if not f.excluded]
    folders += markup_folders(config)
    if config.dialect == "hugo":  # its files merge into the settings (settings/values.py)
        folders.append(config.root / HUGO_FOLDER)
    files = [config.root / CONFIG_NAME]
    if config.foreign.source and config.foreign.source != HUGO_FOLDER:
        files.append(config.root / config.foreign.source)
    if config.dialect == "jekyll":  # its pages and files sit at the root, beside the rest
        files += sorted(p for p in config.root.iterdir() if p.name.endswith(MARKDOWN_SUFFIXES))
        files += jekyll_root_files(config)
    # A folder inside another listed one would be read twice (content/posts/ in content/).
    unique = list(dict.fromkeys(folders))
    outer = [f for f in unique if not any(f != o and f.is_relative_to(o) for o in unique)]
    return outer, list(dict.fromkeys(files))


def _warn_unused(
    config: SiteConfig, used: set[Path], problems: Problems, listings: Listings | None
) -> None:
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
    for path in _markdown_files(content, config.root, Problems(), listings=listings):
        if path not in used:
            problems.warn(
                display_path(path, config.root),
                1,
                1,
                "not published: this folder is neither posts/ nor pages/ of a language of the site",
                f"move it to content/posts/ or content/pages/ "
                f"(languages: {', '.join(config.languages)})",
            )


def _category_posts(root: Path, listings: Listings | None) -> list[Path]:
    """Jekyll's `*/_posts/` and `*/*/_posts/`, reached as every walk reaches a folder: never
    through a link (`encore -> .` would find `encore/_posts/` again, and again)."""
    found = []
    for here, folders, _ in walk(root, root, Problems(), lambda name: False, listings=listings):
        depth = len(here.relative_to(root).parts)
        if depth and "_posts" in folders and not (here / "_posts").is_symlink():
            found.append(here / "_posts")
        folders[:] = [] if depth == 2 else [f for f in folders if not f.startswith(".")]
    return sorted(found)


def source_folders(config: SiteConfig, listings: Listings | None = None) -> list[_Folder]:
    """The folders posts and pages are read from, those that exist."""
    root, content = config.root, config.root / config.content_dir
    if config.dialect == "jekyll":
        excluded = partial(jekyll_excluded, config)
        folders = [
            _Folder(root / "_posts", "post", dashed=True),
            _Folder(root / "_drafts", "post", dashed=True, drafted=True),
            _Folder(root, "page", excluded=excluded),
        ]
        for posts in _category_posts(root, listings):
            above = posts.parent.relative_to(root)
            if not excluded(above.as_posix()):
                folders.append(_Folder(posts, "post", dashed=True, categories=above.parts))
    elif config.dialect == "hugo":
        by_lang = config.foreign.content_dirs
        folders = [_Folder(root / d, None, lang) for lang, d in by_lang] or [_Folder(content, None)]
    else:
        folders = [_Folder(content / "posts", "post"), _Folder(content / "pages", "page")]
        folders.append(_Folder(root / "_posts", "post", dashed=True))
        for lang in config.languages:
            folders.append(_Folder(content / lang / "posts", "post", lang))
            folders.append(_Folder(content / lang / "pages", "page", lang))
    return [f for f in folders if f.path.is_dir()]


def _markdown_files(
    folder: Path,
    root: Path,
    problems: Problems,
    excluded: Callable[[str], bool] | None = None,
    bundles: bool = False,
    listings: Listings | None = None,
) -> list[Path]:
    files: list[Path] = []
    for here, dirnames, filenames in walk(folder, root, problems, _is_markdown, listings=listings):
        for name in list(dirnames):
            if name.startswith(".") or (
                excluded and excluded((here / name).relative_to(root).as_posix())
            ):
                dirnames.remove(name)
            elif is_output(here / name):
                dirnames.remove(name)
                if listings is not None:  # its marker gone, it is a folder of the blog again
                    listings.folders[str(here / name)] = (here / name).stat()
        leaf = bundles and here != folder and any(_INDEX.match(n) for n in filenames)
        if leaf:
            dirnames.clear()  # all below a bundle's index.md is the post's own files
        for name in filenames:
            path = here / name
            if leaf and not _INDEX.match(name):
                continue
            if excluded and excluded(path.relative_to(root).as_posix()):
                continue
            files.append(path)
    return files


def _is_markdown(name: str) -> bool:
    return name.endswith(MARKDOWN_SUFFIXES) and not _is_ignored(name)


def _is_ignored(name: str) -> bool:
    return name.startswith((".", "#", "~")) or name.endswith(("~", ".swp", ".tmp", ".bak"))


def _describe(
    path: Path, folder: _Folder, config: SiteConfig, problems: Problems
) -> SourceFile | None:
    rel = display_path(path, config.root)
    within = path.relative_to(folder.path)
    name, name_lang = _split_lang(path.name.rsplit(".", 1)[0], config.languages, folder.dashed)
    if _left_out(within, name, folder, config):
        return None
    bundle = name == "index" and len(within.parts) > 1
    if bundle:
        name = within.parts[-2]  # a bundle is named by its folder: posts/vision/index.md
    first_dir = within.parts[0] if len(within.parts) > 1 else None
    lang = folder.lang
    if lang is None and first_dir in config.languages:
        lang = first_dir
    # Hugo: a file, or a bundle's folder, at the top of content/ is a page; below, a post.
    sections = len(within.parts) - (2 if bundle else 1)
    kind = folder.kind or ("page" if sections == 0 else "post")
    main = config.foreign.main_sections
    section = within.parts[1] if first_dir == lang and len(within.parts) > 2 else first_dir
    if kind == "post" and main and section not in main:
        kind = "page"  # Hugo lists only its main sections as the blog's posts
    if not _name_is_usable(name, rel, config, problems):
        return None
    pattern = _JEKYLL_DATED if config.dialect == "jekyll" else _DATED
    dated = _dated(name, rel, problems, pattern) if config.foreign.dated_names else (name, None)
    if dated is None:
        return None
    stem, day = dated
    where = within.as_posix()
    return SourceFile(
        path, rel, kind, stem, day, name_lang, lang, where, folder.drafted, folder.categories
    )


def _dated(
    name: str, rel: str, problems: Problems, pattern: re.Pattern[str]
) -> tuple[str, date | None] | None:
    """`2026-03-14-slug` -> (`slug`, the date); None when the date cannot be."""
    dated = pattern.match(name)
    if not dated:
        return name, None
    year, month, dom, stem = dated.groups()
    try:
        return stem, date(int(year), int(month), int(dom))
    except ValueError:
        problems.error(
            rel, 1, 1, f"the file name starts with an impossible date {year}-{month}-{dom}"
        )
        return None


def _left_out(within: Path, name: str, folder: _Folder, config: SiteConfig) -> bool:
    """Files the other tools themselves do not publish as posts or pages."""
    if config.dialect == "hugo":
        return name == "_index"  # a section's list page: sitegen makes its own lists
    if config.dialect == "jekyll" and folder.dashed and not folder.drafted:
        # Jekyll's posts: dated names only, none under a `_` name (`_posts/_vieux/`).
        return any(p.startswith("_") for p in within.parts) or not _JEKYLL_DATED.match(name)
    if config.dialect == "jekyll" and folder.kind == "page":
        # The home page and the project's own notes; Jekyll pages need front matter.
        return str(within) in ("index.md", "index.markdown") or name.upper() in PROJECT_NOTES
    return False


def _name_is_usable(name: str, rel: str, config: SiteConfig, problems: Problems) -> bool:
    """Catch file names that would publish under a surprising address."""
    if _NOT_UTF8.search(rel):
        problems.error(
            rel,
            1,
            1,
            "the file's name (or a folder's) is not UTF-8: it cannot become an address",
            "rename it; it was saved in another encoding, such as Latin-1",
        )
        return False
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


def _split_lang(name: str, languages: tuple[str, ...], dashed: bool) -> tuple[str, str | None]:
    """`slug.en` -> (`slug`, `en`); Jekyll trees also use `slug-en`."""
    for pattern in (_DOT_LANG, _DASH_LANG) if dashed else (_DOT_LANG,):
        match = pattern.match(name)
        if match and match.group(2) in languages:
            return match.group(1), match.group(2)
    return name, None
