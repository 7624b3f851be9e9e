"""The values of Jekyll's Liquid: variables (`page.title`, `site.author`, what `assign` and
`capture` set), literals, the filters blog posts use, and the conditions of `if`.

Undefined variables are nil, as in Jekyll: an `if` on them is false, and `{{ … }}` shows
nothing (the caller warns)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from html import escape, unescape
from typing import Any

from sitegen.foreign.code import plain_markdown
from sitegen.urls import slugify

_STRING = re.compile(r"""^(["'])(.*)\1$""", re.S)
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_PATH_PART = re.compile(r"""\.?([\w-]+)|\[\s*(["']?)([^\[\]"']*)\2\s*\]""")
_LITERALS: dict[str, Any] = {"true": True, "false": False, "nil": None, "null": None}
_OPERATORS = ("==", "!=", "<>", ">=", "<=", ">", "<", "contains")
_TAGS = re.compile(r"<[^<>]*>")
_LOGIC = re.compile(r"(?<!\s)\s+(and|or)\s+")
_COMPARISON = re.compile(r"(?<!\s)\s*(==|!=|<>|>=|<=|>|<|\bcontains\b)\s*")
UNDEFINED = object()
"""A variable that is nowhere: nil for Liquid, worth a warning when shown."""


@dataclass
class Scope:
    """What Liquid names can mean in one post."""

    variables: dict[str, Any]
    url: Callable[[str], str]
    """A site path -> the path with the site's base path."""
    absolute: Callable[[str], str]
    """A site path -> its absolute URL."""
    unknown: list[str] = field(default_factory=list)
    """The filters met that sitegen does not know, to warn about."""

    def lookup(self, expression: str) -> Any:
        """`page.title`, `site.data.menu[0]`, `include.id` -> the value, or UNDEFINED."""
        value: Any = self.variables
        position = 0
        for match in _PATH_PART.finditer(expression):
            if match.start() != position:
                return UNDEFINED
            position = match.end()
            key = match.group(1) if match.group(1) is not None else match.group(3)
            value = _item(value, key)
            if value is UNDEFINED:
                return UNDEFINED
        return value if position == len(expression) and position else UNDEFINED

    def value(self, expression: str) -> Any:
        """A literal or a variable, then its filters: `"/a" | relative_url`."""
        head, *filters = _split(expression, "|")
        value = self.operand(head.strip())
        for text in filters:
            name, _, args = text.strip().partition(":")
            arguments = [self.operand(a.strip()) for a in _split(args, ",") if a.strip()]
            value = self.filtered(name.strip(), value, arguments)
        return value

    def operand(self, text: str) -> Any:
        if found := _STRING.match(text):
            return found.group(2)
        if _NUMBER.match(text):
            return float(text) if "." in text else int(text)
        if text in _LITERALS:
            return _LITERALS[text]
        if text in ("empty", "blank"):
            return ""
        return self.lookup(text)

    def filtered(self, name: str, value: Any, args: list[Any]) -> Any:
        value = None if value is UNDEFINED else value
        if name in ("relative_url", "absolute_url"):
            path = "/" + shown(value).lstrip("/")
            return self.url(path) if name == "relative_url" else self.absolute(path)
        apply = _FILTERS.get(name)
        if apply is None:
            self.unknown.append(name)
            return value
        return apply(value, *args)

    def holds(self, condition: str) -> bool:
        """`page.lang == "fr" and site.comments`, read right to left as Liquid does."""
        parts = _LOGIC.split(condition.strip(), maxsplit=1)
        first = self._compare(parts[0])
        if len(parts) == 1:
            return first
        rest = self.holds(parts[2])
        return (first and rest) if parts[1] == "and" else (first or rest)

    def _compare(self, text: str) -> bool:
        pieces = _COMPARISON.split(text, maxsplit=1)
        left = _nil(self.value(pieces[0]))
        if len(pieces) == 1:
            return left is not None and left is not False
        right = _nil(self.value(pieces[2]))
        operator = pieces[1]
        if operator == "contains":
            return left is not None and shown(right) in (
                left if isinstance(left, list) else shown(left)
            )
        if operator in ("==", "!=", "<>"):
            return bool(left == right) == (operator == "==")
        try:
            return bool(_ORDER[operator](left, right))
        except TypeError:
            return False


_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    ">": lambda a, b: a > b,
    "<": lambda a, b: a < b,
    ">=": lambda a, b: a >= b,
    "<=": lambda a, b: a <= b,
}


