"""The bilingual blog: one edition per language, each in its own words, dates and plurals."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml
from lxml import etree

from tests.conftest import (
    DEFAULT_CONFIG,
    REPO,
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

CONFIG = DEFAULT_CONFIG + "posts_per_page: 2\n"
ORIGIN = "https://example.org"
EDITIONS = [pytest.param("fr", "", id="fr"), pytest.param("en", "en/", id="en")]
"""(language, folder of its edition in the output)."""

POSTS: dict[str, str | bytes] = {
    "content/posts/2026-02-01-bonjour.md": post("Bonjour", date="2026-02-01", tags="[ia, x]"),
    "content/posts/2026-01-10-deux.md": post("Deuxième", date="2026-01-10", tags="[ia]"),
    "content/posts/2025-12-05-trois.md": post("Troisième", date="2025-12-05", tags="[llm]"),
    "content/posts/2026-02-01-bonjour.en.md": post("Hello", date="2026-02-01", tags="[ia, x]"),
    "content/posts/2026-01-12-second.en.md": post("Second", date="2026-01-12", tags="[ia]"),
    "content/posts/2025-11-03-third.en.md": post("Third", date="2025-11-03", tags="[ml]"),
}
TITLES = {"fr": ["Bonjour", "Deuxième", "Troisième"], "en": ["Hello", "Second", "Third"]}
"""Each edition's posts, newest first."""


@cache
def catalog(lang: str) -> dict[str, str]:
    """The theme's own messages for `lang`."""
    messages: dict[str, str] = yaml.safe_load(
        (REPO / "templates/i18n" / f"{lang}.yaml").read_text(encoding="utf-8")
    )
    return messages


def message(lang: str, key: str, **values: Any) -> str:
    """A theme message as a reader sees it (spaces of any width count as one)."""
    return " ".join(catalog(lang)[key].format(**values).split())


def build(site: Path, run: Runner, *args: str) -> Path:
    result = run("build", "--source", site, *args)
    assert result.code == 0, result.err
    return site / "public"


def card_titles(page: etree._Element) -> list[str]:
    return [text_of(a) for a in elements(page, "//article[@class='post-card']//h2/a")]


def listed_titles(page: etree._Element) -> list[str]:
    return [text_of(a) for a in elements(page, "//ul[@class='post-index']/li/a")]


def nav_words(page: etree._Element) -> list[str]:
    return [text_of(a) for a in elements(page, "//nav[@class='site-nav']//a")]


def theme_nav(lang: str) -> list[str]:
    keys = ("nav_home", "nav_archives", "nav_tags", "nav_search")
    return [message(lang, key) for key in keys]


def url_of(out: Path, file: Path) -> str:
    """The site path of an output file: `en/index.html` -> `/en/`."""
    return "/" + file.relative_to(out).as_posix().removesuffix("index.html")


def file_at(out: Path, url: str) -> Path | None:
    """The output file an internal URL leads to, or None for another site's address."""
    if not url.startswith(ORIGIN + "/"):
        return None
    path = unquote(urlsplit(url).path)
    file = out / path.lstrip("/")
    return file / "index.html" if path.endswith("/") or file.is_dir() else file


def test_each_language_lists_only_its_own_posts(make_site: Site, run: Runner) -> None:
    out = build(make_site(POSTS, config=CONFIG), run)
    for lang, folder in (("fr", ""), ("en", "en/")):
        pages = [
            parse_html(out / folder / "index.html"),
            parse_html(out / folder / "page/2/index.html"),
        ]
        assert [page.get("lang") for page in pages] == [lang, lang]
        assert [title for page in pages for title in card_titles(page)] == TITLES[lang]
        assert {lang} == {c for page in pages for c in strings(page, "//article/@lang")}


