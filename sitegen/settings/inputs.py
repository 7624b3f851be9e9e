"""The files a post's markup reads besides the post: Jekyll's `_includes/`, Hugo's shortcode
templates (the site's, then its themes'). A change there changes pages; a file that would
run or embed code is never shown."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sitegen.project.errors import ConfigError
from sitegen.settings.config import SiteConfig
from sitegen.settings.values import tool_settings

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
    """The tool's configuration as it merges it (Liquid's `site`, Hugo's `.Site.Params`
    under `params`), read again when it changes; empty when it cannot be read."""
    try:
        values, _ = tool_settings(config.root, config.dialect, config.foreign.source)
        return dict(values)
    except ConfigError:
        return {}
