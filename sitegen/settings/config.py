"""`sitegen.yaml` -> a frozen, validated SiteConfig."""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError

from sitegen.project.errors import ConfigError, Diagnostic, did_you_mean
from sitegen.project.files import read_text
from sitegen.project.yamlmap import Entry, load_mapping
from sitegen.settings.preferences import KEYS as PREFERENCE_KEYS
from sitegen.settings.preferences import TdmReservation, read_preferences

CONFIG_NAME = "sitegen.yaml"
PERMALINK_FIELDS = ("year", "month", "day", "slug")
DEFAULT_PERMALINK = "/{year}/{month}/{slug}/"
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


Dialect = Literal["sitegen", "jekyll", "hugo"]


@dataclass(frozen=True, slots=True)
class ForeignSettings:
    """What a Jekyll or Hugo configuration says that sitegen's own has no key for."""

    permalinks: tuple[tuple[str, str], ...] = ()
    """Section (`posts`, or `*` for every post; a Jekyll collection's folder, `_projets`)
    -> the tool's permalink pattern."""
    excerpt_separator: str = ""
    content_dirs: tuple[tuple[str, str], ...] = ()
    """Language -> its content folder (Hugo's `contentDir`), relative to the root."""
    exclude: tuple[str, ...] = ()
    """Jekyll's `exclude`: names that are neither published nor copied."""
    include: tuple[str, ...] = ()
    """Jekyll's `include`: names starting with `_` or `.` that are read all the same."""
    source: str = ""
    """The configuration file it was read from."""
    dated_names: bool = True
    """A file name's `YYYY-MM-DD-` prefix is the date (Hugo: only when configured)."""
    titles: tuple[tuple[str, str], ...] = ()
    """Language -> the site's title in it (Hugo's `languages.<lang>.title`)."""
    timezone: str = ""
    """Jekyll's `timezone`: a post's date, and so its address, is the day there."""
    heading_ids: str = ""
    """How the tool names headings (`github`, `github-ascii`, `blackfriday`, `gfm`,
    `kramdown`, `none`), so that old anchors still lead to them; "" is sitegen's way."""
    hard_wraps: bool = False
    """A line break in a paragraph is a break on the page (goldmark's `hardWraps`)."""
    main_sections: tuple[str, ...] = ()
    """Hugo's sections whose pages are the blog's posts (`mainSections`, else the section
    with the most pages); the others' pages are pages."""
    future: bool = False
    """Posts dated later are published now (Jekyll's `future`, Hugo's `buildFuture`)."""
    language_folders: bool = False
    """Jekyll's addresses start with their language's folder (`/en/…`, jekyll-polyglot)."""
    remove_path_accents: bool = False
    """Hugo's `removePathAccents`: `/les-réseaux/` was published as `/les-reseaux/`."""


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """Everything the build needs to know about the blog, read once."""

    root: Path
    title: str
    description: str = ""
    titles: tuple[tuple[str, str], ...] = ()
    """Language -> the site's title in it, when `title` names one for each language."""
    descriptions: tuple[tuple[str, str], ...] = ()
    """Language -> the site's description in it, when `description` gives one for each."""
    author: str = ""
    base_url: str = "/"
    """Absolute URL (or path) of the site's root, always ending in `/`."""
    language: str = "fr"
    languages: tuple[str, ...] = ("fr",)
    default_language_at_root: bool = True
    """False puts every language under `/{lang}/`; the root then offers the languages."""
    permalink: str = DEFAULT_PERMALINK
    posts_per_page: int = 10
    output_dir: Path = field(default=Path("public"))
    content_dir: Path = field(default=Path("content"))
    templates_dir: Path = field(default=Path("templates"))
    static_dir: Path = field(default=Path("static"))
    drafts: bool = False
    search: bool = True
    """Index the site with Pagefind when it is installed."""
    check_disabled: tuple[str, ...] = ()
    """Codes of the `sitegen check` rules this blog turns off (`check: {disable: [...]}`)."""
    ai_preferences: tuple[tuple[str, bool], ...] = ()
    """IETF aipref usage categories -> allowed, for robots.txt; none writes no rule."""
    tdm: TdmReservation | None = None
    """The W3C TDMRep reservation of text and data mining rights; None says nothing."""
    llms_txt: bool = False
    """`llms.txt` for each language, and a Markdown twin of every post and page."""
    dialect: Dialect = "sitegen"
    """The tree's shape: sitegen's own, or a Jekyll or Hugo blog read as it is."""
    foreign: ForeignSettings = field(default_factory=ForeignSettings)

    def title_in(self, lang: str) -> str:
        """The site's title in `lang`: a blog (or a Hugo site) may name itself in each
        language; a name stays a name in another language."""
        return dict(self.titles or self.foreign.titles).get(lang, self.title)

    def description_in(self, lang: str) -> str:
        """The site's description in `lang`; none in a language it is not written in, so
        that a page never shows another language's words."""
        if self.descriptions:
            return dict(self.descriptions).get(lang, "")
        return self.description if lang == self.language else ""

    @property
    def base_path(self) -> str:
        """The path part of `base_url` (`/` or `/repo/`): every emitted URL starts with it."""
        return urlsplit(self.base_url).path or "/"


