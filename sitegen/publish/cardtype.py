"""The share cards' type: their fonts, words measured and drawn, and the title set in lines.

The title is set at the largest size that holds it on whole words, in lines as even as they
can be; a word wider than the card is broken at the smallest size (as the page's
`overflow-wrap` breaks it), and an ellipsis ends the title only when even that size lacks
lines. A line breaks at a space, never at a no-break one (French puts them before « ; : ! ?
» and inside numbers).

Words are the unit: each is measured and drawn once a process (kept by its text, font and
size), then placed, so that a card costs what its new words cost: function words, the
blog's name and the badge are drawn once for a thousand cards. A line's width is the sum
of its words' and spaces' advances, which is where they are placed, so a line measured to
fit is drawn within the card.
"""

from __future__ import annotations

import unicodedata
from contextlib import suppress
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image, ImageFont

BOX = 1008
"""The width of every line of text, in pixels."""
TITLE_SIZES = ((76, 3), (66, 4), (56, 5), (48, 6))
"""The title's sizes in pixels, largest first, and the lines each may take."""
TITLE_WEIGHT = 700
ELLIPSIS = "…"
NO_BREAK = frozenset("\u00a0\u2007\u202f\u2060")


@dataclass(frozen=True, slots=True)
class CardFonts:
    """The font files, each family's main file first, then those with more characters."""

    serif: tuple[str, ...]
    sans: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TitleLayout:
    size: int
    lines: tuple[str, ...]
    shortened: bool = False


def title_layout(title: str, serif: tuple[str, ...]) -> TitleLayout:
    """The title's lines at the largest size that holds it whole, its words whole; at the
    smallest, a word wider than the card broken, and the end left out if it must be."""
    words = _words(title)
    weight = TITLE_WEIGHT
    for size, most in TITLE_SIZES[:-1]:
        lines = _wrapped(words, serif, size, weight, whole=True)
        if lines is not None and len(lines) <= most:
            return TitleLayout(size, tuple(_balanced(lines, serif, size, weight)))
    size, most = TITLE_SIZES[-1]
    lines = _wrapped(words, serif, size, weight, whole=False) or [""]
    if len(lines) <= most:
        whole = " ".join(lines) == " ".join(words)  # no word broken
        return TitleLayout(size, tuple(_balanced(lines, serif, size, weight) if whole else lines))
    last = fitted(lines[most - 1], serif, size, weight, BOX, shorten=True)
    return TitleLayout(size, (*lines[: most - 1], last), shortened=True)


def width(text: str, files: tuple[str, ...], size: int, weight: int) -> float:
    """The text's width in pixels as `put` draws it: its words' and spaces' advances, each
    character in the first file that has it."""
    total = 0.0
    for path, run in _runs(text, files):
        words = run.split(" ")
        total += sum(_advance(word, path, size, weight) for word in words)
        total += (len(words) - 1) * _advance(" ", path, size, weight)
    return total


def put(
    image: Image.Image,
    at: tuple[float, int],
    text: str,
    files: tuple[str, ...],
    size: int,
    weight: int,
    ink: int,
) -> None:
    """`text` in `ink` from its left end at `at`, on its baseline, word by word."""
    x, baseline = at
    for path, run in _runs(text, files):
        space = _advance(" ", path, size, weight)
        for n, word in enumerate(run.split(" ")):
            x += space if n else 0.0
            if word:
                mask, left, top = _drawn(word, path, size, weight)
                image.paste(ink, (round(x) + left, baseline + top), mask)
                x += _advance(word, path, size, weight)


def fitted(
    text: str, files: tuple[str, ...], size: int, weight: int, room: float, shorten: bool = False
) -> str:
    """`text`, or as much of it as fits in `room` with an ellipsis, cut between words when it
    can; with `shorten`, the ellipsis is there whatever the width."""
    if not shorten and width(text, files, size, weight) <= room:
        return text
    words = text.split(" ")
    while len(words) > 1:
        kept = " ".join(words).rstrip(" ,;:.\u00a0\u202f") + ELLIPSIS
        if width(kept, files, size, weight) <= room:
            return kept
        words.pop()
    cut = _longest(words[0], files, size, weight, room - width(ELLIPSIS, files, size, weight))
    return words[0][:cut] + ELLIPSIS


def ascent_descent(path: str, size: int, weight: int) -> tuple[int, int]:
    ascent, descent = _font(path, size, weight).getmetrics()
    return ascent, descent


def _words(title: str) -> list[str]:
    """The title's words: split at the spaces a line may break at."""
    spaced = "".join(" " if c.isspace() and c not in NO_BREAK else c for c in title)
    return [word for word in spaced.split(" ") if word]


