"""Phone numbers and e-mail addresses in text: what the blog must never publish from a chat.

Shared by the importers, which remove them, and `sitegen check`, which reports them.
Phone numbers are found in every national format (spaces, dots, dashes, non-breaking
spaces, parentheses) with Google's libphonenumber rules (`phonenumbers`), and numbers that
read as quantities, dates, paper identifiers, IP addresses or a table's row are left alone.
A number written without `+` or a trunk prefix (`514 555 0123`) counts only when grouped as
its country groups phone numbers (libphonenumber's strict grouping): bare runs of digits
are far more often inodes, counts and references than phone numbers.

A chat also hides them from robots or writes them carelessly: `nom [at] site [dot] fr`,
`nom arobase site point fr`, fullwidth `＠`, `tel0612345630`, a number cut by a line break.
`chat_contacts` finds those too, for the importers; `sitegen check` keeps to the plain forms.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import phonenumbers

# Where the blog's readers and their correspondents live: national formats of these
# countries are recognised without a `+` prefix.
REGIONS = ("FR", "BE", "CH", "LU", "CA", "US", "GB", "DE", "ES", "IT", "MA", "DZ", "TN", "SN")
SPACE = " \u00a0\u202f\u2009"
_CANDIDATE = rf"\(?(?:\+|00)?\(?\d[\d{SPACE}.\-–()/]{{5,}}\d(?![\w@])"
"""A run of digits and separators; each pattern below says what may not come before it."""
PHONE_CANDIDATE = re.compile(r"(?<![\w+@/])" + _CANDIDATE)
"""A run of digits and separators that may be a phone number (or several)."""
_LABEL = r"(?:[^\W_]|-)+"
"""A part of a domain name: letters, digits and hyphens, never `_`."""
EMAIL = re.compile(
    # Only from the start of a word, taken whole (`++`): tried from every letter of a long
    # word, the pattern would cost the square of its length.
    r"(?<![\w.+-])(?:[\w.+-]++@"
    # A domain ends with letters: `katex@0.16.9` (a package's version) is not an address,
    # nor is `logo@2x.png` (an image for screens of twice the density) or a file's name
    # (`correctif@playbook.yml`).
    r"(?![\w.-]*\.(?:png|jpe?g|gif|svg|webp|avif|ico|js|css|ya?ml|json|toml|txt"
    r"|html?|xml|csv|pdf|zip|lock|conf|ini)(?![\w-]|\.\w))"
    rf"{_LABEL}(?:\.{_LABEL})*\.(?:[^\W\d_]{{2,}}|xn--{_LABEL})(?![\w-])"
    r"|[\w.+-]++\s*[\[(](?:at|arobase)[\])]\s*[\w-]+(?:\s*[\[(](?:dot|point)[\])]\s*[\w-]+)+)",
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
_COLUMNS = re.compile(rf"(?<![{SPACE}])[{SPACE}]{{2,}}+[^{SPACE}].*[{SPACE}]{{2}}")
"""Numbers aligned in columns (`+420.38    21.53    84.0`): a table's row, not a number."""
_GROUPED = phonenumbers.Leniency.STRICT_GROUPING
WRITTEN_MAX = 48
"""The longest a phone number is written (`+33 (0)6 - 12 - 34 - 56 - 30` takes 29)."""
_ALTERNATIVES = re.compile(r"(?<!\s)(\s*+/\s*+|\s++[-–]\s++|\s*+–\s*+)")


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def is_phone_number(text: str) -> bool:
    """Whether `text` (a run of digits and separators) is a phone number, not a quantity."""
    count = len(digits(text))
    if (
        len(text) > WRITTEN_MAX
        or not 8 <= count <= 15
        or _DATE.search(text)
        or _COLUMNS.search(text)
    ):
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


