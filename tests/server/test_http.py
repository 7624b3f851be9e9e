"""`sitegen serve` over HTTP: what it answers, what it refuses, and that nothing brings it down.

Requests a client library would normalise (`..`, bad Host, broken request lines) go over raw
sockets; the rest over http.client. Every socket has a timeout and only targets this machine.
"""

from __future__ import annotations

import concurrent.futures
import http.client
import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import html5lib
import pytest
from lxml import etree

from sitegen.state.cache import CACHE_FOLDER
from tests.conftest import DEFAULT_CONFIG, first_in, post, sitegen, text_of, write_files
from tests.server.running import Served, serving, started

Site = Callable[..., Path]
TIMEOUT = 5.0
POST = "content/posts/2026-01-15-bonjour.md"
PAGE = "/2026/01/bonjour/"
SECRET = "contenu secret hors du site"
"""Written outside the built site (and behind a symlink): must never reach a response."""
PASSWD = b"root:"
SCRIPT_KEYS = {"server", "build", "page", "events", "errors"}
REPO_CONFIG = DEFAULT_CONFIG.replace("https://example.org/", "https://example.org/repo/")


# --------------------------------------------------------------------------------------------
# Helpers


@dataclass
class Answer:
    status: int | None
    """None: no status line (the connection closed, or a bare HTTP/0.9 body)."""
    headers: dict[str, str] = field(default_factory=dict)
    """Names in lower case."""
    body: bytes = b""

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")


def address(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    assert parts.hostname and parts.port
    return parts.hostname, parts.port


def host_header(url: str) -> str:
    host, port = address(url)
    return f"{host}:{port}"


def parse_answer(data: bytes) -> Answer:
    head, _, body = data.partition(b"\r\n\r\n")
    match = re.match(rb"HTTP/1\.[01] (\d{3})", head)
    if not match:
        return Answer(None, {}, data)
    headers = {}
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    return Answer(int(match.group(1)), headers, body)


def raw(url: str, data: bytes, timeout: float = TIMEOUT) -> Answer:
    """Send bytes as they are, half-close, and read until the server closes."""
    chunks: list[bytes] = []
    with socket.create_connection(address(url), timeout=timeout) as sock:
        try:
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except (ConnectionResetError, BrokenPipeError):
            pass  # refused mid-request: a closed connection is an acceptable answer
    return parse_answer(b"".join(chunks))


def raw_get(url: str, target: bytes, host: str | None = "", method: bytes = b"GET") -> Answer:
    """A request line sent verbatim; Host is the served one unless given (None: no Host)."""
    lines = [method + b" " + target + b" HTTP/1.1"]
    if host is not None:
        lines.append(b"Host: " + (host or host_header(url)).encode())
    return raw(url, b"\r\n".join([*lines, b"", b""]))


def fetch(
    url: str,
    path: str,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
) -> Answer:
    host, port = address(url)
    connection = http.client.HTTPConnection(host, port, timeout=TIMEOUT)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return Answer(
            response.status,
            {k.lower(): v for k, v in response.getheaders()},
            response.read(),
        )
    finally:
        connection.close()


def still_up(served: Served) -> None:
    assert served.process.poll() is None, served.err
    assert fetch(served.url, urlsplit(served.url).path).status == 200


def parse(body: bytes) -> etree._Element:
    """A page parsed as a browser would (html5lib), without the XHTML namespace."""
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("lxml"), namespaceHTMLElements=False)
    root: etree._Element = parser.parse(body).getroot()
    return root


def injected(body: bytes) -> dict[str, object]:
    """The live-reload configuration of the script that must end the page's body."""
    page = parse(body)
    last = [child for child in first_in(page, "body") if isinstance(child.tag, str)][-1]
    assert last.tag == "script", etree.tostring(last)[:200]
    setting = last.get("data-sitegen")
    assert setting, "the last element of <body> is not the live-reload script"
    config: dict[str, object] = json.loads(setting)
    return config


