"""The theme's words in each language, and dates and numbers as each language writes them."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal

from sitegen.project.errors import ContentError, Problems, TemplateError
from sitegen.project.files import boundary, read_text
from sitegen.project.paths import display_path
from sitegen.project.yamlmap import load_mapping, text_values
from sitegen.text.typography import is_french, typeset

FALLBACK_LANGUAGE = "en"
"""Where a message missing from a site's own catalog is taken from (with a warning)."""


class Catalog:
    """Messages of one language, looked up by key, with `{name}` placeholders.

    Whole numbers given as values are written the language's way (« 1 234 », "1,234").
    """

    def __init__(self, lang: str, messages: dict[str, str]) -> None:
        self.lang = lang
        self.messages = messages
        self.locale = Locale.parse(_locale(lang))

    def __call__(self, key: str, **values: Any) -> str:
        try:
            text = self.messages[key]
        except KeyError:
            raise TemplateError(f"no message `{key}` in the `{self.lang}` catalog") from None
        if not values:
            return text
        return text.format(**{k: self.number(v) for k, v in values.items()})

    def number(self, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return format_decimal(value, locale=self.locale)
        return value

    def plural(self, key: str, n: int) -> str:
        """`key_one` or `key_other` by the language's plural rule (French: 0 and 1 are one)."""
        form = self.locale.plural_form(n)
        return self(f"{key}_one" if form == "one" else f"{key}_other", n=n)

    def language(self, code: str) -> str:
        """A language's name in this language: `en` in French is "anglais"."""
        return language_name(code, self.lang)

    def from_language(self, code: str) -> str:
        """ "from English" in this language: « de l’anglais », « du russe »."""
        name = self.language(code)
        elides = name[:1].lower() in "aeiouyéèêh" and "from_language_elided" in self.messages
        return self("from_language_elided" if elides else "from_language", language=name)


def load_catalogs(
    template_dirs: tuple[Path, ...],
    languages: tuple[str, ...],
    root: Path,
    problems: Problems,
    required: bool = True,
) -> dict[str, Catalog]:
    """`i18n/<lang>.yaml` from each template folder, the site's entries winning.

    `fr-CA` starts from `fr`. A message the theme has but a language lacks is taken from
    English, with a warning naming the missing keys; the words are set by each
    language's typography. Unless `required`, a language with no catalog at all is
    worded in English too (a Jekyll or Hugo tree has no place for sitegen's catalogs).
    """
    fallback = _messages(template_dirs, FALLBACK_LANGUAGE, root)
    expected = set(fallback)
    catalogs = {}
    for lang in languages:
        messages = _messages(template_dirs, lang, root)
        if not messages and not required:
            problems.warn(
                f"templates/i18n/{lang}.yaml",
                0,
                0,
                f"the theme has no words for `{lang}`: its pages are worded in English",
                "convert the blog (sitegen import) and add the catalog",
            )
            messages = fallback
        if not messages:
            raise TemplateError(
                f"the theme has no words for `{lang}`: add templates/i18n/{lang}.yaml "
                "(copy the theme's en.yaml and translate it)"
            )
        missing = sorted(expected - set(messages))
        if missing:
            where = _catalog_path(template_dirs, lang)
            problems.warn(
                display_path(where, root) if where else f"templates/i18n/{lang}.yaml",
                1,
                1,
                f"{len(missing)} message(s) missing for `{lang}`, shown in English: "
                + ", ".join(missing),
                "add them to the catalog",
            )
            messages = {key: fallback[key] for key in missing} | messages
        catalogs[lang] = Catalog(lang, {k: typeset(v, lang) for k, v in messages.items()})
    return catalogs


def _messages(template_dirs: tuple[Path, ...], lang: str, root: Path) -> dict[str, str]:
    messages: dict[str, str] = {}
    for code in dict.fromkeys((lang.split("-")[0], lang)):
        for folder in reversed(template_dirs):
            path = folder / "i18n" / f"{code}.yaml"
            if path.is_file():
                messages |= _read(path, root)
    return messages


def _catalog_path(template_dirs: tuple[Path, ...], lang: str) -> Path | None:
    paths = (folder / "i18n" / f"{lang}.yaml" for folder in template_dirs)
    return next((p for p in paths if p.is_file()), None)


def _read(path: Path, root: Path) -> dict[str, str]:
    """A catalog's `key: text` lines; a value that is not text is an error at its line."""
    shown = display_path(path, root)
    try:
        text = read_text(path, inside=boundary(path.parent, root))
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(f"{shown}: cannot read the message catalog ({exc})") from exc
    return dict(_catalog(text, shown))


@lru_cache(maxsize=64)
def _catalog(text: str, shown: str) -> tuple[tuple[str, str], ...]:
    """The messages of a catalog's text: parsed once per text, not on every build of the dev
    server (a catalog that fails is parsed again, and says so again)."""
    mapping = load_mapping(text, shown, 1, "message catalog")
    refusal = ("`{key}` is not a text", 'write it in quotes: `{key}: "…"`')
    problems = text_values(mapping, shown, "message catalog", refusal)
    if problems:
        raise ContentError(problems)
    return tuple((entry.key, entry.value) for entry in mapping.entries)


@lru_cache(maxsize=8192)
def format_date(day: date, lang: str) -> str:
    """Long date in the page's language: « 1er février 2026 », "February 1, 2026"."""
    text = str(babel_format_date(day, "long", locale=_locale(lang)))
    if is_french(lang) and day.day == 1:
        text = "1er" + text[1:]  # CLDR writes « 1 février »; French writes the ordinal
    return text


def language_name(code: str, in_lang: str) -> str:
    """The language's name as said in `in_lang`: `en` in French is "anglais"."""
    name = Locale.parse(_locale(code)).get_display_name(_locale(in_lang))
    return str(name) if name else code


def _locale(lang: str) -> str:
    return lang.replace("-", "_")
