"""Every page of a built blog names a share card (`og:image`) that is a file of the site, a
PNG of 1 200 × 630 pixels at an absolute address under the base path; a post's card speaks
its language and carries its disclosure; a card is drawn once for what it shows, kept
between builds, and drawn again when its entry in the cache is damaged."""

from __future__ import annotations

import io
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

from sitegen.publish import cardstore
from sitegen.publish.cardimage import Palette, draw_card
from sitegen.publish.cardtype import CardFonts
from sitegen.server.livesite import LiveSite
from sitegen.state.cache import CACHE_FOLDER
from sitegen.theme.cardviews import CardWords
from tests.conftest import (
    DEFAULT_CONFIG,
    REPO,
    Run,
    parse_html,
    post,
    sitegen,
    strings,
    write_files,
)
from tests.e2e.test_cache import EPOCH

BASE = "https://example.org/blog/"
GENERATED_FR = "2026/01/petits-modeles/index.html"
GENERATED_EN = "en/2026/01/petits-modeles/index.html"
PLAIN_FR = "2026/03/balises-piegees/index.html"
Site = Callable[..., Path]


def _bilingual(tmp_path: Path, titles: bool = True) -> Path:
    site = tmp_path / "bilingual"
    shutil.copytree(REPO / "tests/fixtures/bilingual", site)
    if titles:  # the blog's name in each language
        config = site / "sitegen.yaml"
        text = config.read_text(encoding="utf-8")
        named = "title:\n  fr: Carnets bilingues\n  en: Bilingual notebooks\n"
        config.write_text(text.replace("title: Carnets bilingues\n", named), encoding="utf-8")
    return site


def _build(site: Path, *args: str) -> Run:
    result = sitegen("build", "--source", site, *args, env=EPOCH)
    assert result.code == 0, result.err
    return result


def _meta(html: etree._Element, name: str) -> str:
    found = strings(html, f"//meta[@property='{name}' or @name='{name}']/@content")
    assert len(found) == 1, f"{name}: {found}"
    return found[0]


def _card_of(site: Path, page: str) -> bytes:
    url = _meta(parse_html(site / "public" / page), "og:image")
    assert url.startswith(BASE), url
    return (site / "public" / url.removeprefix(BASE)).read_bytes()


def test_every_page_names_its_card_a_png_of_the_card_s_size(tmp_path: Path) -> None:
    site = _bilingual(tmp_path)
    _build(site)
    pages = sorted((site / "public").rglob("*.html"))
    posts = 0
    for page in pages:
        html = parse_html(page)
        if not strings(html, "//meta[@property='og:url']/@content"):
            continue  # a redirect or the 404 page: not a page to share
        url = _meta(html, "og:image")
        assert url.startswith(BASE), (page, url)
        card = site / "public" / url.removeprefix(BASE)
        image = Image.open(io.BytesIO(card.read_bytes()))
        assert (image.format, image.size) == ("PNG", (1200, 630)), page
        assert _meta(html, "og:image:width") == "1200" and _meta(html, "og:image:height") == "630"
        assert _meta(html, "og:image:type") == "image/png" and _meta(html, "og:image:alt")
        assert _meta(html, "twitter:card") == "summary_large_image"
        assert _meta(html, "twitter:image") == url
        if _meta(html, "og:type") == "article":
            posts += 1
            assert url == _meta(html, "og:url") + "share-card.png"
    sources = (site / "content/posts").glob("*.md")
    assert posts == sum("draft: true" not in p.read_text(encoding="utf-8") for p in sources)


def test_a_listing_shows_its_language_s_card(tmp_path: Path) -> None:
    site = _bilingual(tmp_path)
    _build(site)
    home = parse_html(site / "public/en/index.html")
    assert _meta(home, "og:image") == f"{BASE}en/share-card.png"
    assert _meta(home, "og:image:alt").endswith("Bilingual notebooks")
    tags = parse_html(site / "public/tags/index.html")
    assert _meta(tags, "og:image") == f"{BASE}share-card.png"