def first_event(url: str, path: str, deadline: float = TIMEOUT) -> tuple[Answer, dict[str, object]]:
    """Open an event stream and return its headers and first `data:` message."""
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {host_header(url)}\r\nAccept: text/event-stream\r\n\r\n"
    )
    data = b""
    end = time.monotonic() + deadline
    with socket.create_connection(address(url), timeout=TIMEOUT) as sock:
        sock.sendall(request.encode())
        while time.monotonic() < end:
            answer = parse_answer(data)
            found = re.search(rb"^data: (.*)\n\n", answer.body, re.M)
            if found:
                return answer, json.loads(found.group(1))
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    raise AssertionError(f"no data: message in {data[:500]!r}")


def non_loopback_ip() -> str | None:
    """This machine's address on its network (a UDP connect sends nothing)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("198.51.100.1", 9))  # TEST-NET-2: nothing is sent
        except OSError:
            return None
        ip: str = probe.getsockname()[0]
    return None if ip.startswith("127.") or ip == "0.0.0.0" else ip


def make_served_site(root: Path, config: str = DEFAULT_CONFIG) -> Path:
    """A small site, a secret file outside it and a symlink from its static folder to that."""
    (root / "outside").mkdir()
    (root / "outside/secret.txt").write_text(SECRET, encoding="utf-8")
    site = root / "site"
    site.mkdir()
    files: dict[str, str | bytes] = {
        "sitegen.yaml": config,
        POST: post("Bonjour"),
        "notes.txt": SECRET,
    }
    write_files(site, files)
    (site / "static").mkdir()
    (site / "static/dehors.txt").symlink_to(root / "outside/secret.txt")
    return site


def listing(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


# --------------------------------------------------------------------------------------------
# Served sites, one per configuration, shared by the module


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_served_site(tmp_path_factory.mktemp("http"))


@pytest.fixture(scope="module")
def before(site: Path) -> set[str]:
    """The site folder's files before any server ran."""
    return listing(site)


@pytest.fixture(scope="module")
def served(site: Path, before: set[str]) -> Iterator[Served]:
    with serving(site) as running:
        running.wait_for_output("^Built ")
        yield running


@pytest.fixture(scope="module")
def built(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`sitegen build` of a copy of the same site (the served folder stays untouched)."""
    work = tmp_path_factory.mktemp("build")
    shutil.copytree(site, work / "site", symlinks=True)
    result = sitegen("build", "--source", work / "site", "--output", work / "out")
    assert result.code == 0, result.err
    return work / "out"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A project site: `base_url: https://example.org/repo/`."""
    site = make_served_site(tmp_path_factory.mktemp("repo"), REPO_CONFIG)
    with serving(site) as running:
        running.wait_for_output("^Built ")
        yield running


# --------------------------------------------------------------------------------------------
# Where it listens


def test_listens_on_loopback_only_by_default(served: Served) -> None:
    """The printed address is 127.0.0.1, and the machine's network address is refused."""
    assert urlsplit(served.url).hostname == "127.0.0.1"
    ip = non_loopback_ip()
    if ip is None:
        pytest.skip("this machine has no non-loopback IPv4 address to try")
    with pytest.raises(OSError):
        socket.create_connection((ip, address(served.url)[1]), timeout=TIMEOUT).close()


def test_another_address_needs_host_and_warns(make_site: Site) -> None:
    """`--host 127.0.0.2` listens there, warns on stderr, and accepts that Host."""
    site = make_site({POST: post("Bonjour")})
    with serving(site, "--host", "127.0.0.2") as running:
        assert urlsplit(running.url).hostname == "127.0.0.2"
        deadline = time.monotonic() + TIMEOUT
        while not any("warning: serving on" in line for line in running.err):
            assert time.monotonic() < deadline, running.err
            time.sleep(0.02)
        warning = next(line for line in running.err if "warning: serving on" in line)
        assert "127.0.0.2" in warning and "other machines" in warning
        assert raw_get(running.url, b"/").status == 200  # Host: 127.0.0.2:PORT
        assert raw_get(running.url, b"/", host="localhost").status == 200
        assert raw_get(running.url, b"/", host="evil.example").status == 400


def test_the_default_address_prints_no_warning(served: Served) -> None:
    assert not [line for line in served.err if "serving on" in line]


# --------------------------------------------------------------------------------------------
# Host header (DNS rebinding)


@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "evil.example:{port}",
        "localhost.evil.example:{port}",
        "127.0.0.1.nip.io:{port}",
        "192.168.1.10:{port}",
        "[::2]:{port}",
        "",
    ],
)
def test_an_unknown_host_is_refused(served: Served, host: str) -> None:
    """A page fetched through an attacker's name is 400, not the site."""
    answer = raw_get(served.url, b"/", host=host.format(port=address(served.url)[1]) or " ")
    assert answer.status == 400
    assert b"Blog de test" not in answer.body


