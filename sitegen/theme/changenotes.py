"""What readers see of a text's updates and corrections: « Correction du 3 mars 2026 : … ».

A note is inline Markdown (a link to the source of a correction is common): it is rendered
with raw HTML off, so a note can never put markup of its own in the page, and with the
French spacing of the post's language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup, escape

from sitegen.model import Change, FrontMatter
from sitegen.text.i18n import Catalog, format_date
from sitegen.text.typography import typography_rule


@dataclass(frozen=True, slots=True)
class ChangeNote:
    """One update or correction as the post shows it."""

    kind: str
    """`correction` or `update`: for styles, and for JSON-LD's `correction`."""
    date_iso: str
    html: Markup
    """The whole line: « Correction du <time>3 mars 2026</time> : note »."""
    text: str
    """The note as plain text (empty when there is none), for JSON-LD."""


def change_notes(
    meta: FrontMatter, t: Catalog, link: Callable[[str], str]
) -> tuple[ChangeNote, ...]:
    """Corrections first, then updates, the newest first in each: what a reader of an
    older version needs to know comes before what was only added."""
    found = [
        _note(change, kind, t, link)
        for kind, listed in (("correction", meta.corrections), ("update", meta.updated))
        for change in sorted(listed, key=lambda c: c.date, reverse=True)
    ]
    return tuple(found)


def _note(change: Change, kind: str, t: Catalog, link: Callable[[str], str]) -> ChangeNote:
    day = change.date.date()
    when = Markup('<time datetime="{}">{}</time>').format(day.isoformat(), format_date(day, t.lang))
    line = _fill(t, "change_corrected" if kind == "correction" else "change_updated", date=when)
    text = ""
    if change.note:
        tokens = _inline_tokens(change.note, t.lang, link)
        text = "".join(_plain(child) for child in tokens[0].children or ())
        note = Markup(_MARKDOWN.renderer.render(tokens, _MARKDOWN.options, {}))
        line = _fill(t, "change_with_note", change=line, note=note)
    return ChangeNote(kind, change.date.isoformat(), line, text)


def _fill(t: Catalog, key: str, **values: Markup) -> Markup:
    """The message with HTML put in its placeholders, its own words escaped."""
    message = t(key, **{name: "{" + name + "}" for name in values})
    return escape(message).format(**values)


_MARKDOWN = MarkdownIt("commonmark", {"html": False})
_MARKDOWN.core.ruler.push("typography", typography_rule)


def _inline_tokens(note: str, lang: str, link: Callable[[str], str]) -> list[Token]:
    tokens = _MARKDOWN.parseInline(note, {"lang": lang})
    for child in tokens[0].children or ():
        href = child.attrGet("href") if child.type == "link_open" else None
        if isinstance(href, str) and href.startswith("/") and not href.startswith("//"):
            child.attrSet("href", link(href))  # a site path, under the site's base path
    return tokens


def _plain(token: Token) -> str:
    if token.type in ("softbreak", "hardbreak"):
        return " "
    return token.content if token.type in ("text", "code_inline") else ""
