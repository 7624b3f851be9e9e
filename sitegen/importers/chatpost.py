"""A WhatsApp export as a draft post with `layout: chat`, with nothing private left in it.

Each message becomes `**Nom** (08:51) : …` followed by its lists and paragraphs, which the
theme's chat layout keeps together. A message that is an AI-generated summary (numbered
citations `[1][2]`, "Voici les points clés") becomes a `> [!generated]` quote, and the front
matter's `generated: {part: …}` says which passage it is, so the notice tells readers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from html import escape as html_escape
from typing import Any

from sitegen.importers.mdtext import LIST_ITEM, escape, quoted, text_blocks
from sitegen.importers.privacy import Redactor, mentioned
from sitegen.importers.whatsapp import Export, Message
from sitegen.project.console import counted
from sitegen.text.i18n import format_date

_CITATION = re.compile(r"\[\d{1,2}\]")
_SUMMARY_PHRASES = (
    "voici (?:les|un) (?:points? clés|résumé)",
    "en résumé",
    "points clés",
    "l['’]article (?:aborde|explique|présente)",
    "here are the key points",
    "key (?:points|takeaways)",
    "in summary",
    "the article (?:discusses|explains)",
)
"""How an AI's summary of a shared link opens or goes on, in French and English."""
_SUMMARY_WORDS = re.compile("|".join(_SUMMARY_PHRASES), re.I)
_ONLY_LINK = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$", re.I)
SUMMARY_MIN_CHARS = 300

WORDS: dict[str, dict[str, str]] = {
    "fr": {
        "title": "Discussion du {day}",
        "one_day": "Extrait d’une discussion de groupe du {day}, de {start} à {end}.",
        "days": "Extrait d’une discussion de groupe, du {first} au {last}.",
        "private": "Les numéros de téléphone et les adresses ont été retirés, et les "
        "participants sans nom apparaissent sous un pseudonyme.",
        "short": "Les noms de famille sont réduits à leur initiale.",
        "part": "le résumé que {speaker} a partagé le {day} à {time}",
        "parts": "les {n} résumés partagés dans la discussion",
    },
    "en": {
        "title": "Chat of {day}",
        "one_day": "An excerpt of a group chat on {day}, from {start} to {end}.",
        "days": "An excerpt of a group chat, from {first} to {last}.",
        "private": "Phone numbers and addresses were removed, and participants without a "
        "name appear under a pseudonym.",
        "short": "Surnames are shortened to their initial.",
        "part": "the summary {speaker} shared on {day} at {time}",
        "parts": "the {n} summaries shared in the chat",
    },
}


@dataclass
class ChatDraft:
    """What the importer writes and what it tells the user."""

    meta: dict[str, Any]
    body: str
    messages: int = 0
    speakers: list[str] = field(default_factory=list)
    """The names shown, in order of first message."""
    dropped: dict[str, int] = field(default_factory=dict)
    summaries: list[str] = field(default_factory=list)
    """When each AI-generated summary was shared, for the report."""
    doubts: dict[str, list[datetime]] = field(default_factory=dict)
    """What may still name someone, by kind: when each was said, for the report."""