# How a chat hides an address from robots, and how its writers glue or cut a number. The
# patterns read a copy of the text of the same length (`_plain`), so what they find is
# removed from the text as written.
_AROUND = r"[ \t]{0,3}"
_AT = (
    rf"{_AROUND}(?:[\[({{<]{_AROUND}(?:at|arobase|chez|@){_AROUND}[\])}}>]|-at-){_AROUND}"
    # A space before `@` and none after is a mention: `merci @Léa.De rien`.
    r"|@[ \t]{0,3}|[ \t]{1,3}@[ \t]{1,3}|[ \t]{1,3}arobase[ \t]{1,3}"
)
_WORD_AT = r"[ \t]{1,3}at[ \t]{1,3}"
"""`at` alone is English for "à": it makes an address only before a dot spelled out."""
_DOT_SPELLED = (
    rf"{_AROUND}[\[({{<]{_AROUND}(?:dot|point|pt|\.){_AROUND}[\])}}>]{_AROUND}"
    rf"|[ \t]{{1,3}}(?:dot|point)[ \t]{{1,3}}|{_AROUND}-dot-{_AROUND}"
)
_DOT = rf"(?:{_DOT_SPELLED}|{_AROUND}\.{_AROUND})"
_TLDS = (
    "fr|com|org|net|eu|be|ch|lu|ca|qc|de|es|it|uk|nl|pt|io|info|biz|me|co|ai|app|dev|edu|gouv"
    "|bzh|paris|re|ma|dz|tn|sn|ci|cm|us|email|online|pro|tech"
)
# An obfuscated address ends with one of the common top-level domains. After a spaced dot,
# it is written in one case: `salut @ Paul. Ca va` is no address.
_END = (
    rf"(?:{_DOT_SPELLED}|\.)(?:{_TLDS})(?![\w-])"
    rf"|{_AROUND}\.{_AROUND}(?-i:(?:{_TLDS})|(?:{_TLDS.upper()}))(?![\w-])"
)
_PART = r"[\w+-]{1,64}+"
_HOST = r"[^\W_][\w-]{0,62}+"
WRITTEN_EMAIL = re.compile(
    rf"(?<![\w.+-]){_PART}(?:{_DOT}{_PART}){{0,8}}"
    rf"(?:{_AT}|{_WORD_AT}(?=(?:{_HOST}{_DOT}){{0,7}}{_HOST}(?:{_DOT_SPELLED})))"
    rf"(?:{_HOST}{_DOT}){{0,7}}{_HOST}(?:{_END})",
    re.I,
)
"""An e-mail address spelled to hide it: `nom [at] site.fr`, `nom arobase site point fr`,
`nom @ site . fr`. Every part is bounded (as RFC 5321 bounds them), so a long run of words
costs its length, not its square."""
_GLUED_PHONE = re.compile(r"(?<![\d+@/])" + _CANDIDATE)
"""A phone number's candidate, also glued to the word before it (`tel0612345630`)."""
_DASHES = dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d", "-")
_STOPS = {"\u3002": ".", "\uff61": "."}


@lru_cache(maxsize=4096)
def _plain_char(char: str) -> str:
    """`char` as its plain form when that is one character (`＠` → `@`, `０` → `0`)."""
    if char.isascii():
        return char
    plain = _DASHES.get(char) or _STOPS.get(char) or unicodedata.normalize("NFKC", char)
    return plain if len(plain) == 1 else char


def _plain(text: str) -> str:
    return "".join(_plain_char(char) for char in text)


def chat_contacts(text: str) -> list[tuple[int, int, str]]:
    """(start, end, "email" or "phone") of each contact in a chat's text, however spelled:
    fullwidth, glued to its label, obfuscated, or cut by a line break."""
    plain = _plain(text)
    found: list[tuple[int, int, str]] = []
    # A number or an address cut by a line break is found on the lines joined; the lines
    # are read apart too, as two numbers on two lines would read as one too long.
    for view in dict.fromkeys([plain, plain.replace("\n", " ")]):
        for pattern in (EMAIL, WRITTEN_EMAIL):
            found += [(*m.span(), "email") for m in pattern.finditer(view)]
        for match in _GLUED_PHONE.finditer(view):
            start = match.start()
            for part, is_number in phone_parts(match.group()):
                if is_number:
                    found.append((start, start + len(part), "phone"))
                start += len(part)
    return _merged(sorted(found))


def _merged(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Overlapping spans as one; an address holding digits stays an address."""
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in spans:
        if merged and start < merged[-1][1]:
            last = merged[-1]
            kind = "email" if "email" in (kind, last[2]) else kind
            merged[-1] = (last[0], max(end, last[1]), kind)
        else:
            merged.append((start, end, kind))
    return merged
