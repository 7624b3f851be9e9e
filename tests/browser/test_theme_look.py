"""The theme's look in Chromium, on the sample blog built under a base path (`/repo/`): its
fonts, its light and dark schemes and the switch between them, the disclosure badges, code
blocks at a desktop's and a phone's width."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import Blog, open_page
from tests.conftest import (
    DEFAULT_CONFIG,
    elements,
    parse_html,
    post,
    sitegen,
    strings,
    write_files,
)

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


# --- Light and dark ---------------------------------------------------------------------------


def rgb(colour: str) -> tuple[float, ...]:
    """`rgb(…)`/`rgba(…)` as Chromium computes it -> its red, green, blue (0-255)."""
    inside = colour[colour.index("(") + 1 : colour.index(")")]
    return tuple(float(part) for part in inside.replace("/", ",").split(",")[:3])


def luminance(colour: str) -> float:
    """WCAG 2's relative luminance."""

    def linear(channel: float) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = map(linear, rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def scheme_of(page: Any) -> str:
    """Which scheme the reader sees: the page's background and a code block's."""
    backgrounds = page.evaluate(
        """() => [document.body, document.querySelector('pre.highlight')]
            .filter(Boolean).map((e) => getComputedStyle(e).backgroundColor)"""
    )
    seen = {"dark" if luminance(colour) < 0.1 else "light" for colour in backgrounds}
    assert len(seen) == 1, f"the page and its code disagree: {backgrounds}"
    return seen.pop()


def switch(page: Any, name: str = "Thème sombre") -> Any:
    return page.get_by_role("button", name=name, exact=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_reader_s_choice_of_scheme_is_kept(browser: Any, blog: Blog, width: int) -> None:
    viewport = {"width": width, "height": 900}
    context = browser.new_context(viewport=viewport, color_scheme="dark")
    page = context.new_page()
    page.goto(blog.root + PAGES["attention"])
    assert scheme_of(page) == "dark"
    assert switch(page).is_visible() and switch(page).get_attribute("aria-pressed") == "true"
    switch(page).click()
    assert scheme_of(page) == "light"
    assert switch(page).get_attribute("aria-pressed") == "false"
    page.reload()
    assert scheme_of(page) == "light", "the choice is forgotten on reload"
    assert switch(page).get_attribute("aria-pressed") == "false"
    page.goto(blog.root + PAGES["home"])
    assert scheme_of(page) == "light", "the choice holds on the blog's other pages"
    # Choosing what the system shows is following the system again.
    switch(page).click()
    assert scheme_of(page) == "dark"
    assert page.evaluate("localStorage.length") == 0
    context.close()

    fresh = browser.new_context(viewport=viewport, color_scheme="light")
    page = fresh.new_page()
    page.goto(blog.root + "en/")
    assert scheme_of(page) == "light"
    english = switch(page, "Dark theme")
    assert english.get_attribute("aria-pressed") == "false"
    english.click()
    assert scheme_of(page) == "dark" and english.get_attribute("aria-pressed") == "true"
    fresh.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_without_javascript_the_system_decides_and_no_switch_shows(
    browser: Any, blog: Blog, width: int, scheme: str
) -> None:
    context = browser.new_context(
        viewport={"width": width, "height": 900}, color_scheme=scheme, java_script_enabled=False
    )
    page = context.new_page()
    for name in sorted(PAGES):
        page.goto(blog.root + PAGES[name])
        assert scheme_of(page) == scheme, name
        assert page.locator("button:visible").count() == 0, (
            f"{name} shows a switch that cannot work"
        )
    context.close()


def test_a_chosen_scheme_is_set_before_the_page_is_drawn(browser: Any, blog: Blog) -> None:
    # The switch's script blocks the parser in <head>, before any stylesheet is read.
    head = parse_html(blog.out / "index.html").find("head")
    assert head is not None
    scripts = [e for e in head if e.tag == "script" and e.get("src", "").endswith("/js/theme.js")]
    assert len(scripts) == 1 and scripts[0].get("defer") is None and scripts[0].get("async") is None
    assert scripts[0].get("type") in (None, "text/javascript")
    sheets = [e for e in head if e.tag == "link" and e.get("rel") == "stylesheet"]
    assert sheets and all(list(head).index(scripts[0]) < list(head).index(e) for e in sheets)

    context = browser.new_context(color_scheme="dark")
    # Before the page's own scripts: the order in which the parser made <body> and the choice
    # was set. Nothing is drawn before there is a <body>.
    context.add_init_script(
        """window.order = [];
        new MutationObserver((records) => {
            for (const record of records) {
                if (record.type === 'attributes') window.order.push('theme');
                for (const node of record.addedNodes) {
                    if (node.nodeName === 'BODY') window.order.push('body');
                }
            }
        }).observe(document, {childList: true, subtree: true, attributeFilter: ['data-theme']});"""
    )
    page = context.new_page()
    page.goto(blog.root)
    assert page.evaluate("window.order") == ["body"], "a choice was set that nobody made"
    switch(page).click()
    page.reload()
    assert page.evaluate("window.order") == ["theme", "body"]
    assert scheme_of(page) == "light"
    context.close()


def test_a_chosen_scheme_has_the_colours_the_system_s_setting_gives(
    browser: Any, blog: Blog
) -> None:
    def colours(scheme: str, chosen: str | None) -> dict[str, str]:
        page = browser.new_page(color_scheme=scheme)
        page.goto(blog.root + PAGES["attention"])
        if chosen:
            page.evaluate(
                "(chosen) => { document.documentElement.dataset.theme = chosen; }", chosen
            )
        found: dict[str, str] = page.evaluate(
            """() => {
                const style = getComputedStyle(document.documentElement);
                const found = {};
                for (const name of style) {
                    if (name.startsWith('--')) found[name] = style.getPropertyValue(name).trim();
                }
                const code = document.querySelectorAll('pre.highlight span');
                code.forEach((span, i) => { found[`code ${i}`] = getComputedStyle(span).color; });
                found['color-scheme'] = style.colorScheme;
                return found;
            }"""
        )
        page.close()
        return found

    dark, light = colours("dark", None), colours("light", None)
    assert "--bg" in dark and "code 0" in dark and dark["--bg"] != light["--bg"]
    assert colours("light", "dark") == {**dark, "color-scheme": "dark"}
    assert colours("dark", "light") == {**light, "color-scheme": "light"}


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_the_switch_reads_well_in_both_schemes(
    browser: Any, blog: Blog, width: int, scheme: str
) -> None:
    page = open_page(browser, blog.root, width, scheme)
    button = switch(page)
    box = button.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, "the switch is off screen"
    assert box["height"] >= 24 and box["width"] >= 24, "the switch is too small to press"
    look = button.evaluate(
        """(button) => {
            const style = getComputedStyle(button);
            const header = getComputedStyle(document.querySelector('.site-header'));
            return {text: style.color, background: style.backgroundColor,
                    border: style.borderTopColor, around: header.backgroundColor,
                    pressed: button.getAttribute('aria-pressed')};
        }"""
    )
    assert look["pressed"] == ("true" if scheme == "dark" else "false")
    assert contrast(look["text"], look["background"]) >= 4.5, look
    assert contrast(look["border"], look["around"]) >= 3, look
    page.close()


# --- The badge of a generated passage ---------------------------------------------------------

PASSAGE_POST = "2025/12/discussion-grokking/"
PASSAGE_BADGE = ".badge-generated-part"
BADGE_PLACES = {
    "home": ("", ".post-card"),
    "tag page": ("tags/communaute/", ".post-index"),
    "year page": ("archives/2025/", ".post-index"),
    "newer neighbour": ("2025/11/attention-transformeur/", ".post-nav .newer"),
    "older neighbour": ("2026/01/tokenisation/", ".post-nav .older"),
    "the post": (PASSAGE_POST, ".post-header"),
}
"""Where the post with a generated passage shows its badge: (page, what holds the badge)."""
LOOK = """(element) => {
    const style = getComputedStyle(element);
    const names = ['fontFamily', 'fontSize', 'fontWeight', 'lineHeight', 'color',
                   'backgroundColor', 'borderTopWidth', 'borderTopStyle', 'borderTopColor',
                   'borderBottomWidth', 'borderLeftWidth', 'borderRightWidth',
                   'borderTopLeftRadius', 'borderBottomRightRadius', 'paddingTop',
                   'paddingRight', 'paddingBottom', 'paddingLeft', 'textTransform'];
    return Object.fromEntries(names.map((name) => [name, style[name]]));
}"""


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_a_generated_passage_s_badge_looks_the_same_wherever_the_post_is_shown(
    browser: Any, blog: Blog, width: int, scheme: str
) -> None:
    looks: dict[str, dict[str, str]] = {}
    for place, (path, around) in BADGE_PLACES.items():
        page = open_page(browser, blog.root + path, width, scheme)
        badge = page.locator(f"{around} {PASSAGE_BADGE}")
        assert badge.count() == 1, place
        assert badge.inner_text() == "Passage généré par IA", place
        looks[place] = badge.evaluate(LOOK)
        if place == "the post":
            chip = page.locator(".post-header .tags a").first.evaluate(LOOK)
            # Pushed to a line of its own by a narrow screen, it starts where the date does.
            date, own = (
                page.locator(".post-header .post-meta time").bounding_box(),
                badge.bounding_box(),
            )
            if own["y"] >= date["y"] + date["height"]:
                assert own["x"] == date["x"], f"the badge under the date is indented at {width}px"
            notice = page.locator(".disclosure-generated-part").evaluate(
                "(n) => [getComputedStyle(n).borderLeftColor, getComputedStyle(n).backgroundColor,"
                " getComputedStyle(n).fontFamily]"
            )
        page.close()
    badge_look = looks["home"]
    for place, look in looks.items():
        assert look == badge_look, f"the badge on the {place} differs from the home page's"
    assert badge_look["fontFamily"].startswith(UI_FONT)
    assert not badge_look["backgroundColor"].startswith("rgba"), "a badge has its own ground"
    assert contrast(badge_look["color"], badge_look["backgroundColor"]) >= 4.5, badge_look
    # Not a tag: its own colours and frame.
    tag_colours = (chip["color"], chip["backgroundColor"])
    assert (badge_look["color"], badge_look["backgroundColor"]) != tag_colours
    assert badge_look["borderTopStyle"] == "solid" and chip["borderTopStyle"] == "none"
    assert badge_look["borderTopLeftRadius"] != chip["borderTopLeftRadius"]
    # The notice atop the post: its bar and background in the badge's tone, in the same font.
    assert notice == [badge_look[k] for k in ("color", "backgroundColor", "fontFamily")]


# --- Code blocks ------------------------------------------------------------------------------


def every_page(blog: Blog) -> list[str]:
    """The address of every page of the built blog, under the base path."""
    files = sorted(blog.out.rglob("*.html"))
    return [blog.root + str(f.relative_to(blog.out)).removesuffix("index.html") for f in files]


CODE_BLOCKS = """() => [...document.querySelectorAll('main pre')].map((pre) => {
    const style = getComputedStyle(pre);
    const code = getComputedStyle(pre.querySelector('code') || pre);
    const pen = document.createElement('canvas').getContext('2d');
    pen.font = `${code.fontWeight} ${code.fontSize} ${code.fontFamily}`;
    const box = pre.getBoundingClientRect();
    return {
        scrollWidth: pre.scrollWidth, clientWidth: pre.clientWidth,
        inner: pre.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
        column: pen.measureText('0').width, overflow: style.overflowX,
        left: box.left, right: box.right,
    };
})"""


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_code_fits_the_column_or_scrolls_inside_its_block(
    browser: Any, blog: Blog, width: int, scheme: str
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    blocks_seen = scrolled = 0
    for url in every_page(blog):
        page.goto(url)
        where = url.removeprefix(blog.root) or "home"
        sideways = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert sideways <= 0, f"{where} scrolls sideways by {sideways}px at {width}px"
        for block in page.evaluate(CODE_BLOCKS):
            blocks_seen += 1
            assert block["left"] >= 0 and block["right"] <= width, f"a block of {where} is cut"
            if width == 1280:
                assert block["scrollWidth"] <= block["clientWidth"], f"{where}: {block}"
                assert block["inner"] >= 80 * block["column"], f"{where}: not 80 columns"
            elif block["scrollWidth"] > block["clientWidth"]:
                scrolled += 1
                assert block["overflow"] in ("auto", "scroll"), f"{where}: {block}"
    assert blocks_seen, "the sample blog has no code to measure"
    assert width == 1280 or scrolled, "on a phone, the long lines of code should scroll"
    page.close()


# --- The code's stylesheet --------------------------------------------------------------------


def code_stylesheet(out: Path) -> dict[str, tuple[bool, bool]]:
    """Each page of a build -> (it shows highlighted code, it links the code's stylesheet)."""
    found = {}
    for file in sorted(out.rglob("*.html")):
        html = parse_html(file)
        code = "//main//*[contains(concat(' ', normalize-space(@class), ' '), ' highlight ')]"
        sheets = strings(html, "//head/link[@rel='stylesheet']/@href")
        linked = [href for href in sheets if href.endswith("/css/highlight.css")]
        found[str(file.relative_to(out))] = (bool(elements(html, code)), bool(linked))
    return found


def test_only_the_pages_with_code_load_the_code_s_colours(blog: Blog) -> None:
    pages = code_stylesheet(blog.out)
    wrong = [page for page, (code, linked) in pages.items() if code != linked]
    assert not wrong, f"code without its colours, or colours without code: {wrong}"
    assert pages["2025/11/attention-transformeur/index.html"] == (True, True)
    assert pages["index.html"] == (False, False)


def test_a_summary_with_code_brings_the_code_s_colours_to_its_listings(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    root = tmp_path_factory.mktemp("summary-code")
    code = "```python\nprint('bonjour')\n```"
    write_files(root, {
        "sitegen.yaml": DEFAULT_CONFIG,
        "content/posts/2026-01-15-code.md": post(
            "Du code", body=f"{code}\n\n<!--more-->\n\nLa suite.", tags="[code]"
        ),
        "content/posts/2026-01-16-texte.md": post(
            "Du texte", date="2026-01-16", body="Rien que du texte.", tags="[texte]"
        ),
    })  # fmt: skip
    assert sitegen("build", "--source", root).code == 0
    pages = code_stylesheet(root / "public")
    assert pages["index.html"] == (True, True)
    assert pages["tags/texte/index.html"] == (False, False)
    assert pages["2026/01/code/index.html"] == (True, True)
    assert pages["2026/01/texte/index.html"] == (False, False)
