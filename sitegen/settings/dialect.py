"""Which configuration a tree with no sitegen.yaml has (a Jekyll `_config.yml`, a Hugo
`hugo.toml` or `config/_default/`), read into a SiteConfig by its dialect's module."""

from __future__ import annotations

from pathlib import Path

from sitegen.settings.config import SiteConfig
from sitegen.settings.hugo import hugo_config
from sitegen.settings.jekyll import jekyll_config
from sitegen.settings.values import HUGO_FOLDER, Written, tool_settings

JEKYLL_CONFIGS = ("_config.yml", "_config.yaml")
HUGO_CONFIGS = tuple(
    f"{name}.{ext}" for name in ("hugo", "config") for ext in ("toml", "yaml", "yml", "json")
)


def read_foreign(root: Path) -> SiteConfig | None:
    """The configuration of a Jekyll or Hugo blog at `root`, or None if it is neither."""
    for name in JEKYLL_CONFIGS:
        if (root / name).is_file():
            return jekyll_config(root, name, *tool_settings(root, "jekyll", name))
    if (root / "_posts").is_dir():
        return jekyll_config(root, "", {}, Written(root))
    for name in HUGO_CONFIGS:
        if (root / name).is_file() and (name.startswith("hugo") or (root / "content").is_dir()):
            return hugo_config(root, name, *tool_settings(root, "hugo", name))
    if (root / HUGO_FOLDER).is_dir() and (root / "content").is_dir():
        return hugo_config(root, HUGO_FOLDER, *tool_settings(root, "hugo", HUGO_FOLDER))
    return None


def describe(config: SiteConfig) -> str:
    """The note a build prints so the author knows how the tree was read."""
    tool = config.dialect.capitalize()
    read = f"its {config.foreign.source}" if config.foreign.source else "its folders"
    return (
        f"no sitegen.yaml: read as a {tool} blog from {read}, with sitegen's defaults "
        f"(languages {', '.join(config.languages)}); `sitegen import {config.dialect}` "
        "converts it for good"
    )
