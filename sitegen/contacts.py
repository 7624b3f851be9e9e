"""Phone numbers and e-mail addresses in text: what the blog must never publish from a chat.

Shared by the importers, which remove them, and `sitegen check`, which reports them.
Phone numbers are found in every national format (spaces, dots, dashes, non-breaking
spaces, parentheses) with Google's libphonenumber rules (`phonenumbers`), and numbers that
read as quantities, dates, paper identifiers, IP addresses or a table's row are left alone.
A number written without `+` or a trunk prefix (`514 555 0123`) counts only when grouped as
its country groups phone numbers (libphonenumber's strict grouping): bare runs of digits
are far more often inodes, counts and references than phone numbers.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator

import phonenumbers

# Where the blog's readers and their correspondents live: national formats of these
# countries are recognised without a `+` prefix.
REGIONS = ("FR", "BE", "CH", "LU", "CA", "US", "GB", "DE", "ES", "IT", "MA", "DZ", "TN", "SN")
SPACE = " \u00a0\u202f\u2009"
PHONE_CANDIDATE = re.compile(rf"(?<![\w+@/])\(?(?:\+|00)?\(?\d[\d{SPACE}.\-–()/]{{5,}}\d(?![\w@])")
"""A run of digits and separators that may be a phone number (or several)."""
_LABEL = r"(?:[^\W_]|-)+"
"""A part of a domain name: letters, digits and hyphens, never `_`."""
EMAIL = re.compile(
    # A domain ends with letters: `katex@0.16.9` (a package's version) is not an address,
    # nor is `logo@2x.png` (an image for screens of twice the density) or a file's name
    # (`correctif@playbook.yml`).
    r"[\w.+-]+@(?![\w.-]*\.(?:png|jpe?g|gif|svg|webp|avif|ico|js|css|ya?ml|json|toml|txt"
    r"|html?|xml|csv|pdf|zip|lock|conf|ini)(?![\w-]|\.\w))"
    rf"{_LABEL}(?:\.{_LABEL})*\.(?:[^\W\d_]{{2,}}|xn--{_LABEL})(?![\w-])"
    r"|[\w.+-]+\s*[\[(](?:at|arobase)[\])]\s*[\w-]+(?:\s*[\[(](?:dot|point)[\])]\s*[\w-]+)+",
    re.I,
)
"""An e-mail address, also written `nom [at] site [dot] fr`."""
URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"]+[^\s<>\".,;:!?)\]»']", re.I)
_DATE = re.compile(
    r"^\d{1,4}[./-] ?\d{1,2}[./-] ?\d{1,4}$|\d[./-](?:19|20)\d\d\b|\b(?:19|20)\d\d-\d"
    r"|^(?:19|20)\d\d \d\d \d\d$|^\d\d \d\d (?:19|20)\d\d$"
    # Days, pages or episodes, then their year: `20-22 2022`, `pp. 437-446. 2015`.
    r"|^\d+\s*[-–]\s*\d+\.?\s+(?:19|20)\d\d$"
)
_QUANTITY = re.compile(rf"^\d{{1,3}}(?:[{SPACE}.,']\d{{3}})+$")
_COLUMNS = re.compile(rf"[{SPACE}]{{2,}}[^{SPACE}].*[{SPACE}]{{2,}}")
"""Numbers aligned in columns (`+420.38    21.53    84.0`): a table's row, not a number."""
_GROUPED = phonenumbers.Leniency.STRICT_GROUPING
_ALTERNATIVES = re.compile(r"(\s*/\s*|\s+[-–]\s+|\s*–\s*)")


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def is_phone_number(text: str) -> bool:
    """Whether `text` (a run of digits and separators) is a phone number, not a quantity."""
    count = len(digits(text))
    if not 8 <= count <= 15 or _DATE.search(text) or _COLUMNS.search(text):
        return False
    if text.startswith(("+", "00")):
        # Possible, not valid: the numbers kept for fiction (+33 6 39 98…) are not valid.
        return _possible("+" + text.removeprefix("+").removeprefix("00"))
    if _is_ip_address(text):
        return False
    if _QUANTITY.match(text):
        return False
    if text.startswith(("0", "(")):
        # A national number (trunk prefix or area code): however its writer grouped it.
        return any(_valid_in(text, region) for region in REGIONS)
    # Otherwise only a number grouped as its country groups phone numbers (`514 555 0123`):
    # `33725146` (an inode), `2201.02177` (a paper), `2023 2024` (two years) are not.
    groups = len(re.findall(r"\d+", text))
    return groups >= 3 and any(_grouped_as_in(text, region) for region in REGIONS)


def _is_ip_address(text: str) -> bool:
    """`192.168.1.10`: a machine's address, which libphonenumber reads as a Paris number."""
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _possible(text: str) -> bool:
    """An international number of the right length for its country (`00000000` is not)."""
    try:
        return bool(phonenumbers.is_possible_number(phonenumbers.parse(text)))
    except phonenumbers.NumberParseException:
        return False


def _valid_in(text: str, region: str) -> bool:
    try:
        return bool(phonenumbers.is_valid_number(phonenumbers.parse(text, region)))
    except phonenumbers.NumberParseException:
        return False


def _grouped_as_in(text: str, region: str) -> bool:
    """A valid number of `region`, its digits grouped as the region writes them."""
    found = phonenumbers.PhoneNumberMatcher(text, region, leniency=_GROUPED)
    return any(digits(match.raw_string) == digits(text) for match in found)


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