@pytest.mark.parametrize(("lang", "folder"), EDITIONS)
def test_each_language_has_its_own_pagination(
    make_site: Site, run: Runner, lang: str, folder: str
) -> None:
    out = build(make_site(POSTS, config=CONFIG), run)
    first = parse_html(out / folder / "index.html")
    second = parse_html(out / folder / "page/2/index.html")
    assert not (out / folder / "page/3").exists()
    assert second.get("lang") == lang
    assert text_of(first_in(second, ".//main//h1")) == message(lang, "page_n", n=2, total=2)

    forward = elements(first, "//nav[@class='pager']/a")
    assert [(a.get("rel"), a.get("href"), text_of(a)) for a in forward] == [
        ("next", f"/{folder}page/2/", message(lang, "next_page"))
    ]
    back = elements(second, "//nav[@class='pager']/a")
    assert [(a.get("rel"), a.get("href"), text_of(a)) for a in back] == [
        ("prev", f"/{folder}", message(lang, "previous_page"))
    ]
    for a in (*forward, *back):
        target = file_at(out, ORIGIN + a.get("href", ""))
        assert target is not None and target.is_file(), a.get("href")
    pager_text = text_of(elements(first, "//nav[@class='pager']/span")[0])
    assert pager_text == message(lang, "page_n", n=1, total=2)
    assert strings(first, "//nav[@class='pager']/@aria-label") == [message(lang, "pager_label")]


@pytest.mark.parametrize(("lang", "folder"), EDITIONS)
def test_tags_archives_and_years_speak_the_page_language(
    make_site: Site, run: Runner, lang: str, folder: str
) -> None:
    out = build(make_site(POSTS, config=CONFIG), run)
    pages = {
        "tags/ia/": message(lang, "tag_title", tag="ia"),
        "tags/": message(lang, "tags_title"),
        "archives/": message(lang, "archives_title"),
        "archives/2026/": message(lang, "year_title", year=2026),
    }
    for path, heading in pages.items():
        page = parse_html(out / folder / path / "index.html")
        assert page.get("lang") == lang, path
        assert nav_words(page) == theme_nav(lang), path
        assert text_of(first_in(page, ".//main//h1")) == heading, path
        assert text_of(first_in(page, ".//title")).startswith(heading + " · "), path

    tag = parse_html(out / folder / "tags/ia/index.html")
    assert listed_titles(tag) == TITLES[lang][:2]
    assert set(strings(tag, "//ul[@class='post-index']/li/@lang")) == {lang}
    assert [(text_of(a), a.get("href")) for a in elements(tag, "//main/p/a")] == [
        (message(lang, "all_tags"), f"/{folder}tags/")
    ]
    cloud = elements(parse_html(out / folder / "tags/index.html"), "//ul[@class='tag-cloud']//a")
    expected_tags = ["ia", "llm", "x"] if lang == "fr" else ["ia", "ml", "x"]
    assert [(text_of(a), a.get("href")) for a in cloud] == [
        (name, f"/{folder}tags/{name}/") for name in expected_tags
    ]
    years = elements(parse_html(out / folder / "archives/index.html"), "//ul[@class='years']//a")
    assert [(text_of(a), a.get("href")) for a in years] == [
        ("2026", f"/{folder}archives/2026/"),
        ("2025", f"/{folder}archives/2025/"),
    ]
    year = parse_html(out / folder / "archives/2026/index.html")
    assert listed_titles(year) == TITLES[lang][:2]


def test_dates_are_written_the_way_each_language_writes_them(make_site: Site, run: Runner) -> None:
    out = build(make_site(POSTS, config=CONFIG), run)
    expected = {"fr": "1er février 2026", "en": "February 1, 2026"}
    shown_on: dict[str, set[str]] = {"fr": set(), "en": set()}
    for file in out.rglob("*.html"):
        page = parse_html(file)
        for time in elements(page, "//time[starts-with(@datetime, '2026-02-01')]"):
            assert text_of(time) == expected[page.get("lang", "")], file
            shown_on[page.get("lang", "")].add(url_of(out, file))
    assert shown_on["fr"] >= {"/", "/2026/02/bonjour/", "/tags/x/", "/archives/2026/"}
    assert shown_on["en"] >= {"/en/", "/en/2026/02/bonjour/", "/en/tags/x/", "/en/archives/2026/"}


