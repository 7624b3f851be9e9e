"""`full-name`: the people of an imported chat are shown as the import showed them.

`sitegen import whatsapp` shows each participant by first name and initials and records it
in the front matter (`imported: {from: whatsapp, names: shortened}`): a speaker line
written since with a whole family name (`**Pierrick Berthou** (08:51) :`) is reported, and
so is a speaker's full name in a message or a mention (« merci Pierrick Berthou »). A chat
imported with `--keep-names` (`names: full`) has each full name reported, so that
publishing them stays a choice made with the people's consent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from sitegen.check.body import Source
from sitegen.check.rules import Finding, finding
from sitegen.text.personnames import full_family_name, parse, same_spelling, short_names, shown_as

_SPEAKER_LINE = re.compile(
    r"^\*\*(?P<name>[^*\n]{1,80}?)\*\*(?: \((?:[01]?\d|2[0-3])[:h][0-5]\d(?::[0-5]\d)?\))? ?:"
)
"""A message's first line as the importer writes it: `**Nom** (08:51) :`."""
_WORD = re.compile(r"[^\W\d_][\w'’ʼ.\-‐‑]*")
_SPACES = re.compile(r"[ \t\u00a0\u202f]+")
_LONGEST_FAMILY = 4
"""The most words after a first name read as its family name (« de La Tour »)."""


def source_findings(src: Source) -> Iterator[Finding]:
    """Each speaker shown by a full name in an imported chat, at their first message, and
    each full name of a shortened speaker written in the text."""
    imported = src.entry.meta.imported
    if imported is None:
        return
    speakers = list(_speakers(src))
    names = list(dict.fromkeys(name for name, _ in speakers))
    shortened = [n for n in names if parse(n).family and not full_family_name(n)]
    first_lines = {name: line for name, line in reversed(speakers)}
    found = [(n, src.locate(line, n)) for n, line in first_lines.items() if full_family_name(n)]
    found += _in_text(src, shortened, set(speakers))
    # The others shortened together, as the import does, beside those already shortened.
    shown = short_names((n for n in names if n not in shortened), taken=shortened)
    reported: set[tuple[int, int]] = set()
    for name, where in sorted(found, key=lambda f: f[1]):
        if where in reported:
            continue
        reported.add(where)
        same = [short for short in shortened if shown_as(short, name)]
        short = " » or « ".join(same) if same else shown.get(name) or _alone(name, shortened)
        if imported.names == "full":
            message = f"`{name}` is a full name, kept by `sitegen import whatsapp --keep-names`"
            hint = f"publish it only with the person's consent; otherwise write « {short} »"
        else:
            message = f"`{name}` is a full name in a chat imported with first names and initials"
            hint = f"write « {short} », as the import did, unless the person agreed to be named"
        yield finding("full-name", src.path, where, message, hint)


def _alone(name: str, shortened: list[str]) -> str:
    return short_names([name], taken=shortened)[name]


def _speakers(src: Source) -> Iterator[tuple[str, int]]:
    """Each speaker line's name and file line, in order."""
    for token in src.tokens:
        if token.type != "inline" or not token.map:
            continue
        for offset, text in enumerate(token.content.split("\n")):
            match = _SPEAKER_LINE.match(text)
            if match:
                yield match["name"].strip(), src.file_line(token.map[0] + offset)


def _in_text(
    src: Source, shortened: list[str], speakers: set[tuple[str, int]]
) -> Iterator[tuple[str, tuple[int, int]]]:
    """The full names of `shortened` speakers written in the text, mentions included; a
    speaker line's own name is the speakers' to report."""
    givens = {short: [g.casefold() for g in parse(short).given] for short in shortened}
    for piece in src.pieces:
        if piece.kind == "text" and (piece.text.strip(), piece.line) not in speakers:
            for written in _full_names(piece.text, givens):
                yield written, src.locate(piece.line, written)


def _full_names(text: str, givens: dict[str, list[str]]) -> Iterator[str]:
    """Each « First Family » in `text` that a shortened speaker (« First F. ») may stand
    for; `givens` are their first names, casefolded."""
    words = list(_WORD.finditer(text))
    for start in range(len(words)):
        for short, given in givens.items():
            if _folded(words[start : start + len(given)]) != given:
                continue
            last = min(len(words), start + len(given) + _LONGEST_FAMILY)
            for end in range(last, start + len(given), -1):
                run = words[start:end]
                written = text[run[0].start() : run[-1].end()]
                if _together(text, run) and _named(written, short):
                    yield written.removesuffix(".")  # a sentence's full stop
                    break


def _folded(words: list[re.Match[str]]) -> list[str]:
    """The words as `parse` writes a first name (one apostrophe), casefolded."""
    return [same_spelling(w[0]).casefold() for w in words]


def _together(text: str, words: list[re.Match[str]]) -> bool:
    """Words separated by spaces only, on one line."""
    return all(_SPACES.fullmatch(text[a.end() : b.start()]) for a, b in pairwise(words))


def _named(written: str, short: str) -> bool:
    """Whether `written` is a full name that `short` may stand for, its family name
    capitalised as names are (« Pierrick bien » is no name)."""
    family = parse(written).family
    capitalised = all(word[:1].isupper() for word in family)
    return capitalised and bool(full_family_name(written)) and shown_as(short, written)
