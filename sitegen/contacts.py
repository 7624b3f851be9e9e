"""Phone numbers and e-mail addresses in text: what the blog must never publish from a chat.

Shared by the importers, which remove them, and `sitegen check`, which reports them.
Phone numbers are found in every national format (spaces, dots, dashes, non-breaking
spaces, parentheses) with Google's libphonenumber rules (`phonenumbers`), and numbers that
read as quantities, dates or paper identifiers are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import phonenumbers

# Where the blog's readers and their correspondents live: national formats of these
# countries are recognised without a `+` prefix.
REGIONS = ("FR", "BE", "CH", "LU", "CA", "US", "GB", "DE", "ES", "IT", "MA", "DZ", "TN", "SN")
SPACE = " \u00a0\u202f\u2009"
PHONE_CANDIDATE = re.compile(rf"(?<![\w+@/])\(?(?:\+|00)?\(?\d[\d{SPACE}.\-–()/]{{5,}}\d(?![\w@])")
"""A run of digits and separators that may be a phone number (or several)."""
EMAIL = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|[\w.+-]+\s*[\[(](?:at|arobase)[\])]\s*[\w-]+(?:\s*[\[(](?:dot|point)[\])]\s*[\w-]+)+",
    re.I,
)
"""An e-mail address, also written `nom [at] site [dot] fr`."""
URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"]+[^\s<>\".,;:!?)\]»']", re.I)
_DATE = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$|\d[./-](?:19|20)\d\d\b|\b(?:19|20)\d\d-\d")
_QUANTITY = re.compile(rf"^\d{{1,3}}(?:[{SPACE}.,']\d{{3}})+$")
_ALTERNATIVES = re.compile(r"(\s*/\s*|\s+[-–]\s+|\s*–\s*)")


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def is_phone_number(text: str) -> bool:
    """Whether `text` (a run of digits and separators) is a phone number, not a quantity."""
    count = len(digits(text))
    if not 8 <= count <= 15 or _DATE.search(text):
        return False
    if text.startswith(("+", "00")):
        return True
    if _QUANTITY.match(text):
        return False
    if text.startswith(("0", "(")):
        return True
    # Otherwise only a number grouped as phone numbers are (`514 555 0123`) or written in
    # one run: `2201.02177` (a paper) and `2023 2024` (two years) are not.
    groups = len(re.findall(r"\d+", text))
    return groups != 2 and any(_valid_in(text, region) for region in REGIONS)


def _valid_in(text: str, region: str) -> bool:
    try:
        return bool(phonenumbers.is_valid_number(phonenumbers.parse(text, region)))
    except phonenumbers.NumberParseException:
        return False


def phone_parts(found: str) -> list[tuple[str, bool]]:
    """A candidate run cut into its parts, each saying whether it is a phone number.

    "01 99 00 12 61 / 06 39 98 12 62" and "salle 4 - 06 39 98 12 34" hold several parts.
    """
    # "(06 12 34 56 78)": the parenthesis is the sentence's, not an area code's.
    lead = "(" if found.startswith("(") and ")" not in found else ""
    pieces = _ALTERNATIVES.split(found[len(lead) :])
    if not any(is_phone_number(p) for p in pieces[::2]):
        pieces = [found[len(lead) :]]
    parts = [(lead, False)] if lead else []
    return parts + [(p, i % 2 == 0 and is_phone_number(p)) for i, p in enumerate(pieces)]


def phone_numbers(text: str) -> Iterator[tuple[int, int]]:
    """Where each phone number of `text` starts and ends."""
    for match in PHONE_CANDIDATE.finditer(text):
        start = match.start()
        for part, is_number in phone_parts(match.group()):
            if is_number:
                yield start, start + len(part)
            start += len(part)
