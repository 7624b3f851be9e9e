"""The disclosure travels with the text: what a social preview, a search result, a feed
reader or a podcast app shows of a post, away from its notice, says how it was made.

Over the bilingual fixture (every combination of `generated` and `translated`, and an English
post read by a synthetic voice) and small sites of their own, built by the real `sitegen`.
"""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from sitegen.text.typography import typeset
from tests.conftest import elements, fragment, parse_html, post, sitegen, strings, text_of

MakeSite = Callable[..., Path]

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "bilingual"
ORIGIN = "https://example.org"
ATOM = "{http://www.w3.org/2005/Atom}"
AI_SOURCE = "https://schema.org/TrainedAlgorithmicMediaDigitalSource"
VOICE_EN = "Synthetic voice (Aurora Speech 2)"

# The fixture's posts: (address, label, the description its author wrote).
CARNET = (
    "/blog/2026/01/carnet-de-bord/",
    "",
    "Un mois d’essais quotidiens, sans protocole savant, avec trois assistants conversationnels.",
)
PETITS = (
    "/blog/2026/01/petits-modeles/",
    "Généré par IA",
    "Moins de paramètres, moins d’énergie, et souvent assez de qualité pour la tâche.",
)
MEMORY = (
    "/blog/en/2026/02/assistant-memory/",
    "AI-generated",
    "A chat assistant has no memory: the whole conversation is read to it again.",
)
SOBRIETE = (
    "/blog/2026/02/sobriete-des-modeles/",
    "Traduit automatiquement",
    "Une équipe néerlandaise imaginaire compare la consommation de plusieurs modèles.",
)
JEUX = (
    "/blog/2026/02/jeux-de-donnees/",
    "Traduit",
    "Derrière chaque modèle, un jeu de données et les choix de ceux qui l’ont constitué.",
)
SCHOOL = (
    "/blog/en/2026/03/ai-at-school/",
    "Machine-translated",
    "A secondary-school teacher tells how her pupils use chat assistants.",
)
MEMOIRE = (
    "/blog/2026/02/memoire-des-assistants/",
    "Généré par IA, traduit automatiquement",
    "Un assistant conversationnel n’a pas de mémoire : on lui relit la conversation.",
)
POSTS = {
    "author's own": CARNET,
    "generated, reviewed": PETITS,
    "generated, not reviewed": MEMORY,
    "machine-translated": SOBRIETE,
    "translated by a person": JEUX,
    "machine-translated, reviewed": SCHOOL,
    "generated and machine-translated": MEMOIRE,
}


def labelled(label: str, description: str) -> str:
    shown = typeset(description, "fr")  # as readers are shown it: French spaces
    return f"{label} · {shown}" if label else shown


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bilingual fixture built once, with --strict."""
    root = tmp_path_factory.mktemp("travels")
    shutil.copytree(FIXTURE, root / "site")
    result = sitegen("build", "--source", root / "site", "--output", root / "out", "--strict")
    assert result.code == 0, result.err
    return root / "out"


def page(out: Path, url: str) -> etree._Element:
    return parse_html(out / url.removeprefix("/blog/") / "index.html")


def head_meta(html: etree._Element, name: str) -> list[str]:
    return [
        str(v) for v in strings(html, f"//head/meta[@name='{name}' or @property='{name}']/@content")
    ]


def json_ld(html: etree._Element) -> dict[str, Any]:
    [script] = elements(html, "//script[@type='application/ld+json']")
    data: dict[str, Any] = json.loads(script.text or "")
    return data


# ------------------------------------------------------------------ previews


@pytest.mark.parametrize("case", POSTS)
def test_a_preview_starts_with_the_posts_label(site: Path, case: str) -> None:
    url, label, description = POSTS[case]
    html = page(site, url)
    assert head_meta(html, "og:description") == [labelled(label, description)]
    # A search result is a first sight of the post too: the same words.
    assert head_meta(html, "description") == [labelled(label, description)]
    # No twitter:description: cards read og:description, so they cannot differ.
    assert head_meta(html, "twitter:description") == []
    # What machines read is the author's description, without the label: they have
    # digitalSourceType (typeset as readers see it).
    assert json_ld(html)["description"] == labelled("", description)


def test_the_label_is_the_badge_listings_show(site: Path) -> None:
    url, label, _ = MEMORY
    [card] = elements(page(site, "/blog/en/"), f"//main//article[.//h2/a[@href='{url}']]")
    assert [text_of(b) for b in elements(card, ".//*[contains(@class, 'badge')]")] == [label]


def test_a_passage_only_post_says_so_in_its_preview(make_site: MakeSite) -> None:
    """Only a passage is generated: the page is ai-assisted, and the preview says exactly
    that much, as the post's badge does in listings."""
    site_dir = make_site({
        "content/posts/2026-01-15-extrait.md": post(
            "Extrait",
            description="Un billet écrit à la main, avec un résumé généré.",
            generated="{part: un résumé, reviewed_by: Camille Rousseau}",
            body="Du texte.\n\n> [!generated]\n> Un résumé.",
        ),
    })  # fmt: skip
    result = sitegen("build", "--source", site_dir)
    assert result.code == 0, result.err
    html = parse_html(site_dir / "public/2026/01/extrait/index.html")
    expected = "Passage généré par IA · Un billet écrit à la main, avec un résumé généré."
    assert head_meta(html, "og:description") == [expected]
    assert head_meta(html, "ai-disclosure") == ["ai-assisted"]


