"""Images as nobody drew them: any metadata, any bytes, any HTML around an `<img>`."""

from __future__ import annotations

import io
from html import escape
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from sitegen.images.facts import ImageFacts
from sitegen.images.pictures import Picture
from sitegen.images.placement import placed
from sitegen.images.privacy import ORIENTATION, without_metadata
from sitegen.images.variants import variants_of
from tests.conftest import elements, fragment, raw_text

GPS = 0x8825
FORMATS = ("JPEG", "PNG", "WEBP")
words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40)


@st.composite
def photos(draw: st.DrawFn) -> tuple[bytes, int]:
    """An image in one of the formats published as they are, with EXIF and XMP blocks made
    of drawn values (the place, a name, an orientation)."""
    fmt = draw(st.sampled_from(FORMATS))
    size = (draw(st.integers(1, 40)), draw(st.integers(1, 40)))
    exif = Image.Exif()
    turned = draw(st.integers(1, 8))
    exif[ORIENTATION] = turned
    exif[0x013B] = draw(words)  # the artist's name
    exif[GPS] = {1: "N", 2: (draw(st.integers(0, 89)), 0.0, 0.0), 3: "E", 4: (2.0, 0.0, 0.0)}
    out = io.BytesIO()
    xmp = f'<x:xmpmeta><rdf:Description exif:GPSLatitude="{draw(words)}"/></x:xmpmeta>'
    extra = {"xmp": xmp.encode()} if fmt in ("JPEG", "WEBP") else {}
    Image.new("RGB", size, draw(st.sampled_from(["red", "navy"]))).save(
        out, fmt, exif=exif.tobytes(), **extra
    )
    return out.getvalue(), turned


@given(photos())
def test_a_published_copy_keeps_its_pixels_and_turn_and_loses_the_rest(
    drawn: tuple[bytes, int],
) -> None:
    data, turned = drawn
    published = without_metadata(data)
    original, kept = Image.open(io.BytesIO(data)), Image.open(io.BytesIO(published))
    assert kept.tobytes() == original.tobytes()
    exif = kept.getexif()
    assert not exif.get_ifd(GPS) and 0x013B not in exif
    assert exif.get(ORIENTATION, 1) == turned
    assert b"GPSLatitude" not in published
    assert without_metadata(published) == published


@given(st.binary(max_size=300), st.sampled_from([b"\xff\xd8", b"\x89PNG\r\n\x1a\n", b""]))
def test_any_bytes_are_copied_or_cleaned_never_a_crash(data: bytes, start: bytes) -> None:
    without_metadata(start + data)


PICTURE = Picture(
    "/images/a.png",
    ImageFacts("PNG", 2000, 1000, "0" * 32),
    variants_of(ImageFacts("PNG", 2000, 1000, "0" * 32), "a"),
    Path("a.png"),
)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["a.png", "b.png", "x"]), max_size=4), words)
def test_every_img_of_the_site_is_sized_and_no_other_markup_changes(
    sources: list[str], text: str
) -> None:
    html = "".join(f'<p>{escape(text)}</p><img src="{src}" alt="{src}">' for src in sources)

    def find(src: str) -> Picture | None:
        return PICTURE if src == "a.png" else None

    out = placed(html, find, True, lambda path: path)
    tree = fragment(out)
    images = elements(tree, "//img")
    assert [img.get("alt") for img in images] == sources
    for img in images:
        assert img.get("decoding") == "async" and img.get("loading") in ("lazy", "eager")
        if img.get("alt") == "a.png":
            assert (img.get("width"), img.get("height")) == ("1600", "800")
            parent = img.getparent()
            assert parent is not None and parent.tag == "picture"
    assert sum(img.get("loading") == "eager" for img in images) <= 1
    assert raw_text(tree) == raw_text(fragment(html))
