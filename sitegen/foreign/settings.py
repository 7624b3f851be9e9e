"""A Jekyll `_config.yml` or a Hugo `hugo.toml` -> SiteConfig, for a tree with no sitegen.yaml."""

from __future__ import annotations

import json
import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sitegen.config import (
    Dialect,
    ForeignSettings,
    SiteConfig,
    parse_base_url,
    parse_language,
)
from sitegen.errors import ConfigError, Diagnostic
from sitegen.foreign.matter import toml_error
from sitegen.textlanguage import posts_language
from sitegen.yamlmap import load_mapping

JEKYLL_CONFIGS = ("_config.yml", "_config.yaml")
HUGO_CONFIGS = tuple(
    f"{name}.{ext}" for name in ("hugo", "config") for ext in ("toml", "yaml", "yml", "json")
)
JEKYLL_PERMALINKS = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
_LANG_LINE = re.compile(r"^lang:[ \t]*[\"']?([a-z]{2})[\"']?[ \t]*$", re.M)
_DATED_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}-(.+)-([a-z]{2,3})\.(?:md|markdown)$")


def read_foreign(root: Path) -> SiteConfig | None:
    """The configuration of a Jekyll or Hugo blog at `root`, or None if it is neither."""
    for name in JEKYLL_CONFIGS:
        if (root / name).is_file():
            return _jekyll(root, name, _mapping(root / name))
    if (root / "_posts").is_dir():
        return _jekyll(root, "", {})
    for name in HUGO_CONFIGS:
        if (root / name).is_file() and (name.startswith("hugo") or (root / "content").is_dir()):
            return _hugo(root, name, _lower(_mapping(root / name)))
    folder = root / "config" / "_default"
    if folder.is_dir() and (root / "content").is_dir():
        return _hugo(root, "config/_default/", _config_folder(folder))
    return None


def _config_folder(folder: Path) -> dict[str, Any]:
    """Hugo's `config/_default/`: `hugo.toml` and one file per key (`languages.toml`…)."""
    values: dict[str, Any] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix not in (".toml", ".yaml", ".yml", ".json"):
            continue
        found = _lower(_mapping(path))
        if path.stem in ("hugo", "config"):
            values = {**found, **values}
        else:
            values[path.stem.lower()] = found
    return values


def describe(config: SiteConfig) -> str:
    """The note a build prints so the author knows how the tree was read."""
    tool = config.dialect.capitalize()
    read = f"its {config.foreign.source}" if config.foreign.source else "its folders"
    return (
        f"no sitegen.yaml: read as a {tool} blog from {read}, with sitegen's defaults "
        f"(languages {', '.join(config.languages)}); `sitegen import {config.dialect}` "
        "converts it for good"
    )