LONG_BODY = " ".join(
    ["Les plongements rangent les mots dans un espace où le sens fait la distance."] * 6
)


def test_a_description_taken_from_the_text_stays_within_its_length(make_site: MakeSite) -> None:
    site_dir = make_site({
        "content/posts/2026-01-15-genere.md": post("Généré", generated="true", body=LONG_BODY),
        "content/posts/2026-01-16-main.md": post("À la main", body=LONG_BODY),
        "content/posts/2026-01-17-ecrit.md": post(
            "Écrit", generated="true", body=LONG_BODY, description=LONG_BODY
        ),
    })  # fmt: skip
    result = sitegen("build", "--source", site_dir)
    assert result.code == 0, result.err
    out = site_dir / "public/2026/01"
    [own] = head_meta(parse_html(out / "main/index.html"), "og:description")
    [generated] = head_meta(parse_html(out / "genere/index.html"), "og:description")
    assert len(own) <= 200 and own.endswith("…")
    assert generated.startswith("Généré par IA · Les plongements")
    assert len(generated) <= 200 and generated.endswith("…")
    # Cut at a word, never inside one.
    assert LONG_BODY.startswith(generated.removeprefix("Généré par IA · ").removesuffix("…"))
    assert generated.removesuffix("…")[-1] in "abcdefghijklmnopqrstuvwxyzé."
    # The author's own description is never cut: the label comes before it whole.
    [written] = head_meta(parse_html(out / "ecrit/index.html"), "og:description")
    assert written == f"Généré par IA · {LONG_BODY}"


def test_a_post_with_nothing_to_describe_shows_its_label_alone(make_site: MakeSite) -> None:
    site_dir = make_site(
        {"content/posts/2026-01-15-vide.md": post("Vide", generated="true", body="")}
    )
    result = sitegen("build", "--source", site_dir)
    assert result.code == 0, result.err
    html = parse_html(site_dir / "public/2026/01/vide/index.html")
    assert head_meta(html, "og:description") == ["Généré par IA"]


# ------------------------------------------------------------------ feeds


def atom_entries(out: Path, feed: str) -> dict[str, ET.Element]:
    root = ET.parse(out / feed).getroot()
    return {e.find(f"{ATOM}id").text or "": e for e in root.iter(f"{ATOM}entry")}  # type: ignore[union-attr]


def rss_items(out: Path, feed: str) -> dict[str, ET.Element]:
    root = ET.parse(out / feed).getroot()
    return {i.findtext("link") or "": i for i in root.iter("item")}


def json_items(out: Path, feed: str) -> dict[str, dict[str, Any]]:
    data = json.loads((out / feed).read_text(encoding="utf-8"))
    return {item["url"]: item for item in data["items"]}


def feed_of(url: str) -> str:
    return "en/" if url.startswith("/blog/en/") else ""


