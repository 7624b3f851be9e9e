"""What a Jekyll tree publishes as it is: every folder and root file whose name does not
start with `_` or `.`, except pages (Markdown) and Liquid templates (front matter); and
what a Hugo tree's content folder holds besides its pages."""

from __future__ import annotations

import re
from fnmatch import fnmatch
from pathlib import Path

from sitegen.project.files import may_follow, read_head
from sitegen.project.paths import is_output
from sitegen.settings.config import SiteConfig
from sitegen.urls import ATOM_FILE, NOT_FOUND_PAGE, ROBOTS_TXT, SITEMAP_XML, home_page, output_path

_HUGO_PAGES = (".md", ".markdown", ".html", ".htm", ".org", ".adoc", ".asciidoc", ".rst", ".pdc")
"""Hugo's content formats: pages, not files it copies."""
_LANGUAGE_INDEX = re.compile(r"^index\.[\w-]+\.(?:md|markdown)$")
JEKYLL_DATE = r"(\d{4})-(\d{1,2})-(\d{1,2})-"
"""The date a Jekyll post's file name starts with: `2024-05-04-` and `2024-5-4-` alike."""
_DEFAULT_EXCLUDES = ("node_modules", "vendor", "Gemfile", "Gemfile.lock")
"""Jekyll's own `exclude` defaults (vendor/ stands for its bundle, cache, gems, ruby)."""
_PROJECT_FILES = ("Rakefile", "package.json", "package-lock.json")
PROJECT_NOTES = ("README", "LICENSE", "CHANGELOG", "CONTRIBUTING", "CODE_OF_CONDUCT")
SITEGEN_MAKES = (
    output_path(home_page("/")),
    output_path(NOT_FOUND_PAGE),
    ATOM_FILE,
    output_path(SITEMAP_XML),
    output_path(ROBOTS_TXT),
    "atom.xml",
)
"""Jekyll's own (or its plugins') pages that sitegen writes itself."""


def jekyll_excluded(config: SiteConfig, rel: str) -> bool:
    """Whether Jekyll leaves out `rel`, a path from the root: a name starting with `_`,
    `.`, `#` or `~` anywhere in it unless `include:` names it, or what `exclude:` names
    (a path, a folder and what it holds, or a pattern such as `*.txt`)."""
    parts = rel.split("/")
    for depth, part in enumerate(parts, 1):
        if part[:1] in ("_", ".", "#", "~") and not _included(config, parts[:depth]):
            return True
    return any(
        rel == pattern or rel.startswith(pattern + "/") or fnmatch(rel, pattern)
        for pattern in (*config.foreign.exclude, *_DEFAULT_EXCLUDES)
    )


def _included(config: SiteConfig, parts: list[str]) -> bool:
    """Whether `include:` names the path, or the name at its end (`_pages`, `.htaccess`),
    or it is the folder of a collection Jekyll writes out (`_projets`)."""
    path = "/".join(parts)
    if len(parts) == 1 and jekyll_collection(config, path):
        return True
    return any(fnmatch(path, p) or fnmatch(parts[-1], p) for p in config.foreign.include)


def jekyll_collection(config: SiteConfig, folder: str) -> str | None:
    """The collection whose folder `folder` (`_projets`) is, if Jekyll writes it out."""
    named = folder.startswith("_") and folder in dict(config.foreign.permalinks)
    return folder[1:] if named else None


def jekyll_mount(config: SiteConfig, folder: Path) -> str:
    """Where a folder's files land: its name, but a collection's name (`/projets/`)."""
    return jekyll_collection(config, folder.name) or folder.name


def hugo_content_folders(config: SiteConfig) -> list[tuple[Path, str]]:
    """A Hugo tree's content folders and where their other files land: the site's root,
    or a language's folder for a language's own `contentDir` (`/en/`)."""
    if config.dialect != "hugo":
        return []
    if not config.foreign.content_dirs:
        return [(config.root / config.content_dir, "")]
    at_root = config.default_language_at_root
    return [
        (config.root / folder, "" if lang == config.language and at_root else lang)
        for lang, folder in config.foreign.content_dirs
    ]


def hugo_copies(path: Path, content: Path) -> bool:
    """Whether Hugo publishes a file of its content folder as it is, at the same path: any
    file but a page, outside a leaf bundle (whose files follow its page: `bundles.py`)."""
    if path.name.startswith(".") or path.name.lower().endswith(_HUGO_PAGES):
        return False
    above = path.relative_to(content).parents
    return not any(_is_leaf_bundle(content / folder) for folder in above if folder.parts)


def _is_leaf_bundle(folder: Path) -> bool:
    return any((folder / f"index{suffix}").is_file() for suffix in (".md", ".markdown")) or any(
        _LANGUAGE_INDEX.match(p.name) for p in folder.glob("index.*")
    )


def jekyll_folders(config: SiteConfig) -> list[Path]:
    """The folders Jekyll would copy (assets/, images/, static/…)."""
    return [p for p in _published(config) if p.is_dir()]


def jekyll_root_files(config: SiteConfig) -> list[Path]:
    """The files at the root Jekyll would copy or render (favicon.ico, CNAME, a Liquid
    page…), not the project's own."""
    return [
        path
        for path in _published(config)
        if path.is_file()
        and path.name not in _PROJECT_FILES
        and path.name.split(".")[0].upper() not in PROJECT_NOTES
        and not path.name.endswith((".gemspec", ".yml", ".yaml", ".toml"))
        and path.name not in SITEGEN_MAKES
    ]


def is_jekyll_source(path: Path) -> bool:
    """Pages (Markdown) and Liquid templates (files with front matter) are not copied."""
    if path.name.endswith((".md", ".markdown")):
        return True
    return read_head(path, 4).rstrip(b"\r\n ") == b"---"


def _published(config: SiteConfig) -> list[Path]:
    """What the root holds, but a link out of the project or back to it: the walk of the
    root's pages says so (sources.py)."""
    return sorted(
        path
        for path in config.root.iterdir()
        if not jekyll_excluded(config, path.name)
        and not is_output(path)
        and (not path.is_symlink() or may_follow(path, config.root))
    )
