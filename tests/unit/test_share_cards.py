"""A share card is drawn from the words its page shows: the title set within the card at the
largest size that holds it, broken between words, shortened only as a last resort; the
disclosure's badge in its own colors; a PNG of the card's size; a damaged one in the
folder of cards is never taken; the theme's own fonts and colors win over the default's."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from sitegen.project.errors import Problems
from sitegen.publish import cardimage
from sitegen.publish.cardimage import draw_card
from sitegen.publish.cardstore import CardStore, is_whole
from sitegen.publish.cardtheme import DEFAULT_COLORS, SANS, SERIF, CardTheme, card_theme
from sitegen.publish.cardtype import BOX, TITLE_SIZES, title_layout, width
from sitegen.theme.cardviews import CARD_SIZE, CardView, CardWords
from sitegen.theme.folders import Theme
from sitegen.urls import share_card

REPO = Path(__file__).resolve().parents[2]
FONTS = REPO / "static" / "fonts"
DEFAULT_THEME = Theme((REPO / "templates",), ((REPO / "static" / "css", "css"),))


def _default_theme() -> CardTheme:
    found = card_theme(DEFAULT_THEME, Problems())
    assert found is not None
    return found


THEME = _default_theme()
SERIF_FILES = THEME.fonts.serif
GENERATED = CardWords(
    "Comment fonctionne l’attention dans un transformeur",
    "L’IA expliquée",
    "12 novembre 2025",
    "Généré par IA",
    "ai",
)


def _lines_fit(title: str) -> None:
    layout = title_layout(title, SERIF_FILES)
    most = dict(TITLE_SIZES)[layout.size]
    assert len(layout.lines) <= most
    for line in layout.lines:
        assert width(line, SERIF_FILES, layout.size, 700) <= BOX, line


@given(st.text(max_size=300))
def test_any_title_is_set_within_the_card(title: str) -> None:
    _lines_fit(title)


_WORDS = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=60)


@given(st.lists(_WORDS, max_size=40).map(" ".join).filter(lambda t: len(t) <= 300))
def test_any_title_of_long_words_is_set_within_the_card(title: str) -> None:
    _lines_fit(title)


def test_a_short_title_is_set_large_on_whole_words() -> None:
    layout = title_layout(GENERATED.title, SERIF_FILES)
    assert layout.size >= TITLE_SIZES[1][0] and not layout.shortened
    assert " ".join(layout.lines) == GENERATED.title


def test_a_long_word_makes_the_title_smaller_before_it_is_broken() -> None:
    title = "L’anticonstitutionnellement français"
    layout = title_layout(title, SERIF_FILES)
    assert layout.lines == ("L’anticonstitutionnellement", "français")
    assert layout.size < TITLE_SIZES[0][0]


def test_a_word_wider_than_the_card_is_broken_and_kept_whole() -> None:
    word = "x" * 120
    layout = title_layout(f"Le mot {word} fin", SERIF_FILES)
    assert "".join(layout.lines).replace(" ", "") == f"Lemot{word}fin"
    assert not layout.shortened


def test_only_a_title_too_long_for_the_smallest_size_ends_in_an_ellipsis() -> None:
    title = " ".join(["modèle de langage"] * 40)
    layout = title_layout(title, SERIF_FILES)
    size, most = TITLE_SIZES[-1]
    assert (layout.size, len(layout.lines), layout.shortened) == (size, most, True)
    assert layout.lines[-1].endswith("…") and not layout.lines[-1].endswith(" …")
    assert all(not line.endswith("…") for line in layout.lines[:-1])


def test_a_line_never_breaks_at_a_no_break_space() -> None:
    title = "Pourquoi « apprendre » n’est pas « comprendre » : douze malentendus"
    typeset = title.replace("« ", "«\u202f").replace(" »", "\u202f»").replace(" :", "\u00a0:")
    for line in title_layout(typeset, SERIF_FILES).lines:
        assert not line.startswith(("»", ":")) and not line.endswith("«")


def test_a_card_is_a_png_of_the_card_size() -> None:
    data = draw_card(GENERATED, THEME.fonts, THEME.palette)
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.size == CARD_SIZE == (1200, 630)
    assert image.mode == "P" and is_whole(data)
    assert len(data) < 50_000


def _color_at(data: bytes, xy: tuple[int, int]) -> tuple[int, int, int]:
    image = Image.open(io.BytesIO(data)).convert("RGB")
    r, g, b = image.getpixel(xy)  # type: ignore[misc]
    return r, g, b


BADGE_INSIDE = (cardimage.MARGIN + 10, 66)
"""A point of the badge's background, left of its words."""


def test_a_generated_post_s_card_carries_the_badge_in_its_colors() -> None:
    plain = CardWords(GENERATED.title, GENERATED.site, GENERATED.date)
    with_badge = draw_card(GENERATED, THEME.fonts, THEME.palette)
    without = draw_card(plain, THEME.fonts, THEME.palette)
    assert with_badge != without
    assert _color_at(with_badge, BADGE_INSIDE) == THEME.palette.ai[1]
    assert _color_at(without, BADGE_INSIDE) == THEME.palette.background
    translated = replace(GENERATED, badge="Traduit automatiquement", tone="translation")
    drawn = draw_card(translated, THEME.fonts, THEME.palette)
    assert _color_at(drawn, BADGE_INSIDE) == THEME.palette.translation[1]