def _nil(value: Any) -> Any:
    return None if value is UNDEFINED else value


def _item(value: Any, key: str) -> Any:
    if isinstance(value, dict):
        return value.get(key, UNDEFINED)
    if isinstance(value, list | tuple):
        if key == "size":
            return len(value)
        if key in ("first", "last") and value:
            return value[0 if key == "first" else -1]
        if key.lstrip("-").isdigit() and -len(value) <= int(key) < len(value):
            return value[int(key)]
    if isinstance(value, str) and key == "size":
        return len(value)
    return UNDEFINED


def _split(text: str, separator: str) -> list[str]:
    """`text` cut at `separator`, except inside quotes."""
    parts = re.findall(rf"""(?:"[^"]*"|'[^']*'|[^"'{re.escape(separator)}])+""", text)
    return parts or [""]


def shown(value: Any) -> str:
    """A value as `{{ }}` writes it."""
    if value is None or value is UNDEFINED:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "".join(shown(v) for v in value)
    if isinstance(value, datetime | date):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    if isinstance(value, dict):
        return ""
    return str(value)


_FILTERS: dict[str, Callable[..., Any]] = {
    "append": lambda v, s="": shown(v) + shown(s),
    "prepend": lambda v, s="": shown(s) + shown(v),
    "default": lambda v, d="": d if v in (None, False, "", [], {}) else v,
    "downcase": lambda v: shown(v).lower(),
    "upcase": lambda v: shown(v).upper(),
    "capitalize": lambda v: shown(v).capitalize(),
    "strip": lambda v: shown(v).strip(),
    "escape": lambda v: escape(shown(v)),
    "escape_once": lambda v: escape(unescape(shown(v))),
    "xml_escape": lambda v: escape(shown(v)),
    "size": lambda v: len(v) if isinstance(v, list | tuple | dict | str) else 0,
    "join": lambda v, s=" ": shown(s).join(shown(x) for x in v) if isinstance(v, list) else v,
    "replace": lambda v, a="", b="": shown(v).replace(shown(a), shown(b)),
    "remove": lambda v, a="": shown(v).replace(shown(a), ""),
    "slugify": lambda v, *_: slugify(shown(v)),
    "markdownify": lambda v: plain_markdown().render(shown(v)),
    "date": lambda v, fmt="%b %-d, %Y": _date(v, shown(fmt)),
    "date_to_string": lambda v, *_: _date(v, "%d %b %Y"),
    "date_to_long_string": lambda v, *_: _date(v, "%d %B %Y"),
    "strip_html": lambda v: _TAGS.sub("", shown(v)),
    "strip_newlines": lambda v: shown(v).replace("\n", ""),
    "truncatewords": lambda v, n=15, end="...": _words(shown(v), n, shown(end)),
    "truncate": lambda v, n=50, end="...": _cut(shown(v), n, shown(end)),
    "number_of_words": lambda v: len(shown(v).split()),
    "reverse": lambda v: list(v)[::-1] if isinstance(v, list) else v,
    "first": lambda v: v[0] if isinstance(v, list) and v else None,
    "last": lambda v: v[-1] if isinstance(v, list) and v else None,
}


def _date(value: Any, fmt: str) -> Any:
    """Liquid's `date` filter on a date (Jekyll's own month names are English, as here)."""
    if isinstance(value, datetime | date):
        return value.strftime(fmt)
    return value


def _words(text: str, count: Any, end: str) -> str:
    words = text.split()
    limit = count if isinstance(count, int) else 15
    return text if len(words) <= limit else " ".join(words[:limit]) + end


def _cut(text: str, length: Any, end: str) -> str:
    limit = length if isinstance(length, int) else 50
    return text if len(text) <= limit else text[: max(0, limit - len(end))] + end
