"""The sample blog's pictures in Chromium, at a desktop's and a phone's width: the width
`sizes` announces is the width the column gives them, their room is kept before they
arrive, and the browser takes a copy sharp enough for the screen and no larger than needed."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import Blog, open_page

POST = "2026/01/tokenisation/"
WIDTHS = (1280, 390)


def pictures(page: Any) -> list[dict[str, float]]:
    return list(
        page.evaluate(
            """() => [...document.querySelectorAll("main img")].map(img => {
                const slot = document.createElement("img");
                slot.sizes = img.sizes;  // what the browser reads from `sizes`, in pixels
                const box = img.getBoundingClientRect();
                return {
                    shown: box.width, high: box.height,
                    width: img.width, ratio: img.naturalWidth / img.naturalHeight,
                    reserved: +img.getAttribute("width") / +img.getAttribute("height"),
                    natural: img.naturalWidth, complete: img.complete,
                    slot: parseFloat(getComputedStyle(img).width),
                    density: devicePixelRatio, sizes: img.sizes,
                    current: img.currentSrc,
                };
            })"""
        )
    )


def variants(page: Any, current: str) -> list[str]:
    """The copies offered beside `current`, in its format."""
    return [
        url
        for value in page.evaluate(
            "() => [...document.querySelectorAll('main source')].map(s => s.srcset)"
        )
        for url in (item.split()[0] for item in value.split(","))
        if url.rsplit("-", 1)[0] in current
    ]


def slot_width(sizes: str, viewport: int) -> float:
    """The width `sizes` names for a viewport, as the theme writes it: one media condition
    on the viewport's width in rem, then the width otherwise."""
    condition, otherwise = (part.strip() for part in sizes.split(",", 1))
    least, width = condition.removeprefix("(min-width: ").split(") ")
    if viewport >= float(least.removesuffix("rem")) * 16:
        return float(width.removesuffix("rem")) * 16
    assert otherwise.startswith("calc(100vw - ") and otherwise.endswith("rem)")
    return viewport - float(otherwise.removeprefix("calc(100vw - ").removesuffix("rem)")) * 16


@pytest.mark.parametrize("width", WIDTHS)
def test_each_picture_fills_the_width_its_sizes_announce(
    browser: Any, blog: Blog, width: int
) -> None:
    page = open_page(browser, blog.root + POST, width, "light")
    for found in pictures(page):
        assert abs(found["shown"] - slot_width(str(found["sizes"]), width)) <= 1, found
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_room_of_a_picture_is_kept_before_it_arrives(
    browser: Any, blog: Blog, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    held: list[Any] = []
    page.route("**/images/**", lambda route: held.append(route))  # asked, never answered
    page.goto(blog.root + POST, wait_until="domcontentloaded")
    for found in pictures(page):
        assert not found["complete"], "the route let a picture through"
        assert found["high"] == pytest.approx(found["shown"] / found["reserved"], abs=1)
    page.close()


@pytest.mark.parametrize(("width", "density"), [(1280, 1), (390, 2), (390, 3)])
def test_the_browser_takes_a_copy_sharp_enough_and_no_larger(
    browser: Any, blog: Blog, width: int, density: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900}, device_scale_factor=density)
    page.goto(blog.root + POST)
    page.evaluate(
        """async () => { for (const img of document.querySelectorAll("main img")) {
            img.loading = "eager"; img.scrollIntoView(); await img.decode(); } }"""
    )
    for found in pictures(page):
        current = str(found["current"])
        assert current.endswith(".avif"), found  # the first format it reads
        # The copy's own width, in its name (`naturalWidth` is scaled to the slot).
        sent = int(current.rsplit("-", 1)[1].removesuffix(".avif"))
        largest = max(int(c.rsplit("-", 1)[1].split(".")[0]) for c in variants(page, current))
        needed = found["shown"] * density
        assert sent >= min(needed, largest), found
        assert sent <= max(needed * 2, 480), found
        assert found["ratio"] == pytest.approx(found["reserved"], rel=0.01)
    page.close()
