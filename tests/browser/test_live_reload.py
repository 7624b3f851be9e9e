"""Live reload of `sitegen serve` as a reader sees it in Chromium: a real server, real saves.

Every wait is bounded: Playwright's `expect` and `wait_for_function` poll until their timeout,
and they keep polling across the reloads the dev server triggers.
"""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import REPO, post
from tests.server.running import serving

Site = Callable[..., Path]

POST = "content/posts/2026-01-15-bonjour.md"
POST_URL = "2026/01/bonjour/"
OTHER = "content/posts/2026-01-16-au-revoir.md"
OTHER_URL = "2026/01/au-revoir/"
THIRD = "content/posts/2025-12-01-trois.md"
THIRD_URL = "2025/12/trois/"
STYLESHEET = "static/css/site.css"
THEME_CSS = (REPO / "static/css/site.css").read_text(encoding="utf-8")

TIMEOUT_MS = 5_000
"""How long a save may take to reach the page: one debounce, one build, one reload."""

PARAGRAPH = ".post-body p"
OVERLAY = "#sitegen-errors"

# Counts the event streams a page opens and the news it hears; only where a test needs it.
STREAM_PROBE = """
(() => {
  const Native = window.EventSource;
  if (!Native) return;
  window.__streams = [];
  window.__news = [];
  window.EventSource = class extends Native {
    constructor(url, options) {
      super(url, options);
      window.__streams.push(this);
      this.addEventListener("message", (event) => window.__news.push(JSON.parse(event.data)));
    }
  };
})();
"""
OPEN_STREAMS = "(window.__streams || []).filter((s) => s.readyState !== 2).length"


def site_files(body: str = "Premier paragraphe.", css: str = "") -> dict[str, str | bytes]:
    """Three posts and a site stylesheet (the theme's rules, then `css`)."""
    return {
        POST: post("Bonjour", body=body, tags="[ia, web]"),
        OTHER: post("Au revoir", date="2026-01-16", body="Un autre billet."),
        THIRD: post("Trois", date="2025-12-01", body="Un billet de décembre."),
        STYLESHEET: THEME_CSS + css,
    }


