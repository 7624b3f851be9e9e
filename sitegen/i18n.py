"""The theme's words in each language, and dates written the way each language writes them."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml
from babel import Locale
from babel.dates import format_date as babel_format_date

from sitegen.errors import TemplateError
from sitegen.typography import is_french, typeset


class Catalog:
    """Messages of one language, looked up by key, with `{name}` placeholders."""

    def __init__(self, lang: str, messages: dict[str, str]) -> None:
        self.lang = lang
        self.messages = messages

    def __call__(self, key: str, **values: Any) -> str:
        try:
            text = self.messages[key]
        except KeyError:
            raise TemplateError(f"no message `{key}` in the `{self.lang}` catalog") from None
        return text.format(**values) if values else text

    def plural(self, key: str, n: int) -> str:
        """`key_one` or `key_other` by the language's plural rule (French: 0 and 1 are one)."""
        form = Locale.parse(_locale(self.lang)).plural_form(n)
        return self(f"{key}_one" if form == "one" else f"{key}_other", n=n)


def load_catalogs(
    template_dirs: tuple[Path, ...], languages: tuple[str, ...]
) -> dict[str, Catalog]:
    """`i18n/<lang>.yaml` from each template folder, the site's entries winning.

    `fr-CA` starts from `fr`; the words are set by the language's typography.
    """
    catalogs = {}
    for lang in languages:
        messages: dict[str, str] = {}
        for code in dict.fromkeys((lang.split("-")[0], lang)):
            for folder in reversed(template_dirs):
                path = folder / "i18n" / f"{code}.yaml"
                if path.is_file():
                    messages |= _read(path)
        if not messages:
            raise TemplateError(
                f"the theme has no words for `{lang}`: add templates/i18n/{lang}.yaml "
                "(copy en.yaml and translate it)"
            )
        catalogs[lang] = Catalog(lang, {k: typeset(v, lang) for k, v in messages.items()})
    return catalogs


def _read(path: Path) -> dict[str, str]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (OSError, yaml.YAMLError) as exc:
        raise TemplateError(f"{path}: cannot read the message catalog ({exc})") from exc
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise TemplateError(f"{path}: a catalog is a mapping of `key: text` lines")
    return {str(k): v for k, v in data.items()}


def format_date(day: date, lang: str) -> str:
    """Long date in the page's language: « 1er février 2026 », "February 1, 2026"."""
    text = str(babel_format_date(day, "long", locale=_locale(lang)))
    if is_french(lang) and day.day == 1:
        text = "1er" + text[1:]
    return text


def language_name(code: str, in_lang: str) -> str:
    """The language's own name as said in `in_lang`: `en` in French is "anglais"."""
    name = Locale.parse(code.replace("-", "_")).get_display_name(_locale(in_lang))
    return str(name) if name else code


def from_language(code: str, in_lang: str) -> str:
    """ "from English" said in `in_lang`: « de l’anglais », « du russe »."""
    name = language_name(code, in_lang)
    if is_french(in_lang):
        return f"de l’{name}" if name[:1].lower() in "aeiouyéèêh" else f"du {name}"
    return f"from {name}"


def _locale(lang: str) -> str:
    return lang.replace("-", "_")
