"""What only a Hugo blog has, built as it is by `sitegen build` run in the test process
(tests/inprocess.py): aliases, a page bundle's image, the embedding shortcodes, a section's
`_index.md`.

The blog is tests/fixtures/foreign/hugo/ (see foreign_blogs.py); what it shares with a Jekyll
blog is checked in test_foreign_trees.py. Every check reads the built pages as a browser
would.
"""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

from tests.conftest import elements, parse_html, strings, text_of
from tests.e2e.foreign_blogs import HUGO
from tests.e2e.foreign_sites import POST, Built, FixtureBuilds, body_of, one, plain, title_of


@pytest.fixture
def hugo(fixture_builds: FixtureBuilds) -> Built:
    return fixture_builds(HUGO.tree)


def test_hugo_aliases_become_redirect_pages(hugo: Built) -> None:
    file = hugo.out / "ancien/attention/index.html"
    assert file.is_file()
    page = parse_html(file)
    assert not page.xpath(POST)
    (refresh,) = strings(page, "//meta[@http-equiv='refresh']/@content")
    delay, _, target = refresh.partition(";")
    assert delay.strip() == "0"
    target = target.strip()
    assert target.lower().startswith("url=")
    target = target[4:]
    assert hugo.same_page(target, HUGO.url("attention")), target
    (canonical,) = strings(page, "//link[@rel='canonical']/@href")
    assert hugo.same_page(canonical, HUGO.url("attention")), canonical
    assert title_of(hugo.page(urljoin("/ancien/attention/", target))) == HUGO.title("attention")


@pytest.mark.parametrize(
    ("key", "alt", "caption"),
    [("vision", "Un schéma", "Vue d'ensemble"), ("vision.en", "A diagram", "Overview")],
)
def test_bundle_images_are_published_next_to_the_page(
    hugo: Built, key: str, alt: str, caption: str
) -> None:
    figure = one(body_of(hugo.page(HUGO.url(key))), ".//figure")
    img = one(figure, f".//img[@alt='{alt}']")
    published = hugo.file(urljoin(HUGO.url(key), str(img.get("src"))))
    bundled = HUGO.tree.folder / "content/posts/vision/schema.png"
    assert published.is_file(), img.get("src")
    assert published.read_bytes() == bundled.read_bytes()
    assert plain(text_of(one(figure, ".//figcaption"))) == caption
    assert "{{" not in text_of(body_of(hugo.page(HUGO.url(key))))


def test_the_youtube_shortcode_becomes_a_link_to_the_video(hugo: Built) -> None:
    body = body_of(hugo.page(HUGO.url("outils")))
    hrefs = strings(body, ".//a/@href")
    assert "https://www.youtube.com/watch?v=dQw4w9WgXcQ" in hrefs
    assert "{{< youtube" not in plain(text_of(body))


def test_a_tweet_shortcode_becomes_a_link_to_the_post(hugo: Built) -> None:
    body = body_of(hugo.page(HUGO.url("outils")))
    assert "https://x.com/exemple/status/123" in strings(body, ".//a/@href")
    assert not body.xpath(".//iframe | .//script")
    assert "{{<" not in plain(text_of(body)).replace('{{< figure src="x" >}}', "")


def test_a_section_index_is_not_a_page(hugo: Built) -> None:
    for url, page in hugo.pages():
        headings = [plain(text_of(h1)) for h1 in elements(page, "//main//h1")]
        assert "Tous les billets" not in headings, url
        assert "rangés du plus récent au plus ancien" not in plain(text_of(page)), url
