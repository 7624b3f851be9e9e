"""A Hugo configuration -> SiteConfig: its languages and their content folders, permalinks,
main sections, and goldmark's heading ids and line breaks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sitegen.project.errors import Problems
from sitegen.project.files import walk
from sitegen.settings.config import ForeignSettings, SiteConfig
from sitegen.settings.values import (
    Written,
    as_dict,
    as_list,
    as_text,
    author_name,
    language_code,
    lowered,
    site_config,
)
from sitegen.text.language import posts_language


def hugo_config(root: Path, name: str, values: dict[str, Any], written: Written) -> SiteConfig:
    """The site Hugo builds from `root`, its configuration `name` read as `values` (keys
    lowered, as Hugo reads them) from the file `written`."""
    languages = {str(k).lower(): lowered(v) for k, v in as_dict(values.get("languages")).items()}
    ordered = sorted(languages, key=lambda code: (_weight(languages[code]), code))
    language = language_code(written, _hugo_default(values, ordered) or _written_in(root, values))
    dirs = tuple(
        (language_code(written, code), str(languages[code]["contentdir"]).strip("/"))
        for code in ordered
        if languages[code].get("contentdir")
    )
    permalinks = as_dict(values.get("permalinks"))
    permalinks = as_dict(permalinks.get("page")) or permalinks
    params = lowered(values.get("params"))
    dates = lowered(values.get("frontmatter"))
    settings = ForeignSettings(
        permalinks=tuple((str(k), str(v)) for k, v in permalinks.items() if isinstance(v, str)),
        content_dirs=dirs,
        source=name,
        dated_names=any(":filename" in as_list(dates.get(k)) for k in ("date", "publishdate")),
        titles=tuple(
            (language_code(written, code), as_text(languages[code]["title"]))
            for code in ordered
            if as_text(languages[code].get("title"))
        ),
        remove_path_accents=values.get("removepathaccents") is True,
        future=values.get("buildfuture") is True,
        main_sections=_main_sections(root, dirs, params, languages),
        **_goldmark(lowered(lowered(values.get("markup")).get("goldmark"))),
    )
    return site_config(
        root,
        "hugo",
        settings,
        written,
        title=as_text(values.get("title")),
        description=as_text(params.get("description")),
        author=author_name(params.get("author") or values.get("author")),
        base_url=as_text(values.get("baseurl")) or "/",
        languages=[language, *(language_code(written, code) for code in ordered)],
        default_language_at_root=not values.get("defaultcontentlanguageinsubdir", False),
    )


def _hugo_default(values: dict[str, Any], ordered: list[str]) -> str:
    """Hugo's default content language is `en` unless `defaultContentLanguage` says
    otherwise (or `en` is not among the languages: the first by weight then); with one
    language, which no address names, `languageCode` says what the pages are written in."""
    declared = as_text(values.get("defaultcontentlanguage"))
    if declared:
        return declared
    if ordered:
        return "en" if "en" in ordered else ordered[0]
    return as_text(values.get("languagecode"))


def _written_in(root: Path, values: dict[str, Any]) -> str:
    """With no language set, Hugo's is `en`; but a blog written in French is in French."""
    content = as_text(values.get("contentdir")) or "content"
    return posts_language(root / content, root) or "en"


def _main_sections(
    root: Path, dirs: tuple[tuple[str, str], ...], params: dict[str, Any], languages: dict[str, Any]
) -> tuple[str, ...]:
    """Hugo's `params.mainSections`, else the section that holds the most pages."""
    named = as_list(params.get("mainsections"))
    if named:
        return tuple(str(name) for name in named)
    counts: dict[str, int] = {}
    bundles: set[str] = set()  # `content/about/index.md` is a page, its folder no section
    for folder in [root / d for _, d in dirs] or [root / "content"]:
        for here, _, names in walk(folder, root, Problems()):
            for path in (here / name for name in names):
                _count(path.relative_to(folder).parts, path.name, languages, counts, bundles)
    counts = {name: count for name, count in counts.items() if name not in bundles}
    most = max(counts.values(), default=0)
    return tuple(sorted(name for name, count in counts.items() if count == most))[:1]


def _count(
    parts: tuple[str, ...],
    name: str,
    languages: dict[str, Any],
    counts: dict[str, int],
    bundles: set[str],
) -> None:
    """One file of a content folder: a page of its section, or a bundle's page."""
    parts = parts[1:] if parts[0] in languages else parts
    page = name.endswith((".md", ".markdown")) and not name.startswith("_index")
    if page and len(parts) == 2 and name.startswith("index."):
        bundles.add(parts[0])
    elif page and len(parts) > 1:
        counts[parts[0]] = counts.get(parts[0], 0) + 1


def _goldmark(goldmark: dict[str, Any]) -> dict[str, Any]:
    """Goldmark's heading ids (`parser.autoHeadingID`, `autoHeadingIDType`) and line
    breaks (`renderer.hardWraps`)."""
    parser, renderer = lowered(goldmark.get("parser")), lowered(goldmark.get("renderer"))
    kind = str(parser.get("autoheadingidtype") or "github").lower()
    if kind not in ("github", "github-ascii", "blackfriday"):
        kind = "github"
    if parser.get("autoheadingid") is False:
        kind = "none"
    return {"heading_ids": kind, "hard_wraps": renderer.get("hardwraps") is True}


def _weight(language: dict[str, Any]) -> int:
    weight = language.get("weight", 0)
    return weight if isinstance(weight, int) else 0
