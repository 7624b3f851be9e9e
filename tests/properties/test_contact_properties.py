"""A contact written anywhere in a French chat, however spelled, never survives redaction.

Numbers are invented French mobile numbers; addresses are at invented domains.
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from sitegen.importers.privacy import Redactor

# Chat words, some of which an address is spelled with (`at`, `point`, `arobase`, `chez`).
WORDS = [
    "salut",
    "je",
    "t’envoie",
    "mon",
    "numéro",
    "c’est",
    "le",
    "point",
    "de",
    "vue",
    "chez",
    "Marie",
    "look",
    "at",
    "the",
    "data",
]
WORDS += [
    "arobase",
    "demain",
    "à",
    "plus",
    "ok",
    "merci",
    ",",
    "!",
    "?",
    "…",
    ":",
    "«",
    "»",
    "(",
    ")",
    "-",
    "écris-moi",
    "appelle-moi",
]
context = st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join)

# A French mobile number of a valid range: 06 then a digit other than 3 or 9, or 07 then 3 to 9.
subscriber = st.tuples(
    st.sampled_from(["6" + d for d in "01245678"] + ["7" + d for d in "3456789"]),
    st.text("0123456789", min_size=7, max_size=7),
).map("".join)
SEPARATORS = [" ", "", ".", "-", "\u00a0", "\u202f", "\u2011", " - "]
PREFIXES = ["0", "+33 ", "+33", "0033 ", "+33 (0)", "(+33) ", "+33."]
LABELS = ["", "tel", "tél:", "Tél. ", "tel : ", "portable "]


@st.composite
def phone_numbers(draw: st.DrawFn) -> tuple[str, str]:
    """(as written, its digits) of a number with one separator, maybe cut by a line break."""
    number = draw(subscriber)
    separator = draw(st.sampled_from(SEPARATORS))
    groups = [number[0], *(number[i : i + 2] for i in range(1, 9, 2))]
    gaps = [separator] * 4
    if separator.strip() == "" and draw(st.booleans()):
        gaps[draw(st.integers(0, 3))] = "\n"
    prefix = draw(st.sampled_from(PREFIXES))
    written = prefix + groups[0] + "".join(g + n for g, n in zip(gaps, groups[1:], strict=True))
    if draw(st.booleans()):
        written = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in written)
    return draw(st.sampled_from(LABELS)) + written, number


def cased(word: str) -> st.SearchStrategy[str]:
    return st.sampled_from([word, word.upper(), word.capitalize()])


STRONG_AT = ["@", " @ ", "＠", " [at] ", "(at)", "{at}", " <at> ", " arobase ", " (arobase) "]
STRONG_AT += [" [chez] ", " -at- ", "[@]"]
SPELLED_DOT = [" dot ", " point ", " [dot] ", "(dot)", " (point) ", "{dot}", " -dot- ", "[.]"]
DOTS = [".", " . ", "．", *SPELLED_DOT]


@st.composite
def addresses(draw: st.DrawFn) -> tuple[str, list[str]]:
    """(as written, the words that must not survive) of an address spelled to hide it."""
    names = draw(
        st.lists(st.sampled_from(["camille", "dupont", "lea", "k2"]), min_size=1, max_size=4)
    )
    local = draw(st.sampled_from([".", "-", "_"])).join(names)
    host = draw(st.sampled_from(["exemple", "mail-exemple", "exemple2"]))
    tld = draw(st.sampled_from(["fr", "com", "org", "net", "eu", "be"]))
    spelled = draw(st.booleans())
    at = draw(cased("at").map(lambda w: f" {w} ") if spelled else st.sampled_from(STRONG_AT))
    dots = SPELLED_DOT if spelled else DOTS
    dot = draw(st.sampled_from(dots))
    word = dot.strip(" []{}()<>-")
    dot = dot.replace(word, draw(cased(word))) if word.isalpha() else dot
    written = local + at + host + dot + tld
    return written, [*names, host]


@given(context, phone_numbers(), context)
def test_a_phone_number_in_a_chat_is_always_removed(
    before: str, number: tuple[str, str], after: str
) -> None:
    said = Redactor("fr").text(f"{before} {number[0]} {after}")
    assert not re.search(r"\d", unicodedata.normalize("NFKC", said)), said


@given(context, addresses(), context)
def test_an_address_in_a_chat_is_always_removed(
    before: str, address: tuple[str, list[str]], after: str
) -> None:
    said = unicodedata.normalize("NFKC", Redactor("fr").text(f"{before} {address[0]} {after}"))
    assert not any(re.search(rf"\b{name}\b", said) for name in address[1]), said
