"""Reading a WhatsApp export: messages, system lines and an optional metadata header.

The French and English apps write each message on a line that starts with its date:

    04/08/2024, 08:51 - Nom: …          (Android, 24-hour clock)
    [04/08/2024 08:51:03] Nom: …        (iPhone)
    8/4/24, 8:51 AM - Nom: …            (Android, English, 12-hour clock)

Lines that do not start so continue the message above. A chunk may begin with a header
between `=== … ===` lines (`=== MÉTADONNÉES CHUNK ===` … `=== CONTENU ===`), read as
`clé: valeur` pairs and never published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from sitegen.project.errors import Diagnostic, Severity

_STAMP = re.compile(
    r"^\u200e?(?P<bracket>\[)?(?P<date>\d{1,4}[./-]\d{1,2}[./-]\d{1,4}),?\s+(?:à\s+)?"
    r"(?P<time>\d{1,2}[:.h]\d{2}(?:[:.]\d{2})?)(?:\s*(?P<ampm>[ap]\.?\s?m\.?))?"
    # `[date time] Nom: …` on an iPhone, `date, time - Nom: …` elsewhere: a line of a
    # message that merely starts with a date (`14/03 10:00 accueil`) is not a new message.
    r"(?(bracket)\]\s+|\s+[-–]\s+)(?P<rest>.*)$",
    re.I,
)
_SPEAKER = re.compile(r"^(?P<name>[^:\n]{1,60}?):\s(?P<text>.*)$", re.S)
_HEADER = re.compile(r"^===\s*+(.*?\S)\s*===$")
_EDITED = re.compile(r"(?<!\s)\s*<(?:This message was edited|Ce message a été modifié)>\s*$", re.I)

# What the app writes itself, by kind. Lines without a speaker are matched whole; the
# text of a speaker's message is matched for media, deletions and calls.
_EVENTS = {
    "joins": r"a rejoint|joined using|\bjoined\b|a été ajouté|a ajouté|\badded\b",
    "requests": r"a demandé à rejoindre|requested to join",
    "departures": r"est parti|a quitté|\bleft\b|a retiré|\bremoved\b",
    "security codes": r"code de sécurité|security code",
    "encryption notices": r"chiffrés de bout en bout|end-to-end encrypted",
    "group changes": r"a créé (?:le )?groupe|created (?:the )?group|a changé|a modifié|changed "
    r"(?:the|this|their)|est (?:désormais|maintenant) admin|now an admin|a épinglé|pinned",
}
_MESSAGE_EVENTS = {
    "media": r"^<?(?:médias? omis|media omitted|pièce jointe|attached:)|"
    r"^(?:image|vidéo|video|audio|sticker|gif|document|contact card|carte de contact)"
    r" (?:omitted|absente?|omis)$|^null$",
    "deleted messages": r"^(?:ce message a été supprimé|this message was deleted|vous avez "
    r"supprimé ce message|you deleted this message|en attente de ce message|waiting for "
    r"this message)",
    "calls": r"^(?:appel (?:vocal|vidéo) manqué|missed (?:voice|video) call)",
    "locations": r"^(?:position|location|localisation)\s?:|position en direct|live location",
}


@dataclass
class Message:
    """One message, or one line the app wrote itself (`event` says which kind)."""

    when: datetime
    speaker: str
    lines: list[str]
    line: int
    """Its line in the export."""
    event: str = ""


@dataclass
class Export:
    messages: list[Message] = field(default_factory=list)
    header: dict[str, str] = field(default_factory=dict)
    day_first: bool = True
    skipped_lines: int = 0
    """Lines before the first message, outside any header (a chunk cut mid-message)."""

    def between(self, first: date | None, last: date | None) -> list[Message]:
        """The messages of the days from `first` to `last`, both included."""
        return [
            m
            for m in self.messages
            if (first is None or m.when.date() >= first) and (last is None or m.when.date() <= last)
        ]


def read_export(text: str, path: str) -> tuple[Export, list[Diagnostic]]:
    """Messages and header of an export's text; problems located at their lines."""
    export = Export()
    stamps: list[tuple[int, re.Match[str]]] = []
    in_header = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        header = _HEADER.match(line.strip())
        if header and not export.messages and not stamps:
            in_header = not _is_content_marker(header.group(1))
            continue
        stamp = _STAMP.match(line)
        if stamp:
            in_header = False
            stamps.append((number, stamp))
            export.messages.append(Message(datetime.min, "", [stamp.group("rest")], number))
        elif export.messages:
            export.messages[-1].lines.append(line)
        elif in_header and ":" in line:
            key, _, value = line.partition(":")
            export.header[key.strip()] = value.strip()
        elif line.strip() and not in_header:
            export.skipped_lines += 1
    if not export.messages:
        return export, [_no_messages(path)]
    export.day_first = _day_first([m.group("date") for _, m in stamps], stamps)
    problems = []
    for message, (number, stamp) in zip(export.messages, stamps, strict=True):
        try:
            message.when = _when(stamp, export.day_first)
        except ValueError:
            problems.append(_bad_date(path, number, stamp.group("date")))
            continue
        _classify(message)
    return export, problems