def test_a_missing_host_is_refused(served: Served) -> None:
    answer = raw_get(served.url, b"/", host=None)
    assert answer.status == 400
    assert b"Blog de test" not in answer.body


@pytest.mark.parametrize(
    "host",
    ["localhost:{port}", "localhost", "LocalHost:{port}", "127.0.0.1:{port}", "[::1]:{port}"],
)
def test_loopback_names_are_accepted(served: Served, host: str) -> None:
    answer = raw_get(served.url, b"/", host=host.format(port=address(served.url)[1]))
    assert answer.status == 200
    assert b"Blog de test" in answer.body


# --------------------------------------------------------------------------------------------
# Paths: contained, decoded once per layer, nothing outside the build


@pytest.mark.parametrize(
    "target",
    [
        b"/../../etc/passwd",
        b"/../../../../../../etc/passwd",
        b"/css/../../etc/passwd",
        b"/%2e%2e/%2e%2e/etc/passwd",
        b"/%2E%2E/%2E%2E/etc/passwd",
        b"/..%2f..%2fetc%2fpasswd",
        b"/..%5c..%5cetc/passwd",
        b"/..\\..\\etc\\passwd",
        b"/%252e%252e/%252e%252e/etc/passwd",
        b"/%25252e%25252e/etc/passwd",
        b"/%c0%ae%c0%ae/etc/passwd",
        b"/a%00b",
        b"/index.html%00.css",
        b"/%ff",
        b"/%",
        b"//etc/passwd",
        b"/./../etc/passwd",
        b"../etc/passwd",
        b"/../outside/secret.txt",
        b"/%2e%2e/outside/secret.txt",
    ],
)
def test_an_escaping_path_is_refused(served: Served, target: bytes) -> None:
    """400 or 404, never a file's content; the server answers the next request."""
    answer = raw_get(served.url, target)
    assert answer.status in (400, 404)
    assert PASSWD not in answer.body
    assert SECRET.encode() not in answer.body
    still_up(served)


@pytest.mark.parametrize(
    "path",
    [
        "/sitegen.yaml",
        "/notes.txt",
        "/content/posts/2026-01-15-bonjour.md",
        "/dehors.txt",
        "/static/dehors.txt",
        "/.sitegen-output",
    ],
)
def test_files_outside_the_build_are_not_served(served: Served, path: str) -> None:
    """Only built files exist: the project's sources and a symlink out of it are 404."""
    answer = fetch(served.url, path)
    assert answer.status == 404
    assert SECRET.encode() not in answer.body
    assert b"base_url" not in answer.body


def test_a_query_string_is_not_part_of_the_path(served: Served) -> None:
    answer = raw_get(served.url, b"/css/site.css?v=../../etc/passwd")
    assert answer.status == 200
    assert answer.header("content-type").startswith("text/css")


