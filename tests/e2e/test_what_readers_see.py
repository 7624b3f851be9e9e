"""What a reader sees around the text: titles, descriptions, previews and feeds typeset in
their post's language, and a way to subscribe on every page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from sitegen.text.typography import NBSP, NNBSP
from tests.conftest import (
    DEFAULT_CONFIG,
    elements,
    first_in,
    parse_html,
    post,
    raw_text,
    sitegen,
    strings,
)
from tests.e2e.test_cache import Site

# As YAML double-quoted scalars: a straight quote inside is written \".
FRENCH_TITLE = '"L\'IA \\"générative\\" : 3 500 milliards ?"'
FRENCH_DESCRIPTION = '"Ce qu\'on sait de l\'IA \\"générative\\", p. 12."'
ENGLISH_TITLE = '"The \\"model\\" isn\'t magic"'


def _built(make_site: Site) -> Path:
    site = make_site(
        {
            "content/posts/2026-02-01-ia.md": post(
                FRENCH_TITLE, date="2026-02-01", description=FRENCH_DESCRIPTION
            ),
            "content/posts/2026-02-02-model.en.md": post(ENGLISH_TITLE, date="2026-02-02"),
        }
    )
    result = sitegen("build", "--source", site)
    assert result.code == 0, result.err
    return site / "public"


def _meta(page: etree._Element, prop: str) -> str:
    [content] = strings(page, f"//head/meta[@property='{prop}' or @name='{prop}']/@content")
    return content


def test_titles_and_descriptions_are_typeset_in_their_language(make_site: Site) -> None:
    out = _built(make_site)
    french = parse_html(out / "2026/02/ia/index.html")
    title = f"L’IA «{NNBSP}générative{NNBSP}»{NBSP}: 3{NNBSP}500 milliards{NNBSP}?"
    description = f"Ce qu’on sait de l’IA «{NNBSP}générative{NNBSP}», p.{NBSP}12."
    assert raw_text(first_in(french, ".//h1")).strip() == title
    assert _meta(french, "og:title") == title
    assert _meta(french, "og:description") == description
    english = parse_html(out / "en/2026/02/model/index.html")
    assert raw_text(first_in(english, ".//h1")).strip() == "The “model” isn’t magic"


def test_feeds_carry_the_typeset_titles(make_site: Site) -> None:
    out = _built(make_site)
    atom = etree.parse(str(out / "feed.xml")).getroot()
    titles = strings(atom, "//a:entry/a:title/text()", {"a": "http://www.w3.org/2005/Atom"})
    assert titles == [f"L’IA «{NNBSP}générative{NNBSP}»{NBSP}: 3{NNBSP}500 milliards{NNBSP}?"]
    english = json.loads((out / "en/feed.json").read_text(encoding="utf-8"))
    assert [item["title"] for item in english["items"]] == ["The “model” isn’t magic"]


def test_every_page_offers_its_language_s_feed(make_site: Site) -> None:
    out = _built(make_site)
    for page, feed, word in [
        ("index.html", "/feed.xml", "S’abonner"),
        ("2026/02/ia/index.html", "/feed.xml", "S’abonner"),
        ("en/index.html", "/en/feed.xml", "Subscribe"),
        ("en/2026/02/model/index.html", "/en/feed.xml", "Subscribe"),
    ]:
        [link] = elements(parse_html(out / page), "//footer//a[@type='application/atom+xml']")
        assert (link.get("href"), raw_text(link)) == (feed, word)
        assert (out / feed.lstrip("/")).is_file()


BILINGUAL = DEFAULT_CONFIG.replace(
    "description: Un blog pour les tests.\n",
    "description:\n  fr: Un blog pour les tests.\n  en: A blog for the tests.\n",
)


def _taglines(out: Path) -> dict[str, tuple[list[str], list[str]]]:
    """The site's description on the home page of each language: the footer's tagline,
    the page's description."""
    found = {}
    for lang, home in (("fr", "index.html"), ("en", "en/index.html")):
        page = parse_html(out / home)
        tagline = [raw_text(p) for p in elements(page, "//footer//p[@class='tagline']")]
        found[lang] = (tagline, strings(page, "//head/meta[@name='description']/@content"))
    return found


def test_each_language_s_pages_describe_the_blog_in_its_words(make_site: Site) -> None:
    site = make_site(
        {"content/posts/2026-02-02-model.en.md": post("One", date="2026-02-02")}, BILINGUAL
    )
    assert sitegen("build", "--source", site).code == 0
    assert _taglines(site / "public") == {
        "fr": (["Un blog pour les tests."], ["Un blog pour les tests."]),
        "en": (["A blog for the tests."], ["A blog for the tests."]),
    }
    feed = etree.parse(str(site / "public/en/feed.xml")).getroot()
    assert strings(feed, "/a:feed/a:subtitle/text()", {"a": "http://www.w3.org/2005/Atom"}) == [
        "A blog for the tests."
    ]


def test_a_language_the_description_is_not_written_in_shows_none(make_site: Site) -> None:
    site = make_site({"content/posts/2026-02-02-model.en.md": post("One", date="2026-02-02")})
    assert sitegen("build", "--source", site).code == 0
    taglines = _taglines(site / "public")
    assert taglines["fr"][0] == ["Un blog pour les tests."]
    assert taglines["en"][0] == []  # never the French one on an English page
    assert "Un blog" not in " ".join(taglines["en"][1])


@pytest.mark.parametrize(
    ("description", "said"),
    [
        ("{en: English only}", "no text in the blog's language, `fr`"),
        ("{fr: Français, de: Deutsch}", "`de` is not a language of the blog"),
        ("{fr: [une, liste]}", "expected text"),
    ],
)
def test_a_description_in_each_language_names_the_blog_s_languages(
    make_site: Site, description: str, said: str
) -> None:
    config = DEFAULT_CONFIG.replace(
        "description: Un blog pour les tests.", f"description: {description}"
    )
    site = make_site({}, config)
    result = sitegen("build", "--source", site)
    assert result.code == 2 and said in result.err
    assert "sitegen.yaml:2:" in result.err  # the line of `description`


def test_each_language_has_its_own_404_page(make_site: Site) -> None:
    out = _built(make_site)
    pages = {path: parse_html(out / path) for path in ("404.html", "en/404.html")}
    assert {path: page.get("lang") for path, page in pages.items()} == {
        "404.html": "fr",
        "en/404.html": "en",
    }
    assert [raw_text(first_in(page, ".//h1")) for page in pages.values()] == [
        "Page introuvable",
        "Page not found",
    ]
    home = strings(pages["en/404.html"], "//main//a/@href")
    assert home == ["/en/"]
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "404" not in sitemap  # not pages to index
