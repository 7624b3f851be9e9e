"""Translation flags end to end: the bilingual fixture site, built by the real `sitegen` command.

Every check looks at what a reader or a machine gets from the built pages: the notice and its
words, the badges in every listing, the `hreflang` alternates and the language switcher, the
link to the original, the JSON-LD marks, the audio player, and the build's exit code and
messages for the mistakes the feature reports.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import etree

from sitegen.text.typography import typeset
from tests.conftest import (
    Run,
    elements,
    parse_html,
    post,
    raw_text,
    sitegen,
    strings,
    text_of,
    unexpected_scripts,
)

MakeSite = Callable[..., Path]

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "bilingual"
POSTS_DIR = FIXTURE / "content" / "posts"
ORIGIN = "https://example.org"
BASE = "/blog/"  # the path of base_url in the fixture's sitegen.yaml
EPOCH = "1780272000"  # 2026-06-01T00:00:00Z: "now" for the build, after every fixture post
AUTHOR = "Camille Rousseau"
SITE_TITLE = "Carnets bilingues"
BADGE = "contains(concat(' ', normalize-space(@class), ' '), ' badge ')"
MARK_KEYS = (
    "translationOfWork",
    "translator",
    "digitalSourceType",
    "contributor",
    "editor",
    "workTranslation",
    "audio",
)
AI_SOURCE = "https://schema.org/TrainedAlgorithmicMediaDigitalSource"
MODEL = {"@type": "SoftwareApplication", "name": "Aurora 7B"}
TOOL = {"@type": "SoftwareApplication", "name": "Lingo 4"}
VOICE = "Aurora Speech 2"
"""The synthetic voice that reads the English post on assistants' memory."""


def person(name: str) -> dict[str, str]:
    return {"@type": "Person", "name": name}


def absolute(url: str) -> str:
    return ORIGIN + url


def plain(text: str) -> str:
    """French no-break spaces (U+00A0, U+202F) read as ordinary spaces; runs collapsed."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


# ------------------------------------------------------------------ what the fixture holds


@dataclass(frozen=True)
class Post:
    """One published post of the fixture and what its readers must be told."""

    file: str
    url: str
    kind: str | None = None
    """`generated`, `translated`, `generated-translated`, or None for the author's own text."""
    badge: str | None = None
    notice: str | None = None
    """The notice's sentences, before the link to the original (spaces normalised)."""
    ai: str = "human-only"
    """The `ai-disclosure` meta value: the author's own text declares `human-only`."""
    marks: tuple[tuple[str, Any], ...] = ()
    """The JSON-LD provenance keys (MARK_KEYS) the post carries, with their exact values."""

    @property
    def lang(self) -> str:
        return "en" if self.file.endswith(".en.md") else "fr"

    @property
    def date(self) -> str:
        return self.file[:10]


URL = {
    "carnet": "/blog/2026/01/carnet-de-bord/",
    "petits": "/blog/2026/01/petits-modeles/",
    "small": "/blog/en/2026/01/petits-modeles/",
    "sobriete": "/blog/2026/02/sobriete-des-modeles/",
    "jeux": "/blog/2026/02/jeux-de-donnees/",
    "datasets": "/blog/en/2026/02/what-datasets-hide/",
    "memoire": "/blog/2026/02/memoire-des-assistants/",
    "memory": "/blog/en/2026/02/assistant-memory/",
    "ecole": "/blog/2026/03/ia-a-l-ecole/",
    "school": "/blog/en/2026/03/ai-at-school/",
    "meetup": "/blog/en/2026/03/notes-from-a-meetup/",
    "balises": "/blog/2026/03/balises-piegees/",
}
HOSTILE_TITLE = 'Le piège <script>alert(1)</script> des "guillemets" </script>'
HOSTILE_DESCRIPTION = 'Résumé <script>alert(1)</script> avec "guillemets" et </script> en prime'
HOSTILE_TAG = '<script>alert(1)</script> "quotes" </script>'
HOSTILE_ORIGINAL = 'Tricky <script>alert(1)</script> "quotes" </script>'
# As readers are shown them: typeset, quotes and spaces of the language (they stay text);
# `text_of` reads an element's spaces as one.
TYPESET_TITLE = typeset(HOSTILE_TITLE, "fr")
SHOWN_TITLE = " ".join(TYPESET_TITLE.split())
SHOWN_DESCRIPTION = typeset(HOSTILE_DESCRIPTION, "fr")
FR_NOT_REVIEWED = "Aucune personne n’a relu la traduction."


def work(url: str, lang: str, name: str | None = None) -> dict[str, str]:
    found = {"@type": "CreativeWork", "url": url, "inLanguage": lang}
    return found | ({"name": name} if name else {})


def translated_into(key: str, lang: str) -> tuple[str, list[dict[str, str]]]:
    return ("workTranslation", [work(absolute(URL[key]), lang)])