# --------------------------------------------------------------------------------------------
# Methods


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"])
def test_other_methods_are_405_with_allow(served: Served, method: str) -> None:
    answer = fetch(served.url, "/", method=method)
    assert answer.status == 405
    assert answer.header("allow") == "GET, HEAD"


def test_an_unknown_method_is_an_error(served: Served) -> None:
    answer = raw_get(served.url, b"/", method=b"BREW")
    assert answer.status is not None
    assert 400 <= answer.status < 600
    assert b"Blog de test" not in answer.body
    still_up(served)


def test_head_gives_the_headers_and_no_body(served: Served) -> None:
    """Content-Length is the GET body's; not one byte follows the headers."""
    page = fetch(served.url, PAGE)
    head = raw_get(served.url, PAGE.encode(), method=b"HEAD")
    assert head.status == 200
    assert int(head.header("content-length")) == len(page.body)
    assert head.header("content-type") == page.header("content-type")
    assert head.body == b""


def test_head_of_a_missing_page_has_no_body(served: Served) -> None:
    head = raw_get(served.url, b"/absent/", method=b"HEAD")
    assert head.status == 404
    assert head.body == b""


def test_a_refused_post_does_not_spoil_the_connection(served: Served) -> None:
    """After a 405 for a POST with a body, the next GET on the same connection is answered."""
    host, port = address(served.url)
    connection = http.client.HTTPConnection(host, port, timeout=TIMEOUT)
    try:
        connection.request("POST", "/", body=b"name=value&other=1")
        refused = connection.getresponse()
        refused.read()
        assert refused.status == 405
        connection.request("GET", "/")
        answer = connection.getresponse()
        assert answer.status == 200, answer.read()[:200]
        answer.read()
    finally:
        connection.close()


# --------------------------------------------------------------------------------------------
# No listings, the site's 404 page


@pytest.mark.parametrize("path", ["/css/", "/css", "/2026/", "/2026/01/"])
def test_a_folder_without_index_is_404_not_a_listing(served: Served, path: str) -> None:
    answer = fetch(served.url, path)
    assert answer.status == 404
    assert b"highlight.css</a>" not in answer.body
    assert b"Index of" not in answer.body


def test_a_missing_page_gets_the_sites_404_page(served: Served) -> None:
    answer = fetch(served.url, "/absent/")
    assert answer.status == 404
    assert answer.header("content-type") == "text/html; charset=utf-8"
    page = parse(answer.body)
    assert [text_of(h1) for h1 in page.iter("h1")] == ["Page introuvable"]
    assert injected(answer.body)["page"] == "404.html"


# --------------------------------------------------------------------------------------------
# Malformed requests


@pytest.mark.parametrize(
    "data",
    [
        b"GARBAGE\r\n\r\n",
        b"GET\r\n\r\n",
        b"GET " + b"/a" * 35_000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        b"GET /a\x00b HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        b"GET / HTTP/1.1\x00\r\nHost: 127.0.0.1\r\n\r\n",
        b"\x00\x01\x02\xff\xfe\r\n\r\n",
        b"GET / HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n",
        b"GET / HTTP/1.1 extra\r\nHost: 127.0.0.1\r\n\r\n",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(64),  # a TLS hello
    ],
    ids=[
        "garbage",
        "no-target",
        "70k-line",
        "nul-target",
        "nul-version",
        "binary",
        "http9.9",
        "four-words",
        "tls",
    ],
)
def test_a_malformed_request_is_refused_and_the_server_stays_up(
    served: Served, data: bytes
) -> None:
    answer = raw(served.url, data)
    assert answer.status is None or 400 <= answer.status < 600, answer
    assert answer.status != 200
    assert b"Blog de test" not in answer.body
    still_up(served)


