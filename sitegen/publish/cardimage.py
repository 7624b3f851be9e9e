"""A share card, drawn: the picture a link to a page shows on social networks (Open Graph's
`og:image`), 1 200 × 630 pixels, as a PNG.

The title is set in the theme's serif, bold, as large as it fits in its lines, broken
between words (a word wider than the card is broken as the page's `overflow-wrap` breaks
it); an ellipsis ends it only when even the smallest size holds too few lines. The
disclosure's badge is above it, the site's name and the date below, in the theme's sans.

The picture has sixteen colors, 4 bits a pixel: each text is drawn in a grayscale image
whose values are the palette's indices (antialiasing blends from the background's index to
the ink's, so a ramp of indices between two colors is a ramp of shades), and the PNG is
written here, without a quantizing pass. A card costs a few milliseconds, most of it zlib.
"""

from __future__ import annotations

import struct
import unicodedata
import zlib
from contextlib import suppress
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from PIL import Image, ImageDraw, ImageFont

from sitegen.theme.cardviews import CARD_SIZE, CardWords

WIDTH, HEIGHT = CARD_SIZE
LAYOUT = "2"
"""The drawing's version: in every card's key, changed with what this module draws."""
MARGIN = 96
BOX = WIDTH - 2 * MARGIN
"""The width of every line of text."""
TITLE_SIZES = ((76, 3), (66, 4), (56, 5), (48, 6))
"""The title's sizes in pixels, largest first, and the lines each may take."""
LEADING = 1.2
TITLE_BOTTOM = 500
ELLIPSIS = "…"
NO_BREAK = frozenset("\u00a0\u2007\u202f\u2060")
"""Spaces a line never breaks at: French puts them before « ; : ! ? » and in numbers."""
COMPRESSION = 3
"""zlib's level: 1 is 10 % quicker and 15 % bigger, 6 twice as slow for 20 % less."""

RGB = tuple[int, int, int]
# The palette's indices: the text's ramp from the background (0) to the text (6), the
# accent, and the badge's ramp from its background (8) to its ink (15).
TEXT, ACCENT, BADGE_BACK, BADGE = 6, 7, 8, 15


@dataclass(frozen=True, slots=True)
class Palette:
    background: RGB
    text: RGB
    accent: RGB
    ai: tuple[RGB, RGB]
    """A generated text's badge: ink, background."""
    translation: tuple[RGB, RGB]


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


def draw_card(text: CardWords, fonts: CardFonts, palette: Palette) -> bytes:
    """The card's PNG."""
    image = Image.new("L", (WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 13, HEIGHT), fill=ACCENT)
    top = 64
    if text.badge:
        top = _badge(draw, text.badge, fonts.sans) + 36
    layout = title_layout(text.title, fonts.serif)
    _title(draw, layout, fonts.serif, top)
    _footer(draw, text, fonts.sans)
    return _png(image, _palette(palette, text.tone))


def title_layout(title: str, serif: tuple[str, ...]) -> TitleLayout:
    """The title's lines at the largest size that holds it whole, its words whole; at the
    smallest, a word wider than the card broken, and the end left out if it must be."""
    words = _words(title)
    for size, most in TITLE_SIZES[:-1]:
        lines = _wrapped(words, serif, size, 700, whole=True)
        if lines is not None and len(lines) <= most:
            return TitleLayout(size, tuple(_balanced(lines, serif, size, 700)))
    size, most = TITLE_SIZES[-1]
    lines = _wrapped(words, serif, size, 700, whole=False) or [""]
    if len(lines) <= most:
        whole = " ".join(lines) == " ".join(words)  # no word broken
        return TitleLayout(size, tuple(_balanced(lines, serif, size, 700) if whole else lines))
    last = fitted(lines[most - 1], serif, size, 700, BOX, shorten=True)
    return TitleLayout(size, (*lines[: most - 1], last), shortened=True)


