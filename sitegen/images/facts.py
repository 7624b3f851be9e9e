"""What an image file is: its format, its size as a reader sees it, and the digest of its
bytes, which names its variants (`variants.py`)."""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

RESIZED = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
"""The formats published in several sizes, and the extension of each. A GIF may move, an SVG
has no pixels, an AVIF is already small: they are sent as they are, with their size."""
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif")
"""The files read as images: their size goes into the page."""
MAX_PIXELS = 80_000_000
"""Larger pictures are refused (Pillow's own guard against decompression bombs is a warning)."""


@dataclass(frozen=True, slots=True)
class ImageFacts:
    """One image file: its format (`JPEG`…), its width and height once turned upright, and
    the digest of its bytes."""

    format: str
    width: int
    height: int
    digest: str

    @property
    def resized(self) -> bool:
        """Whether it is published in several sizes and formats."""
        return self.format in RESIZED


class NotAnImage(ValueError):
    """The bytes are not an image Pillow reads, or one too large to open."""


def facts_of(data: bytes) -> ImageFacts:
    """The facts of an image's bytes; only its header is decoded."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise NotAnImage(f"{width} × {height} pixels: more than sitegen resizes")
                # A phone's photo is stored sideways with an EXIF note to turn it: the page
                # must reserve the size it is shown at.
                if _turned(image):
                    width, height = height, width
                kind = str(image.format)
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError) as exc:
        raise NotAnImage(str(exc) or "not an image") from None
    except Image.DecompressionBombWarning as exc:
        raise NotAnImage(str(exc)) from None
    return ImageFacts(kind, width, height, hashlib.blake2b(data, digest_size=16).hexdigest())


def _turned(image: Image.Image) -> bool:
    """Whether the EXIF orientation swaps width and height (5 to 8: a quarter turn)."""
    return image.getexif().get(0x0112, 1) in (5, 6, 7, 8)


def is_image(path: Path | str) -> bool:
    return str(path).lower().endswith(IMAGE_SUFFIXES)
