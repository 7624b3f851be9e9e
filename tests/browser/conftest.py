"""Debian's Chromium driven by Playwright; never a downloaded browser."""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import sitegen

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in item.nodeid:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is required under CI=true: apt-get install -y chromium")
        pytest.skip("Debian's Chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(folder: Path) -> tuple[str, ThreadingHTTPServer]:
    """Serve `folder` on a free loopback port; returns its root URL and the server."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


BASE = "/repo/"
"""The base path the sample blog is built under for the theme's tests."""


@dataclass(frozen=True)
class Blog:
    root: str
    """The sample blog's home, under the base path."""
    out: Path
    """The folder it was built into."""


@pytest.fixture(scope="module")
def blog(tmp_path_factory: pytest.TempPathFactory, sample_blog: Path) -> Iterator[Blog]:
    # Served from the folder above, so that every address starts with the base path.
    host = tmp_path_factory.mktemp("look")
    out = host / BASE.strip("/")
    result = sitegen(
        "build", "--source", sample_blog, "--output", out, "--base-url", f"http://127.0.0.1{BASE}"
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