def _is_content_marker(title: str) -> bool:
    return title.strip().upper() in ("CONTENU", "CONTENT", "MESSAGES")


def _classify(message: Message) -> None:
    rest = message.lines[0]
    said = _SPEAKER.match(rest)
    if said is None or _event_of(said.group("name"), _EVENTS):
        message.event = _event_of(rest, _EVENTS) or "other notices"
        return
    message.speaker = said.group("name")
    message.lines[0] = said.group("text")
    body = "\n".join(message.lines).strip()
    # The iPhone app marks the lines it writes itself (attachments, notices) with U+200E.
    app_written = body.startswith("\u200e")
    body = body.lstrip("\u200e")
    message.event = _event_of(body, _MESSAGE_EVENTS)
    if app_written and not message.event:
        message.event = _event_of(body, _EVENTS) or "other notices"
    message.lines[-1] = _EDITED.sub("", message.lines[-1])


def _event_of(text: str, kinds: dict[str, str]) -> str:
    return next((kind for kind, words in kinds.items() if re.search(words, text, re.I)), "")


def _day_first(dates: list[str], stamps: list[tuple[int, re.Match[str]]]) -> bool:
    """Whether `04/08/2024` is the 4th of August: any day above 12 says; else the clock does
    (12-hour exports come from English apps, which write the month first)."""
    fields = [[int(n) for n in re.split(r"[./-]", d)] for d in dates]
    if any(f[0] > 12 for f in fields if f[0] < 100):
        return True
    if any(f[1] > 12 for f in fields):
        return False
    return not any(m.group("ampm") for _, m in stamps)


def _when(stamp: re.Match[str], day_first: bool) -> datetime:
    a, b, c = (int(n) for n in re.split(r"[./-]", stamp.group("date")))
    if a > 999:
        year, month, day = a, b, c
    else:
        day, month = (a, b) if day_first else (b, a)
        year = c + 2000 if c < 100 else c
    hour, minute, *_ = (int(n) for n in re.split(r"[:.h]", stamp.group("time").lower()))
    ampm = (stamp.group("ampm") or "").lower().replace(".", "").replace(" ", "")
    if ampm:
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    return datetime(year, month, day, hour, minute)


def _no_messages(path: str) -> Diagnostic:
    return Diagnostic(
        path,
        1,
        1,
        "no WhatsApp message found",
        "export the chat from WhatsApp (Export chat › Without media); lines look like "
        "`04/08/2024, 08:51 - Nom: …` or `[04/08/2024 08:51:03] Nom: …`",
        Severity.ERROR,
    )


def _bad_date(path: str, line: int, written: str) -> Diagnostic:
    return Diagnostic(
        path, line, 1, f"`{written}` is not a date", "fix or remove the line", Severity.ERROR
    )
