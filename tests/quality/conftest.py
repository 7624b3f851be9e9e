"""Quality gates on the sample blog, built as a user site and as a project site.

Each test takes `site`, which runs it once per build: at `https://example.github.io/` (a user
site) and at `https://example.github.io/repo/` (a project site, where every URL must keep the
`/repo/` base path). The tools they drive (the Nu HTML checker, axe-core in Chromium,
feedparser) are skipped with a reason when missing, except under CI=true where they must run.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml
from lxml import etree

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import REPO, parse_html, sitegen, strings

ORIGIN = "https://example.github.io"
BUILDS = {"root": f"{ORIGIN}/", "repo": f"{ORIGIN}/repo/"}
NODE_MODULES = REPO / "node_modules"
T = TypeVar("T")


def need(available: bool, what: str, install: str) -> None:
    """Skip with a reason when a tool is missing, but fail under CI=true (it must run there)."""
    if available:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is required under CI=true: {install}", pytrace=False)
    pytest.skip(f"{what} is not installed ({install})")


class Unresolved(ValueError):
    """A URL into the site that does not lead to a written file (the message says why)."""


@dataclass(frozen=True)
class Site:
    """One build of the sample blog: where it was written and the address it was built for."""

    name: str
    base_url: str
    out: Path

    @property
    def base_path(self) -> str:
        return urlsplit(self.base_url).path

    def pages(self) -> list[Path]:
        return sorted(self.out.rglob("*.html"))

    def rel(self, file: Path) -> str:
        return file.relative_to(self.out).as_posix()

    def url_of(self, file: Path) -> str:
        """The absolute URL a written file is served at (`x/index.html` at `x/`)."""
        rel = self.rel(file)
        if rel == "index.html" or rel.endswith("/index.html"):
            rel = rel[: -len("index.html")]
        return self.base_url + rel

    def is_internal(self, url: str) -> bool:
        """Whether an absolute URL points into this site's origin (any path)."""
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and parts.netloc == urlsplit(ORIGIN).netloc

    def locate(self, url: str) -> Path:
        """The written file an absolute URL of this site leads to, or `Unresolved`."""
        parts = urlsplit(url)
        if parts.scheme != "https":
            raise Unresolved(f"{url} is not https")
        if not parts.path.startswith(self.base_path):
            raise Unresolved(f"{url} is outside the base path {self.base_path}")
        rel = unquote(parts.path[len(self.base_path) :])
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        target = (self.out / rel).resolve()
        if not target.is_relative_to(self.out.resolve()):
            raise Unresolved(f"{url} climbs out of the site")
        if target.is_dir():
            raise Unresolved(f"{url} is a folder: link to {url}/")
        if not target.is_file():
            raise Unresolved(f"{url} leads to no written file ({rel})")
        return target

    def resolve(self, url: str, base: str | None = None) -> str:
        """`url` made absolute against `base` (default: the site's base URL)."""
        return urljoin(base or self.base_url, url)

    def config(self) -> dict[str, Any]:
        loaded: dict[str, Any] = yaml.safe_load((REPO / "sitegen.yaml").read_text("utf-8"))
        return loaded

    def language_roots(self) -> dict[str, str]:
        """Each language's home, relative to the base path (`""` for the default language)."""
        config = self.config()
        default = config.get("language", "fr")
        at_root = config.get("default_language_at_root", True)
        languages = config.get("languages") or [default]
        return {lang: "" if lang == default and at_root else f"{lang}/" for lang in languages}


@functools.cache
def ids_in(page: Path) -> frozenset[str]:
    """The fragment targets of a page: its `id`s and `<a name>`s."""
    html = parse_html(page)
    return frozenset(strings(html, "//@id | //a/@name"))


def html_lang(page: Path) -> str | None:
    lang: str | None = parse_html(page).get("lang")
    return lang


def xml_tree(path: Path) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    root: etree._Element = etree.fromstring(path.read_bytes(), parser)
    return root


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory, sample_blog: Path) -> Callable[[str], Site]:
    """`built(name)` -> that build of the sample blog, made once per session."""
    cache: dict[str, Site] = {}

    def build(name: str) -> Site:
        if name not in cache:
            out = tmp_path_factory.mktemp(f"quality-{name}") / "public"
            base_url = BUILDS[name]
            result = sitegen(
                "build", "--source", sample_blog, "--output", out, "--base-url", base_url
            )
            assert result.code == 0, f"sitegen build --base-url {base_url} failed:\n{result.err}"
            cache[name] = Site(name, base_url, out)
        return cache[name]

    return build


@pytest.fixture(scope="session", params=sorted(BUILDS))
def site(request: pytest.FixtureRequest, built: Callable[[str], Site]) -> Site:
    return built(request.param)


# --- Serving a build under its base path, as GitHub Pages does --------------------------------


class BasePathHandler(SimpleHTTPRequestHandler):
    """Serves the site's folder at its base path; anything else is 404.

    A missing page under the base path gets the site's `404.html` with status 404, as on
    GitHub Pages.
    """

    def __init__(self, *args: Any, base_path: str, **kwargs: Any) -> None:
        self.base_path = base_path
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _inside(self) -> bool:
        return urlsplit(self.path).path.startswith(self.base_path)

    def send_head(self) -> Any:
        if not self._inside():
            self.send_error(HTTPStatus.NOT_FOUND, "Outside the site's base path")
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + path[len(self.base_path) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        not_found = Path(self.directory) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not self._inside() or not not_found.is_file():
            super().send_error(code, message, explain)
            return
        body = not_found.read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="session")
def serve() -> Iterator[Callable[[Site], str]]:
    """`serve(site)` -> the http://127.0.0.1:PORT/base/path/ the build is served at."""
    servers: dict[str, tuple[str, ThreadingHTTPServer]] = {}

    def start(site: Site) -> str:
        if site.name not in servers:
            handler = functools.partial(
                BasePathHandler, directory=str(site.out), base_path=site.base_path
            )
            server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            root = f"http://127.0.0.1:{server.server_address[1]}{site.base_path}"
            servers[site.name] = (root, server)
        return servers[site.name][0]

    yield start
    for _, server in servers.values():
        server.shutdown()
        server.server_close()


# --- Chromium, as in tests/browser, in a thread of its own -------------------------------------


class InChromium:
    """Runs `work(browser, *args)` with Debian's Chromium, in a thread of its own.

    Playwright's sync API allows one instance per thread, and tests/browser keeps its own open
    for the whole session: this one lives in another thread, and no Playwright object leaves it.
    """

    def __init__(self) -> None:
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="quality-chromium")
        self._playwright: Any = None
        self._browser: Any = None

    def _launch(self) -> None:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )

    def _close(self) -> None:
        if self._browser is not None:
            self._browser.close()
        if self._playwright is not None:
            self._playwright.stop()

    def start(self) -> None:
        self._thread.submit(self._launch).result(timeout=120)

    def __call__(self, work: Callable[..., T], *args: Any) -> T:
        return self._thread.submit(work, self._browser, *args).result(timeout=300)

    def stop(self) -> None:
        self._thread.submit(self._close).result(timeout=120)
        self._thread.shutdown()


@pytest.fixture(scope="session")
def chromium() -> Iterator[InChromium]:
    need(
        Path(CHROMIUM).exists() and shutil.which("chromium") is not None,
        "Debian's Chromium",
        "apt-get install -y chromium",
    )
    in_chromium = InChromium()
    in_chromium.start()
    yield in_chromium
    in_chromium.stop()
