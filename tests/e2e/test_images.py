"""A post with a large photo and a diagram, built as a reader's browser receives it: every
`<img>` sized, the photo in several widths and in AVIF and WebP, no place data published,
and the variants made once."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

from tests.conftest import Run, elements, first_in, parse_html, post, strings

GPS = 0x8825
ORIENTATION = 0x0112
PHOTO = "content/posts/2026-03-20-terrain/terrain.jpg"
PAGE = "2026/03/terrain/index.html"


def photo(width: int = 3000, height: int = 2000, turned: int = 1) -> bytes:
    """A JPEG as a phone writes it: with the place it was taken and the phone's name."""
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    exif = Image.Exif()
    exif[0x010F] = "Téléphone de test"
    exif[GPS] = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 3.0)}
    if turned != 1:
        exif[ORIENTATION] = turned
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif.tobytes())
    return out.getvalue()


def diagram(width: int = 900, height: int = 500) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (20, 90, 200, 180)).save(out, "PNG")
    return out.getvalue()


BODY = """Un premier paragraphe présente le terrain.

![Le schéma du montage](/images/schema.png)

Puis vient la photo :

![Vue d'ensemble du terrain](terrain.jpg)
"""


@pytest.fixture
def site(make_site: Callable[..., Path]) -> Path:
    return make_site(
        {
            "content/posts/2026-03-20-terrain/index.md": post(
                "Photos de terrain",
                "2026-03-20",
                BODY,
                image="{src: terrain.jpg, alt: Un dégradé du noir au blanc}",
            ),
            PHOTO: photo(),
            "static/images/schema.png": diagram(),
        }
    )


def built(site: Path, run: Callable[..., Run]) -> etree._Element:
    result = run("build", cwd=site)
    assert result.code == 0, result.err
    return parse_html(site / "public" / PAGE)


def opened(site: Path, url: str) -> Image.Image:
    """The image the site serves at `url` (an address under the base path `/`)."""
    assert url.startswith("/"), url
    return Image.open(site / "public" / url.lstrip("/"))


def srcset(value: str) -> list[tuple[str, int]]:
    pairs = [item.split() for item in value.split(",")]
    return [(url, int(width.removesuffix("w"))) for url, width in pairs]


def test_every_image_of_the_page_is_sized_and_its_variants_are_what_they_say(
    site: Path, run: Callable[..., Run]
) -> None:
    page = built(site, run)
    images = elements(page, "//main//img")
    assert len(images) == 3  # the cover, the diagram, the photo
    for img in images:
        width, height = int(img.get("width", "0")), int(img.get("height", "0"))
        assert width > 0 and height > 0, etree.tostring(img)
        assert img.get("decoding") == "async"
        fallback = opened(site, img.get("src", ""))
        assert fallback.size == (width, height)
        for url, described in srcset(img.get("srcset", "")):
            assert opened(site, url).size[0] == described
        picture = img.getparent()
        assert picture is not None and picture.tag == "picture"
        types = strings(picture, "source/@type")
        assert types == ["image/avif", "image/webp"]
        for source in elements(picture, "source"):
            fmt = {"image/avif": "AVIF", "image/webp": "WEBP"}[source.get("type", "")]
            for url, described in srcset(source.get("srcset", "")):
                variant = opened(site, url)
                assert (variant.format, variant.size[0]) == (fmt, described)
                assert not variant.getexif(), "a variant carries no metadata"
    cover, drawing, photograph = images
    assert (cover.get("loading"), cover.get("fetchpriority")) == ("eager", "high")
    assert drawing.get("loading") == photograph.get("loading") == "lazy"
    assert (int(drawing.get("width", "0")), int(drawing.get("height", "0"))) == (900, 500)


def test_a_phone_is_never_sent_the_photo_as_it_was_taken(
    site: Path, run: Callable[..., Run]
) -> None:
    page = built(site, run)
    photograph = elements(page, "//main//img")[-1]
    offered = [
        opened(site, url).size[0]
        for value in [photograph.get("srcset", ""), *strings(page, "//main//source/@srcset")]
        for url, _ in srcset(value)
    ]
    assert min(offered) <= 480
    assert max(offered) <= 1600  # the original is 3 000 pixels wide
    assert photograph.get("sizes"), "without sizes, a browser assumes the screen's width"


def test_the_place_a_photo_was_taken_is_never_published(
    site: Path, run: Callable[..., Run]
) -> None:
    built(site, run)
    published = site / "public" / "2026/03/terrain/terrain.jpg"
    assert Image.open(site / PHOTO).getexif().get_ifd(GPS), "the author's file keeps it"
    assert not Image.open(published).getexif().get_ifd(GPS)
    assert Image.open(published).size == (3000, 2000)
    for file in (site / "public/images").iterdir():
        assert not Image.open(file).getexif(), file.name


