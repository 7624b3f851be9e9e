"""The publishing-principles page: `sitegen new --layout principles`, the link from every
disclosure notice, `publishingPrinciples` in JSON-LD, one such page per language."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import frontmatter
from lxml import etree

from tests.conftest import Run, elements, parse_html, post, strings, text_of

Site = Callable[..., Path]
Runner = Callable[..., Run]

FR_POST = "content/posts/2026-01-15-billet.md"
EN_POST = "content/posts/2026-01-16-post.en.md"
FR_PAGE = "content/pages/nos-principes-de-publication.md"
EN_PAGE = "content/pages/our-publishing-principles.en.md"
GENERATED = "\n  model: Mistral Large\n  prompted_by: Camille"
ORIGIN = "https://example.org"


def ai_posts() -> dict[str, str | bytes]:
    """A generated post in French, a machine-translated one in English."""
    return {
        FR_POST: post("Un billet", "2026-01-15", "Du texte.", generated=GENERATED),
        EN_POST: post("A post", "2026-01-16", "Some text.", lang="en", translated="{from: de}"),
    }


def principles_page(lang: str, title: str = "Nos principes", draft: str = "false") -> str:
    return (
        f"---\ntitle: {title}\nlayout: principles\nlang: {lang}\ndraft: {draft}\n---\n\n"
        "Comment nous utilisons l’IA.\n"
    )


def notice_links(page: Path) -> list[etree._Element]:
    """The links of the disclosure notice, but the one to the original."""
    links: list[etree._Element] = elements(
        parse_html(page), "//article//aside[@data-disclosure]//a[not(.='Read the original')]"
    )
    return links


def heading(element: etree._Element) -> str:
    """A heading's words, without the anchor link the build adds."""
    return " ".join("".join(strings(element, "text()")).split())


def json_ld(page: Path) -> dict[str, Any]:
    [script] = elements(parse_html(page), "//script[@type='application/ld+json']")
    data: dict[str, Any] = json.loads(script.text or "")
    return data


def test_new_writes_the_principles_page_of_each_language_and_every_notice_links_to_it(
    make_site: Site, run: Runner
) -> None:
    site = make_site(ai_posts())
    made = run("new", "--layout", "principles", "--source", site)
    assert made.code == 0, made.err
    assert run("new", "--layout", "principles", "--lang", "en", "--source", site).code == 0
    french = frontmatter.load(site / FR_PAGE).metadata
    english = frontmatter.load(site / EN_PAGE).metadata
    assert (french["layout"], french["lang"], french["draft"]) == ("principles", "fr", True)
    assert (english["layout"], english["lang"], english["title"]) == (
        "principles",
        "en",
        "Our publishing principles",
    )
    built = run("build", "--source", site, "--drafts", "--strict")
    assert built.code == 0, built.err

    fr_page = parse_html(site / "public/nos-principes-de-publication/index.html")
    en_page = parse_html(site / "public/en/our-publishing-principles/index.html")
    assert fr_page.get("lang") == "fr" and en_page.get("lang") == "en"
    assert "layout-principles" in strings(fr_page, "//body/@class")[0].split()
    assert [heading(h) for h in elements(fr_page, "//article//h2")] == [
        "Ce que fait l’IA sur ce blog",
        "Ce qui n’est jamais généré",
        "Qui relit, et comment",
        "Les traductions",
        "Signaler une erreur",
        "Ce que vous verrez",
    ]
    assert "Who reviews, and how" in [heading(h) for h in elements(en_page, "//article//h2")]
    # The two versions are one text: each offers the other.
    assert strings(en_page, "//p[@class='translations']/a/@href") == [
        "/nos-principes-de-publication/"
    ]

    [fr_link] = notice_links(site / "public/2026/01/billet/index.html")
    assert (text_of(fr_link), fr_link.get("href")) == (
        "Notre usage de l’IA",
        "/nos-principes-de-publication/",
    )
    [en_link] = notice_links(site / "public/en/2026/01/post/index.html")
    assert (text_of(en_link), en_link.get("href")) == (
        "How we use AI",
        "/en/our-publishing-principles/",
    )
    assert en_link.get("hreflang") is None  # the page is in the post's language

    fr_data = json_ld(site / "public/2026/01/billet/index.html")
    assert fr_data["publishingPrinciples"] == f"{ORIGIN}/nos-principes-de-publication/"
    assert fr_data["isPartOf"]["publishingPrinciples"] == f"{ORIGIN}/nos-principes-de-publication/"
    en_data = json_ld(site / "public/en/2026/01/post/index.html")
    assert en_data["publishingPrinciples"] == f"{ORIGIN}/en/our-publishing-principles/"
    # A page of the blog says it too, not only the posts an AI took part in.
    page_data = json_ld(site / "public/en/our-publishing-principles/index.html")
    assert page_data["publishingPrinciples"] == f"{ORIGIN}/en/our-publishing-principles/"


