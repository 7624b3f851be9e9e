"""Connections that cannot hold the dev server: a deadline for each request, a cap on threads.

One thread serves each connection, so a connection that says nothing, or trickles a byte now
and then, would keep its thread for ever: 2 000 idle connections held 2 011 threads.
"""

from __future__ import annotations

import io
import socket
import threading
import time
from http.server import ThreadingHTTPServer
from typing import Any

IDLE_SECONDS = 30.0
"""How long a connection may take to send a whole request head, or to take a chunk of reply.

A browser sends a head in one packet; an open keep-alive connection waits this long for its
next request. An event stream waits for builds, not for its socket, so the live reload is
never timed out; only a write its browser stops taking is."""
MAX_HEAD_BYTES = 256 * 1024
"""A request line and headers, cookies included, take a few kilobytes; http.server's own
limits (100 headers of 64 KiB) would let each connection hold 6.5 MB."""
MAX_CONNECTIONS = 128
"""Browsers open six connections per host and the live reload one per browser: plenty."""
SEND_CHUNK = 64 * 1024
"""Replies go out in chunks, each with its own deadline: a slow reader of a large file is
still served, one that stopped reading is let go."""

_BUSY_TEXT = b"Too many connections; retry in a second.\n"
_BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
    + f"Content-Length: {len(_BUSY_TEXT)}\r\n".encode()
    + b"Retry-After: 1\r\nConnection: close\r\n\r\n"
    + _BUSY_TEXT
)


class HeadTooLarge(Exception):
    """The request head is past MAX_HEAD_BYTES (answered with 431)."""


class HeadReader(io.RawIOBase):
    """The connection's socket as read for one request head: all of it before a deadline.

    A timeout on each read alone lets a trickle of one byte per interval keep a thread."""

    def __init__(self, sock: socket.socket, seconds: float) -> None:
        super().__init__()
        self._sock = sock
        self._seconds = seconds
        self._deadline: float | None = None
        self._received = 0

    def readable(self) -> bool:
        return True

    def start(self) -> None:
        """A new request head is awaited: the connection has `seconds` to send all of it."""
        self._deadline = time.monotonic() + self._seconds
        self._received = 0

    def done(self) -> None:
        """The head is in: the reply's writes are timed one by one."""
        self._deadline = None
        self._sock.settimeout(self._seconds)

    def readinto(self, buffer: Any) -> int:
        left = self._seconds if self._deadline is None else self._deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the request head did not arrive in time")
        if self._received > MAX_HEAD_BYTES:
            raise HeadTooLarge
        self._sock.settimeout(left)
        received = self._sock.recv_into(buffer)
        self._received += received
        return received


class CappedServer(ThreadingHTTPServer):
    """A thread per connection, at most `max_connections` of them: past that, a 503 at once."""

    daemon_threads = True
    # A burst of connections waits in the kernel to be accepted or refused: with
    # socketserver's 5, connections past it are dropped and the client retries a second later.
    request_queue_size = 1024

    def __init__(self, address: tuple[str, int], handler: Any, max_connections: int) -> None:
        self._slots = threading.BoundedSemaphore(max_connections)
        self._held: set[int] = set()
        """The connections holding a slot, by `id`: each gives it back once."""
        self._lock = threading.Lock()
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            _say_busy(request)
            self.shutdown_request(request)
            return
        with self._lock:
            self._held.add(id(request))
        try:
            super().process_request(request, client_address)
        # Ctrl-C may come before the connection's thread started, or just after: the slot
        # is given back by whichever of the two comes first.
        except BaseException:
            self._give_back(request)
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._give_back(request)

    def _give_back(self, request: Any) -> None:
        with self._lock:
            if id(request) not in self._held:
                return
            self._held.discard(id(request))
        self._slots.release()


def _say_busy(request: socket.socket) -> None:
    # On the accepting thread, which must never wait: a new socket's empty send buffer
    # takes these bytes at once, and if not, the client gets the closed connection alone.
    try:
        request.setblocking(False)
        request.send(_BUSY)
    except OSError:
        pass
