"""Requests that would stop or stall the dev server: every one answered or let go in time.

The server runs in this process, on 127.0.0.1, with a short idle timeout given to its
constructor, so that connections it must close are closed within seconds and its threads
can be joined. Every wait is on what the server does (a socket closed, a thread ended),
bounded by a deadline a few times that timeout.
"""

from __future__ import annotations

import re
import selectors
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sitegen.server.devserver import DevServer
from sitegen.server.livesite import LiveSite
from tests.conftest import post

Site = Callable[..., Path]
Start = Callable[..., DevServer]
POST = "content/posts/2026-01-15-bonjour.md"
TITLE = b"Blog de test"
IDLE = 1.0
"""The servers' idle timeout in these tests (30 s in `sitegen serve`)."""
DEADLINE = 5 * IDLE
TIMEOUT = 10.0
"""A client socket's own timeout: longer than any deadline, so the server acts first."""


@pytest.fixture
def start(make_site: Site) -> Iterator[Start]:
    """`start(idle_seconds=…, max_connections=…, files=…)`: a served site, stopped after
    the test."""
    running: list[tuple[DevServer, threading.Thread]] = []

    def run(
        idle_seconds: float = IDLE,
        max_connections: int = 128,
        files: dict[str, str | bytes] | None = None,
    ) -> DevServer:
        live = LiveSite(make_site({POST: post("Bonjour"), **(files or {})}), {})
        assert live.rebuild()
        hosts = frozenset({"127.0.0.1"})
        server = DevServer(("127.0.0.1", 0), live, hosts, idle_seconds, max_connections)
        thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
        thread.start()
        running.append((server, thread))
        return server

    yield run
    for server, thread in running:
        server.shutdown()
        server.server_close()
        thread.join(TIMEOUT)


def host(server: DevServer) -> bytes:
    return f"127.0.0.1:{server.server_address[1]}".encode()


def connect(server: DevServer) -> socket.socket:
    return socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=TIMEOUT)


def exchange(server: DevServer, data: bytes) -> bytes:
    """Send `data` without closing our side, read until the server closes the connection."""
    received = b""
    with connect(server) as sock:
        sock.sendall(data)
        while chunk := sock.recv(65536):
            received += chunk
    return received


def statuses(received: bytes) -> list[int]:
    """The status of every answer in what a connection received, in order."""
    return [int(code) for code in re.findall(rb"^HTTP/1\.[01] (\d{3}) ", received, re.M)]


def get(server: DevServer) -> bytes:
    request = b"GET / HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n" % host(server)
    return exchange(server, request)


def closed_by_server(sockets: list[socket.socket], deadline: float) -> int:
    """Read every socket until the server closes it (b"" or an error); how many remain open."""
    selector = selectors.DefaultSelector()
    for sock in sockets:
        sock.setblocking(False)
        selector.register(sock, selectors.EVENT_READ)
    while selector.get_map() and (left := deadline - time.monotonic()) > 0:
        for key, _ in selector.select(left):
            reader = key.fileobj
            assert isinstance(reader, socket.socket)
            try:
                ended = not reader.recv(65536)
            except OSError:
                ended = True
            if ended:
                selector.unregister(reader)
    remaining = len(selector.get_map())
    selector.close()
    return remaining


def started_since(before: set[threading.Thread]) -> list[threading.Thread]:
    """The threads started since `before` was taken: the server's connection handlers."""
    return [thread for thread in threading.enumerate() if thread not in before]


def still_running(threads: list[threading.Thread], deadline: float) -> int:
    """Join every thread until the deadline; how many are still running."""
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    return sum(thread.is_alive() for thread in threads)


# --------------------------------------------------------------------------------------------
# Request lines and headers


def test_an_http09_request_gets_a_400(start: Start) -> None:
    """`GET /` alone is HTTP/0.9: a 400 with a status line, not a wait for headers."""
    server = start(idle_seconds=TIMEOUT * 3)  # an answer, not the idle timeout, ends it
    received = exchange(server, b"GET /\r\n")
    assert statuses(received) == [400]
    assert TITLE not in received


@pytest.mark.parametrize(
    "hosts",
    [["{host}", "{host}"], ["{host}", "evil.example"], ["evil.example", "{host}"]],
    ids=["same-twice", "then-evil", "evil-first"],
)
def test_two_host_headers_are_refused(start: Start, hosts: list[str]) -> None:
    server = start()
    lines = [f"Host: {name}".format(host=host(server).decode()).encode() for name in hosts]
    received = exchange(
        server, b"\r\n".join([b"GET / HTTP/1.1", *lines, b"Connection: close", b"", b""])
    )
    assert statuses(received) == [400]
    assert TITLE not in received


