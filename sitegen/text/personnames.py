"""People's names as an imported chat shows them: the first name and the family name's initials.

The rule, for the names French speakers save in their phones:

- The words of a name are its parts between spaces that hold a letter; the others (an
  emoji, a digit) are kept, after the name. A name of one word (« Noa », « Juju 🌸 ») is a
  first name or a nickname, shown whole.
- The first word is the first name (« Marie-Claire » is one word), the others the family
  name: « Pierrick Berthou » → « Pierrick B. ». Words in capitals of three letters or more,
  beside words that are not, are the family name wherever they stand, as French forms
  write it: « BERTHOU Pierrick » → « Pierrick B. ».
- Particles (de, du, des, d’, le, la, les, van, von, da, ben, al…) before a family name are
  left out: « Jean-Marc de La Tour » → « Jean-Marc T. ». A particle tells more about a
  person than an initial (a family, a region) and the group knows them by their first
  name. A particle with no name after it is the name: « Marie Le » → « Marie L. ».
- Every other word of the family name gives its initial, and so does every part of a
  hyphenated one: « Anne Lemoine-Durand » → « Anne L.-D. », « Maria da Silva Santos » →
  « Maria S. S. ». An initial already written (« B. », « Be. ») stays.
- Two people who would be shown alike get more letters of their family name until they
  differ (« Marie Be. », « Marie Bo. »), three at most, as people write an initial, and
  never a whole word; people who still cannot be told apart are numbered in the order
  given (« Marie Dup. », « Marie Dup. 2 »).
- Apostrophes are one sign (« N'Diaye », « N’Diaye », « NʼDiaye »): a name written with
  another one is the same person.

A phone number as the name is not a name: `sitegen.importers.privacy` gives it a pseudonym.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

# fmt: off
PARTICLES = frozenset({
    "de", "du", "des", "d", "la", "le", "les", "l",  # French
    "van", "von", "der", "den", "ter", "ten", "zu",  # Dutch, German
    "da", "das", "do", "dos", "di", "del", "della", "dei", "y",  # Portuguese, Italian, Spanish
    "ben", "bin", "ibn", "el", "al", "abu",  # Arabic
})
# fmt: on
APOSTROPHES = "'’ʼ"
_ELISION = re.compile(r"^([dl])'", re.I)
_HYPHENS = re.compile(r"[-‐‑–]")
WRITTEN_INITIAL = 3
"""The most letters a part written with a full stop may have to be read as initials."""
CAPITALS_FROM = 3
"""Letters a word in capitals needs to be read as a family name (« JM » is initials)."""


@dataclass(frozen=True, slots=True)
class Parsed:
    given: tuple[str, ...]
    family: tuple[str, ...]
    """Each family word's parts (hyphenated words give several), particles left out."""
    others: tuple[str, ...]

    def shown(self, letters: int) -> str:
        """The name with `letters` letters of each family part, never a whole part."""
        initials: list[str] = []
        for word in self.family:
            parts = [_shortened(part, letters) for part in _HYPHENS.split(word)]
            initials.append("-".join(p for p in parts if p))
        return " ".join([*self.given, *(i for i in initials if i), *self.others])

    @property
    def most_letters(self) -> int:
        """The most letters a family part may show: all but one of its longest part, and
        no more than a written initial, so that telling two people apart never spells
        most of a family name (« Dupon. »)."""
        parts = [p for word in self.family for p in _HYPHENS.split(word) if not _initial(p)]
        return min(WRITTEN_INITIAL, max((len(_letters(p)) - 1 for p in parts), default=0))


def same_spelling(name: str) -> str:
    """`name` as one person is written whatever their phone's apostrophes and spaces."""
    text = unicodedata.normalize("NFC", name)
    return " ".join(text.translate(_ONE_APOSTROPHE).split())


_ONE_APOSTROPHE = str.maketrans(dict.fromkeys(APOSTROPHES, "'"))


def parse(name: str) -> Parsed:
    """A name's first name, family-name words (without particles) and other signs."""
    tokens = same_spelling(name).split()
    words = [t for t in tokens if _letters(t)]
    others = tuple(t for t in tokens if not _letters(t))
    if len(words) < 2:
        return Parsed(tuple(words), (), others)
    capitals = [w for w in words if _in_capitals(w)]
    rest = [w for w in words if not _in_capitals(w) and not _particle(w)]
    if capitals and rest:
        given = rest
        family = [w for w in words if w not in rest]
    else:
        given, family = words[:1], words[1:]
    return Parsed(tuple(given), _without_particles(family), others)


def written_orders(name: str) -> list[tuple[str, ...]]:
    """The words of `name` (signs left out) as a message may write them: as the phone
    has them, then with the family name on the other side of the first name."""
    words = tuple(t for t in same_spelling(name).split() if _letters(t))
    given = parse(name).given
    family = tuple(w for w in words if w not in given)
    orders = [words, (*given, *family), (*family, *given)]
    return list(dict.fromkeys(o for o in orders if o))