def chat_draft(
    export: Export,
    redactor: Redactor,
    lang: str,
    title: str | None,
    keep_system: bool,
) -> ChatDraft:
    """The draft of one chat: front matter values and Markdown body."""
    words = WORDS.get(lang, WORDS["en"])
    said = [m for m in export.messages if not m.event]
    redactor.know(
        [m.speaker for m in export.messages if m.speaker]
        + [name for m in export.messages for name in mentioned("\n".join(m.lines))]
    )
    # Pseudonyms follow the order in which people first speak, then first appear (in an
    # app notice), so that a notice kept with --keep-system names them the same way.
    speakers = [redactor.speaker(m.speaker) for m in said]
    for notice in export.messages:
        if notice.event and notice.speaker:
            redactor.speaker(notice.speaker)
    draft = ChatDraft(meta={}, body="")
    parts: list[str] = []
    day: date | None = None
    several_days = len({m.when.date() for m in export.messages}) > 1
    for message in export.messages:
        if message.event:
            draft.dropped[message.event] = draft.dropped.get(message.event, 0) + 1
            if not keep_system:
                continue
        if several_days and message.when.date() != day:
            day = message.when.date()
            parts.append(f"## {format_date(day, lang)}")
        if message.event:
            parts.append(_event(message, redactor))
        else:
            parts.append(_message(message, redactor, draft, lang))
    draft.messages, draft.speakers = len(said), list(dict.fromkeys(speakers))
    intro = _intro(export.messages, redactor, words, lang)
    draft.body = "\n\n".join([intro, "<!--more-->", *parts]) + "\n"
    draft.meta = _front_matter(export, draft, words, lang, title, redactor.keep_names)
    return draft


def _message(message: Message, redactor: Redactor, draft: ChatDraft, lang: str) -> str:
    speaker = redactor.speaker(message.speaker)
    # Redacted whole: a number cut by a line break is still one number.
    lines = redactor.text("\n".join(message.lines)).split("\n")
    for kind in redactor.doubts("\n".join(lines)):
        draft.doubts.setdefault(kind, []).append(message.when)
    header = f"**{escape(speaker)}** ({message.when:%H:%M}) :"
    start = _summary_start(lines)
    own, generated = (lines, []) if start is None else (lines[:start], lines[start:])
    blocks = text_blocks(own, lambda text: escape(text, emphasis=True))
    if generated:
        quote = text_blocks(generated, lambda text: escape(text, emphasis=True))
        blocks.append(quoted(["[!generated]", *quote]))
        draft.summaries.append(_when_said(message, speaker, lang))
    if blocks and not (LIST_ITEM.match(blocks[0]) or blocks[0].startswith(">")):
        return "\n\n".join([f"{header} {blocks[0]}", *blocks[1:]])
    return "\n\n".join([header, *blocks])


def _summary_start(lines: list[str]) -> int | None:
    """Where an AI-generated summary starts in a message, or None if it is not one.

    A long text with numbered citations or a summary's wording is one; a link the person
    shared before it stays theirs.
    """
    text = "\n".join(lines)
    if len(text) < SUMMARY_MIN_CHARS:
        return None
    if len(_CITATION.findall(text)) < 2 and not _SUMMARY_WORDS.search(text):
        return None
    start = 0
    while start < len(lines) and (_ONLY_LINK.match(lines[start]) or not lines[start].strip()):
        start += 1
    return start if start < len(lines) else None


def _when_said(message: Message, speaker: str, lang: str) -> str:
    words = WORDS.get(lang, WORDS["en"])
    day = format_date(message.when.date(), lang)
    return words["part"].format(speaker=speaker, day=day, time=f"{message.when:%H:%M}")


def _event(message: Message, redactor: Redactor) -> str:
    """An app notice kept with `--keep-system`: a small line between messages."""
    text = " ".join(line.strip() for line in message.lines)
    text = redactor.text(text, numbers_as_names=True).lstrip("\u200e")
    if message.speaker:
        text = f"{redactor.speaker(message.speaker)} : {text}"
    note = html_escape(f"{message.when:%H:%M} · {text}")
    return f'<p class="chat-event"><small>{note}</small></p>'


def _intro(messages: list[Message], redactor: Redactor, words: dict[str, str], lang: str) -> str:
    first, last = messages[0].when, messages[-1].when
    if first.date() == last.date():
        text = words["one_day"].format(
            day=format_date(first.date(), lang), start=f"{first:%H:%M}", end=f"{last:%H:%M}"
        )
    else:
        text = words["days"].format(
            first=format_date(first.date(), lang), last=format_date(last.date(), lang)
        )
    if redactor.removed or redactor.pseudonyms:
        text += " " + words["private"]
    if shortened(redactor):
        text += " " + words["short"]
    return text


