"""A Jekyll or Hugo configuration's values as sitegen takes them: the file read (TOML, YAML
or JSON, errors located), each value made a text, list or checked language whatever the
file wrote, and the SiteConfig they make."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from sitegen.project.errors import ConfigError, Diagnostic
from sitegen.project.files import hint_of, read_text
from sitegen.project.yamlmap import load_mapping
from sitegen.settings.config import (
    Dialect,
    ForeignSettings,
    SiteConfig,
    parse_base_url,
    parse_language,
)
from sitegen.settings.tomljson import read_json, read_toml

HUGO_FOLDER = "config/_default/"
_SUFFIXES = (".toml", ".yaml", ".yml", ".json")
_BY_LANGUAGE = {"menu": "menus", "menus": "menus", "params": "params"}


class Written(NamedTuple):
    """A tree's configuration file and its text as read: where a value sitegen refuses is
    found again (the merged values keep no lines)."""

    path: Path
    text: str = ""


def tool_settings(root: Path, dialect: Dialect, source: str) -> tuple[dict[str, Any], Written]:
    """The values of a tree's configuration as its tool merges them: Jekyll's one file;
    Hugo's root file, then each file of `config/_default/` over it under the key its name
    says (`params.toml` under `params`, `menus.en.toml` under `languages.en.menus`), every
    key lowered as Hugo reads them; and the file `source` as written. Read again whenever a
    file's content changes, even within the same second: the cache is keyed on the text,
    not on the times."""
    files: list[tuple[Path, tuple[str, ...]]] = []
    if source and not source.endswith("/"):
        files.append((root / source, ()))
    folder = root / HUGO_FOLDER
    if dialect == "hugo" and folder.is_dir():
        named = sorted(p for p in folder.iterdir() if p.suffix in _SUFFIXES and p.is_file())
        files += [(path, _hugo_key_path(path.stem.lower())) for path in named]
    read = []
    for path, keys in files:
        try:
            read.append((path, keys, read_text(path, inside=root)))
        except OSError as exc:
            hint = f" ({hint_of(exc)})" if hint_of(exc) else ""
            raise ConfigError(f"{path}: cannot read the configuration ({exc}){hint}") from exc
        except UnicodeDecodeError as exc:
            raise ConfigError(f"{path}: cannot read the configuration ({exc})") from exc
    written = Written(root / source, read[0][2] if read and read[0][0] == root / source else "")
    return _merged(dialect == "hugo", tuple(read)), written


@lru_cache(maxsize=8)
def _merged(hugo: bool, files: tuple[tuple[Path, tuple[str, ...], str], ...]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for path, keys, text in files:
        found = _mapping(path, text)
        if not hugo:
            return found
        found = _all_lowered(found)
        for key in reversed(keys):
            found = {key: found}
        values = _merge(values, found)
    return values


def _hugo_key_path(stem: str) -> tuple[str, ...]:
    """Where Hugo puts a file of its configuration folder: `hugo` at the root, `params`
    under params, `params.fr` under languages.fr.params, `languages.fr` under languages.fr."""
    if stem in ("hugo", "config"):
        return ()
    name, _, language = stem.rpartition(".")
    if not name:
        return (stem,)
    by_language = _BY_LANGUAGE.get(name)
    return ("languages", language, *([by_language] if by_language else []))


def _merge(under: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """Hugo's merge of two configuration files: the later file wins, table by table."""
    merged = dict(under)
    for key, value in over.items():
        below = merged.get(key)
        if isinstance(below, dict) and isinstance(value, dict):
            value = _merge(below, value)
        merged[key] = value
    return merged


def _all_lowered(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k).lower(): _all_lowered(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_all_lowered(item) for item in value]
    return value


def _mapping(path: Path, text: str) -> dict[str, Any]:
    if path.suffix in (".toml", ".json"):
        read = read_toml if path.suffix == ".toml" else read_json
        value, failure = read(text, str(path))
        if failure is not None:
            raise ConfigError(f"{path}: the configuration is not valid", [failure])
        return value if isinstance(value, dict) else {}
    mapping = load_mapping(text, str(path), 1, "configuration")
    if mapping.diagnostics:
        raise ConfigError(f"{path}: the configuration is not valid", mapping.diagnostics)
    return {key: entry.value for key, entry in mapping.as_dict().items()}


def site_config(
    root: Path,
    dialect: Dialect,
    settings: ForeignSettings,
    written: Written,
    languages: list[str],
    base_url: str,
    **values: Any,
) -> SiteConfig:
    url, error = parse_base_url(base_url)
    if error:
        raise _refused(written, base_url, f"base URL: {error}", "write it as https://exemple.fr/")
    return SiteConfig(
        root=root,
        dialect=dialect,
        foreign=settings,
        base_url=url,
        language=languages[0],
        languages=tuple(dict.fromkeys(languages)),
        **{**values, "title": values["title"] or root.name},
    )


def language_code(written: Written, value: Any) -> str:
    """`en-US` and `fr_FR` are read as the language alone, as the site's URLs use it."""
    code = re.split(r"[-_]", str(value).strip())[0].lower()
    checked, error = parse_language(code)
    if error:
        raise _refused(written, value, f"language: {error}", "write a language code: fr, en, de…")
    return str(checked)


def _refused(written: Written, value: Any, message: str, hint: str) -> ConfigError:
    """The error at the line the value is written on, as far as it can be found (a
    language is most likely on a line naming one)."""
    path, lines = written.path, written.text.split("\n")
    token = re.compile(rf"(?<![\w.-]){re.escape(str(value).strip())}(?![\w.-])")
    found = [
        (number, hit.start() + 1)
        for number, line in enumerate(lines, start=1)
        if (hit := token.search(line.split("#")[0]))
    ]
    said = [place for place in found if "lang" in lines[place[0] - 1].lower()] + found
    if not said:
        return ConfigError(f"{path}: {message}")
    where = Diagnostic(str(path), *said[0], message, hint)
    return ConfigError(f"{path}: the configuration is not valid", [where])


@lru_cache(maxsize=256)
def is_language(code: str) -> bool:
    return len(code) == 2 and not parse_language(code)[1]


def as_text(value: Any) -> str:
    return str(value).strip() if isinstance(value, str | int | float) else ""


def author_name(value: Any) -> str:
    return as_text(as_dict(value).get("name")) if isinstance(value, dict) else as_text(value)


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


def lowered(value: Any) -> dict[str, Any]:
    """Hugo reads its keys case-insensitively: `contentDir` and `contentdir` are one key."""
    return {str(k).lower(): v for k, v in as_dict(value).items()}


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
