"""The theme's look in Chromium, on the sample blog built under a base path (`/repo/`): its
fonts, its light and dark schemes and the switch between them, the disclosure badges, code
blocks at a desktop's and a phone's width."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import serve
from tests.conftest import REPO, sitegen

BASE = "/repo/"
WIDTHS = (1280, 390)
SCHEMES = ("light", "dark")
PAGES = {
    "home": "",
    "attention": "2025/11/attention-transformeur/",
    "dialogue": "2025/09/conversation-plongements/",
    "listing": "archives/2025/",
}
TEXT_FONT = "Source Serif 4"
UI_FONT = "Inter"


@dataclass(frozen=True)
class Blog:
    root: str
    """The sample blog's home, under the base path."""
    out: Path
    """The folder it was built into."""


@pytest.fixture(scope="module")
def blog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Blog]:
    # Served from the folder above, so that every address starts with the base path.
    host = tmp_path_factory.mktemp("look")
    out = host / BASE.strip("/")
    result = sitegen(
        "build", "--source", REPO, "--output", out, "--base-url", f"http://127.0.0.1{BASE}"
    )
    assert result.code == 0, result.err
    root, server = serve(host)
    yield Blog(root.rstrip("/") + BASE, out)
    server.shutdown()


def open_page(browser: Any, url: str, width: int, scheme: str, **options: Any) -> Any:
    page = browser.new_page(
        viewport={"width": width, "height": 900}, color_scheme=scheme, **options
    )
    page.goto(url)
    return page


def fonts_used(page: Any, selector: str) -> list[str]:
    """The fonts Chromium drew the first `selector`'s text with, as it reports them."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cdp.detach()
    return [font["familyName"] for font in fonts if font["isCustomFont"]]


# --- Fonts ------------------------------------------------------------------------------------

FONT_ROLES = {
    ".post-body > p, .summary > p, .intro > p, .dialogue .turn": TEXT_FONT,
    "main h1": TEXT_FONT,
    ".tags a": UI_FONT,
    ".badge": UI_FONT,
    ".post-meta": UI_FONT,
    ".site-nav a": UI_FONT,
}
"""Which of the theme's fonts each kind of text is set in."""


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_text_and_labels_are_set_in_the_theme_s_own_fonts(
    browser: Any, blog: Blog, name: str, width: int, scheme: str
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    answers: list[tuple[int, str]] = []
    page.on("response", lambda response: answers.append((response.status, response.url)))
    page.goto(blog.root + PAGES[name])
    found = page.evaluate(
        """async (roles) => {
            await document.fonts.ready;
            const faces = [...document.fonts].filter((f) => f.status === 'loaded');
            const families = {};
            for (const selector of Object.keys(roles)) {
                const element = document.querySelector(selector);
                if (element) families[selector] = getComputedStyle(element).fontFamily;
            }
            return {
                loaded: faces.map((f) => f.family),
                ready: [document.fonts.check('1em "Source Serif 4"'),
                        document.fonts.check('600 1em Inter')],
                families,
            };
        }""",
        FONT_ROLES,
    )
    font_files = [(status, url) for status, url in answers if "/fonts/" in url]
    assert font_files and all(status == 200 for status, _ in font_files), font_files
    assert all(url.startswith(blog.root + "fonts/") for _, url in font_files), font_files
    assert [status for status, _ in answers if status >= 400] == [], answers
    assert {TEXT_FONT, UI_FONT} <= set(found["loaded"]) and all(found["ready"]), found
    shown = found["families"]
    assert {"main h1", ".badge", ".site-nav a"} <= set(shown), f"{name} lacks what is measured"
    for selector, computed in shown.items():
        assert computed.split(",")[0].strip('"') == FONT_ROLES[selector], selector
        # What Chromium drew the text with, not only what the style asks for (a dialogue's
        # turn holds its speaker's name, a label).
        used = fonts_used(page, selector)
        assert FONT_ROLES[selector] in used and set(used) <= {TEXT_FONT, UI_FONT}, selector
    page.close()
