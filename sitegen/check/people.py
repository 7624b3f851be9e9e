"""`full-name`: the people of an imported chat are shown as the import showed them.

`sitegen import whatsapp` shows each participant by first name and initials and records it
in the front matter (`imported: {from: whatsapp, names: shortened}`): a speaker line
written since with a whole family name (`**Pierrick Berthou** (08:51) :`) is reported. A
chat imported with `--keep-names` (`names: full`) has each full name reported, so that
publishing them stays a choice made with the people's consent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sitegen.check.body import Source
from sitegen.check.rules import Finding, finding
from sitegen.personnames import full_family_name, short_names

_SPEAKER_LINE = re.compile(
    r"^\*\*(?P<name>[^*\n]{1,80}?)\*\*(?: \((?:[01]?\d|2[0-3])[:h][0-5]\d(?::[0-5]\d)?\))? ?:"
)
"""A message's first line as the importer writes it: `**Nom** (08:51) :`."""


def source_findings(src: Source) -> Iterator[Finding]:
    """Each speaker shown by a full name in an imported chat, at their first message."""
    imported = src.entry.meta.imported
    if imported is None:
        return
    speakers = list(_speakers(src))
    # Shortened together, so that two Maries are told apart in the hints as in an import.
    shown = short_names(name for name, _ in speakers)
    reported: set[str] = set()
    for name, line in speakers:
        if name in reported or not full_family_name(name):
            continue
        reported.add(name)
        where = src.locate(line, name)
        short = shown[name]
        if imported.names == "full":
            yield finding(
                "full-name",
                src.path,
                where,
                f"`{name}` is a full name, kept by `sitegen import whatsapp --keep-names`",
                f"publish it only with the person's consent; otherwise write « {short} »",
            )
        else:
            yield finding(
                "full-name",
                src.path,
                where,
                f"`{name}` is a full name in a chat imported with first names and initials",
                f"write « {short} », as the import did, unless the person agreed to be named",
            )


def _speakers(src: Source) -> Iterator[tuple[str, int]]:
    """Each speaker line's name and file line, in order."""
    for token in src.tokens:
        if token.type != "inline" or not token.map:
            continue
        for offset, text in enumerate(token.content.split("\n")):
            match = _SPEAKER_LINE.match(text)
            if match:
                yield match["name"].strip(), src.file_line(token.map[0] + offset)