@pytest.mark.parametrize(
    ("lang", "folder", "one", "other"),
    [("fr", "", "1 billet", "2 billets"), ("en", "en/", "1 post", "2 posts")],
)
def test_post_counts_are_pluralised_per_language(
    make_site: Site, run: Runner, lang: str, folder: str, one: str, other: str
) -> None:
    out = build(make_site(POSTS, config=CONFIG), run)

    def count(path: str) -> str:
        return text_of(
            first_in(parse_html(out / folder / path / "index.html"), ".//p[@class='count']")
        )

    assert count("tags/x/") == one
    assert count("tags/ia/") == other
    assert count("archives/2025/") == one
    assert count("archives/2026/") == other
    years = elements(parse_html(out / folder / "archives/index.html"), "//ul[@class='years']/li")
    assert [text_of(li) for li in years] == [f"2026 {other}", f"2025 {one}"]


def internal_links(out: Path) -> list[tuple[str, str]]:
    """(page, absolute URL) of every link, resource and refresh target of the built site."""
    links = []
    for file in sorted(out.rglob("*.html")):
        page = parse_html(file)
        base = ORIGIN + url_of(out, file)
        targets = strings(
            page,
            "//a/@href | //link/@href | //img/@src | //source/@src | //audio/@src"
            " | //script/@src | //iframe/@src",
        )
        for refresh in strings(page, "//meta[@http-equiv='refresh']/@content"):
            targets.append(refresh.split("url=", 1)[1])
        links += [(url_of(out, file), urljoin(base, t)) for t in targets]
    return links


def resolves(out: Path, url: str) -> bool:
    """An internal URL leads to a written file, and its fragment to an element of it."""
    target = file_at(out, url)
    if target is None or not target.is_file():
        return False
    fragment = urlsplit(url).fragment
    if not fragment or target.suffix != ".html":
        return True
    return bool(parse_html(target).xpath("//*[@id=$id]", id=fragment))


def test_every_language_in_its_folder_and_a_choice_at_the_root(
    make_site: Site, run: Runner
) -> None:
    site = make_site(POSTS, config=CONFIG + "default_language_at_root: false\n")
    out = build(site, run)
    french = parse_html(out / "fr/index.html")
    assert french.get("lang") == "fr" and card_titles(french) == TITLES["fr"][:2]
    assert (out / "fr/2026/02/bonjour/index.html").is_file()
    assert (out / "fr/tags/ia/index.html").is_file()
    assert not (out / "2026").exists() and not (out / "tags").exists()

    choice = parse_html(out / "index.html")
    assert strings(choice, "//meta[@http-equiv='refresh']/@content") == ["0; url=/fr/"]
    offered = elements(choice, "//main//a[@hreflang]")
    assert [(a.get("hreflang"), a.get("href")) for a in offered] == [
        ("fr", "/fr/"),
        ("en", "/en/"),
    ]
    for a in offered:
        target = file_at(out, ORIGIN + a.get("href", ""))
        assert target is not None and parse_html(target).get("lang") == a.get("hreflang")

    links = [(page, url) for page, url in internal_links(out) if file_at(out, url)]
    assert len(links) > 100
    assert [(page, url) for page, url in links if not resolves(out, url)] == []


def test_passages_in_another_language_keep_their_typography(make_site: Site, run: Runner) -> None:
    body = (
        "Il a dit [Hello: world!]{lang=en} puis : voilà.\n\n"
        "{lang=en}\n"
        "An English paragraph: really!\n\n"
        'Un [mot]{onclick="x"} et [lien](https://example.org/){onclick="y" lang=en}.\n\n'
        '{onclick="z"}\n'
        "Bloc.\n"
    )
    site = make_site({"content/posts/2026-01-15-passages.md": post("Passages", body=body)})
    page = parse_html(build(site, run) / "2026/01/passages/index.html")
    paragraphs = elements(page, "//div[contains(@class, 'post-body')]/p")
    assert [raw_text(p) for p in paragraphs] == [
        "Il a dit Hello: world! puis\u00a0: voilà.",
        "An English paragraph: really!",
        "Un mot et lien.",
        "Bloc.",
    ]
    assert [p.get("lang") for p in paragraphs] == [None, "en", None, None]
    spans = elements(paragraphs[0], ".//span")
    assert [(s.get("lang"), raw_text(s)) for s in spans] == [("en", "Hello: world!")]
    assert strings(paragraphs[2], ".//a/@lang") == ["en"]
    handlers = [
        (element.tag, name)
        for element in page.iter()
        if isinstance(element.tag, str)
        for name in map(str, element.attrib)
        if name.lower().startswith("on")
    ]
    assert handlers == []


