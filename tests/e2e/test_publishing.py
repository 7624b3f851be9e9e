"""Publishing: feeds' contents, the base path guard, site search with and without Pagefind."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import feedparser
import html5lib
import pytest
from lxml import etree

from tests.conftest import (
    DEFAULT_CONFIG,
    Run,
    elements,
    parse_html,
    post,
    sitegen,
    strings,
    text_of,
)

Site = Callable[..., Path]
Runner = Callable[..., Run]
REPO_CONFIG = DEFAULT_CONFIG.replace("https://example.org/", "https://example.org/repo/")
AUDIO = b"ID3\x03\x00" + bytes(2_000)


def narrated_site(make_site: Site) -> Path:
    return make_site(
        {
            "static/audio/lu.mp3": AUDIO,
            "content/posts/2026-02-01-lu.md": post(
                "Lu à voix haute",
                date="2026-02-01",
                audio="true",
                generated="{model: Modèle-Z}",
                tags="[ia]",
                body="Un [lien](/2026/02/lu/#fin) et une note[^1].\n\n## Une partie\n\nSuite."
                "\n\n[^1]: La note.",
            ),
            "content/posts/2026-02-02-lu.en.md": post("Read aloud", date="2026-02-02"),
        },
        config=REPO_CONFIG,
    )


def test_feeds_carry_the_disclosure_the_language_and_the_recording(
    make_site: Site, run: Runner
) -> None:
    site = narrated_site(make_site)
    assert run("build", "--source", site).code == 0
    out = site / "public"
    atom = feedparser.parse((out / "feed.xml").read_bytes())
    assert atom.bozo == 0 and atom.feed.language == "fr"
    [entry] = atom.entries
    assert entry.link == "https://example.org/repo/2026/02/lu/"
    content = parse_html_fragment(entry.content[0].value)
    disclosure = elements(content, "//p[@class='disclosure']")[0]
    assert text_of(disclosure).startswith("Ce texte a été généré par une intelligence artificielle")
    [heading] = elements(content, "//h2[not(@class)]")
    assert text_of(heading) == "Une partie"  # without the page's anchor link
    assert elements(content, "//a[contains(@class, 'heading-anchor')]") == []
    hrefs = strings(content, "//a/@href")
    assert "https://example.org/repo/2026/02/lu/#fin" in hrefs
    assert all(h.startswith("https://example.org/repo/") for h in hrefs), hrefs
    [enclosure] = entry.enclosures
    assert enclosure.href == "https://example.org/repo/audio/lu.mp3"
    assert (enclosure.type, int(enclosure.length)) == ("audio/mpeg", len(AUDIO))

    rss = feedparser.parse((out / "rss.xml").read_bytes())
    assert rss.bozo == 0 and rss.version == "rss20"
    assert [int(e.enclosures[0].length) for e in rss.entries] == [len(AUDIO)]

    data = json.loads((out / "feed.json").read_text(encoding="utf-8"))
    [item] = data["items"]
    assert item["_disclosure"]["ai_disclosure"] == "ai-autonomous"  # no one reviewed it
    assert item["attachments"] == [
        {
            "url": "https://example.org/repo/audio/lu.mp3",
            "mime_type": "audio/mpeg",
            "size_in_bytes": len(AUDIO),
        }
    ]
    english = feedparser.parse((out / "en/feed.xml").read_bytes())
    assert [e.title for e in english.entries] == ["Read aloud"]
    tag = feedparser.parse((out / "tags/ia/feed.xml").read_bytes())
    assert tag.bozo == 0 and [e.link for e in tag.entries] == [entry.link]
    everything = feedparser.parse((out / "all.xml").read_bytes())
    assert {e.title_detail.language for e in everything.entries} == {"fr", "en"}


def parse_html_fragment(html: str) -> etree._Element:
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("lxml"), namespaceHTMLElements=False)
    root: etree._Element = parser.parse(html)
    return root


def test_pages_announce_their_feeds(make_site: Site, run: Runner) -> None:
    site = narrated_site(make_site)
    assert run("build", "--source", site).code == 0
    home = parse_html(site / "public/index.html")
    feeds = {
        link.get("type"): link.get("href")
        for link in elements(home, "//head/link[@rel='alternate'][@type]")
    }
    assert feeds == {
        "application/atom+xml": "/repo/feed.xml",
        "application/rss+xml": "/repo/rss.xml",
        "application/feed+json": "/repo/feed.json",
    }
    tag = parse_html(site / "public/tags/ia/index.html")
    hrefs = strings(tag, "//head/link[@type='application/atom+xml']/@href")
    assert "/repo/tags/ia/feed.xml" in hrefs


def test_a_link_outside_the_base_path_fails_the_build(make_site: Site, run: Runner) -> None:
    body = 'Voir <a href="/ailleurs/">ailleurs</a>.'
    site = make_site(
        {"content/posts/2026-02-01-x.md": post("X", date="2026-02-01", body=body)},
        config=REPO_CONFIG,
    )
    result = run("build", "--source", site)
    assert result.code == 1
    assert "content/posts/2026-02-01-x.md:" in result.err
    assert "links to `/ailleurs/`, outside the base path /repo/" in result.err
    assert not (site / "public").exists()
    # At a user site's root, the same link is inside the site.
    (site / "sitegen.yaml").write_text(DEFAULT_CONFIG, encoding="utf-8")
    assert run("build", "--source", site).code == 0


def test_the_search_page_and_its_index_follow_the_languages(make_site: Site, run: Runner) -> None:
    site = narrated_site(make_site)
    result = run("build", "--source", site)
    assert result.code == 0 and "note:" not in result.err
    out = site / "public"
    for prefix, lang in (("", "fr"), ("en/", "en")):
        page = parse_html(out / prefix / "search/index.html")
        assert page.get("lang") == lang
        box = elements(page, "//div[@id='search']")[0]
        assert box.get("data-bundle") == "/repo/pagefind/"
        scripts = strings(page, "//script/@src")
        assert scripts == [
            "/repo/js/theme.js",
            "/repo/pagefind/pagefind-ui.js",
            "/repo/js/search.js",
        ]
        assert all((out / s.removeprefix("/repo/")).is_file() for s in scripts)
        assert strings(page, "//meta[@name='robots']/@content") == ["noindex"]
        nav = strings(page, "//nav[@class='site-nav']//a/@href")
        assert f"/repo/{prefix}search/" in nav
    listed = json.loads((out / "pagefind/bundles.json").read_text(encoding="utf-8"))["bundles"]
    counts = {bundle["path"]: bundle["languages"] for bundle in listed}
    # A bundle per language and year; the posts only: listings are not indexed.
    assert counts == {"en-2026/": {"en": 1}, "fr-2026/": {"fr": 1}}


def test_without_pagefind_the_site_is_built_without_search(make_site: Site) -> None:
    site = narrated_site(make_site)
    hide = "import sys; sys.modules['pagefind_bin'] = None; from sitegen.cli.main import main; "
    result = sitegen_without_pagefind(hide, site)
    assert result.code == 0, result.err
    assert "note: no site search: pagefind_bin is not installed" in result.err
    out = site / "public"
    assert not (out / "search").exists() and not (out / "pagefind").exists()
    nav = strings(parse_html(out / "index.html"), "//nav[@class='site-nav']//a/@href")
    assert not [href for href in nav if "search" in href]


def sitegen_without_pagefind(prelude: str, site: Path) -> Run:
    code = prelude + f"sys.argv = ['sitegen', 'build', '--source', {str(site)!r}]; main()"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    return Run(proc.returncode, proc.stdout, proc.stderr)


def test_search_can_be_turned_off(make_site: Site) -> None:
    site = make_site({"content/posts/2026-02-01-x.md": post("X", date="2026-02-01")})
    config = site / "sitegen.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "search: false\n", encoding="utf-8")
    result = sitegen("build", "--source", site)
    assert result.code == 0 and "note:" not in result.err
    assert not (site / "public/search").exists()


@pytest.mark.parametrize("base", ["https://example.org/", "https://example.org/repo/"])
def test_the_sitemap_and_robots_follow_the_base_url(make_site: Site, base: str) -> None:
    site = narrated_site(make_site)
    result = sitegen("build", "--source", site, "--base-url", base)
    assert result.code == 0, result.err
    robots = (site / "public/robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {base}sitemap.xml" in robots.splitlines()
    sitemap = etree.parse(site / "public/sitemap.xml")
    locs = strings(
        sitemap.getroot(), "//s:loc/text()", {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    )
    assert f"{base}2026/02/lu/" in locs and all(loc.startswith(base) for loc in locs)
    assert f"{base}search/" not in locs
