"""A Jekyll or Hugo configuration's values as sitegen takes them: the file read (TOML, YAML
or JSON, errors located), each value made a text, list or checked language whatever the
file wrote, and the SiteConfig they make."""

from __future__ import annotations

import json
import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from sitegen.config import (
    Dialect,
    ForeignSettings,
    SiteConfig,
    parse_base_url,
    parse_language,
)
from sitegen.errors import ConfigError, Diagnostic
from sitegen.foreign.matter import toml_error
from sitegen.yamlmap import load_mapping


def read_mapping(path: Path) -> dict[str, Any]:
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


def site_config(
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


def language_code(path: Path, value: Any) -> str:
    """`en-US` and `fr_FR` are read as the language alone, as the site's URLs use it."""
    code = re.split(r"[-_]", str(value).strip())[0].lower()
    checked, error = parse_language(code)
    if error:
        raise ConfigError(f"{path}: language: {error}")
    return str(checked)


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