def _mapping(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the configuration ({exc})") from exc
    if path.suffix == ".toml":
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            message, line, col = toml_error(exc, text)
            where = Diagnostic(str(path), line, col, f"invalid TOML: {message}")
            raise ConfigError(f"{path}: the configuration is not valid", [where]) from exc
    if path.suffix == ".json":
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            where = Diagnostic(str(path), exc.lineno, exc.colno, f"invalid JSON: {exc.msg}")
            raise ConfigError(f"{path}: the configuration is not valid", [where]) from exc
        return value if isinstance(value, dict) else {}
    mapping = load_mapping(text, str(path), 1, "configuration")
    if mapping.diagnostics:
        raise ConfigError(f"{path}: the configuration is not valid", mapping.diagnostics)
    return {key: entry.value for key, entry in mapping.as_dict().items()}


def _jekyll(root: Path, name: str, values: dict[str, Any]) -> SiteConfig:
    path = root / name
    language = _language(
        path, values.get("lang") or values.get("default_lang") or _locale(root, values)
    )
    declared = [_language(path, v) for v in _list(values.get("languages"))]
    permalink = str(values.get("permalink") or "date")
    permalinks = [("*", JEKYLL_PERMALINKS.get(permalink, permalink))]
    # `collections: {posts: {permalink: …}}` gives the posts theirs; pages keep the site's.
    own = _text(_dict(_dict(values.get("collections")).get("posts")).get("permalink"))
    permalinks += [("posts", JEKYLL_PERMALINKS.get(own, own))] if own else []
    permalinks += _collections(_dict(values.get("collections")), permalinks[0][1])
    settings = ForeignSettings(
        permalinks=tuple(permalinks),
        excerpt_separator=_text(values.get("excerpt_separator")),
        exclude=tuple(str(v).strip("/") for v in _list(values.get("exclude"))),
        # Jekyll's own `include` is `[.htaccess]`: an Apache host's redirects, kept.
        include=tuple(str(v).strip("/") for v in _list(values.get("include", [".htaccess"]))),
        source=name,
        timezone=_timezone(values.get("timezone")),
        heading_ids=_kramdown_ids(_dict(values.get("kramdown"))),
        language_folders="jekyll-polyglot" in map(str, _list(values.get("plugins"))),
        future=values.get("future") is True,
    )
    url = _text(values.get("url")).rstrip("/") + "/" + _text(values.get("baseurl")).strip("/")
    return _config(
        root,
        "jekyll",
        settings,
        path,
        title=_text(values.get("title")),
        description=_text(values.get("description")),
        author=_author(values.get("author")),
        base_url=url,
        languages=[language, *declared, *_jekyll_languages(root)],
        output_dir=Path("_site"),  # Jekyll's own: themes keep their files in public/
    )


def _locale(root: Path, values: dict[str, Any]) -> str:
    """Jekyll has no language: themes print `locale` (minimal-mistakes, jekyll-seo-tag), else
    `en` whatever the posts say; without `locale`, the language the posts are written in."""
    locale = re.split(r"[-_]", _text(values.get("locale")))[0].lower()
    if _is_language(locale):
        return locale
    return posts_language(root / "_posts") or "fr"


def _collections(collections: dict[str, Any], style: str) -> list[tuple[str, str]]:
    """The folder (`_projets`) and permalink of each collection Jekyll writes out
    (`output: true`); by default `/:collection/:path`, ended as the site's style ends."""
    end = "/" if style.endswith("/") else ":output_ext" if style.endswith(":output_ext") else ""
    found = []
    for label, settings in collections.items():
        settings = _dict(settings)
        if label != "posts" and settings.get("output") is True:
            own = _text(settings.get("permalink"))
            found.append(
                (f"_{label}", JEKYLL_PERMALINKS.get(own, own) or f"/:collection/:path{end}")
            )
    return found


def _timezone(value: Any) -> str:
    """Jekyll's `timezone`, when Python knows it (else UTC, GitHub Pages' own)."""
    name = _text(value)
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
    found = [p.name for p in posts.iterdir() if p.is_dir() and _is_language(p.name)]
    by_slug: dict[str, set[str]] = {}
    written: set[str] = set()
    for path in posts.rglob("*.*"):
        named = _DATED_NAME.match(path.name)
        if named and _is_language(named.group(2)):
            by_slug.setdefault(named.group(1), set()).add(named.group(2))
        lang = _written_language(path)
        if lang:
            written.add(lang)
    found += sorted(lang for langs in by_slug.values() if len(langs) > 1 for lang in langs)
    return found + sorted(written)


def _written_language(path: Path) -> str | None:
    """The `lang:` a post's front matter gives: a post in English is published in English."""
    try:
        with path.open("rb") as file:
            head = file.read(2048).decode("utf-8", "replace")
    except OSError:
        return None
    written = _LANG_LINE.search(head.split("\n---", 1)[0])
    return written.group(1) if written and _is_language(written.group(1)) else None


def _hugo(root: Path, name: str, values: dict[str, Any]) -> SiteConfig:
    path = root / name
    languages = {str(k).lower(): _lower(v) for k, v in _dict(values.get("languages")).items()}
    ordered = sorted(languages, key=lambda code: (_weight(languages[code]), code))
    language = _language(path, _hugo_default(values, ordered) or _written_in(root, values))
    dirs = tuple(
        (_language(path, code), str(languages[code]["contentdir"]).strip("/"))
        for code in ordered
        if languages[code].get("contentdir")
    )
    permalinks = _dict(values.get("permalinks"))
    permalinks = _dict(permalinks.get("page")) or permalinks
    params = _lower(values.get("params"))
    dates = _lower(values.get("frontmatter"))
    settings = ForeignSettings(
        permalinks=tuple((str(k), str(v)) for k, v in permalinks.items() if isinstance(v, str)),
        content_dirs=dirs,
        source=name,
        dated_names=any(":filename" in _list(dates.get(k)) for k in ("date", "publishdate")),
        titles=tuple(
            (_language(path, code), _text(languages[code]["title"]))
            for code in ordered
            if _text(languages[code].get("title"))
        ),
        remove_path_accents=values.get("removepathaccents") is True,
        future=values.get("buildfuture") is True,
        main_sections=_main_sections(root, dirs, params, languages),
        **_goldmark(_lower(_lower(values.get("markup")).get("goldmark"))),
    )
    return _config(
        root,
        "hugo",
        settings,
        path,
        title=_text(values.get("title")),
        description=_text(params.get("description")),
        author=_author(params.get("author") or values.get("author")),
        base_url=_text(values.get("baseurl")) or "/",
        languages=[language, *(_language(path, code) for code in ordered)],
        default_language_at_root=not values.get("defaultcontentlanguageinsubdir", False),
    )


def _hugo_default(values: dict[str, Any], ordered: list[str]) -> str:
    """Hugo's default content language is `en` unless `defaultContentLanguage` says
    otherwise (or `en` is not among the languages: the first by weight then); with one
    language, which no address names, `languageCode` says what the pages are written in."""
    declared = _text(values.get("defaultcontentlanguage"))
    if declared:
        return declared
    if ordered:
        return "en" if "en" in ordered else ordered[0]
    return _text(values.get("languagecode"))


def _written_in(root: Path, values: dict[str, Any]) -> str:
    """With no language set, Hugo's is `en`; but a blog written in French is in French."""
    content = _text(values.get("contentdir")) or "content"
    return posts_language(root / content) or "en"


def _main_sections(
    root: Path, dirs: tuple[tuple[str, str], ...], params: dict[str, Any], languages: dict[str, Any]
) -> tuple[str, ...]:
    """Hugo's `params.mainSections`, else the section that holds the most pages."""
    named = _list(params.get("mainsections"))
    if named:
        return tuple(str(name) for name in named)
    counts: dict[str, int] = {}
    bundles = set()  # `content/about/index.md` is a page, its folder no section
    for folder in [root / d for _, d in dirs] or [root / "content"]:
        for path in folder.rglob("*") if folder.is_dir() else ():
            parts = path.relative_to(folder).parts
            parts = parts[1:] if parts[0] in languages else parts
            page = path.suffix in (".md", ".markdown") and not path.name.startswith("_index")
            if page and len(parts) == 2 and path.name.startswith("index."):
                bundles.add(parts[0])
            elif page and len(parts) > 1:
                counts[parts[0]] = counts.get(parts[0], 0) + 1
    counts = {name: count for name, count in counts.items() if name not in bundles}
    most = max(counts.values(), default=0)
    return tuple(sorted(name for name, count in counts.items() if count == most))[:1]


def _goldmark(goldmark: dict[str, Any]) -> dict[str, Any]:
    """Goldmark's heading ids (`parser.autoHeadingID`, `autoHeadingIDType`) and line
    breaks (`renderer.hardWraps`)."""
    parser, renderer = _lower(goldmark.get("parser")), _lower(goldmark.get("renderer"))
    kind = str(parser.get("autoheadingidtype") or "github").lower()
    if kind not in ("github", "github-ascii", "blackfriday"):
        kind = "github"
    if parser.get("autoheadingid") is False:
        kind = "none"
    return {"heading_ids": kind, "hard_wraps": renderer.get("hardwraps") is True}


def _config(
    root: Path,
    dialect: Dialect,
    settings: ForeignSettings,
    path: Path,
    languages: list[str],
    base_url: str,
    **values: Any,
) -> SiteConfig:
    url, error = parse_base_url(base_url)
    if error:
        raise ConfigError(f"{path}: base URL: {error}")
    return SiteConfig(
        root=root,
        dialect=dialect,
        foreign=settings,
        base_url=url,
        language=languages[0],
        languages=tuple(dict.fromkeys(languages)),
        **{**values, "title": values["title"] or root.name},
    )


def _language(path: Path, value: Any) -> str:
    """`en-US` and `fr_FR` are read as the language alone, as the site's URLs use it."""
    code = re.split(r"[-_]", str(value).strip())[0].lower()
    checked, error = parse_language(code)
    if error:
        raise ConfigError(f"{path}: language: {error}")
    return str(checked)


@lru_cache(maxsize=256)
def _is_language(code: str) -> bool:
    return len(code) == 2 and not parse_language(code)[1]


def _text(value: Any) -> str:
    return str(value).strip() if isinstance(value, str | int | float) else ""


def _author(value: Any) -> str:
    return _text(_dict(value).get("name")) if isinstance(value, dict) else _text(value)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


def _lower(value: Any) -> dict[str, Any]:
    """Hugo reads its keys case-insensitively: `contentDir` and `contentdir` are one key."""
    return {str(k).lower(): v for k, v in _dict(value).items()}


def _weight(language: dict[str, Any]) -> int:
    weight = language.get("weight", 0)
    return weight if isinstance(weight, int) else 0


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
