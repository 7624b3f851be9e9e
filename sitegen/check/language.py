"""`lang-mismatch`: a post whose text is not in the language its `lang` says.

The detector is `sitegen.text.language`'s; code, quotations and passages marked with their
language (`{lang=en}`) are not read. A text in a language it has no words for is not judged.
"""

from __future__ import annotations

from collections.abc import Iterator

from babel import Locale

from sitegen.check.body import Source
from sitegen.check.rules import Finding, finding
from sitegen.text.contacts import URL
from sitegen.text.language import STOPWORDS, detect


def source_findings(src: Source) -> Iterator[Finding]:
    """The whole text in another language, else each long paragraph that is."""
    lang = src.entry.lang
    if lang.split("-")[0] not in STOPWORDS:
        return
    blocks = _prose(src)
    everything = " ".join(text for _, text in blocks)
    said = detect(everything)
    if said and said != lang.split("-")[0]:
        line = src.entry.meta.line_of("lang") if _wrote_lang(src) else blocks[0][0]
        yield finding(
            "lang-mismatch",
            src.path,
            src.locate(line, "lang:") if _wrote_lang(src) else src.locate(line),
            f"the text reads as {_name(said)}, but the post's language is {_name(lang)}",
            f"set `lang: {said}`, or mark the passages in {_name(said)} with {{lang={said}}}",
        )
        return
    for line, text in blocks:
        said = detect(text)
        if said and said != lang.split("-")[0]:
            yield finding(
                "lang-mismatch",
                src.path,
                src.locate(line),
                f"this paragraph reads as {_name(said)} in a post in {_name(lang)}",
                f"mark it with a line `{{lang={said}}}` before it, so readers' browsers and "
                "screen readers say it right",
            )


def _prose(src: Source) -> list[tuple[int, str]]:
    """(first line, text) of each block of the author's own prose in the post's language."""
    blocks: dict[int, tuple[int, list[str]]] = {}
    for piece in src.pieces:
        marked = piece.lang is not None and piece.lang != src.entry.lang
        if piece.kind == "text" and not piece.quoted and not marked:
            # A web address's words (`…/the-future-of-java-is-here/`) are no one's prose.
            text = URL.sub(" ", piece.text)
            blocks.setdefault(piece.block, (piece.line, []))[1].append(text)
    return [(line, " ".join(texts)) for line, texts in blocks.values()]


def _wrote_lang(src: Source) -> bool:
    return "lang" in dict(src.entry.meta.lines)


def _name(lang: str) -> str:
    try:
        return str(Locale.parse(lang.replace("-", "_")).english_name)
    except (ValueError, LookupError):
        return lang