@pytest.mark.parametrize("case", [c for c in POSTS if POSTS[c] is not MEMORY])
def test_a_feed_summary_starts_with_the_label(site: Path, case: str) -> None:
    url, label, description = POSTS[case]
    folder = feed_of(url)
    [summary] = atom_entries(site, f"{folder}feed.xml")[ORIGIN + url].iter(f"{ATOM}summary")
    assert summary.text == labelled(label, description)
    assert json_items(site, f"{folder}feed.json")[ORIGIN + url]["summary"] == labelled(
        label, description
    )


@pytest.mark.parametrize("case", POSTS)
def test_an_rss_description_says_how_the_text_was_made_once(site: Path, case: str) -> None:
    """RSS has no summary apart from the post itself, which opens with the disclosure's
    sentences: the badge is not said a second time in front of them."""
    url, label, _ = POSTS[case]
    item = rss_items(site, f"{feed_of(url)}rss.xml")[ORIGIN + url]
    body = fragment(item.findtext("description") or "")
    first = body[0]
    page_notice = elements(page(site, url), "//main//aside[contains(@class, 'disclosure')]/p[1]")
    if not label:
        assert not elements(body, ".//*[contains(@class, 'disclosure')]") and not page_notice
        return
    assert first.get("class") == "disclosure"
    # The page's sentences (the page adds the original's title after them).
    assert text_of(page_notice[0]).startswith(text_of(first))
    assert not text_of(body).startswith(label)


def test_a_synthetic_voice_is_said_in_the_entry_that_carries_its_recording(site: Path) -> None:
    url, label, description = MEMORY
    recording = f"{ORIGIN}/blog/audio/assistant-memory.en.mp3"
    entry = atom_entries(site, "en/feed.xml")[ORIGIN + url]
    [enclosure] = [e for e in entry.iter(f"{ATOM}link") if e.get("rel") == "enclosure"]
    assert enclosure.get("href") == recording
    assert entry.findtext(f"{ATOM}summary") == f"{label} · {VOICE_EN} · {description}"
    item = rss_items(site, "en/rss.xml")[ORIGIN + url]
    assert item.find("enclosure").get("url") == recording  # type: ignore[union-attr]
    said = elements(fragment(item.findtext("description") or ""), "./p[@class='disclosure-audio']")
    assert [text_of(p) for p in said] == [VOICE_EN]
    json_item = json_items(site, "en/feed.json")[ORIGIN + url]
    assert json_item["summary"] == f"{label} · {VOICE_EN} · {description}"
    [attachment] = json_item["attachments"]
    assert (attachment["url"], attachment["title"]) == (recording, VOICE_EN)
    assert json_item["_disclosure"]["audio"] == {"voice": "synthetic", "text": VOICE_EN}


def test_a_recording_of_undeclared_voice_carries_no_label(site: Path) -> None:
    url, _, description = CARNET
    item = json_items(site, "feed.json")[ORIGIN + url]
    [attachment] = item["attachments"]
    assert "title" not in attachment and "audio" not in item["_disclosure"]
    assert item["summary"] == description
    rss = rss_items(site, "rss.xml")[ORIGIN + url]
    assert not elements(
        fragment(rss.findtext("description") or ""), ".//p[@class='disclosure-audio']"
    )


# ------------------------------------------------------------------ the player


def player_label(html: etree._Element) -> str | None:
    """The text the `<audio>` is described by, checked to be shown in the player's figure."""
    [figure] = elements(html, "//main//figure[contains(@class, 'notice-audio')]")
    [player] = elements(figure, ".//audio")
    described = player.get("aria-describedby")
    if described is None:
        return None
    assert len(elements(html, f"//*[@id='{described}']")) == 1
    [label] = elements(figure, f".//*[@id='{described}']")
    return text_of(label)


def test_the_player_of_a_synthetic_voice_says_so_in_english(site: Path) -> None:
    assert player_label(page(site, MEMORY[0])) == VOICE_EN
    data = json_ld(page(site, MEMORY[0]))["audio"]
    assert data["digitalSourceType"] == AI_SOURCE
    assert data["contributor"] == {"@type": "SoftwareApplication", "name": "Aurora Speech 2"}


def test_a_recording_of_undeclared_voice_has_no_label_nor_mark(site: Path) -> None:
    html = page(site, CARNET[0])
    assert player_label(html) is None
    assert not elements(html, "//*[contains(@class, 'audio-voice')]")
    assert "digitalSourceType" not in json_ld(html)["audio"]


