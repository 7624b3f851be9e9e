"""A share card, drawn: the picture a link to a page shows on social networks (Open Graph's
`og:image`), 1 200 × 630 pixels, as a PNG.

The disclosure's badge at the top, the title in the theme's serif (`cardtype.py` sets it),
the blog's name and the date at the bottom in its sans, an accent down the left edge.

The picture has sixteen colors, 4 bits a pixel: each text is drawn in a grayscale image
whose values are the palette's indices (antialiasing blends from the background's index to
the ink's, so a ramp of indices between two colors is a ramp of shades), and the PNG is
written here, without a quantizing pass. A card costs a few milliseconds, most of it
FreeType's and zlib's.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from sitegen.publish import cardtype
from sitegen.publish.cardtype import (
    BOX,
    TITLE_WEIGHT,
    CardFonts,
    TitleLayout,
    ascent_descent,
    fitted,
    put,
    title_layout,
    width,
)
from sitegen.theme.cardviews import CARD_SIZE, CardWords

if TYPE_CHECKING:
    from PIL import Image, ImageDraw

WIDTH, HEIGHT = CARD_SIZE


def _drawing() -> str:
    """The drawing's version: the source of this module and of the type's, and the version
    of Pillow, whose wheels carry the FreeType that draws the glyphs. A card drawn by other
    code is drawn again, with nobody to remember to say so. Read from the installed
    package, not by importing Pillow: a build that draws no card does not load it."""
    made_by = [Path(__file__).read_bytes(), Path(cardtype.__file__).read_bytes()]
    made_by.append(version("pillow").encode())
    return hashlib.blake2b(b"\0".join(made_by), digest_size=16).hexdigest()


LAYOUT = _drawing()
"""In every card's key."""
MARGIN = (WIDTH - BOX) // 2
LEADING = 1.2
TITLE_BOTTOM = 500
COMPRESSION = 1
"""zlib's level, measured on a thousand titles: 1 draws a card in 3.4 ms and 14.5 KB, 3 in
3.8 ms and 12.7 KB, 6 in 6.1 ms and 10 KB. Time is what ten thousand cards cost."""
PAD = 2
"""Blank pixels left of the card in the image drawn: packed two a byte, they are the byte
each row of a PNG starts with (0: the row unfiltered), so the image's bytes are the PNG's
rows as they are."""

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


def draw_card(text: CardWords, fonts: CardFonts, palette: Palette) -> bytes:
    """The card's PNG."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (PAD + WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(image)
    draw.rectangle((PAD, 0, PAD + 13, HEIGHT), fill=ACCENT)
    top = 64
    if text.badge:
        top = _badge(image, draw, text.badge, fonts.sans) + 36
    _title(image, title_layout(text.title, fonts.serif), fonts.serif, top)
    _footer(image, text, fonts.sans)
    return _png(image, _palette(palette, text.tone))


def _title(image: Image.Image, layout: TitleLayout, serif: tuple[str, ...], top: int) -> None:
    """The title's lines, centered between `top` and the footer."""
    ascent, descent = ascent_descent(serif[0], layout.size, TITLE_WEIGHT)
    step = round(layout.size * LEADING)
    height = ascent + descent + step * (len(layout.lines) - 1)
    baseline = top + max(0, (TITLE_BOTTOM - top - height) // 2) + ascent
    for line in layout.lines:
        put(image, (PAD + MARGIN, baseline), line, serif, layout.size, TITLE_WEIGHT, TEXT)
        baseline += step


def _badge(image: Image.Image, draw: ImageDraw.ImageDraw, badge: str, sans: tuple[str, ...]) -> int:
    """The disclosure's badge, as the page's: its words on its colors; where it ends."""
    words = fitted(badge, sans, 26, 600, BOX - 40)
    right = PAD + MARGIN + 40 + round(width(words, sans, 26, 600))
    box = (PAD + MARGIN, 56, right, 106)
    draw.rounded_rectangle(box, 8, fill=BADGE_BACK, outline=BADGE, width=2)
    put(image, (PAD + MARGIN + 20, 90), words, sans, 26, 600, BADGE)
    return 106


def _footer(image: Image.Image, text: CardWords, sans: tuple[str, ...]) -> None:
    """The site's name, and the date at the other end of the line."""
    date = fitted(text.date, sans, 28, 400, BOX / 2)
    date_width = width(date, sans, 28, 400)
    put(image, (PAD + WIDTH - MARGIN - date_width, 566), date, sans, 28, 400, TEXT)
    room = BOX - date_width - (40 if date else 0)
    put(image, (PAD + MARGIN, 566), fitted(text.site, sans, 28, 700, room), sans, 28, 700, TEXT)


@lru_cache(maxsize=16)
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
    """A PNG of 4 bits a pixel, its rows unfiltered (a palette's indices gain nothing from
    PNG's filters): the image's bytes, each row opened by the `PAD` pixels."""
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 4, 3, 0, 0, 0)
    rows = image.tobytes("raw", "L;4")
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