def test_the_same_words_make_the_same_card() -> None:
    assert draw_card(GENERATED, THEME.fonts, THEME.palette) == draw_card(
        GENERATED, THEME.fonts, THEME.palette
    )


def test_the_card_s_alt_says_what_it_shows() -> None:
    card = CardView("https://example.org/blog/x/share-card.png", GENERATED)
    assert card.alt == (
        "Comment fonctionne l’attention dans un transformeur — Généré par IA"
        " — L’IA expliquée, 12 novembre 2025"
    )
    assert CardView("u", CardWords("Titre", "Blog")).alt == "Titre — Blog"


@pytest.mark.parametrize(
    ("url", "card"),
    [
        ("/2026/03/slug/", "/2026/03/slug/share-card.png"),
        ("/en/", "/en/share-card.png"),
        ("/a-propos.html", "/a-propos.png"),
        ("/notes/brouillon", "/notes/brouillon.png"),
    ],
)
def test_a_card_is_beside_its_page(url: str, card: str) -> None:
    assert share_card(url) == card


def test_a_kept_card_is_taken_back_and_a_damaged_one_is_not(tmp_path: Path) -> None:
    (tmp_path / ".sitegen-cache").mkdir()
    store = CardStore(tmp_path, writable=True)
    data = draw_card(GENERATED, THEME.fonts, THEME.palette)
    assert store.put("k", data) and store.take("k") == data
    assert store.folder is not None
    kept = store.folder / "k.png"
    kept.write_bytes(data[:-20])  # cut short
    assert store.take("k") is None
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0xFF
    kept.write_bytes(bytes(flipped))
    assert store.take("k") is None and not is_whole(bytes(flipped))
    kept.write_bytes(b"not a png")
    assert store.take("k") is None


def test_cards_are_kept_only_by_a_build_that_keeps_things(tmp_path: Path) -> None:
    assert not CardStore(tmp_path, writable=False).put("k", b"x")
    assert not (tmp_path / ".sitegen-cache").exists()
    assert not CardStore(None, writable=True).put("k", b"x")
    (tmp_path / ".sitegen-cache").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    assert not CardStore(tmp_path, writable=True).put("k", b"x")
    assert not (tmp_path / "elsewhere").exists()


def test_a_link_in_the_folder_of_cards_is_not_followed(tmp_path: Path) -> None:
    (tmp_path / ".sitegen-cache" / "cards").mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere.png"
    elsewhere.write_bytes(draw_card(GENERATED, THEME.fonts, THEME.palette))
    (tmp_path / ".sitegen-cache" / "cards" / "k.png").symlink_to(elsewhere)
    assert CardStore(tmp_path, writable=True).take("k") is None


def _theme_with(tmp_path: Path, files: dict[str, bytes]) -> Theme:
    static = tmp_path / "static"
    for rel, data in files.items():
        (static / rel).parent.mkdir(parents=True, exist_ok=True)
        (static / rel).write_bytes(data)
    return Theme((REPO / "templates",), ((REPO / "static" / "css", "css"), (static, "")))


def test_the_blog_s_own_font_and_colors_win_over_the_default_theme_s(tmp_path: Path) -> None:
    css = b":root {\n  --bg: #ffffff; --text: #000000; --accent: #aa0000;\n"
    css += b"  --ai: #4b0082; --ai-soft: #ffffff; --warn: #000000; --warn-soft: #ffff00;\n}\n"
    serif = (FONTS / SERIF[0]).read_bytes()
    files = {"css/site.css": css, f"fonts/{SERIF[0]}": serif}
    own = card_theme(_theme_with(tmp_path, files), Problems())
    assert own is not None
    assert own.palette.background == (255, 255, 255) and own.palette.accent == (170, 0, 0)
    assert own.fonts.serif[0] == str(tmp_path / "static" / "fonts" / SERIF[0])
    assert own.fonts.sans[0] == str(FONTS / SANS[0])  # the default theme's
    assert own.key != THEME.key


def test_colors_that_would_not_read_are_the_default_theme_s(tmp_path: Path) -> None:
    css = b":root { --bg: #ffffff; --text: #eeeeee; --accent: #000000; --ai: #000000;"
    css += b" --ai-soft: #ffffff; --warn: #000000; --warn-soft: #ffffff; }"
    own = card_theme(_theme_with(tmp_path, {"css/site.css": css}), Problems())
    assert own is not None and own.palette == THEME.palette
    assert THEME.palette.background == (0xFB, 0xFA, 0xF7) and DEFAULT_COLORS[0] == "#fbfaf7"


def test_a_theme_without_the_fonts_is_said_to_lack_them(tmp_path: Path) -> None:
    problems = Problems()
    bare = Theme((tmp_path,), ((tmp_path, ""),))
    assert card_theme(bare, problems) is None
    assert "font is missing" in problems.errors[0].message


def test_the_folder_of_cards_is_pruned_to_those_used_once_it_holds_too_many(
    tmp_path: Path,
) -> None:
    (tmp_path / ".sitegen-cache").mkdir()
    store = CardStore(tmp_path, writable=True)
    for n in range(70):
        assert store.put(f"k{n}", b"card")
    assert store.folder is not None
    store.prune({"k0", "k1"}, cards=3)  # 70 files, within 2 × 3 + 64
    assert len(list(store.folder.iterdir())) == 70
    store.prune({"k0", "k1"}, cards=2)  # 70 files, past 2 × 2 + 64
    assert sorted(p.name for p in store.folder.iterdir()) == ["k0.png", "k1.png"]
