"""What templates see of a share card, the picture a shared link shows (`og:image`): where
it is and the words it shows, which `publish/sharecards.py` draws."""

from __future__ import annotations

from dataclasses import dataclass

from sitegen.content.disclosure import Disclosure

CARD_SIZE = (1200, 630)
"""A share card's size in pixels: the 1.91:1 picture Open Graph's consumers show widest."""


@dataclass(frozen=True, slots=True)
class CardWords:
    """What a share card shows, as its page shows it: the card is drawn from these alone."""

    title: str
    site: str
    date: str = ""
    badge: str = ""
    """The disclosure's badge: a shared link carries it too."""
    tone: str = ""
    """The badge's colors: `ai` for anything generated, `translation` for a translation."""


@dataclass(frozen=True, slots=True)
class CardView:
    """A page's share card: its address, whole (Open Graph reads no relative one), and its
    words."""

    url: str
    words: CardWords
    width: int = CARD_SIZE[0]
    height: int = CARD_SIZE[1]
    type: str = "image/png"

    @property
    def alt(self) -> str:
        """What the card shows, in the page's language since its words are: the
        `og:image:alt` a reader who does not see the picture is given."""
        words = self.words
        shown = (words.title, words.badge, ", ".join(filter(None, (words.site, words.date))))
        return " — ".join(filter(None, shown))


def tone(disclosure: Disclosure | None) -> str:
    """The colors of a disclosure's badge, as the page's (`.badge-generated…` and
    `.badge-translated`): anything generated reads as AI; none without a badge."""
    if disclosure is None:
        return ""
    return "ai" if disclosure.kind.startswith("generated") else "translation"
