"""Home pagination, tag pages, yearly archives, languages and the 404 page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import (
    DEFAULT_CONFIG,
    Run,
    elements,
    first_in,
    parse_html,
    post,
    raw_text,
    strings,
    text_of,
)

Site = Callable[..., Path]
Runner = Callable[..., Run]


def many_posts(count: int) -> dict[str, str | bytes]:
    return {
        f"content/posts/2025-{month:02d}-10-billet-{month}.md": post(
            f"Billet {month}",
            date=f"2025-{month:02d}-10",
            tags="[ia]" if month % 2 else "[llm, ia]",
        )
        for month in range(1, count + 1)
    }


def titles(page: Path, xpath: str = "//article//h2/a") -> list[str]:
    return [text_of(a) for a in elements(parse_html(page), xpath)]


def test_home_is_paginated_newest_first(make_site: Site, run: Runner) -> None:
    site = make_site(many_posts(7), config=DEFAULT_CONFIG + "posts_per_page: 3\n")
    assert run("build", "--source", site).code == 0
    out = site / "public"
    assert titles(out / "index.html") == ["Billet 7", "Billet 6", "Billet 5"]
    assert titles(out / "page/2/index.html") == ["Billet 4", "Billet 3", "Billet 2"]
    assert titles(out / "page/3/index.html") == ["Billet 1"]
    assert not (out / "page/4").exists()
    pager = elements(parse_html(out / "page/2/index.html"), "//nav[@class='pager']")[0]
    assert strings(pager, ".//a[@rel='prev']/@href") == ["/"]
    assert strings(pager, ".//a[@rel='next']/@href") == ["/page/3/"]


def test_tag_pages_and_the_tag_index(make_site: Site, run: Runner) -> None:
    site = make_site(many_posts(4))
    assert run("build", "--source", site).code == 0
    out = site / "public"
    listed = [text_of(a) for a in elements(parse_html(out / "tags/llm/index.html"), "//main//li/a")]
    assert listed == ["Billet 4", "Billet 2"]
    assert (
        text_of(first_in(parse_html(out / "tags/llm/index.html"), ".//h1"))
        == "Billets étiquetés « llm »"
    )
    index = parse_html(out / "tags/index.html")
    assert [text_of(li) for li in elements(index, "//ul[@class='tag-cloud']/li")] == [
        "ia 4 billets",
        "llm 2 billets",
    ]


def test_yearly_archives(make_site: Site, run: Runner) -> None:
    site = make_site({
        "content/posts/2024-12-31-fin.md": post("Fin", date="2024-12-31"),
        "content/posts/2025-01-01-debut.md": post("Début", date="2025-01-01"),
    })  # fmt: skip
    assert run("build", "--source", site).code == 0
    out = site / "public"
    years = elements(parse_html(out / "archives/index.html"), "//ul[@class='years']/li")
    assert [text_of(y) for y in years] == ["2025 1 billet", "2024 1 billet"]
    entry = elements(parse_html(out / "archives/2025/index.html"), "//ul[@class='post-index']/li")[
        0
    ]
    assert text_of(first_in(entry, "time")) == "1er janvier 2025"


def test_other_languages_have_their_own_edition(make_site: Site, run: Runner) -> None:
    site = make_site({
        "content/posts/2026-02-01-bonjour.md": post("Bonjour", date="2026-02-01", tags="[ia]"),
        "content/posts/2026-02-01-bonjour.en.md": post("Hello", date="2026-02-01", tags="[ai]"),
    })  # fmt: skip
    assert run("build", "--source", site).code == 0
    out = site / "public"
    english_home = parse_html(out / "en/index.html")
    assert english_home.get("lang") == "en"
    assert titles(out / "en/index.html") == ["Hello"]
    assert titles(out / "index.html") == ["Bonjour"]
    assert (out / "en/tags/ai/index.html").is_file() and not (out / "tags/ai").exists()
    english_post = parse_html(out / "en/2026/02/bonjour/index.html")
    assert text_of(first_in(english_post, ".//article//time")) == "February 1, 2026"
    alternates = elements(english_post, "//link[@rel='alternate'][@hreflang]")
    assert {a.get("hreflang"): a.get("href") for a in alternates} == {
        "en": "https://example.org/en/2026/02/bonjour/",
        "fr": "https://example.org/2026/02/bonjour/",
        "x-default": "https://example.org/2026/02/bonjour/",
    }
    switcher = elements(english_home, "//nav[@class='languages']//a")
    assert [(a.get("hreflang"), a.get("href")) for a in switcher] == [("fr", "/"), ("en", "/en/")]


def test_not_found_page_uses_absolute_urls_under_the_base_path(
    make_site: Site, run: Runner
) -> None:
    site = make_site({"content/posts/2026-02-01-bonjour.md": post("Bonjour")})
    assert run("build", "--source", site, "--base-url", "https://u.github.io/repo/").code == 0
    page = parse_html(site / "public/404.html")
    assert text_of(first_in(page, ".//h1")) == "Page introuvable"
    urls = strings(page, "//a/@href | //link/@href")
    assert urls and all(u.startswith(("/repo/", "https://", "#", "data:")) for u in urls)


def test_pages_live_at_the_root_and_in_the_menu(make_site: Site, run: Runner) -> None:
    site = make_site({
        "content/pages/a-propos.md": "---\ntitle: À propos\n---\n\nQui sommes-nous ?\n",
        "content/posts/2026-02-01-bonjour.md": post("Bonjour"),
    })  # fmt: skip
    assert run("build", "--source", site).code == 0
    page = parse_html(site / "public/a-propos/index.html")
    assert text_of(first_in(page, ".//h1")) == "À propos"
    menu = elements(parse_html(site / "public/index.html"), "//nav[@class='site-nav']//a")
    assert ("À propos", "/a-propos/") in [(text_of(a), a.get("href")) for a in menu]


def test_audio_posts_get_a_player_and_the_file(make_site: Site, run: Runner) -> None:
    site = make_site({
        "static/audio/lu.mp3": b"ID3\x03\x00fake",
        "content/posts/2026-02-01-lu.md": post("Lu", date="2026-02-01", audio="true"),
    })  # fmt: skip
    assert run("build", "--source", site).code == 0
    player = elements(parse_html(site / "public/2026/02/lu/index.html"), "//audio")
    assert [strings(a, "./source/@src") for a in player] == [["/audio/lu.mp3"]]
    assert (site / "public/audio/lu.mp3").read_bytes() == b"ID3\x03\x00fake"


def test_one_file_name_in_one_language_is_not_a_translation(make_site: Site, run: Runner) -> None:
    site = make_site({
        "content/posts/2025-01-01-bilan.md": post("Bilan 2024", date="2025-01-01"),
        "content/posts/2026-01-01-bilan.md": post("Bilan 2025", date="2026-01-01"),
    })  # fmt: skip
    result = run("build", "--source", site)
    assert result.code == 0 and "warning" not in result.err
    page = parse_html(site / "public/2026/01/bilan/index.html")
    assert not elements(page, "//link[@rel='alternate'][@hreflang]") and not elements(
        page, "//p[@class='translations']"
    )


def test_an_ambiguous_translation_key_is_reported(make_site: Site, run: Runner) -> None:
    site = make_site({
        "content/posts/2025-01-01-bilan.md": post("Bilan 2024", date="2025-01-01"),
        "content/posts/2026-01-01-bilan.md": post("Bilan 2025", date="2026-01-01"),
        "content/posts/2026-01-01-bilan.en.md": post("Review 2025", date="2026-01-01"),
    })  # fmt: skip
    result = run("build", "--source", site)
    assert result.code == 0
    assert result.err.count("warning: translation key `bilan` is shared") == 3
    assert not elements(
        parse_html(site / "public/en/2026/01/bilan/index.html"), "//link[@hreflang]"
    )


def test_links_with_other_schemes_are_external(make_site: Site, run: Runner) -> None:
    body = "[ftp](ftp://example.org/f) [sms](sms:+33000000000) [geo](geo:48.85,2.35)"
    site = make_site({"content/posts/2026-02-01-liens.md": post("Liens", body=body)})
    result = run("build", "--source", site)
    assert result.code == 0, result.err


def test_front_matter_site_paths_must_exist(make_site: Site, run: Runner) -> None:
    lines = "see_also: [{title: Absent, url: /2099/01/absent/}]"
    site = make_site({"content/posts/2026-02-01-a.md": post("A")})
    (site / "content/posts/2026-02-01-a.md").write_text(
        f"---\ntitle: A\ndate: 2026-02-01\n{lines}\n---\n\nTexte.\n", encoding="utf-8"
    )
    result = run("build", "--source", site)
    assert result.code == 1
    assert "2026-02-01-a.md:4:1: broken link `/2099/01/absent/`" in result.err


def test_french_theme_words_get_french_spacing(make_site: Site, run: Runner) -> None:
    site = make_site({
        "content/posts/2026-02-01-bonjour.md": post("Bonjour", date="2026-02-01", tags="[ia]"),
        "content/posts/2026-02-01-bonjour.en.md": post("Hello", date="2026-02-01"),
    })  # fmt: skip
    assert run("build", "--source", site).code == 0
    page = parse_html(site / "public/2026/02/bonjour/index.html")
    also = raw_text(elements(page, "//p[@class='translations']")[0])
    assert also.strip().startswith("Aussi en\u00a0:")
    heading = raw_text(first_in(parse_html(site / "public/tags/ia/index.html"), ".//h1"))
    assert heading == "Billets étiquetés «\u202fia\u202f»"


def test_a_language_without_theme_words_is_named(make_site: Site, run: Runner) -> None:
    config = DEFAULT_CONFIG.replace("languages: [fr, en]", "languages: [fr, en, de]")
    site = make_site({"content/posts/2026-02-01-a.md": post("A")}, config=config)
    result = run("build", "--source", site)
    assert result.code == 1
    assert "the theme has no words for `de`: add templates/i18n/de.yaml" in result.err
    assert "Traceback" not in result.err


def test_relative_links_in_a_summary_still_work_on_the_home_page(
    make_site: Site, run: Runner
) -> None:
    body = (
        "Voir [l’autre billet](../../01/autre/) et ![schéma](schema.png).\n\n<!--more-->\n\nSuite."
    )
    site = make_site({
        "content/posts/2026-01-10-autre.md": post("Autre", date="2026-01-10"),
        "content/posts/2026-02-01-lien.md": post("Lien", date="2026-02-01", body=body),
        "static/2026/02/lien/schema.png": b"\x89PNG",
    })  # fmt: skip
    assert run("build", "--source", site, "--base-url", "https://u.github.io/repo/").code == 0
    card = elements(parse_html(site / "public/index.html"), "//article[.//a[.='Lien']]")[0]
    assert strings(card, ".//div[@class='summary']//a/@href") == ["/repo/2026/01/autre/"]
    assert strings(card, ".//div[@class='summary']//img/@src") == ["/repo/2026/02/lien/schema.png"]
    post_page = parse_html(site / "public/2026/02/lien/index.html")
    assert (
        strings(post_page, "//div[contains(@class,'post-body')]//a/@href")[0] == "../../01/autre/"
    )


def test_a_formula_in_the_summary_reads_as_tex_in_the_description(
    make_site: Site, run: Runner
) -> None:
    body = r"La formule $x^2 + \sqrt{y}$ suffit."
    site = make_site({"content/posts/2026-02-01-f.md": post("F", date="2026-02-01", body=body)})
    assert run("build", "--source", site).code == 0
    html = parse_html(site / "public/2026/02/f/index.html")
    [meta] = elements(html, "//meta[@name='description']")
    assert meta.get("content") == r"La formule x^2 + \sqrt{y} suffit."
