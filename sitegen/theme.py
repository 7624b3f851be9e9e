"""Where templates, message catalogs and theme files come from.

A site's own `templates/` and `static/` override the default theme file by file, so a
blog can change one template without copying the others. The default theme is the blog
theme of this repository, shipped inside the wheel as `sitegen/_theme`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sitegen.config import SiteConfig

_PACKAGED = Path(__file__).parent / "_theme"
_CHECKOUT = Path(__file__).parent.parent


@dataclass(frozen=True, slots=True)
class Theme:
    template_dirs: tuple[Path, ...]
    """Most specific first."""
    static_dirs: tuple[tuple[Path, str], ...]
    """(folder, where it lands in the site), least specific first: later ones override."""


def find_theme(config: SiteConfig) -> Theme:
    site_templates = config.root / config.templates_dir
    site_static = config.root / config.static_dir
    default = _default_theme()
    templates = [site_templates]
    static: list[tuple[Path, str]] = []
    if default and default[0].resolve() != site_templates.resolve():
        templates.append(default[0])
        static.append((default[1], "css"))
    static.append((site_static, ""))
    return Theme(
        tuple(d for d in templates if d.is_dir()),
        tuple((d, mount) for d, mount in static if d.is_dir()),
    )


def _default_theme() -> tuple[Path, Path] | None:
    for base in (_PACKAGED, _CHECKOUT):
        if (base / "templates" / "base.html").is_file():
            return base / "templates", base / "static" / "css"
    return None