def test_a_photo_taken_sideways_is_shown_upright_at_its_turned_size(
    make_site: Callable[..., Path], run: Callable[..., Run]
) -> None:
    site = make_site(
        {
            "content/posts/2026-03-20-terrain/index.md": post(
                "Photos de terrain", "2026-03-20", "![Debout](terrain.jpg)"
            ),
            PHOTO: photo(1200, 800, turned=6),
        }
    )
    page = built(site, run)
    img = first_in(page, ".//main//img")
    assert (img.get("width"), img.get("height")) == ("800", "1200")
    assert opened(site, img.get("src", "")).size == (800, 1200)
    published = Image.open(site / "public/2026/03/terrain/terrain.jpg")
    assert published.getexif().get(ORIENTATION) == 6, "the original keeps its turn"


def test_a_second_build_reuses_the_variants_and_a_damaged_one_is_made_again(
    site: Path, run: Callable[..., Run]
) -> None:
    built(site, run)
    cache = site / ".sitegen-cache/images"
    made = {file.name: file.stat().st_mtime_ns for file in cache.iterdir()}
    assert len(made) == 3 * 4 + 3 * 2  # the photo: 4 widths; the diagram: 2; 3 formats
    text = site / "content/posts/2026-03-20-terrain/index.md"
    text.write_text(text.read_text().replace("Un premier", "Le premier"))
    built(site, run)
    assert {file.name: file.stat().st_mtime_ns for file in cache.iterdir()} == made
    damaged = next(cache.glob("*-800.webp"))
    damaged.write_bytes(damaged.read_bytes()[:100])
    text.write_text(text.read_text().replace("Le premier", "Un premier"))
    page = built(site, run)
    assert damaged.stat().st_mtime_ns != made[damaged.name]
    webp = first_in(page, ".//main//source[@type='image/webp']").get("srcset", "")
    url = next(url for url, width in srcset(webp) if width == 800)
    assert opened(site, url).size[0] == 800


def test_a_picture_replaced_under_its_name_changes_the_pages_that_show_it(
    site: Path, run: Callable[..., Run]
) -> None:
    built(site, run)
    (site / "static/images/schema.png").write_bytes(diagram(600, 600))
    (site / PHOTO).write_bytes(photo(1000, 1000))
    page = built(site, run)
    drawing = elements(page, "//main//img")[1]
    assert (drawing.get("width"), drawing.get("height")) == ("600", "600")
    assert opened(site, drawing.get("src", "")).size == (600, 600)
    home = parse_html(site / "public/index.html")
    card = first_in(home, ".//article[@class='post-card']//a[@class='cover']//img")
    assert (card.get("width"), card.get("height")) == ("1000", "1000")


def test_the_cover_opens_the_post_its_card_and_its_feed_entry(
    site: Path, run: Callable[..., Run]
) -> None:
    page = built(site, run)
    cover = first_in(page, ".//figure[@class='cover']//img")
    assert cover.get("alt") == "Un dégradé du noir au blanc"
    home = parse_html(site / "public/index.html")
    card = first_in(home, ".//article[@class='post-card']//a[@class='cover']//img")
    assert card.get("loading") == "lazy" and card.get("src") == cover.get("src")
    marks = json.loads(first_in(page, ".//script[@type='application/ld+json']").text or "")
    assert marks["image"]["url"].endswith(cover.get("src", "-"))
    feed = etree.parse(str(site / "public/feed.xml"))
    content = feed.findtext(".//{http://www.w3.org/2005/Atom}content") or ""
    entry = parse_html(content.encode())
    first = first_in(entry, ".//img")
    assert first.get("src", "").startswith("http") and first.get("src", "").endswith(
        cover.get("src", "-")
    )
    assert not strings(entry, "//@srcset") and not elements(entry, "//source")


def test_a_cover_without_alt_is_a_check_finding_and_a_missing_one_an_error(
    make_site: Callable[..., Path], run: Callable[..., Run]
) -> None:
    site = make_site(
        {
            "content/posts/2026-03-20-terrain/index.md": post(
                "Photos de terrain", "2026-03-20", "Du texte.", image="terrain.jpg"
            ),
            PHOTO: photo(800, 600),
        }
    )
    checked = run("check", cwd=site)
    said = checked.out + checked.err
    assert "index.md:4:1: image-alt" in said and "terrain.jpg" in said
    (site / PHOTO).unlink()
    failed = run("build", cwd=site)
    assert failed.code == 1
    assert "index.md:4:1: broken image `terrain.jpg`" in failed.err


SHOWN_AGAIN = "![Un autre schéma](/images/autre.png)"


def test_a_text_edit_that_shows_another_picture_publishes_its_variants(
    site: Path, run: Callable[..., Run]
) -> None:
    # The same picture under another name: its variants are named after it.
    (site / "static/images/autre.png").write_bytes(diagram())
    built(site, run)
    text = site / "content/posts/2026-03-20-terrain/index.md"
    text.write_text(
        text.read_text().replace("![Le schéma du montage](/images/schema.png)", SHOWN_AGAIN)
    )
    page = built(site, run)
    other = first_in(page, ".//main//img[@alt='Un autre schéma']")
    assert (other.get("width"), other.get("height")) == ("900", "500")
    assert "/autre-" in other.get("src", "")
    for value in [other.get("srcset", ""), *strings(page, "//main//source/@srcset")]:
        for url, width in srcset(value):
            assert opened(site, url).size[0] == width
