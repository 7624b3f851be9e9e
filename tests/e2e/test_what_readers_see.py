"""What a reader sees around the text: titles, descriptions, previews and feeds typeset in
their post's language, and a way to subscribe on every page."""

from __future__ import annotations

import json
from pathlib import Path

from lxml import etree

from sitegen.text.typography import NBSP, NNBSP
from tests.conftest import elements, first_in, parse_html, post, raw_text, sitegen, strings
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