def save(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    """A fresh profile per test: its own connections, storage, locks and channels."""
    context = browser.new_context()
    context.set_default_timeout(10_000)
    context.set_default_navigation_timeout(10_000)
    yield context
    context.close()


def open_page(context: Any, url: str, timeout: float = 10_000) -> Any:
    page = context.new_page()
    response = page.goto(url, timeout=timeout)
    assert response is not None and response.status == 200, url
    return page


def wait_for_stream(page: Any) -> None:
    """The probed page holds an open event stream (it leads; edits reach it directly)."""
    page.wait_for_function(
        "(window.__streams || []).some((s) => s.readyState === 1)", timeout=TIMEOUT_MS
    )


def test_an_edited_post_shows_its_new_text(context: Any, make_site: Site) -> None:
    site = make_site(site_files(body="Premier jet du billet."))
    with serving(site) as served:
        page = open_page(context, served.url + POST_URL)
        expect(page.locator(PARAGRAPH)).to_have_text("Premier jet du billet.")
        save(site / POST, post("Bonjour", body="Texte corrigé du billet.", tags="[ia, web]"))
        page.wait_for_function(
            "t => document.querySelector('.post-body p')?.textContent === t",
            arg="Texte corrigé du billet.",
            timeout=TIMEOUT_MS,
        )


def test_a_stylesheet_edit_restyles_without_reloading_or_scrolling(
    context: Any, make_site: Site
) -> None:
    long_body = "\n\n".join(
        f"Paragraphe {n} du billet, assez long pour que la page défile bien plus bas."
        for n in range(1, 121)
    )
    site = make_site(
        site_files(body=long_body, css="\nbody { background-color: rgb(250, 250, 250); }\n")
    )
    background = "getComputedStyle(document.body).backgroundColor"
    with serving(site) as served:
        page = open_page(context, served.url + POST_URL)
        assert page.evaluate(background) == "rgb(250, 250, 250)"
        page.evaluate("scrollTo(0, 1500)")
        page.wait_for_function("scrollY > 1000", timeout=TIMEOUT_MS)
        scrolled = page.evaluate("scrollY")
        page.evaluate("window.__marker = 1")
        sheets = "document.querySelectorAll('link[rel=stylesheet]').length"
        before = page.evaluate(sheets)

        save(site / STYLESHEET, THEME_CSS + "\nbody { background-color: rgb(10, 20, 30); }\n")
        page.wait_for_function(f"{background} === 'rgb(10, 20, 30)'", timeout=TIMEOUT_MS)
        # The swap is over when the old stylesheets are gone (the new ones have loaded).
        page.wait_for_function(f"{sheets} === {before}", timeout=TIMEOUT_MS)
        assert page.evaluate("window.__marker") == 1, "the page was reloaded"
        assert abs(page.evaluate("scrollY") - scrolled) <= 2
        assert page.locator(PARAGRAPH).count() == 120


def test_a_build_error_shows_over_the_last_good_page_until_fixed(
    context: Any, make_site: Site
) -> None:
    site = make_site(site_files(body="Le bon texte."))
    good = (site / POST).read_text(encoding="utf-8")
    context.add_init_script(STREAM_PROBE)
    where = re.compile(re.escape(POST) + r":2:\d+")
    with serving(site) as served:
        page = open_page(context, served.url + POST_URL)
        wait_for_stream(page)
        overlay = page.locator(OVERLAY)
        expect(overlay).to_have_count(0)

        save(site / POST, "---\ntitle: a: b\ndate: 2026-01-15\n---\n\nUn texte cassé.\n")
        expect(overlay).to_be_visible(timeout=TIMEOUT_MS)
        expect(overlay).to_have_attribute("role", "alert")
        expect(overlay).to_contain_text(where)
        # Under the overlay, the last good page, not the broken save.
        expect(page.locator("h1")).to_have_text("Bonjour")
        expect(page.locator(PARAGRAPH)).to_have_text("Le bon texte.")

        # Saving an unrelated, valid file: the build still fails for the same reason.
        heard = page.evaluate("window.__news.length")
        save(site / OTHER, post("Au revoir", date="2026-01-16", body="Modifié."))
        page.wait_for_function("n => window.__news.length > n", arg=heard, timeout=TIMEOUT_MS)
        expect(overlay).to_contain_text(where)

        # Undoing the bad save builds this page exactly as shown: the overlay alone goes.
        save(site / POST, good)
        expect(overlay).to_have_count(0, timeout=TIMEOUT_MS)
        expect(page.locator(PARAGRAPH)).to_have_text("Le bon texte.")
        # The terminal told of the error once, not again on the unrelated save.
        told = [line for line in list(served.err) if where.search(line)]
        assert len(told) == 1, served.err


def test_twenty_tabs_leave_room_for_one_more(context: Any, make_site: Site) -> None:
    site = make_site(site_files(body="Vingt onglets."))
    context.add_init_script(STREAM_PROBE)
    paths = [
        POST_URL,
        "",
        "archives/",
        "tags/",
        OTHER_URL,
        THIRD_URL,
        "archives/2026/",
        "archives/2025/",
        "tags/ia/",
        "tags/web/",
    ]
    with serving(site) as served:
        # Were each tab to hold its own event stream, the seventh would already hang here.
        tabs = [
            open_page(context, served.url + paths[n % len(paths)], timeout=TIMEOUT_MS)
            for n in range(20)
        ]
        states = [tab.evaluate("document.visibilityState") for tab in tabs]
        # Headless Chromium reports every tab visible, so all twenty run the client.
        assert "visible" in states, states

        started = time.monotonic()
        last = context.new_page()
        response = last.goto(served.url + POST_URL, timeout=TIMEOUT_MS)
        assert response is not None and response.status == 200
        assert time.monotonic() - started < TIMEOUT_MS / 1000
        open_streams = sum(tab.evaluate(OPEN_STREAMS) for tab in [*tabs, last])
        assert open_streams <= 1, f"{open_streams} event streams for one browser"

        save(site / POST, post("Bonjour", body="Vu par tous les onglets.", tags="[ia, web]"))
        visible = [t for t, state in zip(tabs, states, strict=True) if state == "visible"]
        for page in [last, *(t for t in visible if t.url.endswith(POST_URL))]:
            expect(page.locator(PARAGRAPH)).to_have_text(
                "Vu par tous les onglets.", timeout=TIMEOUT_MS
            )


def test_a_restarted_server_reloads_the_open_tabs(context: Any, make_site: Site) -> None:
    """Stopping and starting again on the same port, at once, as after Ctrl-C and ↑ Enter.

    The open tab held connections to the first server, so its sockets linger in TIME_WAIT:
    the second server must still be able to listen on the port."""
    site = make_site(site_files(body="Avant le redémarrage."))
    port = free_port()
    page = context.new_page()
    with serving(site, "--port", str(port)) as first:
        assert f":{port}/" in first.url
        page.goto(first.url + POST_URL)
        expect(page.locator(PARAGRAPH)).to_have_text("Avant le redémarrage.")
        page.evaluate("window.__marker = 1")
    # Edited while no server runs: only a reload can show it.
    save(site / POST, post("Bonjour", body="Écrit serveur arrêté.", tags="[ia, web]"))
    with serving(site, "--port", str(port)) as second:
        assert second.url == first.url
        expect(page.locator(PARAGRAPH)).to_have_text("Écrit serveur arrêté.", timeout=TIMEOUT_MS)
        assert page.evaluate("window.__marker") is None


def test_a_deleted_post_leaves_the_home_page_and_its_url(context: Any, make_site: Site) -> None:
    site = make_site(site_files())
    with serving(site) as served:
        home = open_page(context, served.url)
        listing = home.locator(".post-list")
        expect(listing).to_contain_text("Au revoir")
        expect(listing).to_contain_text("Bonjour")
        home.evaluate("window.__marker = 1")

        (site / OTHER).unlink()
        expect(listing).not_to_contain_text("Au revoir", timeout=TIMEOUT_MS)
        expect(listing).to_contain_text("Bonjour")
        assert home.evaluate("window.__marker") == 1, "updated in place, without a navigation"
        gone = context.request.get(served.url + OTHER_URL)
        assert gone.status == 404


def test_an_open_post_that_is_deleted_shows_the_404_page(context: Any, make_site: Site) -> None:
    site = make_site(site_files())
    with serving(site) as served:
        page = open_page(context, served.url + OTHER_URL)
        expect(page.locator("h1")).to_contain_text("Au revoir")
        (site / OTHER).unlink()
        expect(page.locator("h1")).to_have_text("Page introuvable", timeout=TIMEOUT_MS)


def test_a_hidden_tab_gives_its_connection_to_a_visible_one(context: Any, make_site: Site) -> None:
    """Headless Chromium shows every tab (minimising its window or bringing another tab to
    the front changes nothing, and CDP has no visibility switch), so the tab going to the
    background is emulated: `document.hidden` answers true and `visibilitychange` fires, as
    Chromium does when a tab is hidden. What the client then does is real."""
    site = make_site(site_files(body="Deux onglets."))
    context.add_init_script(STREAM_PROBE)
    with serving(site) as served:
        first = open_page(context, served.url + POST_URL)
        wait_for_stream(first)
        second = open_page(context, served.url + OTHER_URL)
        assert second.evaluate(OPEN_STREAMS) == 0, "a second visible tab opened its own stream"

        first.evaluate(
            """() => {
              Object.defineProperty(document, "hidden", {configurable: true, get: () => true});
              Object.defineProperty(document, "visibilityState",
                                    {configurable: true, get: () => "hidden"});
              document.dispatchEvent(new Event("visibilitychange"));
            }"""
        )
        first.wait_for_function(f"{OPEN_STREAMS} === 0", timeout=TIMEOUT_MS)
        wait_for_stream(second)

        save(site / OTHER, post("Au revoir", date="2026-01-16", body="Encore là."))
        expect(second.locator(PARAGRAPH)).to_have_text("Encore là.", timeout=TIMEOUT_MS)