def test_a_translation_s_card_speaks_its_language_and_says_how_it_was_made(
    tmp_path: Path,
) -> None:
    site = _bilingual(tmp_path)
    _build(site)
    french = _meta(parse_html(site / "public" / GENERATED_FR), "og:image:alt")
    english = _meta(parse_html(site / "public" / GENERATED_EN), "og:image:alt")
    assert french.endswith(" — Généré par IA — Carnets bilingues, 20 janvier 2026")
    assert english.endswith(
        " — AI-generated, machine-translated — Bilingual notebooks, January 20, 2026"
    )
    assert _card_of(site, GENERATED_FR) != _card_of(site, GENERATED_EN)
    # The badge's colors are the page's: anything generated reads as AI.
    assert _badge_color(_card_of(site, GENERATED_EN)) == (0xF1, 0xEB, 0xFB)  # --ai-soft
    translated = "2026/02/sobriete-des-modeles/index.html"
    assert _badge_color(_card_of(site, translated)) == (0xFF, 0xF4, 0xDC)  # --warn-soft
    plain = _meta(parse_html(site / "public" / PLAIN_FR), "og:image:alt")
    assert "IA" not in plain.split(" — ", 1)[1]  # no badge on the author's own text


def _badge_color(card: bytes) -> tuple[int, int, int]:
    """The color inside the badge, left of its words."""
    r, g, b = Image.open(io.BytesIO(card)).convert("RGB").getpixel((106, 66))  # type: ignore[misc]
    return r, g, b


def test_a_generated_post_s_card_is_not_the_one_it_has_unmarked(tmp_path: Path) -> None:
    site = _bilingual(tmp_path)
    _build(site)
    marked = _card_of(site, GENERATED_FR)
    source = site / "content/posts/2026-01-20-petits-modeles.md"
    text = source.read_text(encoding="utf-8")
    start, end = text.index("generated:"), text.index("---", 4)
    source.write_text(text[:start] + text[end:], encoding="utf-8")
    _build(site)
    assert _card_of(site, GENERATED_FR) != marked
    assert "Généré" not in _meta(parse_html(site / "public" / GENERATED_FR), "og:image:alt")


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[CardWords]:
    """The cards drawn, by their words, in this process."""
    seen: list[CardWords] = []

    def counted(words: CardWords, fonts: CardFonts, palette: Palette) -> bytes:
        seen.append(words)
        return draw_card(words, fonts, palette)

    monkeypatch.setattr("sitegen.publish.cardstore.draw_card", counted)
    return seen


def _cards(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site / "public").as_posix(): p.read_bytes()
        for p in (site / "public").rglob("*share-card.png")
    }


def _linked(site: Path) -> int:
    """The site's cards that are links of those its cache folder keeps."""
    kept = {p.stat().st_ino for p in (site / CACHE_FOLDER / "cards").glob("*.png")}
    return sum(p.stat().st_ino in kept for p in (site / "public").rglob("share-card.png"))


def test_a_card_is_drawn_once_for_what_it_shows(tmp_path: Path, drawn: list[CardWords]) -> None:
    site = _bilingual(tmp_path, titles=False)
    _build(site)
    first = _cards(site)
    assert len(drawn) == len(first) and len(set(drawn)) == len(drawn)
    drawn.clear()
    kept = site / CACHE_FOLDER / "cards"
    shutil.move(kept, tmp_path / "cards")  # the last build's own cards are taken unread
    new = site / "content/posts/2026-03-20-nouveau.md"
    new.write_text(post("Un nouveau billet", date="2026-03-20"), encoding="utf-8")
    _build(site)
    assert [words.title for words in drawn] == ["Un nouveau billet"]
    shutil.copytree(tmp_path / "cards", kept, dirs_exist_ok=True)  # with the new one
    drawn.clear()
    shutil.rmtree(site / "public")  # the output lost, the cache kept
    _build(site)
    after = _cards(site)
    assert drawn == [] and all(after[path] == card for path, card in first.items())


