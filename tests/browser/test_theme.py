"""The theme as a reader sees it in Chromium: layouts, phones, dark mode, MathML."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import serve
from tests.conftest import sitegen


@pytest.fixture(scope="module")
def blog(tmp_path_factory: pytest.TempPathFactory, sample_blog: Path) -> Iterator[str]:
    out = tmp_path_factory.mktemp("browser") / "public"
    result = sitegen(
        "build", "--source", sample_blog, "--output", out, "--base-url", "http://127.0.0.1/"
    )
    assert result.code == 0, result.err
    root, server = serve(out)
    yield root
    server.shutdown()


def open_page(browser: Any, url: str, **options: Any) -> Any:
    page = browser.new_page(**options)
    page.goto(url)
    return page


def test_conversation_turns_alternate_sides(browser: Any, blog: str) -> None:
    page = open_page(browser, blog + "2025/09/conversation-plongements/")
    turns = page.locator(".dialogue .turn")
    first, second = turns.nth(0).bounding_box(), turns.nth(1).bounding_box()
    assert first and second
    assert second["x"] > first["x"] + 20, "the second speaker's bubble sits to the right"
    speaker = turns.nth(0).locator(".speaker")
    assert speaker.evaluate("b => getComputedStyle(b).display") == "block"
    assert speaker.inner_text() == "A"
    page.close()


@pytest.mark.parametrize(
    "path", ["", "2025/11/attention-transformeur/", "2025/12/discussion-grokking/", "tags/"]
)
def test_pages_fit_a_phone_screen(browser: Any, blog: str, path: str) -> None:
    page = open_page(browser, blog + path, viewport={"width": 360, "height": 740})
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path or 'home'} scrolls sideways by {overflow}px"
    page.close()


def test_dark_mode_follows_the_system(browser: Any, blog: str) -> None:
    colours = {}
    for scheme in ("light", "dark"):
        page = open_page(browser, blog, color_scheme=scheme)
        colours[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
        page.close()
    assert colours["light"] != colours["dark"]


def test_formulas_render_as_mathml(browser: Any, blog: str) -> None:
    page = open_page(browser, blog + "2025/11/attention-transformeur/")
    box = page.locator(".math-display math").first.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 20
    page.close()


def test_readable_without_javascript(browser: Any, blog: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(blog + "2025/11/attention-transformeur/")
    assert page.locator("h1").inner_text().startswith("Comment fonctionne")
    assert page.locator(".post-body p").count() > 5
    context.close()


def test_bubbles_follow_the_speaker_not_the_order(
    browser: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from tests.conftest import DEFAULT_CONFIG, post, write_files

    root = tmp_path_factory.mktemp("bubbles")
    body = "A: Un.\n\nA: Deux.\n\nB: Trois.\n\nA: Quatre."
    write_files(root, {
        "sitegen.yaml": DEFAULT_CONFIG,
        "content/posts/2026-01-15-d.md": post("D", body=body, layout="conversation"),
    })  # fmt: skip
    assert sitegen("build", "--source", root).code == 0
    url, server = serve(root / "public")
    page = open_page(browser, url + "2026/01/d/")
    lefts = [page.locator(".turn").nth(i).bounding_box()["x"] for i in range(4)]
    server.shutdown()
    assert lefts[0] == lefts[1] == lefts[3] < lefts[2]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390])
def test_the_text_keeps_its_distance_from_the_header_and_the_footer(
    browser: Any, blog: str, width: int, scheme: str
) -> None:
    page = open_page(
        browser,
        blog + "2025/11/attention-transformeur/",
        viewport={"width": width, "height": 900},
        color_scheme=scheme,
    )
    gaps = page.evaluate(
        """() => {
            const box = (selector) => document.querySelector(selector).getBoundingClientRect();
            const last = document.querySelector('main').lastElementChild.getBoundingClientRect();
            return [box('main h1').top - box('.site-header').bottom,
                    box('.site-footer').top - last.bottom];
        }"""
    )
    above, below = gaps
    assert above >= 24, f"the title is {above}px under the header"
    assert below >= 24, f"the last of the page is {below}px above the footer"
    page.close()


def test_printed_code_wraps_and_links_show_their_address(browser: Any, blog: str) -> None:
    page = browser.new_page(viewport={"width": 800, "height": 1000})
    page.emulate_media(media="print")
    page.goto(blog + "2025/11/attention-transformeur/")
    printed = page.evaluate(
        """() => {
            const blocks = [...document.querySelectorAll('main pre')];
            const link = document.querySelector('.post-body a[href^="http"]');
            return {
                cut: blocks.filter((pre) => pre.scrollWidth > pre.clientWidth + 1).length,
                blocks: blocks.length,
                header: getComputedStyle(document.querySelector('.site-header')).display,
                after: link ? getComputedStyle(link, '::after').content : '',
                href: link ? link.getAttribute('href') : '',
            };
        }"""
    )
    assert printed["blocks"] and printed["cut"] == 0, "a code block is cut off on paper"
    assert printed["header"] == "none"
    assert printed["href"] and printed["after"] == f'" ({printed["href"]})"'
    page.close()


MATH_FONTS = ("STIX Two Math", "Latin Modern Math", "Cambria Math", "DejaVu Math TeX Gyre")


@pytest.mark.parametrize("width", [1280, 390])
def test_formulas_are_set_in_a_math_font_at_the_text_s_size(
    browser: Any, blog: str, width: int
) -> None:
    page = open_page(
        browser, blog + "2025/11/attention-transformeur/", viewport={"width": width, "height": 900}
    )
    found = page.evaluate(
        """() => {
            const inline = [...document.querySelectorAll('main p math')];
            const display = [...document.querySelectorAll('.math-display')];
            const size = (e) => parseFloat(getComputedStyle(e).fontSize);
            return {
                font: getComputedStyle(document.querySelector('main math')).fontFamily,
                inline: inline.map((m) => [size(m), size(m.parentElement)]),
                displays: display.length,
                tall: display.filter((d) => d.scrollHeight > d.clientHeight + 1).length,
                wide: display.filter((d) => d.scrollWidth > d.clientWidth + 1).length,
                page: document.documentElement.scrollWidth - window.innerWidth,
            };
        }"""
    )
    assert found["font"].split(",")[0].strip('" ') in MATH_FONTS
    assert found["inline"] and all(math == text for math, text in found["inline"])
    assert found["displays"] and found["tall"] == 0, "a formula has a scrollbar of its own"
    if width == 1280:
        assert found["wide"] == 0, "a formula scrolls at 1 280 px"
    assert found["page"] <= 0, "the page scrolls sideways"
    page.close()