def shortened(redactor: Redactor) -> set[str]:
    """The names shown by first name and initials."""
    return {shown for name, shown in redactor.shortened.items() if shown != name}


def _front_matter(
    export: Export,
    draft: ChatDraft,
    words: dict[str, str],
    lang: str,
    title: str | None,
    keep_names: bool,
) -> dict[str, Any]:
    first = export.messages[0].when
    meta: dict[str, Any] = {
        "title": title or words["title"].format(day=format_date(first.date(), lang)),
        "date": datetime.now().astimezone().replace(microsecond=0),
        "lang": lang,
        "layout": "chat",
        "draft": True,
        # What `sitegen check` needs to tell a full name added by hand (`full-name`).
        "imported": {"from": "whatsapp", "names": "full" if keep_names else "shortened"},
    }
    topics = [t.strip() for t in export.header.get("Topics", "").split(",") if t.strip()]
    if topics:
        meta["tags"] = topics
    if len(draft.summaries) == 1:
        meta["generated"] = {"part": draft.summaries[0]}
    elif draft.summaries:
        meta["generated"] = {"part": words["parts"].format(n=len(draft.summaries))}
    return meta


_DOUBTS = {
    "family name": "written alone, left as written: family names are often words",
    "all-capitals word": "left as written: it may be a family name",
}


def _moments(said: list[datetime]) -> str:
    """`2025-02-14 19:02, 19:03, 2025-02-15 08:10`: each message once, its day when new."""
    shown, day = [], None
    for when in dict.fromkeys(said):
        shown.append(f"{when:%H:%M}" if when.date() == day else f"{when:%Y-%m-%d %H:%M}")
        day = when.date()
    return ", ".join(shown)


def chat_report(export: Export, draft: ChatDraft, redactor: Redactor, kept: bool) -> list[str]:
    """What the command says it did: counts, never the values it removed."""
    first, last = export.messages[0].when, export.messages[-1].when
    people = counted(len(draft.speakers), "participants")
    lines = [
        f"{counted(draft.messages, 'messages')} from {people}, "
        f"{first:%Y-%m-%d %H:%M} to {last:%Y-%m-%d %H:%M}",
        f"dates read as {'day/month' if export.day_first else 'month/day'}/year",
    ]
    removed = [counted(n, kind) for kind, n in sorted(redactor.removed.items())]
    hidden = set(redactor.pseudonyms.values()) & set(draft.speakers)
    if hidden:
        removed.append(f"{counted(len(hidden), 'participants')} shown as a pseudonym")
    lines.append(f"removed: {', '.join(removed) if removed else 'nothing private found'}")
    mapped = {shown for shown in redactor.names.values() if shown}
    short = [n for n in draft.speakers if n in shortened(redactor) and n not in mapped]
    if short:
        lines.append(
            f"{counted(len(short), 'participants')} shown by first name and initials;"
            " --keep-names keeps full names, with their consent"
        )
    if redactor.names_shortened:
        lines.append(f"{counted(redactor.names_shortened, 'full names')} in messages shortened")
    for kind, said in draft.doubts.items():
        lines.append(f"{counted(len(said), kind + 's')} {_DOUBTS[kind]}; look at {_moments(said)}")
    named = [n for n in draft.speakers if n not in hidden and n not in mapped and n not in short]
    if named:
        lines.append(
            f"{counted(len(named), 'participants')} shown under the export's name;"
            " --names maps or pseudonymises them"
        )
    if export.header:
        lines.append(f"header read, not published: {', '.join(export.header)}")
    if export.skipped_lines:
        lines.append(f"left out {export.skipped_lines} lines before the first message")
    if draft.dropped:
        what = "kept as notes" if kept else "dropped; --keep-system keeps them as notes"
        counts = ", ".join(counted(n, kind) for kind, n in sorted(draft.dropped.items()))
        lines.append(f"app notices {what}: {counts}")
    lines.extend(f"AI-generated, quoted as such: {summary}" for summary in draft.summaries)
    return lines
