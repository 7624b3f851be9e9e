"""Live reload when the dev server refuses the event stream (a 503 when it is busy)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import post
from tests.server.running import serving

Site = Callable[..., Path]
POST = "content/posts/2026-01-15-bonjour.md"
POST_URL = "2026/01/bonjour/"
TIMEOUT_MS = 5_000


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    context.set_default_timeout(10_000)
    yield context
    context.close()


def test_a_refused_event_stream_is_opened_again(context: Any, make_site: Site) -> None:
    """A browser never retries an event stream answered 503 by itself: the page does, and
    the next save still reaches it."""
    site = make_site({POST: post("Bonjour", body="Premier jet du billet.")})
    refused: list[str] = []

    def busy_once(route: Any) -> None:
        if refused:
            route.continue_()
        else:
            refused.append(route.request.url)
            route.fulfill(status=503, headers={"Retry-After": "1"}, body="Too many connections")

    with serving(site) as served:
        context.route("**/_sitegen/events*", busy_once)
        page = context.new_page()
        page.goto(served.url + POST_URL)
        (site / POST).write_text(post("Bonjour", body="Texte corrigé."), encoding="utf-8")
        page.wait_for_function(
            "t => document.querySelector('.post-body p')?.textContent === t",
            arg="Texte corrigé.",
            timeout=TIMEOUT_MS,
        )
    assert refused, "the event stream was never refused: the test proves nothing"
