"""A Jekyll `_config.yml` -> SiteConfig: permalinks and collections, time zone, kramdown's
heading ids, and the languages the site and its posts are written in."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sitegen.project.errors import Problems
from sitegen.project.files import read_head, walk
from sitegen.settings.config import ForeignSettings, SiteConfig
from sitegen.settings.statics import JEKYLL_DATE
from sitegen.settings.values import (
    Written,
    as_dict,
    as_list,
    as_text,
    author_name,
    is_language,
    language_code,
    site_config,
)
from sitegen.text.language import posts_language

JEKYLL_PERMALINKS = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
_LANG_LINE = re.compile(r"^lang:[ \t]*[\"']?([a-z]{2})[\"']?[ \t]*$", re.M)
_DATED_NAME = re.compile(rf"^{JEKYLL_DATE}(?P<slug>.+)-(?P<lang>[a-z]{{2,3}})\.(?:md|markdown)$")


def jekyll_config(root: Path, name: str, values: dict[str, Any], written: Written) -> SiteConfig:
    """The site Jekyll builds from `root`, its configuration file `name` read as `values`
    from the file `written`."""
    language = language_code(
        written, values.get("lang") or values.get("default_lang") or _locale(root, values)
    )
    declared = [language_code(written, v) for v in as_list(values.get("languages"))]
    permalink = str(values.get("permalink") or "date")
    permalinks = [("*", JEKYLL_PERMALINKS.get(permalink, permalink))]
    # `collections: {posts: {permalink: …}}` gives the posts theirs; pages keep the site's.
    own = as_text(as_dict(as_dict(values.get("collections")).get("posts")).get("permalink"))
    permalinks += [("posts", JEKYLL_PERMALINKS.get(own, own))] if own else []
    permalinks += _collections(as_dict(values.get("collections")), permalinks[0][1])
    settings = ForeignSettings(
        permalinks=tuple(permalinks),
        excerpt_separator=as_text(values.get("excerpt_separator")),
        exclude=tuple(str(v).strip("/") for v in as_list(values.get("exclude"))),
        # Jekyll's own `include` is `[.htaccess]`: an Apache host's redirects, kept.
        include=tuple(str(v).strip("/") for v in as_list(values.get("include", [".htaccess"]))),
        source=name,
        timezone=_timezone(values.get("timezone")),
        heading_ids=_kramdown_ids(as_dict(values.get("kramdown"))),
        language_folders="jekyll-polyglot" in map(str, as_list(values.get("plugins"))),
        future=values.get("future") is True,
    )
    url = as_text(values.get("url")).rstrip("/") + "/" + as_text(values.get("baseurl")).strip("/")
    return site_config(
        root,
        "jekyll",
        settings,
        written,
        title=as_text(values.get("title")),
        description=as_text(values.get("description")),
        author=author_name(values.get("author")),
        base_url=url,
        languages=[language, *declared, *_jekyll_languages(root)],
        output_dir=Path("_site"),  # Jekyll's own: themes keep their files in public/
    )


def _locale(root: Path, values: dict[str, Any]) -> str:
    """Jekyll has no language: themes print `locale` (minimal-mistakes, jekyll-seo-tag), else
    `en` whatever the posts say; without `locale`, the language the posts are written in."""
    locale = re.split(r"[-_]", as_text(values.get("locale")))[0].lower()
    if is_language(locale):
        return locale
    return posts_language(root / "_posts", root) or "fr"


def _collections(collections: dict[str, Any], style: str) -> list[tuple[str, str]]:
    """The folder (`_projets`) and permalink of each collection Jekyll writes out
    (`output: true`); by default `/:collection/:path`, ended as the site's style ends."""
    end = "/" if style.endswith("/") else ":output_ext" if style.endswith(":output_ext") else ""
    found = []
    for label, settings in collections.items():
        settings = as_dict(settings)
        if label != "posts" and settings.get("output") is True:
            own = as_text(settings.get("permalink"))
            found.append(
                (f"_{label}", JEKYLL_PERMALINKS.get(own, own) or f"/:collection/:path{end}")
            )
    return found


def _timezone(value: Any) -> str:
    """Jekyll's `timezone`, when Python knows it (else UTC, GitHub Pages' own)."""
    name = as_text(value)
    try:
        ZoneInfo(name)
    except (ValueError, ZoneInfoNotFoundError):
        return ""
    return name


def _kramdown_ids(kramdown: dict[str, Any]) -> str:
    """How kramdown names headings: Jekyll reads Markdown as GFM by default, which keeps
    accents; kramdown's own input keeps ASCII letters, from the first one on."""
    if kramdown.get("auto_ids") is False:
        return "none"
    if str(kramdown.get("input") or "GFM").lower() == "gfm":
        return "gfm"
    stripped = "-stripped" if kramdown.get("auto_id_stripping") else ""
    return f"kramdown{stripped}{'-ascii' if kramdown.get('transliterated_header_ids') else ''}"


def _jekyll_languages(root: Path) -> list[str]:
    """Languages the posts show: their folders (`_posts/en/`), their front matter's `lang:`,
    and file names that pair up (`-fr`, `-en`) — a lone suffix is not enough:
    `2024-01-01-mon-ia.md` ends in Interlingua's code. One pass, the first 2 KB of each."""
    posts = root / "_posts"
    if not posts.is_dir():
        return []
    found: list[str] = []
    by_slug: dict[str, set[str]] = {}
    written: set[str] = set()
    for here, folders, names in walk(posts, root, Problems(), lambda name: "." in name):
        if here == posts:
            found = [name for name in folders if is_language(name)]
        for name in names:
            named = _DATED_NAME.match(name)
            if named and is_language(named["lang"]):
                by_slug.setdefault(named["slug"], set()).add(named["lang"])
            lang = _written_language(here / name)
            if lang:
                written.add(lang)
    found += sorted(lang for langs in by_slug.values() if len(langs) > 1 for lang in langs)
    return found + sorted(written)


def _written_language(path: Path) -> str | None:
    """The `lang:` a post's front matter gives: a post in English is published in English."""
    try:
        head = read_head(path, 2048).decode("utf-8", "replace")
    except OSError:
        return None
    written = _LANG_LINE.search(head.split("\n---", 1)[0])
    return written.group(1) if written and is_language(written.group(1)) else None
