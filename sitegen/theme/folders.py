"""Where templates, message catalogs and theme files come from.

A site's own `templates/` and `static/` override the default theme file by file, so a
blog can change one template without copying the others. The default theme is the blog
theme of this repository, shipped inside the wheel as `sitegen/_theme`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sitegen.images.pictures import published_copy
from sitegen.model import OutputFile
from sitegen.project.errors import Problems
from sitegen.project.files import MAX_COPIED_BYTES, boundary, hint_of, read_bytes, walk
from sitegen.project.paths import display_path, is_output
from sitegen.settings.config import SiteConfig
from sitegen.settings.statics import (
    SITEGEN_MAKES,
    hugo_content_folders,
    hugo_copies,
    is_jekyll_source,
    jekyll_excluded,
    jekyll_folders,
    jekyll_mount,
    jekyll_root_files,
)

_PACKAGED = Path(__file__).parent.parent / "_theme"
_CHECKOUT = Path(__file__).parent.parent.parent
THEME_ASSETS = ("css", "fonts", "js")
"""The folders of `static/` that belong to the theme (the rest is the blog's own)."""
_IGNORED_STATIC = (".DS_Store", ".git", "Thumbs.db")


@dataclass(frozen=True, slots=True)
class Theme:
    template_dirs: tuple[Path, ...]
    """Most specific first."""
    static_dirs: tuple[tuple[Path, str], ...]
    """(folder, where it lands in the site), least specific first: later ones override."""
    root_files: tuple[Path, ...] = ()
    """Single files published at the site's root (a Jekyll tree's favicon.ico, CNAME)."""


def find_theme(config: SiteConfig) -> Theme:
    site_templates = config.root / config.templates_dir
    site_static = config.root / config.static_dir
    default = _default_theme()
    # A Jekyll or Hugo tree's templates are Liquid or Go: only sitegen's theme applies.
    templates = [site_templates] if config.dialect == "sitegen" else []
    static: list[tuple[Path, str]] = []
    if default and default[0].resolve() != site_templates.resolve():
        templates.append(default[0])
        static.extend((default[1] / folder, folder) for folder in THEME_ASSETS)
    root_files: list[Path] = []
    if config.dialect == "jekyll":  # every folder is copied under its own name, static/ too
        static.extend((folder, jekyll_mount(config, folder)) for folder in jekyll_folders(config))
        root_files = jekyll_root_files(config)
    else:
        static.extend(hugo_content_folders(config))  # Hugo copies their other files too
        static.append((site_static, ""))
    return Theme(
        tuple(d for d in templates if d.is_dir()),
        tuple((d, mount) for d, mount in static if d.is_dir()),
        tuple(root_files),
    )


def _default_theme() -> tuple[Path, Path] | None:
    for base in (_PACKAGED, _CHECKOUT):
        if (base / "templates" / "base.html").is_file():
            return base / "templates", base / "static"
    return None


def static_files(theme: Theme, config: SiteConfig, problems: Problems) -> Iterator[OutputFile]:
    chosen: dict[str, Path] = {}
    for folder, mount in theme.static_dirs:
        ours = folder.is_relative_to(config.root)
        jekyll = config.dialect == "jekyll" and ours
        content = (folder, mount) in hugo_content_folders(config)
        for path in walk_static(folder, config.root, problems):
            rel = path.relative_to(folder).as_posix()
            if jekyll and not jekyll_copies(path, config, problems):
                continue
            if content and not hugo_copies(path, folder):
                continue
            chosen[f"{mount}/{rel}" if mount else rel] = path
    for path in theme.root_files:
        if jekyll_copies(path, config, problems):
            chosen[path.name] = path
    for rel, path in sorted(chosen.items()):
        shown = display_path(path, config.root)
        try:
            data = read_bytes(path, MAX_COPIED_BYTES)
        except OSError as exc:
            problems.error(shown, 0, 0, f"cannot copy the file: {exc.strerror}", hint_of(exc))
            continue
        yield OutputFile(rel, published_copy(data, rel), shown, line=1)


def jekyll_copies(path: Path, config: SiteConfig, problems: Problems) -> bool:
    """Whether Jekyll would copy the file as it is; a Liquid page, which would need
    Jekyll's templates, is said to be left out."""
    rel = path.relative_to(config.root).as_posix()
    if jekyll_excluded(config, rel):
        return False
    if not is_jekyll_source(path):
        return True
    if not path.name.endswith((".md", ".markdown")) and rel not in SITEGEN_MAKES:
        _liquid_left_out(path, config, problems)
    return False


def _liquid_left_out(path: Path, config: SiteConfig, problems: Problems) -> None:
    problems.warn(
        display_path(path, config.root),
        1,
        1,
        "a Liquid template (it has front matter): not published, sitegen has no Liquid",
        "write it as a Markdown page, or as plain HTML without front matter",
    )


def walk_static(folder: Path, root: Path, problems: Problems) -> Iterator[Path]:
    """The files of a static folder that may be copied (sitegen's own theme's within it)."""
    walked = walk(folder, boundary(folder, root), problems, _is_copied, left_out="not copied")
    for here, dirnames, filenames in walked:
        dirnames[:] = [d for d in dirnames if d not in _IGNORED_STATIC and not is_output(here / d)]
        for name in filenames:
            yield here / name


def _is_copied(name: str) -> bool:
    return name not in _IGNORED_STATIC and not name.endswith(("~", ".swp"))