def _wrapped(
    words: list[str], files: tuple[str, ...], size: int, weight: int, whole: bool
) -> list[str] | None:
    """The words in lines of at most `BOX`, each line as full as it can be; a word wider
    than that is broken, unless it must stay `whole` (None then)."""
    lines: list[str] = []
    line = ""
    for word in words:
        joined = f"{line} {word}" if line else word
        if width(joined, files, size, weight) <= BOX:
            line = joined
            continue
        if line:
            lines.append(line)
        line = word
        while width(line, files, size, weight) > BOX:  # one word wider than the card
            if whole:
                return None
            cut = max(1, _longest(line, files, size, weight, BOX))
            lines.append(line[:cut])
            line = line[cut:]
    return [*lines, line] if line else lines


def _balanced(lines: list[str], files: tuple[str, ...], size: int, weight: int) -> list[str]:
    """The same words in as many lines, as even as they can be (CSS's `text-wrap: balance`):
    wrapped at the narrowest width that needs no more lines, found by halves."""
    words = " ".join(lines).split(" ")
    if len(lines) < 2:
        return lines
    widths = [width(word, files, size, weight) for word in words]
    space = width(" ", files, size, weight)
    low, high = max(widths), float(BOX)
    while high - low > 1:
        middle = (low + high) / 2
        fewer = len(_starts(widths, space, middle)) <= len(lines)
        low, high = (low, middle) if fewer else (middle, high)
    starts = [*_starts(widths, space, high), len(words)]
    even = [" ".join(words[a:b]) for a, b in pairwise(starts)]
    fits = all(width(line, files, size, weight) <= BOX for line in even)
    return even if fits and len(even) == len(lines) else lines


def _starts(widths: list[float], space: float, room: float) -> list[int]:
    """Where each line starts when words of these `widths` fill lines of `room`."""
    starts, used = [0], 0.0
    for i, word in enumerate(widths):
        if i > starts[-1] and used + space + word > room:
            starts.append(i)
            used = word
        else:
            used = word if i == starts[-1] else used + space + word
    return starts


def _longest(word: str, files: tuple[str, ...], size: int, weight: int, room: float) -> int:
    """How many characters of `word` fit in `room` (found by halves: a long word is measured
    a few times, not once a character), never parting a letter from its accents."""
    low, high = 0, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if width(word[:middle], files, size, weight) <= room:
            low = middle
        else:
            high = middle - 1
    while 0 < low < len(word) and unicodedata.combining(word[low]):
        low -= 1
    return low


def _runs(text: str, files: tuple[str, ...]) -> list[tuple[str, str]]:
    """The text in runs, each set in the first file that has all its characters (the
    theme's fonts come in a Latin file and a Latin Extended one)."""
    main = files[0]
    if len(files) == 1 or all(_has(main, char) for char in set(text)):
        return [(main, text)]
    runs: list[tuple[str, str]] = []
    for char in text:
        path = next((p for p in files if _has(p, char)), main)
        if runs and (runs[-1][0] == path or char == " "):
            runs[-1] = (runs[-1][0], runs[-1][1] + char)
        else:
            runs.append((path, char))
    return runs


@lru_cache(maxsize=8192)
def _advance(word: str, path: str, size: int, weight: int) -> float:
    return float(_font(path, size, weight).getlength(word))


@lru_cache(maxsize=512)
def _drawn(word: str, path: str, size: int, weight: int) -> tuple[Image.Image, int, int]:
    """The word drawn once (its coverage, 0 to 255), and where it lies from the pen on the
    baseline. Kept for the last 512 words met: some 10 MB."""
    from PIL import Image, ImageDraw

    font = _font(path, size, weight)
    left, top, right, bottom = map(int, font.getbbox(word, anchor="ls"))
    mask = Image.new("L", (max(1, right - left), max(1, bottom - top)), 0)
    ImageDraw.Draw(mask).text((-left, -top), word, font=font, fill=255, anchor="ls")
    return mask, left, top


@lru_cache(maxsize=4096)
def _has(path: str, char: str) -> bool:
    """Whether the font draws `char` (anything but its .notdef box); each character asked
    once a process."""
    font = _font(path, 48, 400)
    return _glyph(font, char) != _glyph(font, "\U0010fffe")


def _glyph(font: ImageFont.FreeTypeFont, char: str) -> tuple[object, ...]:
    """What tells a glyph from the .notdef box: its extent and its advance."""
    return font.getbbox(char), font.getlength(char)


@lru_cache(maxsize=64)
def _font(path: str, size: int, weight: int) -> ImageFont.FreeTypeFont:
    """The font at `size` and `weight` (a variable font's axis; a font of one weight is
    taken as it is), loaded once a process."""
    from PIL import ImageFont

    font = ImageFont.truetype(path, size)
    with suppress(OSError):
        font.set_variation_by_axes([weight])
    return font