def test_a_damaged_card_in_the_cache_is_drawn_again(tmp_path: Path, drawn: list[CardWords]) -> None:
    site = _bilingual(tmp_path, titles=False)
    _build(site)
    first = _cards(site)
    kept = sorted((site / CACHE_FOLDER / "cards").glob("*.png"))
    assert len(kept) == len(set(first.values()))
    damaged = kept[0]
    damaged.write_bytes(damaged.read_bytes()[:-100])
    (kept[1]).write_bytes(b"")
    drawn.clear()
    shutil.rmtree(site / "public")
    _build(site)
    assert len(drawn) == 2 and _cards(site) == first
    assert cardstore.is_whole(damaged.read_bytes())


def test_a_text_edit_keeps_the_card_and_a_title_edit_makes_a_new_one(
    tmp_path: Path, drawn: list[CardWords]
) -> None:
    site = _bilingual(tmp_path, titles=False)
    _build(site)
    card = site / "public/2026/03/balises-piegees/share-card.png"
    before = card.stat()
    source = site / "content/posts/2026-03-10-balises-piegees.md"
    text = source.read_text(encoding="utf-8")
    drawn.clear()
    source.write_text(text + "\nUne phrase de plus.\n", encoding="utf-8")
    run = _build(site, "-v")
    stages = {line.split()[0] for line in (run.out + run.err).splitlines() if line.endswith(" ms")}
    assert "edits" in stages and "render" not in stages  # a build of text edits
    assert drawn == [] and card.stat().st_ino == before.st_ino
    html = parse_html(site / "public" / PLAIN_FR)
    assert _meta(html, "og:image") == f"{BASE}2026/03/balises-piegees/share-card.png"
    assert _meta(html, "twitter:card") == "summary_large_image"
    old = card.read_bytes()
    title = text.split("\n", 2)[1]
    source.write_text(text.replace(title, "title: Des balises piégées"), encoding="utf-8")
    _build(site)
    assert [words.title for words in drawn] == ["Des balises piégées"]
    assert card.read_bytes() != old
    assert "Des balises piégées" in _meta(parse_html(site / "public" / PLAIN_FR), "og:image:alt")


def test_cards_drawn_on_other_cores_are_those_drawn_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pools: list[int] = []

    class Pool(ProcessPoolExecutor):
        def __init__(self, max_workers: int) -> None:
            pools.append(max_workers)
            super().__init__(max_workers)

    monkeypatch.setattr("sitegen.publish.sharecards.ProcessPoolExecutor", Pool)
    monkeypatch.setattr("sitegen.publish.sharecards.PARALLEL_FROM", 2)
    monkeypatch.setattr("sitegen.publish.sharecards.CHUNK", 3)
    here, there = _bilingual(tmp_path / "here"), _bilingual(tmp_path / "there")
    assert sitegen("build", "--source", here, env={**EPOCH, "SITEGEN_JOBS": "1"}).code == 0
    assert pools == []
    assert sitegen("build", "--source", there, env={**EPOCH, "SITEGEN_JOBS": "3"}).code == 0
    assert pools == [2]  # the other cores: this one renders the pages
    assert _cards(here) == _cards(there) and len(_cards(there)) > 2 * 3

    # Each card drawn into the folder that keeps them is linked into the site from there,
    # before the next build as after it.
    assert _linked(there) == len(_cards(there)) and _linked(here) == len(_cards(here))
    assert sitegen("build", "--source", there, env={**EPOCH, "SITEGEN_JOBS": "3"}).code == 0
    assert _linked(there) == len(_cards(there))
    assert _cards(here) == _cards(there)
    # A build that keeps nothing has its cards handed over through a scratch folder.
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    made: list[Path] = []
    original = cardstore.CardStore.scratch.__func__  # type: ignore[attr-defined]

    def recorded(cls: type[cardstore.CardStore]) -> cardstore.CardStore:
        store: cardstore.CardStore = original(cls)
        made.append(store.folder or Path())
        return store

    monkeypatch.setattr(cardstore.CardStore, "scratch", classmethod(recorded))
    shutil.rmtree(there / "public")
    run = sitegen("build", "--source", there, "--no-cache", env={**EPOCH, "SITEGEN_JOBS": "3"})
    assert run.code == 0 and pools == [2, 2]
    assert [folder.parent for folder in made] == [scratch] and list(scratch.iterdir()) == []
    assert _cards(there) == _cards(here)