def audio(name: str, voice: str = "") -> tuple[str, dict[str, Any]]:
    """The `AudioObject`; a synthetic `voice` (its model) is marked as AI media."""
    recording: dict[str, Any] = {
        "@type": "AudioObject",
        "contentUrl": absolute(f"{BASE}audio/{name}"),
        "encodingFormat": "audio/mpeg",
    }
    if voice:
        recording["digitalSourceType"] = AI_SOURCE
        recording["contributor"] = {"@type": "SoftwareApplication", "name": voice}
    return ("audio", recording)


POSTS = {
    "carnet": Post(
        "2026-01-05-carnet-de-bord.md", URL["carnet"], marks=(audio("carnet-de-bord.mp3"),)
    ),
    "petits": Post(
        "2026-01-20-petits-modeles.md",
        URL["petits"],
        "generated",
        "Généré par IA",
        "Ce texte a été généré par une intelligence artificielle (Aurora 7B). "
        "Camille Rousseau l’a relu le 19 janvier 2026 et en assume la responsabilité éditoriale.",
        "ai-assisted",
        (
            translated_into("small", "en"),
            ("digitalSourceType", AI_SOURCE),
            ("contributor", MODEL),
            ("editor", person("Camille Rousseau")),
        ),
    ),
    "small": Post(
        "2026-01-20-petits-modeles.en.md",
        URL["small"],
        "generated-translated",
        "AI-generated, machine-translated",
        "This text was generated by artificial intelligence (Aurora 7B), then machine-translated "
        "from French. Camille Rousseau reviewed it on January 19, 2026 and holds editorial "
        "responsibility for it.",
        "ai-assisted",
        (
            (
                "translationOfWork",
                work(
                    absolute(URL["petits"]), "fr", "Pourquoi les petits modèles reviennent en force"
                ),
            ),
            ("digitalSourceType", AI_SOURCE),
            ("contributor", MODEL),
            ("editor", person("Camille Rousseau")),
        ),
    ),
    "sobriete": Post(
        "2026-02-03-sobriete-des-modeles.md",
        URL["sobriete"],
        "translated",
        "Traduit automatiquement",
        f"Ce texte a été traduit automatiquement du néerlandais par Lingo 4. {FR_NOT_REVIEWED}",
        "ai-autonomous",
        (
            (
                "translationOfWork",
                work("https://example.net/nl/zuinige-modellen", "nl", "Zuinige modellen"),
            ),
            ("translator", TOOL),
            ("digitalSourceType", AI_SOURCE),
        ),
    ),
    "jeux": Post(
        "2026-02-10-jeux-de-donnees.md",
        URL["jeux"],
        "translated",
        "Traduit",
        "Ce texte a été traduit de l’anglais par Lucie Moreau.",
        "human-only",
        (
            ("translationOfWork", work(absolute(URL["datasets"]), "en", "What datasets hide")),
            ("translator", person("Lucie Moreau")),
        ),
    ),
    "datasets": Post(
        "2026-02-10-jeux-de-donnees.en.md", URL["datasets"], marks=(translated_into("jeux", "fr"),)
    ),
    "memoire": Post(
        "2026-02-24-memoire-des-assistants.md",
        URL["memoire"],
        "generated-translated",
        "Généré par IA, traduit automatiquement",
        "Ce texte a été généré par une intelligence artificielle (Aurora 7B), puis traduit "
        "automatiquement de l’anglais par Lingo 4. "
        "Il a été rédigé à la demande de Jules Bernard. "
        "Aucune personne ne l’a relu avant sa publication.",
        "ai-autonomous",
        (
            (
                "translationOfWork",
                work(absolute(URL["memory"]), "en", "How an assistant “remembers” you"),
            ),
            ("translator", TOOL),
            ("digitalSourceType", AI_SOURCE),
            ("contributor", MODEL),
        ),
    ),
    "memory": Post(
        "2026-02-24-memoire-des-assistants.en.md",
        URL["memory"],
        "generated",
        "AI-generated",
        "This text was generated by artificial intelligence (Aurora 7B). "
        "It was written at the request of Jules Bernard. "
        "No person reviewed it before publication.",
        "ai-autonomous",
        (
            translated_into("memoire", "fr"),
            ("digitalSourceType", AI_SOURCE),
            ("contributor", MODEL),
            audio("assistant-memory.en.mp3", VOICE),
        ),
    ),
    "ecole": Post(
        "2026-03-01-ia-a-l-ecole.md", URL["ecole"], marks=(translated_into("school", "en"),)
    ),
    "school": Post(
        "2026-03-01-ai-at-school.en.md",
        URL["school"],
        "translated",
        "Machine-translated",
        "This text was machine-translated from French. "
        "Nadia Lefèvre reviewed the translation on February 27, 2026.",
        "ai-assisted",
        (
            (
                "translationOfWork",
                work(
                    absolute(URL["ecole"]),
                    "fr",
                    "L’IA à l’école\u00a0: trois questions à une enseignante",
                ),
            ),
            ("digitalSourceType", AI_SOURCE),
            ("editor", person("Nadia Lefèvre")),
        ),
    ),
    "meetup": Post("2026-03-05-notes-from-a-meetup.en.md", URL["meetup"]),
    "balises": Post(
        "2026-03-10-balises-piegees.md",
        URL["balises"],
        "translated",
        "Traduit automatiquement",
        f"Ce texte a été traduit automatiquement de l’anglais. {FR_NOT_REVIEWED}",
        "ai-autonomous",
        (
            (
                "translationOfWork",
                work("https://example.com/en/tricky-tags", "en", HOSTILE_ORIGINAL),
            ),
            ("digitalSourceType", AI_SOURCE),
        ),
    ),
}
BY_URL = {p.url: p for p in POSTS.values()}
GROUPS = {
    "petits": ("petits", "small"),
    "jeux": ("jeux", "datasets"),
    "memoire": ("memoire", "memory"),
    "ecole": ("ecole", "school"),
}
ALONE = ("carnet", "sobriete", "meetup", "balises")
ORIGINALS = {
    # post: (href of "Lire l’original", its hreflang, the cited title, the cite's lang)
    "small": (URL["petits"], "fr", "Pourquoi les petits modèles reviennent en force", "fr"),
    "sobriete": ("https://example.net/nl/zuinige-modellen", "nl", "Zuinige modellen", "nl"),
    "jeux": (URL["datasets"], "en", "What datasets hide", "en"),
    "memoire": (URL["memory"], "en", "How an assistant “remembers” you", "en"),
    "school": (URL["ecole"], "fr", "L’IA à l’école : trois questions à une enseignante", "fr"),
    "balises": ("https://example.com/en/tricky-tags", "en", HOSTILE_ORIGINAL, "en"),
}
READ_ORIGINAL = {"fr": "Lire l’original", "en": "Read the original"}