@pytest.mark.parametrize(
    "data",
    [
        b"GARBAGE\r\n\r\n",
        b"GET\r\n\r\n",
        b"GET /a\x00b HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    ],
    ids=["garbage", "no-target", "nul-target"],
)
def test_a_bad_request_line_gets_a_real_400(served: Served, data: bytes) -> None:
    """A `400` status line, or the connection closed without a byte (no HTTP/0.9 body)."""
    answer = raw(served.url, data)
    assert answer.status == 400 or (answer.status is None and answer.body == b""), answer


def test_an_overlong_request_line_is_refused(served: Served) -> None:
    """70 000 bytes of request line: 400 or 414, or the connection closed."""
    answer = raw(served.url, b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    assert answer.status in (None, 400, 414, 431)
    still_up(served)


# --------------------------------------------------------------------------------------------
# Headers, the reload script, byte-identical assets


@pytest.mark.parametrize(
    ("path", "types"),
    [
        ("/", {"text/html"}),
        (PAGE, {"text/html"}),
        ("/en/", {"text/html"}),
        ("/css/site.css", {"text/css"}),
        ("/feed.xml", {"application/xml", "text/xml"}),
    ],
)
def test_text_is_utf8_and_never_cached(served: Served, path: str, types: set[str]) -> None:
    answer = fetch(served.url, path)
    assert answer.status == 200
    kind, _, params = answer.header("content-type").partition(";")
    assert kind.strip() in types
    assert params.strip().lower().replace('"', "") == "charset=utf-8"
    assert answer.header("cache-control") == "no-store"


@pytest.mark.parametrize(
    ("path", "rel"),
    [("/", "index.html"), (PAGE, "2026/01/bonjour/index.html"), ("/en/", "en/index.html")],
)
def test_pages_end_with_the_live_reload_script(served: Served, path: str, rel: str) -> None:
    answer = fetch(served.url, path)
    config = injected(answer.body)
    assert set(config) >= SCRIPT_KEYS
    assert config["page"] == rel
    assert config["build"] == 1
    assert config["events"] == "/_sitegen/events"
    assert config["errors"] == []
    assert isinstance(config["server"], str) and config["server"]
    assert answer.body.count(b"data-sitegen") == 1


@pytest.mark.parametrize("rel", ["css/site.css", "css/highlight.css", "js/search.js"])
def test_assets_are_served_byte_identical_to_the_build(
    served: Served, built: Path, rel: str
) -> None:
    answer = fetch(served.url, "/" + rel)
    assert answer.status == 200
    assert answer.body == (built / rel).read_bytes()
    assert int(answer.header("content-length")) == len(answer.body)


def test_the_server_writes_nothing_into_the_project(
    served: Served, site: Path, before: set[str]
) -> None:
    """No public/ after serving and requests: the served files are kept in a folder of the
    cache's own, whose files are the very pages served."""
    for path in ("/", PAGE, "/css/site.css", "/absent/", "/feed.xml"):
        fetch(served.url, path)
    raw_get(served.url, PAGE.encode(), method=b"HEAD")
    assert not (site / "public").exists()
    (kept,) = (site / CACHE_FOLDER).glob("serve-*")
    cache = site / CACHE_FOLDER
    assert listing(site) - before == {
        CACHE_FOLDER,
        *(f"{CACHE_FOLDER}/{p}" for p in listing(cache)),
    }
    assert listing(cache) == {kept.name, *(f"{kept.name}/{p}" for p in listing(kept))}
    feed = fetch(served.url, "/feed.xml").body
    assert feed in [p.read_bytes() for p in kept.iterdir() if p.is_file()]


# --------------------------------------------------------------------------------------------
# Live-reload events


def test_the_events_stream_starts_with_the_news(served: Served) -> None:
    page = injected(fetch(served.url, "/").body)
    answer, news = first_event(served.url, "/_sitegen/events?page=index.html&build=1")
    assert answer.status == 200
    assert answer.header("content-type").startswith("text/event-stream")
    assert answer.header("cache-control") == "no-store"
    assert news["server"] == page["server"]
    assert news["build"] == 1


def test_the_events_news_lets_each_page_decide(served: Served) -> None:
    """The news lists what the last build changed; each page decides whether it reloads."""
    _, news = first_event(served.url, "/_sitegen/events?build=1")
    assert set(news) == {"server", "build", "errors", "changed", "css_only"}, news
    assert news["errors"] == [] and news["css_only"] is False
    assert isinstance(news["changed"], list) and "index.html" in news["changed"]


def test_an_events_stream_needs_an_allowed_host(served: Served) -> None:
    answer = raw_get(served.url, b"/_sitegen/events?build=1", host="evil.example")
    assert answer.status == 400


# --------------------------------------------------------------------------------------------
# Base path (a project site under /repo/)


def test_a_project_site_is_served_under_its_path(repo: Served) -> None:
    assert urlsplit(repo.url).hostname == "127.0.0.1"
    assert repo.url.endswith("/repo/")
    assert fetch(repo.url, "/repo/").status == 200
    answer = fetch(repo.url, "/repo" + PAGE)
    assert answer.status == 200
    assert injected(answer.body)["events"] == "/repo/_sitegen/events"


def test_the_root_redirects_to_the_base_path(repo: Served) -> None:
    answer = fetch(repo.url, "/")
    assert answer.status == 302
    assert answer.header("location") == "/repo/"


@pytest.mark.parametrize("path", ["/other/", PAGE, "/css/site.css", "/repository/"])
def test_outside_the_base_path_is_404(repo: Served, path: str) -> None:
    answer = fetch(repo.url, path)
    assert answer.status == 404
    assert "Page introuvable" in answer.body.decode()


def test_a_folder_without_slash_redirects_to_the_slash_form(repo: Served) -> None:
    answer = fetch(repo.url, "/repo/2026/01/bonjour")
    assert answer.status == 301
    assert answer.header("location") == "/repo/2026/01/bonjour/"


def test_the_base_path_without_slash_redirects(repo: Served) -> None:
    """`/repo` is the site's own folder: like any folder, it redirects to `/repo/`."""
    answer = fetch(repo.url, "/repo")
    assert answer.status in (301, 302)
    assert answer.header("location") == "/repo/"


def test_the_events_stream_lives_under_the_base_path(repo: Served) -> None:
    answer, news = first_event(repo.url, "/repo/_sitegen/events?page=index.html&build=1")
    assert answer.header("content-type").startswith("text/event-stream")
    assert news["build"] == 1


# --------------------------------------------------------------------------------------------
# A bounded hostile loop


HOSTILE_COUNT = 3_000
HOSTILE_SECONDS = 20.0
HOSTILE_THREADS = 4


def hostile_requests(url: str) -> list[tuple[str, bytes]]:
    host = host_header(url).encode()

    def get(target: bytes, with_host: bytes = host) -> bytes:
        return b"GET " + target + b" HTTP/1.1\r\nHost: " + with_host + b"\r\n\r\n"

    return [
        ("traversal", get(b"/../../etc/passwd")),
        ("traversal", get(b"/%2e%2e/%2e%2e/etc/passwd")),
        ("traversal", get(b"/..%5c..%5cetc/passwd")),
        ("traversal", get(b"/%252e%252e/etc/passwd")),
        ("traversal", get(b"/a%00b")),
        ("traversal", get(b"/%ff")),
        ("host", get(b"/", b"evil.example")),
        ("host", get(b"/", b"attacker.example:" + host.split(b":")[1])),
        ("garbage", b"GARBAGE\r\n\r\n"),
        ("garbage", b"GET\r\n\r\n"),
        ("garbage", b"\x00\xff\r\n\r\n"),
        ("garbage", b"BREW / HTTP/1.1\r\nHost: " + host + b"\r\n\r\n"),
        ("normal", get(b"/")),
        ("normal", get(PAGE.encode())),
        ("normal", get(b"/css/site.css")),
        ("missing", get(b"/absent/")),
    ]


def test_a_bounded_hostile_loop_leaves_the_server_up(served: Served) -> None:
    """3 000 mixed requests on 4 threads (20 s at most): every answer right, then a 200."""
    assert urlsplit(served.url).hostname == "127.0.0.1"
    kinds = hostile_requests(served.url)
    expected: dict[str, set[int | None]] = {
        "traversal": {400, 404},
        "host": {400},
        "garbage": {None, 400, 501},
        "normal": {200},
        "missing": {404},
    }
    deadline = time.monotonic() + HOSTILE_SECONDS

    def worker(offset: int) -> list[tuple[str, int | None, bool]]:
        seen = []
        for n in range(offset, HOSTILE_COUNT, HOSTILE_THREADS):
            if time.monotonic() > deadline:
                break
            kind, data = kinds[n % len(kinds)]
            answer = raw(served.url, data)
            leaked = PASSWD in answer.body or SECRET.encode() in answer.body
            seen.append((kind, answer.status, leaked))
        return seen

    with concurrent.futures.ThreadPoolExecutor(HOSTILE_THREADS) as pool:
        results = [r for part in pool.map(worker, range(HOSTILE_THREADS)) for r in part]
    assert len(results) >= 200, "too few requests in the time allowed"
    wrong = [(kind, status) for kind, status, _ in results if status not in expected[kind]]
    assert not wrong, wrong[:10]
    assert not any(leaked for _, _, leaked in results)
    still_up(served)


# --------------------------------------------------------------------------------------------
# Ports and stopping


def test_a_taken_port_is_an_error(make_site: Site) -> None:
    """`--port P` with P in use: exit 2 and a message saying so."""
    site = make_site({POST: post("Bonjour")})
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "sitegen", "serve", "--source", str(site), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "in use" in result.stderr
    assert str(port) in result.stderr
    assert "Traceback" not in result.stderr


def test_without_port_the_next_free_one_is_used(make_site: Site) -> None:
    """8000 taken: the server starts on a later port and prints it."""
    site = make_site({POST: post("Bonjour")})
    with socket.socket() as taken:
        try:
            taken.bind(("127.0.0.1", 8000))
        except OSError:
            pytest.skip("port 8000 is used by another program here")
        taken.listen()
        with started(site) as running:
            url = running.wait_for(r"^Serving (http://\S+)").group(1)
            host, port = address(url)
            assert host == "127.0.0.1"
            assert 8000 < port < 8020
            assert fetch(url, "/").status == 200


def test_ctrl_c_stops_promptly_and_says_so(make_site: Site) -> None:
    """SIGINT, even with a browser's event stream open: exit 0 within 5 s, "Stopped"."""
    site = make_site({POST: post("Bonjour")})
    with serving(site) as running:
        with socket.create_connection(address(running.url), timeout=TIMEOUT) as stream:
            request = f"GET /_sitegen/events?build=1 HTTP/1.1\r\nHost: {host_header(running.url)}"
            stream.sendall(request.encode() + b"\r\n\r\n")
            assert stream.recv(100).startswith(b"HTTP/1.1 200")
            running.process.send_signal(signal.SIGINT)
            assert running.process.wait(timeout=5) == 0, running.err
        running.wait_for_output("Stopped", timeout=5)
        assert "Traceback" not in "\n".join(running.err)
    assert not (site / CACHE_FOLDER).exists()  # its served files went with it


def test_a_missing_page_of_a_language_gets_its_language_s_404_page(served: Served) -> None:
    answer = fetch(served.url, "/en/2026/absent/")
    assert answer.status == 404
    page = parse(answer.body)
    assert page.get("lang") == "en"
    assert [text_of(h1) for h1 in page.iter("h1")] == ["Page not found"]
    assert injected(answer.body)["page"] == "en/404.html"