def width(text: str, files: tuple[str, ...], size: int, weight: int) -> float:
    """The text's width in pixels, each character in the first file that has it."""
    return sum(_font(path, size, weight).getlength(run) for path, run in _runs(text, files))


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
    wrapped at the narrowest width that needs no more lines, found by halves over the words'
    widths added up (each word measured once), then measured whole."""
    words = " ".join(lines).split(" ")
    if len(lines) < 2:
        return lines
    widths = [width(word, files, size, weight) for word in words]
    space = width(" ", files, size, weight)
    low, high = max(widths), float(BOX)
    while high - low > 1:
        middle = (low + high) / 2
        low, high = (
            (low, middle) if len(_starts(widths, space, middle)) <= len(lines) else (middle, high)
        )
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


def _title(
    draw: ImageDraw.ImageDraw, layout: TitleLayout, serif: tuple[str, ...], top: int
) -> None:
    """The title's lines, centered between `top` and the footer."""
    ascent, descent = _font(serif[0], layout.size, 700).getmetrics()
    step = round(layout.size * LEADING)
    height = ascent + descent + step * (len(layout.lines) - 1)
    baseline = top + max(0, (TITLE_BOTTOM - top - height) // 2) + ascent
    for line in layout.lines:
        _put(draw, (MARGIN, baseline), line, serif, layout.size, 700, TEXT)
        baseline += step


def _badge(draw: ImageDraw.ImageDraw, badge: str, sans: tuple[str, ...]) -> int:
    """The disclosure's badge, as the page's: its words on its colors; where it ends."""
    words = fitted(badge, sans, 26, 600, BOX - 40)
    right = MARGIN + 40 + round(width(words, sans, 26, 600))
    draw.rounded_rectangle((MARGIN, 56, right, 106), 8, fill=BADGE_BACK, outline=BADGE, width=2)
    _put(draw, (MARGIN + 20, 90), words, sans, 26, 600, BADGE)
    return 106


def _footer(draw: ImageDraw.ImageDraw, text: CardWords, sans: tuple[str, ...]) -> None:
    """The site's name, and the date at the other end of the line."""
    date = fitted(text.date, sans, 28, 400, BOX / 2)
    date_width = width(date, sans, 28, 400)
    _put(draw, (WIDTH - MARGIN - round(date_width), 566), date, sans, 28, 400, TEXT)
    room = BOX - date_width - (40 if date else 0)
    _put(draw, (MARGIN, 566), fitted(text.site, sans, 28, 700, room), sans, 28, 700, TEXT)


def _put(
    draw: ImageDraw.ImageDraw,
    at: tuple[int, int],
    text: str,
    files: tuple[str, ...],
    size: int,
    weight: int,
    ink: int,
) -> None:
    """`text` from its left end at `at` on its baseline, run by run of the same file."""
    x, baseline = at
    for path, run in _runs(text, files):
        font = _font(path, size, weight)
        draw.text((x, baseline), run, font=font, fill=ink, anchor="ls")
        x += round(font.getlength(run))


def _runs(text: str, files: tuple[str, ...]) -> list[tuple[str, str]]:
    """The text in runs, each set in the first file that has all its characters (the
    theme's fonts come in a Latin file and a Latin Extended one)."""
    if text.isascii() or len(files) == 1:
        return [(files[0], text)]
    runs: list[tuple[str, str]] = []
    for char in text:
        path = next((p for p in files if _has(p, char)), files[0])
        if runs and (runs[-1][0] == path or char == " "):
            runs[-1] = (runs[-1][0], runs[-1][1] + char)
        else:
            runs.append((path, char))
    return runs


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
    font = ImageFont.truetype(path, size)
    with suppress(OSError):
        font.set_variation_by_axes([weight])
    return font


def _palette(palette: Palette, tone: str) -> bytes:
    """The sixteen colors: the text's ramp, the accent, the badge's ramp."""
    ink, back = palette.ai if tone == "ai" else palette.translation
    colors = [_mix(palette.background, palette.text, i / TEXT) for i in range(TEXT + 1)]
    colors.append(palette.accent)
    steps = BADGE - BADGE_BACK
    colors += [_mix(back, ink, i / steps) for i in range(steps + 1)]
    return bytes(value for color in colors for value in color)


def _mix(start: RGB, end: RGB, part: float) -> RGB:
    r, g, b = (round(a + (z - a) * part) for a, z in zip(start, end, strict=True))
    return r, g, b


def _png(image: Image.Image, palette: bytes) -> bytes:
    """A PNG of 4 bits a pixel: each row packed two pixels a byte, unfiltered (a palette's
    indices gain nothing from PNG's filters)."""
    packed = image.tobytes("raw", "L;4")
    row = WIDTH // 2
    rows = b"".join(b"\0" + packed[i : i + row] for i in range(0, len(packed), row))
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 4, 3, 0, 0, 0)
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", header),
            _chunk(b"PLTE", palette),
            _chunk(b"IDAT", zlib.compress(rows, COMPRESSION)),
            _chunk(b"IEND", b""),
        )
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
