"""`lang-mismatch`: a post whose text is not in the language its `lang` says.

The blog writes French and English, so a small detector does: the share of each
language's most frequent words (articles, pronouns, prepositions), which in running text
of a few dozen words differ by a factor of ten between the two. It only judges when one
language clearly wins; code, quotations and passages marked with their language
(`{lang=en}`) are not read. A text in a language it has no words for is not judged.
(py3langid would know 97 languages, but needs numpy, 50 MB, and 0.8 s to load its model:
more than checking the whole sample blog.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from babel import Locale

from sitegen.check.body import Source
from sitegen.check.rules import Finding, finding
from sitegen.contacts import URL


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words frequent in one language and (nearly) absent from the other: "a", "on", "as", "or",
# "but" and "an" are words of both and left out. To judge another language, add its own.
STOPWORDS = {
    "fr": _words(
        "le la les un une des du de et est en que qui dans pour pas sur au aux ce cette ces"
        " il elle ils elles nous vous je se sa son ses leur leurs ne avec par mais où sont"
        " été être ont fait comme tout tous aussi très donc ça cela l' d' j' c' n' qu'"
    ),
    "en": _words(
        "the of and to in is that it for was are with be by this have from not which they"
        " you we he she his her their been has had will would can there what all were if"
        " when so no than its also these into who do does about our them"
    ),
}
MIN_WORDS = 30
"""Shorter texts are not judged: a title or a caption says too little."""
MIN_SHARE = 0.15
"""The winning language's words are at least this share of all words…"""
MARGIN = 3
"""…and this many times the other's."""
_WORD = re.compile(r"[^\W\d_]+'?")
"""A word, with the apostrophe of an elision: French `l'`, not the `l` of a formula."""
_TEX = re.compile(r"\\\(.*?\\\)|\\\[.*?\\\]", re.S)
"""`\\(n\\)` and `\\[…\\]` written for MathJax or KaTeX: symbols, not words."""


def detect(text: str) -> str | None:
    """The language `text` is clearly written in, or None when unsure."""
    words = _WORD.findall(text.casefold().replace("’", "'"))
    if len(words) < MIN_WORDS:
        return None
    hits = sorted(
        ((sum(w in s for w in words), lang) for lang, s in STOPWORDS.items()), reverse=True
    )
    (best, lang), (second, _) = hits[0], hits[1]
    if best < MIN_SHARE * len(words) or best < MARGIN * second:
        return None
    return lang


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
            # A web address's words (`…/the-future-of-java-is-here/`) and a formula's
            # letters are no one's prose.
            text = _TEX.sub(" ", URL.sub(" ", piece.text))
            blocks.setdefault(piece.block, (piece.line, []))[1].append(text)
    return [(line, " ".join(texts)) for line, texts in blocks.values()]


def _wrote_lang(src: Source) -> bool:
    return "lang" in dict(src.entry.meta.lines)


def _name(lang: str) -> str:
    try:
        return str(Locale.parse(lang.replace("-", "_")).english_name)
    except (ValueError, LookupError):
        return lang