# ------------------------------------------------------------------ the built site


@dataclass(frozen=True)
class Built:
    out: Path

    def file(self, url: str) -> Path:
        """The output file a site URL (`/blog/…/`, `/blog/…/x.mp3`) is served from."""
        assert url.startswith(BASE), f"{url} is outside the base path {BASE}"
        rel = url[len(BASE) :]
        return self.out / rel / "index.html" if rel.endswith("/") or not rel else self.out / rel

    def page(self, url: str) -> etree._Element:
        path = self.file(url)
        assert path.is_file(), f"{url} was not built"
        return parse_html(path)

    def pages(self) -> Iterator[tuple[Path, etree._Element]]:
        for path in sorted(self.out.rglob("*.html")):
            yield path, parse_html(path)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The fixture copied out of the repository and built once, with --strict."""
    root = tmp_path_factory.mktemp("bilingual")
    source = root / "site"
    shutil.copytree(FIXTURE, source)
    out = root / "public"
    result = sitegen(
        "build",
        "--source",
        source,
        "--output",
        out,
        "--strict",
        env={"SOURCE_DATE_EPOCH": EPOCH},
    )
    assert result.code == 0, result.err
    assert "warning" not in result.err, result.err
    return Built(out)


def one(root: etree._Element, xpath: str) -> etree._Element:
    found = elements(root, xpath)
    assert len(found) == 1, f"{xpath}: {len(found)} matches"
    return found[0]


def notice_of(html: etree._Element) -> etree._Element | None:
    found = elements(html, "//main//aside[contains(@class, 'disclosure')]")
    assert len(found) <= 1
    return found[0] if found else None


def json_ld(html: etree._Element) -> dict[str, Any]:
    script = one(html, "//script[@type='application/ld+json']")
    data: dict[str, Any] = json.loads(script.text or "")
    return data


def badges(element: etree._Element) -> list[tuple[str | None, str]]:
    """(class, text) of the badge spans directly inside a listing item."""
    return [(b.get("class"), text_of(b)) for b in elements(element, f"./span[{BADGE}]")]


def listed(html: etree._Element) -> list[tuple[str | None, list[tuple[str | None, str]]]]:
    """Every post a page lists in its main content, with the badges shown next to it:
    home cards, `ul.post-index` items (tags, archives, related posts) and post-nav links."""
    items = []
    for card in elements(html, "//main//article[contains(@class, 'post-card')]"):
        [meta] = elements(card, "./p[@class='post-meta']")
        items.append((one(card, ".//h2/a").get("href"), badges(meta)))
    for li in elements(html, "//main//ul[@class='post-index']/li"):
        items.append((one(li, "./a").get("href"), badges(li)))
    for link in elements(html, "//main//nav[@class='post-nav']/a"):
        items.append((link.get("href"), badges(link)))
    return items


def expected_badges(post: Post) -> list[tuple[str, str]]:
    return [(f"badge badge-{post.kind}", post.badge)] if post.kind and post.badge else []


# ------------------------------------------------------------------ 1. the fixture


def front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), path
    data: dict[str, Any] = yaml.safe_load(text.split("---\n", 2)[1])
    return data


def kind_of(meta: dict[str, Any]) -> str | None:
    flags = [name for name in ("generated", "translated") if meta.get(name)]
    return "-".join(flags) or None


def test_the_fixture_holds_every_case_the_tests_rely_on() -> None:
    files = {p.name: front_matter(p) for p in sorted(POSTS_DIR.glob("*.md"))}
    published = {name: meta for name, meta in files.items() if not meta.get("draft")}
    assert set(published) == {p.file for p in POSTS.values()}
    for p in POSTS.values():
        assert kind_of(published[p.file]) == p.kind, p.file
    kinds = {(p.lang, p.kind) for p in POSTS.values()}
    combinations = (None, "generated", "translated", "generated-translated")
    assert kinds == {(lang, kind) for lang in ("fr", "en") for kind in combinations}
    translated = [
        m["translated"] for m in published.values() if isinstance(m.get("translated"), dict)
    ]
    generated = [m["generated"] for m in published.values() if isinstance(m.get("generated"), dict)]
    assert any(t.get("machine") is False for t in translated)
    assert any("reviewed_by" in t for t in translated)
    assert any("reviewed_by" in g for g in generated)
    assert any("prompted_by" in g for g in generated)
    assert any({"url", "title"} <= t.keys() for t in translated)
    assert any(m.get("translated") is True for m in published.values())
    assert any("translation_key" in m for m in published.values())
    narrated = [n for n, m in published.items() if m.get("audio")]
    assert len(narrated) == 2
    assert any(m.get("audio") is True for m in published.values())
    assert any(m.get("audio") == {"voice": "synthetic", "model": VOICE} for m in published.values())
    assert (FIXTURE / "static/audio/carnet-de-bord.mp3").stat().st_size == 100_000
    assert sum(p.lang == "fr" for p in POSTS.values()) > 4  # posts_per_page: 4
    drafts = [name for name, meta in files.items() if meta.get("draft")]
    assert drafts == ["2026-01-05-carnet-de-bord.en.md"]


def test_each_home_has_two_pages_that_list_every_post_of_its_language(site: Built) -> None:
    for lang, home in (("fr", BASE), ("en", f"{BASE}en/")):
        first, second = site.page(home), site.page(f"{home}page/2/")
        urls = [url for html in (first, second) for url, _ in listed(html)]
        posts = sorted((p for p in POSTS.values() if p.lang == lang), key=lambda p: p.date)
        assert urls == [p.url for p in reversed(posts)], lang
        assert not site.file(f"{home}page/3/").exists()


# ------------------------------------------------------------------ 2. wording per combination


@pytest.mark.parametrize("key", POSTS)
def test_each_post_says_how_its_text_came_to_be(site: Built, key: str) -> None:
    post_ = POSTS[key]
    html = site.page(post_.url)
    assert html.get("lang") == post_.lang
    notice = notice_of(html)
    if post_.kind is None:
        assert notice is None
        assert not elements(html, f"//article//*[{BADGE}]")
        assert not elements(html, "//*[@data-disclosure]")
        return
    assert notice is not None
    assert notice.get("data-disclosure") == post_.kind
    assert notice.get("class", "").split() == ["notice", "disclosure", f"disclosure-{post_.kind}"]
    [paragraph] = elements(notice, "./p")
    assert plain(paragraph.text or "") == post_.notice
    assert badges(one(html, "//article//p[@class='post-meta']")) == expected_badges(post_)


def test_french_words_keep_french_spacing(site: Built) -> None:
    french = one(site.page(URL["ecole"]), "//p[@class='translations']")
    assert (french.text or "").strip() == "Aussi en\u00a0:"
    english = site.page(URL["school"])
    assert (one(english, "//p[@class='translations']").text or "").strip() == "Also in:"
    cite = one(english, "//aside[@data-disclosure]//cite")
    assert raw_text(cite) == "L’IA à l’école\u00a0: trois questions à une enseignante"


# ------------------------------------------------------------------ 3. badges in listings


def listing_pages() -> list[str]:
    return [
        BASE,
        f"{BASE}page/2/",
        f"{BASE}en/",
        f"{BASE}en/page/2/",
        f"{BASE}archives/2026/",
        f"{BASE}en/archives/2026/",
        f"{BASE}tags/modeles/",
        f"{BASE}tags/assistants/",
        f"{BASE}en/tags/models/",
        f"{BASE}en/tags/assistants/",
        *URL.values(),  # related posts and the post-nav
    ]


@pytest.mark.parametrize("url", listing_pages())
def test_every_listing_shows_each_posts_badge_in_its_language(site: Built, url: str) -> None:
    html = site.page(url)
    lang = html.get("lang")
    items = listed(html)
    assert items, f"{url} lists no post"
    for href, shown in items:
        assert href in BY_URL, f"{url} lists {href}, not a post of the fixture"
        listed_post = BY_URL[href]
        assert listed_post.lang == lang, f"{url} ({lang}) lists {href}"
        assert shown == expected_badges(listed_post), f"{url}: {href}"


def test_listings_show_every_badge_of_both_languages(site: Built) -> None:
    """The parametrized test above must not pass on listings that show no badge at all."""
    seen: dict[str, set[tuple[str | None, str]]] = {"related": set(), "nav": set(), "lists": set()}
    for url in listing_pages():
        html = site.page(url)
        for li in elements(html, "//aside[@class='related']//ul[@class='post-index']/li"):
            seen["related"].update(badges(li))
        for link in elements(html, "//nav[@class='post-nav']/a"):
            seen["nav"].update(badges(link))
        for _, shown in listed(html):
            seen["lists"].update(shown)
    every_badge = {b for p in POSTS.values() for b in expected_badges(p)}
    assert len(every_badge) == 7
    assert seen["lists"] == every_badge
    assert {text for _, text in seen["related"]} >= {"Traduit", "Traduit automatiquement"}
    assert seen["nav"]


def test_the_tag_page_of_the_hostile_tag_lists_its_post_with_the_badge(site: Built) -> None:
    html = site.page(f"{BASE}tags/script-alert-1-script-quotes-script/")
    assert listed(html) == [(URL["balises"], expected_badges(POSTS["balises"]))]
    assert text_of(one(html, "//ul[@class='post-index']/li/a")) == SHOWN_TITLE


# ------------------------------------------------------------------ 4. hreflang, switcher


def alternates(html: etree._Element) -> dict[str | None, str | None]:
    links = elements(html, "//head/link[@rel='alternate'][@hreflang]")
    found = {link.get("hreflang"): link.get("href") for link in links}
    assert len(found) == len(links), "an hreflang is given twice"
    return found


@pytest.mark.parametrize("group", GROUPS)
def test_translations_list_the_same_alternates_both_ways(site: Built, group: str) -> None:
    versions = [POSTS[key] for key in GROUPS[group]]
    french = next(v for v in versions if v.lang == "fr")
    expected = {v.lang: absolute(v.url) for v in versions} | {"x-default": absolute(french.url)}
    for version in versions:
        assert alternates(site.page(version.url)) == expected, version.url
    for href in expected.values():
        assert href.startswith(f"{ORIGIN}{BASE}")
        assert site.file(href.removeprefix(ORIGIN)).is_file(), href


@pytest.mark.parametrize("group", GROUPS)
def test_the_language_switcher_leads_to_each_other_version(site: Built, group: str) -> None:
    versions = [POSTS[key] for key in GROUPS[group]]
    for version in versions:
        html = site.page(version.url)
        links = elements(html, "//article//p[@class='translations']/a")
        others = [v for v in versions if v is not version]
        shown = [(a.get("href"), a.get("hreflang"), a.get("lang")) for a in links]
        assert shown == [(v.url, v.lang, v.lang) for v in others]
        assert all(site.file(v.url).is_file() for v in others)


@pytest.mark.parametrize("key", ALONE)
def test_a_post_without_translation_has_no_alternates_nor_switcher(site: Built, key: str) -> None:
    html = site.page(POSTS[key].url)
    assert not elements(html, "//link[@rel='alternate'][@hreflang]")
    assert not elements(html, "//p[@class='translations']")
    assert "workTranslation" not in json_ld(html)


def test_the_unpublished_translation_is_never_linked(site: Built) -> None:
    """The English version of the logbook is a draft: no page may point to it."""
    missing = f"{BASE}en/2026/01/carnet-de-bord/"
    assert not site.file(missing).exists()
    checked = 0
    for path, html in site.pages():
        targets = strings(html, "//a/@href | //link/@href")
        assert not [t for t in targets if missing in t], path
        checked += len(targets)
    assert checked > 300


def test_the_header_leads_to_each_languages_home(site: Built) -> None:
    for post_ in POSTS.values():
        html = site.page(post_.url)
        links = elements(html, "//header//nav[@class='languages']//a")
        shown = [(a.get("href"), a.get("hreflang"), a.get("aria-current")) for a in links]
        current = {lang: "true" if lang == post_.lang else None for lang in ("fr", "en")}
        assert shown == [(BASE, "fr", current["fr"]), (f"{BASE}en/", "en", current["en"])]
    assert site.file(BASE).is_file() and site.file(f"{BASE}en/").is_file()


# ------------------------------------------------------------------ 5. links to the original


@pytest.mark.parametrize("key", ORIGINALS)
def test_the_notice_links_the_original(site: Built, key: str) -> None:
    href, hreflang, title, cite_lang = ORIGINALS[key]
    post_ = POSTS[key]
    notice = notice_of(site.page(post_.url))
    assert notice is not None
    [link] = elements(notice, ".//a")
    assert (link.get("href"), link.get("hreflang")) == (href, hreflang)
    assert text_of(link) == READ_ORIGINAL[post_.lang]
    [cite] = elements(notice, ".//cite")
    assert (plain(text_of(cite)), cite.get("lang")) == (title, cite_lang)
    assert plain(text_of(notice)) == f"{post_.notice} {READ_ORIGINAL[post_.lang]} ({title})"
    if href.startswith("/"):
        original = BY_URL[href]
        assert original.lang == hreflang and original.kind in (None, "generated")
        assert site.file(href).is_file()


@pytest.mark.parametrize("key", ["ecole", "datasets", "petits", "memory"])
def test_an_original_on_the_site_has_no_original_link(site: Built, key: str) -> None:
    notice = notice_of(site.page(POSTS[key].url))
    assert notice is None or not elements(notice, ".//a | .//cite")


def test_a_translated_url_given_as_a_site_path_carries_the_base_path(
    make_site: MakeSite,
) -> None:
    """`translated.url` may be a site path (`/…`); like every emitted URL it needs /blog/."""
    config = (FIXTURE / "sitegen.yaml").read_text(encoding="utf-8")
    site_dir = make_site(
        {
            "content/posts/2026-01-10-notes.en.md": post("Notes", date="2026-01-10"),
            "content/posts/2026-01-15-extrait.md": post(
                "Extrait", translated="{from: en, url: /en/2026/01/notes/, title: Notes}"
            ),
        },
        config=config,
    )
    out = site_dir.parent / "out"
    result = sitegen("build", "--source", site_dir, "--output", out)
    assert result.code == 0, result.err
    html = parse_html(out / "2026/01/extrait/index.html")
    notice = notice_of(html)
    assert notice is not None
    assert strings(notice, ".//a/@href") == [f"{BASE}en/2026/01/notes/"]
    assert json_ld(html)["translationOfWork"]["url"] == f"{ORIGIN}{BASE}en/2026/01/notes/"


# ------------------------------------------------------------------ 6. machine-readable marks


@pytest.mark.parametrize("key", POSTS)
def test_json_ld_describes_the_post_and_its_provenance(site: Built, key: str) -> None:
    post_ = POSTS[key]
    html = site.page(post_.url)
    data = json_ld(html)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == raw_text(one(html, "//h1"))
    # A dated review makes the page a WebPage of its own: `lastReviewed` is a WebPage's.
    page = data["mainEntityOfPage"]
    assert data["url"] == (page["@id"] if isinstance(page, dict) else page) == absolute(post_.url)
    assert data["inLanguage"] == post_.lang
    # Machines read the bare description; a preview shows the badge first.
    label = f"{post_.badge} · " if post_.badge else ""
    assert one(html, "//meta[@name='description']").get("content") == label + data["description"]
    home = BASE if post_.lang == "fr" else f"{BASE}en/"
    assert data["isPartOf"] == {"@type": "Blog", "name": SITE_TITLE, "url": absolute(home)}
    assert data["datePublished"].startswith(post_.date)
    assert data["author"] == person(AUTHOR)
    # The `author` setting names who answers for the blog: its publisher is that person.
    assert data["publisher"] == person(AUTHOR) | {"url": absolute(home)}
    assert data["keywords"] == [text_of(a) for a in elements(html, "//ul[@class='tags']//a")]
    assert isinstance(data["wordCount"], int) and data["wordCount"] > 20
    assert {k: data[k] for k in MARK_KEYS if k in data} == dict(post_.marks)


@pytest.mark.parametrize("key", POSTS)
def test_the_ai_disclosure_meta(site: Built, key: str) -> None:
    post_ = POSTS[key]
    shown = strings(site.page(post_.url), "//head/meta[@name='ai-disclosure']/@content")
    assert shown == [post_.ai]


@pytest.mark.parametrize("key", POSTS)
def test_the_ai_model_meta_names_the_model_of_a_generated_text(site: Built, key: str) -> None:
    post_ = POSTS[key]
    shown = strings(site.page(post_.url), "//head/meta[@name='ai-model']/@content")
    generated = (post_.kind or "").startswith("generated")
    assert shown == ([MODEL["name"]] if generated else [])
    # The fixture knows no provider: none is invented.
    assert not elements(site.page(post_.url), "//head/meta[@name='ai-provider']")


@pytest.mark.parametrize("home", [BASE, f"{BASE}en/"])
def test_each_feed_entry_carries_its_posts_ai_disclosure(site: Built, home: str) -> None:
    data = json.loads(site.file(f"{home}feed.json").read_text(encoding="utf-8"))
    assert data["items"]
    for item in data["items"]:
        post_ = BY_URL[item["url"].removeprefix(ORIGIN)]
        assert item["_disclosure"]["ai_disclosure"] == post_.ai, post_.file
        assert ("kind" in item["_disclosure"]) == (post_.kind is not None)


# ------------------------------------------------------------------ 7. escaping


def test_hostile_front_matter_shows_literally_everywhere(site: Built) -> None:
    html = site.page(URL["balises"])
    assert text_of(one(html, "//h1")) == SHOWN_TITLE
    assert text_of(one(html, "//head/title")) == f"{SHOWN_TITLE} · {SITE_TITLE}"
    description = one(html, "//head/meta[@name='description']").get("content")
    assert description == f"Traduit automatiquement · {SHOWN_DESCRIPTION}"
    assert HOSTILE_TAG in [text_of(a) for a in elements(html, "//ul[@class='tags']//a")]
    notice = notice_of(html)
    assert notice is not None
    assert [text_of(c) for c in elements(notice, ".//cite")] == [HOSTILE_ORIGINAL]
    data = json_ld(html)
    assert data["headline"] == TYPESET_TITLE
    assert data["description"] == SHOWN_DESCRIPTION
    assert data["keywords"] == [HOSTILE_TAG, "modèles"]
    assert data["translationOfWork"]["name"] == HOSTILE_ORIGINAL
    scripts = [(s.get("src"), s.get("type")) for s in elements(html, "//script")]
    assert scripts == [(f"{BASE}js/theme.js", None), (None, "application/ld+json")]
    assert not elements(html, "//body//script")


def test_hostile_titles_stay_text_in_listings(site: Built) -> None:
    for url in (BASE, f"{BASE}archives/2026/", f"{BASE}tags/modeles/"):
        html = site.page(url)
        shown = [text_of(a) for a in elements(html, f"//main//a[@href='{URL['balises']}']")]
        assert SHOWN_TITLE in shown, url


def test_no_page_runs_a_script(site: Built) -> None:
    pages = 0
    for path, html in site.pages():
        assert unexpected_scripts(html, BASE) == [], path
        for script in elements(html, "//script[@type='application/ld+json']"):
            json.loads(script.text or "")
        pages += 1
    assert pages > 30


# ------------------------------------------------------------------ 8. audio


@pytest.mark.parametrize(
    ("key", "file", "size", "link"),
    [
        ("carnet", "carnet-de-bord.mp3", "(MP3, 100 ko)", "Télécharger l’enregistrement"),
        ("memory", "assistant-memory.en.mp3", "(MP3, 300 kB)", "Download the recording"),
    ],
)
def test_a_narrated_post_has_a_player_and_a_download_link(
    site: Built, key: str, file: str, size: str, link: str
) -> None:
    html = site.page(POSTS[key].url)
    figure = one(html, "//main//figure[contains(@class, 'notice-audio')]")
    src = f"{BASE}audio/{file}"
    player = one(figure, ".//audio")
    assert player.get("controls") is not None and player.get("preload") == "none"
    [source] = elements(player, "./source")
    assert (source.get("src"), source.get("type")) == (src, "audio/mpeg")
    download = one(figure, ".//p[@class='audio-download']/a[@download]")
    assert (download.get("href"), download.get("type")) == (src, "audio/mpeg")
    assert text_of(download) == link
    assert plain(text_of(one(figure, ".//span[@class='file-info']"))) == size
    assert site.file(src).read_bytes() == (FIXTURE / "static/audio" / file).read_bytes()


@pytest.mark.parametrize("key", [k for k in POSTS if k not in ("carnet", "memory")])
def test_a_post_without_recording_has_no_player(site: Built, key: str) -> None:
    html = site.page(POSTS[key].url)
    assert not elements(html, "//audio | //figure[contains(@class, 'notice-audio')]")


# ------------------------------------------------------------------ 9. errors and --strict

SITE_CONFIG = """\
title: Petit blog
author: Camille Rousseau
base_url: https://example.org/blog/
language: fr
languages: [fr, en]
"""


def build(site_dir: Path, *args: str) -> Run:
    """Build from inside the site, so that messages name `content/posts/…` as written."""
    return sitegen("build", "--source", ".", "--output", "../out", *args, cwd=site_dir)


def line_of(path: Path, key: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, start=1) if text.startswith(f"{key}:"))


def located(err: str, rel: str, line: int, words: str, *, warning: bool) -> list[str]:
    """The stderr lines `rel:line:col: [warning: ]…words…`."""
    kind = "warning: " if warning else ""
    pattern = re.compile(rf"^{re.escape(rel)}:{line}:\d+: {kind}(?!warning: ).*{re.escape(words)}")
    return [text for text in err.splitlines() if pattern.match(text)]


def test_audio_true_without_a_file_fails_at_the_audio_line(make_site: MakeSite) -> None:
    rel = "content/posts/2026-01-15-lu.md"
    site_dir = make_site({rel: post("Lu", tags="[ia]", audio="true")}, config=SITE_CONFIG)
    result = build(site_dir)
    assert result.code == 1, result.err
    line = line_of(site_dir / rel, "audio")
    assert located(result.err, rel, line, "no narrated file", warning=False), result.err
    assert "Traceback" not in result.err
    assert not (site_dir.parent / "out").exists()


def test_a_translation_with_no_known_original_is_reported(make_site: MakeSite) -> None:
    rel = "content/posts/2026-01-15-seul.md"
    site_dir = make_site({rel: post("Seul", translated="true")}, config=SITE_CONFIG)
    line = line_of(site_dir / rel, "translated")
    lenient = build(site_dir)
    assert lenient.code == 0, lenient.err
    assert located(lenient.err, rel, line, "no original language", warning=True), lenient.err
    strict = build(site_dir, "--strict")
    assert strict.code == 1, strict.err
    assert located(strict.err, rel, line, "no original language", warning=False), strict.err


def test_a_translation_whose_original_is_on_the_site_is_not_reported(
    make_site: MakeSite,
) -> None:
    site_dir = make_site(
        {
            "content/posts/2026-01-15-seul.md": post("Seul", translated="true"),
            "content/posts/2026-01-15-seul.en.md": post("Alone"),
        },
        config=SITE_CONFIG,
    )
    result = build(site_dir, "--strict")
    assert result.code == 0, result.err
    assert "warning" not in result.err


def test_one_translation_key_shared_within_a_language_is_reported(make_site: MakeSite) -> None:
    files = {
        "content/posts/2026-01-15-a.md": post("A", translation_key="bilan"),
        "content/posts/2026-01-16-b.md": post("B", date="2026-01-16", translation_key="bilan"),
        "content/posts/2026-01-16-c.en.md": post("C", date="2026-01-16", translation_key="bilan"),
    }
    site_dir = make_site(files, config=SITE_CONFIG)
    lenient = build(site_dir)
    assert lenient.code == 0, lenient.err
    for rel in files:
        line = line_of(site_dir / rel, "translation_key")
        shown = located(lenient.err, rel, line, "translation key `bilan` is shared", warning=True)
        assert shown, lenient.err
    for url in ("2026/01/a/", "2026/01/b/", "en/2026/01/c/"):
        html = parse_html(site_dir.parent / "out" / url / "index.html")
        linked = "//link[@rel='alternate'][@hreflang] | //p[@class='translations']"
        assert not html.xpath(linked), url
    strict = build(site_dir, "--strict")
    assert strict.code == 1, strict.err
    for rel in files:
        line = line_of(site_dir / rel, "translation_key")
        assert located(strict.err, rel, line, "is shared", warning=False), strict.err


BARE_POST_TEMPLATE = """\
{% extends "base.html" %}
{% block main %}
<article><h1>{{ page.title }}</h1>{{ page.content }}</article>
{% endblock %}
"""


@pytest.mark.parametrize("strict", [False, True], ids=["warning", "strict"])
def test_a_template_that_hides_the_disclosure_is_reported(
    make_site: MakeSite, strict: bool
) -> None:
    rel = "content/posts/2026-01-15-genere.md"
    site_dir = make_site(
        {
            rel: post("Généré", generated="{model: Aurora 7B}"),
            "templates/post.html": BARE_POST_TEMPLATE,
        },
        config=SITE_CONFIG,
    )
    result = build(site_dir, *(["--strict"] if strict else []))
    assert result.code == (1 if strict else 0), result.err
    line = line_of(site_dir / rel, "generated")
    words = "template does not show this post's `generated` disclosure"
    assert located(result.err, rel, line, words, warning=not strict), result.err


def test_a_template_that_shows_the_disclosure_is_not_reported(make_site: MakeSite) -> None:
    template = BARE_POST_TEMPLATE.replace(
        "{{ page.content }}", '{% include "partials/notices.html" %}{{ page.content }}'
    )
    site_dir = make_site(
        {
            "content/posts/2026-01-15-genere.md": post("Généré", generated="{model: Aurora 7B}"),
            "templates/post.html": template,
        },
        config=SITE_CONFIG,
    )
    result = build(site_dir, "--strict")
    assert result.code == 0, result.err
    html = parse_html(site_dir.parent / "out/2026/01/genere/index.html")
    assert one(html, "//aside[@data-disclosure]").get("data-disclosure") == "generated"
