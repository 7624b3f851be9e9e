"""What must never be published from a chat: phone numbers, e-mail addresses, real names.

Phone numbers and e-mail addresses are recognised by `sitegen.text.contacts` (libphonenumber's
rules; quantities, dates and paper identifiers are left alone). Speakers known only by a
number become stable pseudonyms; `--names` maps or pseudonymises the others, and every
other participant is shown by first name and initials (`sitegen.text.personnames`: « Pierrick
B. »), as speaker, in a mention `@⁨Pierrick Berthou⁩` and where the text writes the full
name, unless `keep_names`. The counts of what was removed are kept for the command's
report, never the values.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import partial
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from sitegen.text.contacts import EMAIL, SPACE, URL, chat_contacts, digits, is_phone_number
from sitegen.text.personnames import (
    APOSTROPHES,
    CAPITALS_FROM,
    family_words,
    parse,
    same_spelling,
    short_names,
    written_orders,
)

_PHONE_LINKS = ("wa.me", "api.whatsapp.com", "t.me")
_PHONE_KEYS = ("phone", "tel", "telephone", "mobile", "whatsapp", "number")
_TRACKING = re.compile(r"^(?:utm_\w+|fbclid|gclid|dclid|msclkid|igshid|mc_cid|mc_eid|_hs\w+)$")
_MENTION = re.compile(rf"@\u2068?(\+?\d[\d{SPACE}.\-()]{{6,}}\d)\u2069?")
_FULL_STOP = r"(?P<stop>\.(?!\.))?"
"""The full stop after a name shown as « Pierrick B. » is its initial's (never an ellipsis)."""
# The app writes a mention of a saved contact between isolation marks: `@⁨Nom Prénom⁩`.
_NAMED_MENTION = re.compile("@\u2068([^\u2068\u2069\n]{1,80})\u2069" + _FULL_STOP)
_LETTER = re.compile(r"[^\W\d_]")
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_WORD = re.compile(rf"[^\W\d_]+(?:[{APOSTROPHES}-][^\W\d_]+)*")
_VOWELS = frozenset("AEIOUY")

WORDS = {
    "fr": {"phone": "[numéro masqué]", "email": "[adresse masquée]", "pseudonym": "Participant"},
    "en": {"phone": "[number removed]", "email": "[address removed]", "pseudonym": "Participant"},
}


def _without_contacts(text: str) -> str:
    for start, end, _ in reversed(chat_contacts(text)):
        text = text[:start] + text[end:]
    return text


def _cleaned(written: str) -> str:
    return _BIDI.sub("", written).strip().lstrip("~").strip()


def _written(name: str) -> re.Pattern[str]:
    """`name` in a message: in any case, first name or family name first, with any
    apostrophe, with or without the signs after it (« Pierrick Berthou 🚴 »)."""
    orders = (r"\s+".join(map(_any_apostrophe, words)) for words in written_orders(name))
    signs = "".join(rf"(?:\s+{re.escape(sign)})?" for sign in parse(name).others)
    return re.compile(rf"(?<!\w)(?:{'|'.join(orders)})(?!\w){signs}{_FULL_STOP}", re.I)


def _any_apostrophe(word: str) -> str:
    return re.escape(word).replace("'", f"[{APOSTROPHES}]")


def _as(shown: str, match: re.Match[str]) -> str:
    """`shown` in place of a name, and the full stop after it unless `shown` ends with one."""
    stop = match.group("stop") or ""
    return shown if shown.endswith(".") else shown + stop


def mentioned(text: str) -> list[str]:
    """The saved contacts a message mentions (`@⁨Nom⁩`), as the export writes them."""
    return [m.group(1) for m in _NAMED_MENTION.finditer(text)]


def _same_number(a: str, b: str) -> bool:
    """The same line written with or without its country code: the last 9 digits agree."""
    return len(a) >= 8 and len(b) >= 8 and a[-9:] == b[-9:]


