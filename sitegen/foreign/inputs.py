"""The folders whose files a post's markup reads besides the post: Jekyll's `_includes/`,
Hugo's shortcode templates (the site's, then its themes'). A change there changes pages."""

from __future__ import annotations

from pathlib import Path

from sitegen.config import SiteConfig


def markup_folders(config: SiteConfig) -> list[Path]:
    """Where `{% include %}` and a site's own shortcodes are looked for, in that order."""
    root = config.root
    if config.dialect == "jekyll":
        return [root / "_includes"]
    if config.dialect != "hugo":
        return []
    layouts = [root / "layouts", *sorted(root.glob("themes/*/layouts"))]
    return [place / folder for place in layouts for folder in ("shortcodes", "_shortcodes")]
