"""What scrapers leave in a copied article, and the labels of its closing sections.

Leftovers are short lines: image captions ("Post Thumbnail"), share and subscribe buttons,
reading times, in-text promotions ("À lire aussi : …"). A "read more"-style line, or a line
in another script than the post's (a Cyrillic heading over unrelated headlines), starts a
trailing block that is not the article: everything from it on is cut.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

SHORT = 90
"""Longer lines are the article's text, whatever words they use."""


def _label(*phrases: str) -> re.Pattern[str]:
    """A line that is one of `phrases` alone, a colon at most after it: a section's label."""
    return re.compile(rf"^(?:{'|'.join(phrases)})\s*:?\s*$", re.I)


CAPTION = re.compile(
    r"^(?:post thumbnail|featured image|thumbnail|image (?:à la une|de couverture)|"
    r"(?:image|photo|illustration|crédits?(?: photo)?|photo credit|légende)\s*:.*|©.*)$",
    re.I,
)
_SHARE_WORDS = (
    r"partager|partagez(?: cet article)?|share(?: this(?: article)?)?|tweet(?:er)?|facebook|"
    r"twitter|x|linkedin|whatsapp|telegram|reddit|pinterest|e-?mail|imprimer|print|"
    r"copier le lien|copy link|(?:sur|on|via)"
)
SHARE = re.compile(
    rf"^(?:(?:{_SHARE_WORDS})[\s,|/·•-]*)+$|"
    r"^(?:s['’]abonner|abonnez-vous|subscribe|newsletter|inscrivez-vous|sign up|suivez-nous|"
    r"follow us|publicité|advertisement|sponsorisé|sponsored|lire plus tard|save for later)"
    r"\b.*$",
    re.I,
)
READING_TIME = re.compile(
    r"^(?:temps de lecture|reading time)\b.*$|^\d+\s*min(?:utes?)?(?: de lecture| read)$", re.I
)
PROMOTION = re.compile(
    r"^(?:à lire aussi|lire aussi|à voir aussi|read also|also read)\s*:\s*\S", re.I
)
READ_MORE = _label(
    "lire la suite",
    "read more",
    "continue reading",
    "plus d['’]articles",
    "articles? similaires",
    "articles? liés",
    "related(?: articles| posts| stories)?",
    "sur le même sujet",
    "dans la même rubrique",
    "les plus lus",
    "most (?:read|popular)",
    "dernières (?:actualités|nouvelles|infos)",
    "latest (?:news|stories)",
    "vous aimerez (?:aussi|peut-être)",
    "you may also like",
    "recommandés? pour vous",
    "recommended(?: for you)?",
    "commentaires",
    "comments",
    "laisser un commentaire",
    "leave a (?:comment|reply)",
    "étiquettes",
    "tags",
)
SOURCE = re.compile(r"^sources?\s*:\s*(.*)$", re.I)
DISCUSSION = re.compile(
    r"^(?:et vous\s*\?|à vous la parole|your turn|over to you|what do you think\s*\?)\s*(.*)$",
    re.I,
)
SEE_ALSO = _label(
    "voir aussi",
    "see also",
    "à voir aussi",
    "lire aussi",
    "à lire aussi",
    "pour aller plus loin",
    "further reading",
)

_SCRIPTS = {"ru": "CYRILLIC", "uk": "CYRILLIC", "bg": "CYRILLIC", "el": "GREEK"}
_SCRIPTS |= {"ar": "ARABIC", "fa": "ARABIC", "he": "HEBREW", "zh": "CJK", "ja": "CJK"}


def leftover_kind(text: str) -> str | None:
    """What kind of leftover a line is (`image caption`…); None for the article's text."""
    text = text.strip()
    if len(text) > SHORT:
        return None
    if CAPTION.match(text):
        return "image caption"
    if SHARE.match(text):
        return "share line"
    if READING_TIME.match(text):
        return "reading time"
    if PROMOTION.match(text):
        return "promotion"
    return None


def script_of(text: str) -> str:
    """The script most of the letters are written in: LATIN, CYRILLIC, CJK…"""
    counts = Counter(unicodedata.name(char, "?").split()[0] for char in text if char.isalpha())
    return counts.most_common(1)[0][0] if counts else ""


def script_of_language(lang: str) -> str:
    return _SCRIPTS.get(lang.split("-")[0], "LATIN")


def in_another_script(text: str, lang: str) -> str | None:
    """The other script a line is written in, e.g. CYRILLIC in a French post."""
    script = script_of(text)
    return script if script and script != script_of_language(lang) else None