def test_the_build_draws_from_the_last_the_cards_no_other_process_has_started(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, drawn: list[CardWords]
) -> None:
    class Idle:
        """A pool whose processes are all still busy with something else."""

        def __init__(self, max_workers: int) -> None:
            pass

        def submit(self, *_: object) -> Future[object]:
            return Future()

        def shutdown(self, cancel_futures: bool = False) -> None:
            pass

    monkeypatch.setattr("sitegen.publish.sharecards.ProcessPoolExecutor", Idle)
    monkeypatch.setattr("sitegen.publish.sharecards.PARALLEL_FROM", 2)
    monkeypatch.setattr("sitegen.publish.sharecards.CHUNK", 3)
    here, there = _bilingual(tmp_path / "here"), _bilingual(tmp_path / "there")
    assert sitegen("build", "--source", here, env={**EPOCH, "SITEGEN_JOBS": "1"}).code == 0
    in_order = list(drawn)
    drawn.clear()
    assert sitegen("build", "--source", there, env={**EPOCH, "SITEGEN_JOBS": "2"}).code == 0
    chunks = [in_order[start : start + 3] for start in range(0, len(in_order), 3)]
    assert len(chunks) > 2 and drawn == [words for chunk in chunks[::-1] for words in chunk]
    assert _cards(here) == _cards(there) and _linked(there) == len(_cards(there))


def test_the_dev_server_serves_the_cards(tmp_path: Path) -> None:
    site = _bilingual(tmp_path)
    live = LiveSite(site, {})
    assert live.rebuild() and live.snapshot is not None
    html = parse_html(live.snapshot.files[GENERATED_EN])
    url = _meta(html, "og:image")
    served = live.snapshot.files[url.removeprefix(BASE)]
    assert Image.open(io.BytesIO(served)).size == (1200, 630)
    assert _meta(html, "og:image:alt").endswith("Bilingual notebooks, January 20, 2026")


def test_the_dev_server_keeps_a_card_until_the_words_it_shows_change(
    tmp_path: Path, drawn: list[CardWords]
) -> None:
    site = _bilingual(tmp_path)
    source = site / "content/posts/2026-01-20-petits-modeles.md"
    text = source.read_text(encoding="utf-8")
    live = LiveSite(site, {})
    try:
        assert live.rebuild() and live.snapshot is not None
        url = _meta(parse_html(live.snapshot.files[GENERATED_FR]), "og:image")
        path = url.removeprefix(BASE)
        first = live.snapshot.files[path]
        drawn.clear()
        for number in range(3):  # the same entry's card, served again and again
            source.write_text(f"{text}\nUne phrase de plus ({number}).\n", encoding="utf-8")
            assert live.rebuild(frozenset({str(source)}))
            assert drawn == [] and live.snapshot.files[path] == first
        # The words of its language change, and no front matter: its card says the new ones.
        catalog = site / "templates/i18n/fr.yaml"
        catalog.parent.mkdir(parents=True)
        catalog.write_text("badge_generated: Rédigé par une IA\n", encoding="utf-8")
        assert live.rebuild(frozenset({str(catalog)}))
        assert "Rédigé par une IA" in [words.badge for words in drawn]
        after = live.snapshot.files[path]
        assert after != first and Image.open(io.BytesIO(after)).size == (1200, 630)
    finally:
        live.close()


def test_a_bundle_s_own_file_where_the_card_goes_is_said_at_the_post_s_address(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    write_files(
        site,
        {
            "sitegen.yaml": DEFAULT_CONFIG,
            "content/posts/2026-01-15-vision/index.md": post("Vision", slug="vision"),
            "content/posts/2026-01-15-vision/share-card.png": b"\x89PNG",
        },
    )
    run = sitegen("build", "--source", site, env=EPOCH)
    assert run.code == 1
    said = [line for line in run.err.splitlines() if "share-card.png" in line]
    assert said and "content/posts/2026-01-15-vision/index.md:4:" in said[0], said