def test_a_title_can_be_given_and_a_post_still_needs_one(make_site: Site, run: Runner) -> None:
    site = make_site()
    assert run("new", "Charte de l’IA", "--layout", "principles", "--source", site).code == 0
    assert frontmatter.load(site / "content/pages/charte-de-l-ia.md")["title"] == "Charte de l’IA"
    untitled = run("new", "--source", site)
    assert untitled.code == 2 and "the title is empty" in untitled.err


def test_the_scaffold_never_overwrites_a_page(make_site: Site, run: Runner) -> None:
    site = make_site()
    assert run("new", "--layout", "principles", "--source", site).code == 0
    (site / FR_PAGE).write_text("mon texte", encoding="utf-8")
    again = run("new", "--layout", "principles", "--source", site)
    assert again.code == 2
    assert f"{FR_PAGE}: already exists" in again.err
    assert (site / FR_PAGE).read_text(encoding="utf-8") == "mon texte"


def test_a_draft_principles_page_is_linked_only_once_published(
    make_site: Site, run: Runner
) -> None:
    site = make_site(ai_posts())
    assert run("new", "--layout", "principles", "--source", site).code == 0
    assert run("build", "--source", site).code == 0
    assert notice_links(site / "public/2026/01/billet/index.html") == []
    assert "publishingPrinciples" not in json_ld(site / "public/2026/01/billet/index.html")


def test_a_language_without_its_own_page_is_sent_to_the_default_languages(
    make_site: Site, run: Runner
) -> None:
    site = make_site(ai_posts() | {FR_PAGE: principles_page("fr")})
    assert run("build", "--source", site, "--strict").code == 0
    [link] = notice_links(site / "public/en/2026/01/post/index.html")
    assert (text_of(link), link.get("href"), link.get("hreflang")) == (
        "How we use AI",
        "/nos-principes-de-publication/",
        "fr",
    )
    data = json_ld(site / "public/en/2026/01/post/index.html")
    assert data["publishingPrinciples"] == f"{ORIGIN}/nos-principes-de-publication/"


def test_a_language_with_no_page_nor_the_default_languages_is_sent_to_another_languages(
    make_site: Site, run: Runner
) -> None:
    site = make_site(ai_posts() | {EN_PAGE: principles_page("en", "Our principles")})
    assert run("build", "--source", site, "--strict").code == 0
    [link] = notice_links(site / "public/2026/01/billet/index.html")
    assert (text_of(link), link.get("href"), link.get("hreflang")) == (
        "Notre usage de l’IA",
        "/en/our-publishing-principles/",
        "en",
    )
    data = json_ld(site / "public/2026/01/billet/index.html")
    assert data["publishingPrinciples"] == f"{ORIGIN}/en/our-publishing-principles/"


def test_two_principles_pages_in_one_language_are_a_located_error(
    make_site: Site, run: Runner
) -> None:
    site = make_site(
        ai_posts()
        | {
            "content/pages/charte.md": principles_page("fr", "Charte"),
            FR_PAGE: principles_page("fr"),
            EN_PAGE: principles_page("en", "Our principles"),
        }
    )
    result = run("build", cwd=site)
    assert result.code == 1
    assert (
        f"{FR_PAGE}:3:1: a second principles page in `fr`: content/pages/charte.md is already one"
        in result.err
    )
    assert "keep one page with `layout: principles` per language" in result.err
    assert EN_PAGE not in result.err


def test_a_principles_layout_on_a_post_is_a_warning(make_site: Site, run: Runner) -> None:
    site = make_site({FR_POST: post("Un billet", "2026-01-15", "Du texte.", layout="principles")})
    result = run("build", cwd=site)
    assert result.code == 0
    assert f"{FR_POST}:4:1: warning: `layout: principles` on a post" in result.err
    assert run("build", "--strict", cwd=site).code == 1