@pytest.mark.parametrize(
    ("audio", "label", "synthetic"),
    [
        ("{voice: synthetic}", "Voix de synthèse", True),
        ("{voice: synthetic, model: Aurore}", "Voix de synthèse (Aurore)", True),
        ("{file: audio/lu.ogg, voice: synthetic}", "Voix de synthèse", True),
        ("{voice: human}", None, False),
        ("audio/lu.ogg", None, False),
        ("true", None, False),
    ],
)
def test_each_form_of_audio_in_french(
    make_site: MakeSite, audio: str, label: str | None, synthetic: bool
) -> None:
    site_dir = make_site({
        "static/audio/lu.mp3": b"ID3" + bytes(2000),
        "static/audio/lu.ogg": b"OggS" + bytes(2000),
        "content/posts/2026-01-15-lu.md": post("Lu", audio=audio),
    })  # fmt: skip
    result = sitegen("build", "--source", site_dir)
    assert result.code == 0, result.err
    html = parse_html(site_dir / "public/2026/01/lu/index.html")
    assert player_label(html) == label
    recording = json_ld(html)["audio"]
    expected_file = "lu.ogg" if "lu.ogg" in audio else "lu.mp3"
    assert recording["contentUrl"] == f"{ORIGIN}/audio/{expected_file}"
    assert ("digitalSourceType" in recording) == synthetic
    # The text is the author's own: the preview has no label, whoever reads it aloud.
    assert head_meta(html, "og:description") == ["Du texte."]
    feeds_say_the_voice_in_french(site_dir / "public", label)


def feeds_say_the_voice_in_french(out: Path, label: str | None) -> None:
    """Each feed's entry for the post carries the voice's label in French, with its
    recording, as the English entries do; none for a voice not declared synthetic."""
    url = f"{ORIGIN}/2026/01/lu/"
    summary = f"{label} · Du texte." if label else "Du texte."
    assert atom_entries(out, "feed.xml")[url].findtext(f"{ATOM}summary") == summary
    rss = fragment(rss_items(out, "rss.xml")[url].findtext("description") or "")
    said = elements(rss, "./p[@class='disclosure-audio']")
    assert [text_of(p) for p in said] == ([label] if label else [])
    item = json_items(out, "feed.json")[url]
    assert item["summary"] == summary
    [attachment] = item["attachments"]
    assert attachment.get("title") == label
    voice = {"voice": "synthetic", "text": label} if label else None
    assert item["_disclosure"].get("audio") == voice


# ------------------------------------------------------------------ mistakes


@pytest.mark.parametrize(
    ("audio", "message", "hint"),
    [
        ("{vocie: synthetic}", "unknown key `vocie` in `audio`", "did you mean `voice`?"),
        ("{voix: synthetic}", "unknown key `voix` in `audio`", "use file, voice, model"),
        ("{voice: synthetik}", "`voice: synthetik` in `audio`", "did you mean `synthetic`?"),
        ("{voice: robot}", "expected synthetic or human", "`synthetic` for a speech model"),
        ("{voice: human, model: Aurore}", "`model` in `audio`", "add `voice: synthetic`"),
        ("{model: Aurore}", "`model` in `audio`", "add `voice: synthetic`"),
        ("{file: audio/lu.txt}", "not an audio file sitegen knows", "use .mp3"),
    ],
)
def test_a_bad_audio_mapping_is_located_at_its_line(
    make_site: MakeSite, audio: str, message: str, hint: str
) -> None:
    rel = "content/posts/2026-01-15-lu.md"
    site_dir = make_site({"static/audio/lu.mp3": b"ID3", rel: post("Lu", tags="[ia]", audio=audio)})
    result = sitegen("build", "--source", ".", "--output", "../out", cwd=site_dir)
    assert result.code == 1, result.err
    lines = result.err.splitlines()
    [at] = [n for n, line in enumerate(lines) if line.startswith(f"{rel}:5:")]
    assert message in lines[at], result.err
    assert lines[at + 1].strip().startswith("hint: ") == bool(hint), result.err
    assert hint in lines[at + 1], result.err
    assert "Traceback" not in result.err
    assert not (site_dir.parent / "out").exists()