def test_references_say_their_language(make_site: Site, run: Runner) -> None:
    sources = (
        '[{title: "An English paper", url: "https://example.org/p", lang: en},'
        ' {title: "Un article", url: "https://example.org/a"}]'
    )
    site = make_site({"content/posts/2026-01-15-refs.md": post("Refs", sources=sources)})
    page = parse_html(build(site, run) / "2026/01/refs/index.html")
    (section,) = elements(page, "//section[@aria-labelledby='_sources']")
    assert text_of(first_in(section, "h2")) == message("fr", "sources_title")
    items = elements(section, ".//li")
    assert [(li.get("lang"), text_of(li)) for li in items] == [
        ("en", "An English paper"),
        (None, "Un article"),
    ]
    assert [(a.get("href"), a.get("hreflang")) for a in elements(section, ".//li/a")] == [
        ("https://example.org/p", "en"),
        ("https://example.org/a", None),
    ]


GERMAN = {"nav_home": "Startseite", "nav_archives": "Archiv", "tags_title": "Schlagwörter"}


def german_site(make_site: Site) -> Path:
    config = DEFAULT_CONFIG.replace("languages: [fr, en]", "languages: [fr, en, de]")
    return make_site(
        {
            "templates/i18n/de.yaml": yaml.safe_dump(GERMAN, allow_unicode=True),
            "content/posts/2026-02-01-bonjour.md": post("Bonjour", date="2026-02-01"),
            "content/posts/2026-02-01-hallo.de.md": post("Hallo", date="2026-02-01", tags="[ki]"),
        },
        config=config,
    )


def test_a_partial_catalog_is_completed_in_english_with_a_warning(
    make_site: Site, run: Runner
) -> None:
    site = german_site(make_site)
    result = run("build", "--source", site)
    assert result.code == 0, result.err
    missing = sorted(set(catalog("en")) - set(GERMAN))
    (line,) = [line for line in result.err.splitlines() if "templates/i18n/de.yaml" in line]
    assert "warning:" in line and "shown in English" in line
    assert line.endswith(", ".join(missing))

    out = site / "public"
    home = parse_html(out / "de/index.html")
    assert home.get("lang") == "de"
    assert nav_words(home) == [
        "Startseite",
        "Archiv",
        message("en", "nav_tags"),
        message("en", "nav_search"),
    ]
    assert text_of(first_in(home, ".//a[@class='skip-link']")) == message("en", "skip_to_content")
    tags = parse_html(out / "de/tags/index.html")
    assert text_of(first_in(tags, ".//main//h1")) == "Schlagwörter"
    article = parse_html(out / "de/2026/02/hallo/index.html")
    assert text_of(first_in(article, ".//span[@class='reading-time']")) == message(
        "en", "reading_time", n=1
    )
    assert text_of(first_in(article, ".//article//time")) == "1. Februar 2026"


def test_a_partial_catalog_fails_a_strict_build(make_site: Site, run: Runner) -> None:
    site = german_site(make_site)
    result = run("build", "--source", site, "--strict")
    assert result.code == 1
    (line,) = [line for line in result.err.splitlines() if "templates/i18n/de.yaml" in line]
    assert "shown in English" in line and "warning" not in line
    assert not (site / "public").exists()


def test_a_language_without_a_catalog_is_refused(make_site: Site, run: Runner) -> None:
    config = DEFAULT_CONFIG.replace("languages: [fr, en]", "languages: [fr, it]")
    site = make_site({"content/posts/2026-02-01-a.md": post("A")}, config=config)
    result = run("build", "--source", site)
    assert result.code == 1
    assert "add templates/i18n/it.yaml" in result.err
    assert "Traceback" not in result.err
    assert not (site / "public").exists()