def load_config(root: Path, **overrides: Any) -> SiteConfig:
    """Read `root/sitegen.yaml`, validate it, apply command-line overrides."""
    path = root / CONFIG_NAME
    if not path.is_file():
        from sitegen.settings.dialect import read_foreign

        foreign = read_foreign(root.resolve())
        if foreign is None:
            raise ConfigError(
                f"{path}: no {CONFIG_NAME} here (nor a Jekyll or Hugo configuration); "
                "run sitegen in the blog's folder or pass --source DIR"
            )
        return _override(foreign, {k: v for k, v in overrides.items() if v is not None})
    try:
        text = read_text(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the configuration ({exc})") from exc
    mapping = load_mapping(text, str(path), 1, "configuration")
    problems = list(mapping.diagnostics)
    values = _validate(mapping.as_dict(), str(path), problems)
    values |= read_preferences(mapping.as_dict(), text, str(path), problems)
    if "title" not in values and not problems:
        problems.append(Diagnostic(str(path), 1, 1, "configuration: `title` is required"))
    if problems:
        raise ConfigError(f"{path}: the configuration is not valid", problems)
    config = SiteConfig(root=root.resolve(), **values)
    return _override(config, {k: v for k, v in overrides.items() if v is not None})


def _override(config: SiteConfig, overrides: dict[str, Any]) -> SiteConfig:
    if "base_url" in overrides:
        base_url, error = parse_base_url(overrides["base_url"])
        if error:
            raise ConfigError(f"--base-url: {error}")
        overrides["base_url"] = base_url
    if "output_dir" in overrides:
        overrides["output_dir"] = Path(overrides["output_dir"])
    return replace(config, **overrides)


def _validate(entries: dict[str, Entry], path: str, problems: list[Diagnostic]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, entry in entries.items():
        known = _CHECKS.get(key)
        if key in PREFERENCE_KEYS:
            continue  # checked by read_preferences, each value at its own line
        if known is None:
            names = (*_CHECKS, *PREFERENCE_KEYS)
            hint = did_you_mean(key, names) or f"known keys: {', '.join(sorted(names))}"
            problems.append(Diagnostic(path, entry.line, entry.col, f"unknown key `{key}`", hint))
            continue
        check, example = known
        value, error = check(entry.value)
        if error:
            hint = f"for example `{key}: {example}`"
            problems.append(Diagnostic(path, entry.line, entry.col, f"`{key}`: {error}", hint))
        else:
            values[key] = value
    if "check" in values:
        values["check_disabled"] = values.pop("check")
    language = values.get("language", "fr")
    languages = values.get("languages", (language,))
    if language not in languages:
        languages = (language, *languages)
    values["languages"] = (language, *[lang for lang in languages if lang != language])
    for key, many in (("title", "titles"), ("description", "descriptions")):
        if isinstance(values.get(key), dict):
            _one_for_each(values, key, many, entries[key], path, problems)
    return values


def _one_for_each(
    values: dict[str, Any], key: str, many: str, entry: Entry, path: str, problems: list[Diagnostic]
) -> None:
    """`key` given in each language: the default language's is `key`, all are `many`."""
    texts: dict[str, str] = values.pop(key)
    languages: tuple[str, ...] = values["languages"]  # the blog's own language first
    strange = sorted(lang for lang in texts if lang not in languages)
    if strange or languages[0] not in texts:
        what = (
            f"`{strange[0]}` is not a language of the blog"
            if strange
            else f"no text in the blog's language, `{languages[0]}`"
        )
        hint = f"one text for each of {', '.join(languages)}, e.g. `{key}: {{fr: …, en: …}}`"
        problems.append(Diagnostic(path, entry.line, entry.col, f"`{key}`: {what}", hint))
        return
    values[key] = texts[languages[0]]
    values[many] = tuple(sorted(texts.items()))


Checked = tuple[Any, str]


def _text(value: Any) -> Checked:
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value).strip(), ""
    return None, "expected text"


def _title(value: Any) -> Checked:
    text, error = _text(value)
    return (None, error or "the blog needs a title") if not text else (text, "")


def _in_languages(check: Callable[[Any], Checked]) -> Callable[[Any], Checked]:
    """A text, or one for each language (`{fr: …, en: …}`): a mapping of the texts."""

    def checked(value: Any) -> Checked:
        if not isinstance(value, dict):
            return check(value)
        texts = {}
        for lang, text in value.items():
            found, error = check(text)
            if error or not isinstance(lang, str):
                return None, error or "one text for each language code, e.g. `fr: …`"
            texts[lang] = found
        return (texts, "") if texts else (None, "expected text, or one for each language")

    return checked


def parse_base_url(value: Any) -> Checked:
    if not isinstance(value, str) or not value.strip():
        return None, "expected a URL such as https://user.github.io/repo/"
    url = value.strip()
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        return None, f"`{url}` is not a URL ({exc})"
    if "//" in parts.path or ".." in parts.path.split("/"):
        return None, f"`{url}` has an empty or `..` folder in its path"
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None, f"`{url}` must start with https:// or http://"
    if parts.scheme and not parts.netloc:
        return None, f"`{url}` has no host name"
    if not parts.scheme and not url.startswith("/"):
        return None, f"`{url}` must be absolute (https://…) or a path starting with /"
    if parts.query or parts.fragment:
        return None, f"`{url}` must not have a query or fragment"
    return (url if url.endswith("/") else url + "/"), ""


def parse_language(value: Any) -> Checked:
    if not isinstance(value, str) or not LANGUAGE_CODE.match(value):
        return None, f"`{value}` is not a language code such as fr or en"
    try:
        Locale.parse(value.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None, f"`{value}` is not a language Babel knows"
    return value, ""


def _languages(value: Any) -> Checked:
    if not isinstance(value, list) or not value:
        return None, "expected a list of language codes, e.g. [fr, en]"
    codes = []
    for item in value:
        code, error = parse_language(item)
        if error:
            return None, error
        codes.append(code)
    return tuple(dict.fromkeys(codes)), ""


def _permalink(value: Any) -> Checked:
    if not isinstance(value, str) or not value.startswith("/") or not value.endswith("/"):
        return None, "expected a pattern such as /{year}/{month}/{slug}/"
    try:
        fields = [field for field in string.Formatter().parse(value) if field[1] is not None]
    except ValueError:
        return None, "a `{` or `}` is not paired; fields are written {year}, {slug}…"
    shaped = next((name for _, name, spec, turn in fields if spec or turn), None)
    if shaped is not None:
        return None, f"the field {{{shaped}…}} has a format; write it {{{shaped}}}"
    names = [name for _, name, _, _ in fields]
    unknown = [n for n in names if n not in PERMALINK_FIELDS]
    if unknown:
        return None, f"unknown field {{{unknown[0]}}}; use {', '.join(PERMALINK_FIELDS)}"
    if "slug" not in names:
        return None, "the pattern must contain {slug}, or posts would share one URL"
    if ".." in value or "\\" in value:
        return None, "the pattern must stay inside the site"
    return value, ""


def _boolean(value: Any) -> Checked:
    if isinstance(value, bool):
        return value, ""
    return None, "expected true or false"


def _positive_int(value: Any) -> Checked:
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 1000:
        return value, ""
    return None, "expected a whole number between 1 and 1000"


def _directory(value: Any) -> Checked:
    if isinstance(value, str) and value.strip() and "\0" not in value:
        return Path(value.strip()), ""
    return None, "expected a directory name"


def _check(value: Any) -> Checked:
    if not isinstance(value, dict) or set(value) - {"disable"}:
        return None, "expected `disable: [code, ...]` under `check:`"
    codes = value.get("disable") or []
    if not isinstance(codes, list) or not all(isinstance(c, str) and c for c in codes):
        return None, "`disable` lists rule codes, e.g. [image-alt, placeholder]"
    return tuple(codes), ""


_CHECKS: dict[str, tuple[Callable[[Any], Checked], str]] = {
    "title": (_in_languages(_title), "Mon blog"),
    "description": (_in_languages(_text), "Un blog qui explique l’IA"),
    "author": (_text, "Camille Martin"),
    "base_url": (parse_base_url, "https://exemple.fr/"),
    "language": (parse_language, "fr"),
    "languages": (_languages, "[fr, en]"),
    "default_language_at_root": (_boolean, "true"),
    "search": (_boolean, "true"),
    "permalink": (_permalink, DEFAULT_PERMALINK),
    "posts_per_page": (_positive_int, "10"),
    "output_dir": (_directory, "public"),
    "check": (_check, "{disable: [image-alt]}"),
}
"""Each key's check, and a value it takes for the hint of an error."""