def _without_particles(words: list[str]) -> tuple[str, ...]:
    kept = []
    for number, word in enumerate(words):
        named_after = any(not _particle(w) for w in words[number + 1 :])
        if _particle(word) and named_after:
            continue
        elided = _ELISION.sub("", word)
        kept.append(elided if _letters(elided) else word)
    return tuple(kept)


def _particle(word: str) -> bool:
    return word.casefold().rstrip(APOSTROPHES) in PARTICLES


def _in_capitals(word: str) -> bool:
    return word.isupper() and len(_letters(word)) >= CAPITALS_FROM and not _particle(word)


def _letters(text: str) -> str:
    return "".join(c for c in text if c.isalpha())


def _initial(part: str) -> bool:
    """« B. », « Be. »: an initial already written, kept as it is (« Berthou. » is not)."""
    return part.endswith(".") and 0 < len(_letters(part)) <= WRITTEN_INITIAL


def _shortened(part: str, letters: int) -> str:
    kept = _letters(part)
    if not kept:
        return ""
    if _initial(part):
        return part
    kept = kept[: max(1, min(letters, len(kept) - 1))]
    return kept[0].upper() + kept[1:].lower() + "."


def short_names(names: Iterable[str], taken: Iterable[str] = ()) -> dict[str, str]:
    """Each name → the name shown: no two shown alike, nor like one of `taken`; names
    spelled alike but for apostrophes and spaces are one person, shown one way."""
    spelled = {name: same_spelling(name) for name in names}
    shown = _short_names(dict.fromkeys(spelled.values()), taken)
    return {name: shown[spelling] for name, spelling in spelled.items()}


def _short_names(names: Iterable[str], taken: Iterable[str]) -> dict[str, str]:
    parsed = {name: parse(name) for name in names}
    letters = dict.fromkeys(parsed, 1)
    reserved = {_key(t) for t in taken}
    changed = True
    while changed:
        changed = False
        for alike in _alike({n: p.shown(letters[n]) for n, p in parsed.items()}, reserved):
            for name in alike:
                if letters[name] < parsed[name].most_letters:
                    letters[name] += 1
                    changed = True
    return _numbered({n: p.shown(letters[n]) for n, p in parsed.items()}, reserved)


def _alike(shown: dict[str, str], reserved: set[str]) -> list[list[str]]:
    """The groups of names shown alike, with a name shown like a `taken` one alone."""
    groups: dict[str, list[str]] = {}
    for name, text in shown.items():
        groups.setdefault(_key(text), []).append(name)
    return [g for k, g in groups.items() if len(g) > 1 or k in reserved]


def _numbered(shown: dict[str, str], reserved: set[str]) -> dict[str, str]:
    """The first of names still alike keeps its name, the next ones get `2`, `3`…"""
    used = set(reserved)
    result = {}
    for name, text in shown.items():
        candidate, number = text, 1
        while _key(candidate) in used:
            number += 1
            candidate = f"{text} {number}"
        used.add(_key(candidate))
        result[name] = candidate
    return result


def _key(shown: str) -> str:
    """Two names a reader could not tell apart are one key."""
    return " ".join(unicodedata.normalize("NFKC", shown).casefold().split())


def full_family_name(name: str) -> str:
    """The first family-name word `name` shows whole, or "" when it shows only initials."""
    for word in parse(name).family:
        for part in _HYPHENS.split(word):
            if len(_letters(part)) > 1 and not _initial(part):
                return word
    return ""


def shown_as(short: str, full: str) -> bool:
    """Whether `short` (« Marie Bo. ») may be how `full` (« Marie Bonnet ») is shown: the
    same first name, and initials that start each part of the family name."""
    shown, named = parse(short), parse(full)
    if not shown.family or _folded(shown.given) != _folded(named.given):
        return False
    initials = [p for word in shown.family for p in _HYPHENS.split(word)]
    parts = [p for word in named.family for p in _HYPHENS.split(word)]
    return len(initials) == len(parts) and all(
        _initial(i) and _folded([p]).startswith(_folded([i]))
        for i, p in zip(initials, parts, strict=True)
    )


def _folded(words: Iterable[str]) -> str:
    return " ".join(_letters(w).casefold() for w in words)


@lru_cache(maxsize=4096)
def family_words(name: str) -> tuple[str, ...]:
    """The words and hyphenated parts of `name`'s family name that are not initials
    (« Lemoine-Durand » gives it, « Lemoine » and « Durand »)."""
    found = []
    for word in parse(name).family:
        parts = [p for p in _HYPHENS.split(word) if len(_letters(p)) > 1 and not _initial(p)]
        found += [word, *parts] if len(parts) > 1 else parts
    return tuple(found)