class Redactor:
    """Removes private data from names and text, and keeps pseudonyms stable."""

    def __init__(
        self, lang: str, names: Mapping[str, str | None] | None = None, keep_names: bool = False
    ) -> None:
        self.words = WORDS.get(lang, WORDS["en"])
        self.names = dict(names or {})
        self.keep_names = keep_names
        self.shortened: dict[str, str] = {}
        """A participant's name as the export writes it → first name and initials."""
        self.pseudonyms: dict[str, str] = {}
        """Number (or real name) → pseudonym, in order of first use."""
        self.removed: Counter[str] = Counter()
        """What was taken out, counted by kind."""
        self.names_shortened = 0
        """Full names written in messages shown shortened: nothing taken out."""

    def know(self, people: Iterable[str]) -> None:
        """Decide how each person is named before anything is written, so that two who
        would be shown alike both get the letters that tell them apart."""
        named = [self._named(_cleaned(written)) for written in people]
        self._shorten([name for name in named if name])

    def _shorten(self, names: list[str]) -> None:
        if self.keep_names:
            return
        known = {same_spelling(name): shown for name, shown in self.shortened.items()}
        new = [name for name in dict.fromkeys(names) if name not in self.shortened]
        # A name `know` was told of with other apostrophes is the same person.
        self.shortened.update(
            {n: known[same_spelling(n)] for n in new if same_spelling(n) in known}
        )
        mapped = [shown for shown in self.names.values() if shown]
        taken = [*mapped, *self.shortened.values()]
        self.shortened.update(short_names([n for n in new if n not in self.shortened], taken))

    def speaker(self, written: str) -> str:
        """The name shown for a speaker as the export writes it."""
        name = _cleaned(written)
        mapped = self._mapped(name)
        if mapped is not None:
            return mapped
        named = self._named(name)
        if named is None:
            return self.pseudonym(digits(name) or name)
        if named not in self.shortened:  # someone `know` was not told of
            self._shorten([named])
        return self.shortened.get(named, named)

    def _named(self, name: str) -> str | None:
        """A speaker's name, cleaned of the app's marks, without contacts; None for
        someone known only by a number, or named by `--names`."""
        if self._map_key(name) is not None:
            return None
        without = _without_contacts(name).strip(" -–,()[]~")
        return without if _LETTER.search(without) else None

    def _mapped(self, name: str) -> str | None:
        key = self._map_key(name)
        if key is None:
            return None
        return self.names[key] or self.pseudonym(digits(key) or key)

    def _map_key(self, name: str) -> str | None:
        """The line of `--names` that names this person, if any."""
        for key in self.names:
            number = digits(key)
            if key == name or (number and _same_number(number, digits(name))):
                return key
        return None

    def pseudonym(self, key: str) -> str:
        """`Participant 3`: the same person always gets the same number."""
        known = self._known(key)
        if known is not None:
            return known
        name = f"{self.words['pseudonym']} {len(self.pseudonyms) + 1}"
        self.pseudonyms[key] = name
        return name

    def _known(self, key: str) -> str | None:
        return next(
            (n for k, n in self.pseudonyms.items() if k == key or _same_number(k, key)), None
        )

    def text(self, text: str, numbers_as_names: bool = False) -> str:
        """`text` with mentions, phone numbers, e-mail addresses and trackers taken out.

        A mention of a participant's number becomes their pseudonym; with
        `numbers_as_names` (the app's notices), so does any number of a participant.
        """
        text = _NAMED_MENTION.sub(self._named_mention, text)
        text = _MENTION.sub(self._mention, _BIDI.sub("", text))
        for real, shown in self.names.items():
            if not digits(real):
                text = self._rename(text, real, shown)
        text = self._shorten_in(text)
        parts, last = [], 0
        for url in URL.finditer(text):
            parts.append(self._remove_contacts(text[last : url.start()], numbers_as_names))
            parts.append(self._url(url.group()))
            last = url.end()
        parts.append(self._remove_contacts(text[last:], numbers_as_names))
        return "".join(parts)

    def _rename(self, text: str, real: str, shown: str | None) -> str:
        pattern = re.compile(rf"(?<!\w){re.escape(real)}(?!\w)")
        text, count = pattern.subn(lambda _: shown or self.pseudonym(real), text)
        if count:
            self.removed["names replaced"] += count
        return text

    def _shorten_in(self, text: str) -> str:
        """A participant's full name written in a message, as they are shown (the longest
        names first: « Jean-Marc de La Tour » before « La Tour »)."""
        for name in sorted(self.shortened, key=len, reverse=True):
            shown = self.shortened[name]
            if shown == name:
                continue
            text, count = _written(name).subn(partial(_as, shown), text)
            self.names_shortened += count
        return text

    def doubts(self, text: str) -> list[str]:
        """What may still name someone in a message as shown, to be looked at, once a
        time: a participant's family name written alone (« Madame Dupont »), left because
        family names are often words (Petit, Blanc), and a word in capitals beside none
        (« BERNARD »), as forms write family names."""
        words = list(_WORD.finditer(text))
        family = {
            same_spelling(w).casefold() for name in self.shortened for w in family_words(name)
        }
        found = ["family name" for w in words if _capitalised(w[0]) and _folded(w[0]) in family]
        for number, word in enumerate(words):
            around = words[max(0, number - 1) : number] + words[number + 1 : number + 2]
            if _lone_capitals(word[0]) and not any(_in_capitals(w[0]) for w in around):
                found.append("all-capitals word")
        return found

    def _named_mention(self, match: re.Match[str]) -> str:
        """`@⁨Nom⁩` of a saved contact names them as they are shown; a number is left to
        `_mention`."""
        if not _LETTER.search(match.group(1)):
            return match.group()
        return _as("@" + self.speaker(match.group(1)), match)

    def _mention(self, match: re.Match[str]) -> str:
        number = digits(match.group(1))
        if not 8 <= len(number) <= 15:
            return match.group()
        self.removed["phone numbers"] += 1
        return "@" + (self._known(number) or self._mapped(number) or self.words["phone"])

    def _remove_contacts(self, text: str, numbers_as_names: bool) -> str:
        parts, last = [], 0
        for start, end, kind in chat_contacts(text):
            parts += [text[last:start], self._removed(text[start:end], kind, numbers_as_names)]
            last = end
        return "".join([*parts, text[last:]])

    def _removed(self, found: str, kind: str, numbers_as_names: bool) -> str:
        """What a contact becomes: a pseudonym for a participant's number in the app's
        notices, otherwise the words that say something was removed."""
        if kind == "email":
            self.removed["e-mail addresses"] += 1
            return self.words["email"]
        self.removed["phone numbers"] += 1
        known = self._known(digits(found)) if numbers_as_names else None
        return known or self.words["phone"]

    def _url(self, url: str) -> str:
        parts = urlsplit(url if "://" in url else f"https://{url}")
        host = parts.netloc.lower().removeprefix("www.")
        query = parse_qsl(parts.query, keep_blank_values=True)
        chat_link = host in _PHONE_LINKS and len(digits(parts.path + parts.query)) >= 8
        if chat_link or any(k.lower() in _PHONE_KEYS and is_phone_number(v) for k, v in query):
            self.removed["phone numbers"] += 1
            return self.words["phone"]
        if EMAIL.search(unquote(url)):
            self.removed["e-mail addresses"] += 1
            return self.words["email"]
        kept = [(k, v) for k, v in query if not _TRACKING.match(k)]
        if len(kept) == len(query):
            return url
        self.removed["tracking parameters"] += len(query) - len(kept)
        cleaned = urlunsplit(parts._replace(query=urlencode(kept)))
        return cleaned if "://" in url else cleaned.removeprefix("https://")


def _folded(word: str) -> str:
    return same_spelling(word).casefold()


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _in_capitals(word: str) -> bool:
    return word.isupper() and len(word) > 1


def _lone_capitals(word: str) -> bool:
    """A word in capitals that may be a name: with a vowel, which acronyms (PDF, RGPD)
    often lack."""
    letters = [c for c in word if c.isalpha()]
    vowel = any(unicodedata.normalize("NFD", c)[0] in _VOWELS for c in letters)
    return word.isupper() and len(letters) >= CAPITALS_FROM and vowel
