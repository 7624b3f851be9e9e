"""The sizes and formats each image is published in, made once and kept by content.

A 3 000 × 2 000 photo is never sent to a phone as it is: each image the blog shows is
published at the widths a reader's screen may ask for, in its own format and in WebP and
AVIF, which carry the same picture in a half and a third of the bytes. Each variant is made
once, kept in `.sitegen-cache/images/` under the digest of the original's bytes and of the
recipe below, and linked from there into every build after.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sitegen.images.facts import RESIZED, ImageFacts
from sitegen.urls import image_variant, slugify

if TYPE_CHECKING:
    from PIL import Image

WIDTHS = (480, 800, 1200, 1600)
"""A phone, a phone at twice the density or a tablet, a laptop's column at twice the
density; 1 600 pixels is the column at the densest screens."""
CLOSEST = 0.8
"""A width within this share of the largest one is left out: it would save little."""
FORMATS = {"avif": "image/avif", "webp": "image/webp"}
"""The formats offered before the original's, best first (browsers take the first they read)."""
MEDIA_TYPES = {"jpg": "image/jpeg", "png": "image/png", **FORMATS}
_SETTINGS: dict[str, dict[str, object]] = {
    "jpg": {"quality": 82, "optimize": True, "progressive": True},
    "png": {"optimize": False, "compress_level": 7},
    "webp": {"quality": 80, "method": 4},
    # Speed 8 of libavif's 10: a tenth of the time of its default for 2 % more bytes.
    "avif": {"quality": 60, "speed": 8},
}
RECIPE = "2026-12 " + repr(sorted(_SETTINGS.items()))
"""What makes a variant besides its original: a change here names every variant anew."""


@dataclass(frozen=True, slots=True)
class Variant:
    """One published copy of an image: its address, size and format."""

    url: str
    """Its site path, `/images/schema-3f2a9c01d4-800.webp`."""
    width: int
    height: int
    extension: str

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.extension]


def widths_of(facts: ImageFacts) -> tuple[int, ...]:
    """The widths an image is published at: those of `WIDTHS` below its own, and the largest
    it may have."""
    largest = min(facts.width, WIDTHS[-1])
    return (*(w for w in WIDTHS if w <= largest * CLOSEST), largest)


def extensions_of(facts: ImageFacts) -> tuple[str, ...]:
    """The formats an image is published in: AVIF, WebP, then its own."""
    own = RESIZED[facts.format]
    return (*(e for e in FORMATS if e != own), own)


def variants_of(facts: ImageFacts, stem: str) -> tuple[Variant, ...]:
    """Every variant of the image `stem` (its file's name), in `extensions_of` order, each
    format's from the narrowest."""
    name = f"{slugify(stem)[:40] or 'image'}-{_named(facts)[:10]}"
    return tuple(
        Variant(image_variant(name, width, ext), width, _height(facts, width), ext)
        for ext in extensions_of(facts)
        for width in widths_of(facts)
    )


def _named(facts: ImageFacts) -> str:
    return hashlib.blake2b(f"{facts.digest} {RECIPE}".encode(), digest_size=16).hexdigest()


def _height(facts: ImageFacts, width: int) -> int:
    return max(1, round(facts.height * width / facts.width))


class VariantStore:
    """The variants made so far, in the cache's `images/` folder: each file named by what it
    holds, written whole or not at all."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.made = 0
        """Variants encoded by this store (the others were found made)."""

    def file_of(self, facts: ImageFacts, variant: Variant) -> Path:
        return self.folder / f"{_named(facts)}-{variant.width}.{variant.extension}"

    def missing(self, facts: ImageFacts, variants: tuple[Variant, ...]) -> list[Variant]:
        return [v for v in variants if not self._holds(self.file_of(facts, v), v)]

    def make(self, data: bytes, facts: ImageFacts, variants: list[Variant]) -> None:
        """Encode `variants` from the original's bytes, decoded once."""
        if not variants:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        for variant, encoded in _encoded(data, variants):
            target = self.file_of(facts, variant)
            part = target.with_name(f".{target.name}.{os.getpid()}")
            part.write_bytes(encoded)
            os.replace(part, target)
            self.made += 1

    @staticmethod
    def _holds(file: Path, variant: Variant) -> bool:
        """Whether `file` is the variant, as far as its header tells: a file damaged or cut
        short in the cache is made again."""
        from PIL import Image

        try:
            with Image.open(file) as image:
                image.verify()
                return bool(image.size == (variant.width, variant.height))
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
            return False


def _encoded(data: bytes, variants: list[Variant]) -> Iterator[tuple[Variant, bytes]]:
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as opened:
        icc = opened.info.get("icc_profile")
        upright = ImageOps.exif_transpose(opened)
        # EXIF is not carried over: a variant says nothing of where or with what it was taken.
        picture = upright.convert("RGBA" if _has_alpha(upright) else "RGB")
    for width in sorted({v.width for v in variants}, reverse=True):
        height = next(v.height for v in variants if v.width == width)
        resized = (
            picture
            if picture.width == width
            else picture.resize((width, height), Image.Resampling.LANCZOS)
        )
        for variant in (v for v in variants if v.width == width):
            yield variant, _saved(resized, variant.extension, icc)


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def _saved(image: Image.Image, extension: str, icc: object) -> bytes:
    if extension == "jpg" and image.mode == "RGBA":
        image = image.convert("RGB")
    out = io.BytesIO()
    extra = {"icc_profile": icc} if isinstance(icc, bytes) else {}
    image.save(
        out, {"jpg": "JPEG"}.get(extension, extension.upper()), **_SETTINGS[extension], **extra
    )
    return out.getvalue()