@pytest.mark.parametrize("framing", ["length", "chunked"])
def test_a_get_with_a_body_is_not_read_as_a_second_request(start: Start, framing: str) -> None:
    """The body is never read: answering it as the next request would smuggle that request."""
    server = start()
    hidden = b"GET /absent/ HTTP/1.1\r\nHost: " + host(server) + b"\r\n\r\n"
    if framing == "length":
        head = b"Content-Length: " + str(len(hidden)).encode()
        body = hidden
    else:
        head = b"Transfer-Encoding: chunked"
        body = f"{len(hidden):x}\r\n".encode() + hidden + b"\r\n0\r\n\r\n"
    received = exchange(
        server, b"GET / HTTP/1.1\r\nHost: " + host(server) + b"\r\n" + head + b"\r\n\r\n" + body
    )
    assert statuses(received) == [400]
    assert TITLE not in received


def test_a_huge_request_head_is_refused(start: Start) -> None:
    """90 headers of 4 KiB each (http.server allows 100 of 64 KiB): refused, not kept."""
    server = start()
    headers = b"".join(b"X-Grand-%d: %s\r\n" % (n, b"a" * 4096) for n in range(90))
    request = b"GET / HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n%s\r\n" % (host(server), headers)
    received = b""
    with connect(server) as sock:
        try:
            sock.sendall(request)
            while chunk := sock.recv(65536):
                received += chunk
        except ConnectionResetError:
            pass  # closed with the rest of the head unread: the answer may be lost
    assert statuses(received) in ([431], [])
    assert TITLE not in received
    assert statuses(get(server)) == [200]


# --------------------------------------------------------------------------------------------
# Connections that say nothing, or too little


def test_idle_connections_are_closed_and_their_threads_end(start: Start) -> None:
    """500 connections that send nothing: all closed by the server, the threads gone, and
    the site is still served."""
    server = start()
    before = set(threading.enumerate())
    sockets = [connect(server) for _ in range(500)]
    try:
        still_open = closed_by_server(sockets, time.monotonic() + DEADLINE)
        assert still_open == 0, f"{still_open} idle connections still open"
        handlers = started_since(before)  # each started before it closed its socket
    finally:
        for sock in sockets:
            sock.close()
    assert still_running(handlers, time.monotonic() + DEADLINE) == 0
    received = get(server)
    assert statuses(received) == [200]
    assert TITLE in received


def test_a_trickled_request_head_is_cut_off(start: Start) -> None:
    """One header byte every quarter of the idle timeout: each read would be in time, the
    whole head is not, and the server lets the connection go."""
    server = start()
    with connect(server) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: " + host(server) + b"\r\nX-Lent: ")
        selector = selectors.DefaultSelector()
        selector.register(sock, selectors.EVENT_READ)
        deadline = time.monotonic() + DEADLINE
        cut = False
        while not cut and time.monotonic() < deadline:
            if selector.select(IDLE / 4):
                cut = True  # the server answered or closed; a complete head was never sent
            else:
                try:
                    sock.send(b"a")
                except OSError:
                    cut = True
        selector.close()
    assert cut, "the server kept reading a request head that never ends"


def test_connections_past_the_cap_are_refused_at_once(start: Start) -> None:
    """With every thread held, a new connection gets a 503 now (not a thread, not a wait),
    and once they are freed the site is served again."""
    cap = 8
    server = start(idle_seconds=TIMEOUT * 3, max_connections=cap)
    before = set(threading.enumerate())
    held = [connect(server) for _ in range(cap)]
    try:
        refused = exchange(server, b"")
        assert statuses(refused) == [503]
        handlers = started_since(before)  # the cap's threads, accepted before the refusal
        assert len(handlers) == cap
    finally:
        for sock in held:
            sock.close()
    # A handler gives its place back before its thread ends.
    assert still_running(handlers, time.monotonic() + DEADLINE) == 0
    assert statuses(get(server)) == [200]


def test_the_live_reload_stream_outlives_the_idle_timeout(start: Start) -> None:
    """An open page's event stream is not idle: it stays open and hears the next build."""
    server = start()
    with connect(server) as sock:
        sock.sendall(b"GET /_sitegen/events?build=1 HTTP/1.1\r\nHost: %s\r\n\r\n" % host(server))
        received = b""
        while b"\ndata: " not in received:
            received += sock.recv(65536)
        selector = selectors.DefaultSelector()
        selector.register(sock, selectors.EVENT_READ)
        assert not selector.select(3 * IDLE), "the stream was closed or spoke without a build"
        assert server.live.rebuild()
        later = b""
        while b"data: " not in later:
            chunk = sock.recv(65536)
            assert chunk, "the stream was closed"
            later += chunk
        selector.close()
    assert b'"build": 2' in later


def test_a_reader_that_stops_reading_is_let_go(start: Start) -> None:
    """A large file asked for and never read: the thread sending it gives up."""
    server = start(files={"static/film.bin": bytes(16 * 1024 * 1024)})
    before = set(threading.enumerate())
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.settimeout(TIMEOUT)
        sock.connect(("127.0.0.1", server.server_address[1]))
        sock.sendall(b"GET /film.bin HTTP/1.1\r\nHost: %s\r\n\r\n" % host(server))
        assert sock.recv(16, socket.MSG_PEEK).startswith(b"HTTP/1.1 200")  # it is sending
        assert still_running(started_since(before), time.monotonic() + DEADLINE) == 0
