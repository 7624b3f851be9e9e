"""The files a post's markup reads besides the post: Jekyll's `_includes/`, Hugo's shortcode
templates (the site's, then its themes'). A change there changes pages; a file that would
run or embed code is never shown."""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from sitegen.config import SiteConfig

_RUNS_CODE = re.compile(
    r"<\s*(?:script|iframe|object|embed|frame|form|style|link|meta|base)\b"
    r"|\son\w+\s*=|javascript:",
    re.I,
)


def markup_folders(config: SiteConfig) -> list[Path]:
    """Where `{% include %}` and a site's own shortcodes are looked for, in that order."""
    root = config.root
    if config.dialect == "jekyll":
        return [root / "_includes"]
    if config.dialect != "hugo":
        return []
    layouts = [root / "layouts", *sorted(root.glob("themes/*/layouts"))]
    return [place / folder for place in layouts for folder in ("shortcodes", "_shortcodes")]


def runs_code(text: str) -> bool:
    """The template or include would run a script, load another site or restyle the page:
    the blog promises its readers none of that from a post."""
    return bool(_RUNS_CODE.search(text))


def configuration(config: SiteConfig) -> dict[str, Any]:
    """The tool's configuration file as a mapping (Liquid's `site`, Hugo's `.Site.Params`
    under `params`), read again when it changes; empty when it cannot be read."""
    path = config.root / config.foreign.source
    try:
        stamp = path.stat().st_mtime_ns if config.foreign.source else 0
    except OSError:
        return {}
    return dict(_read(path, stamp)) if stamp else {}


@lru_cache(maxsize=4)
def _read(path: Path, stamp: int) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text) if path.suffix == ".toml" else yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}
