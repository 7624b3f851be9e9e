"""The HTTP side of `sitegen serve`: the site from memory, live-reload events, nothing else."""

from __future__ import annotations

import io
import json
import mimetypes
import os
import re
import socket
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from importlib import resources
from itertools import accumulate
from typing import Any
from urllib.parse import urlsplit

from sitegen.server.connections import (
    IDLE_SECONDS,
    MAX_CONNECTIONS,
    SEND_CHUNK,
    CappedServer,
    HeadReader,
    HeadTooLarge,
)
from sitegen.server.livesite import LiveSite, Snapshot
from sitegen.server.requests import BadPath, site_path
from sitegen.urls import NOT_FOUND_PAGE, output_path

EVENTS = "_sitegen/events"
KEEPALIVE_SECONDS = 20.0
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "[::1]", "::1"})
_SCRIPT = resources.files("sitegen.server").joinpath("livereload.js").read_text(encoding="utf-8")
_BODY_END = re.compile(rb"</body\s*>", re.I)


class DevServer(CappedServer):
    # A restarted server must get its port back while the old connections linger in
    # TIME_WAIT (so open tabs reconnect). On Linux and macOS this never lets two servers
    # share a port; on Windows SO_REUSEADDR would, so it stays off there.
    allow_reuse_address = os.name != "nt"

    def __init__(
        self,
        address: tuple[str, int],
        live: LiveSite,
        allowed_hosts: frozenset[str],
        idle_seconds: float = IDLE_SECONDS,
        max_connections: int = MAX_CONNECTIONS,
    ):
        self.live = live
        self.allowed_hosts = allowed_hosts
        self.idle_seconds = idle_seconds
        family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.address_family = family
        super().__init__(address, Handler, max_connections)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A broken connection or a bad client never stops the server, nor floods the terminal."""


class Handler(BaseHTTPRequestHandler):
    server: DevServer
    raw_requestline: bytes
    protocol_version = "HTTP/1.1"
    # Unparsable request lines are answered with a status line, not in HTTP/0.9 style.
    default_request_version = "HTTP/1.0"

    def version_string(self) -> str:
        return "sitegen"

    def setup(self) -> None:
        super().setup()
        self.rfile.close()  # read instead under one deadline for each whole request head
        self._head = HeadReader(self.connection, self.server.idle_seconds)
        self.rfile = io.BufferedReader(self._head)

    def handle_one_request(self) -> None:
        self._head.start()
        try:
            super().handle_one_request()
        except HeadTooLarge:
            self._refuse_head(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Request head too large")

    def parse_request(self) -> bool:
        if len(self.raw_requestline.split()) == 2:
            # HTTP/0.9 has no headers: http.server would wait for them, holding the thread.
            self._refuse_head(HTTPStatus.BAD_REQUEST, "HTTP/0.9 is not served")
            return False
        parsed = super().parse_request()
        self._head.done()
        return parsed

    def _refuse_head(self, status: HTTPStatus, reason: str) -> None:
        """An error for a head http.server did not finish reading, and the connection closed."""
        self.command, self.requestline = "", ""
        self.request_version = self.default_request_version
        self._head.done()
        self.send_error(status, reason)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal is for build results and errors

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def _refuse_method(self) -> None:
        # The body is never read, so the connection cannot carry another request.
        self.close_connection = True
        self._send(
            HTTPStatus.METHOD_NOT_ALLOWED,
            b"GET and HEAD only\n",
            "text/plain",
            extra={"Allow": "GET, HEAD", "Connection": "close"},
        )

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_TRACE = do_CONNECT = _refuse_method

    def _answer(self, send_body: bool) -> None:
        self._send_body = send_body
        lengths = self.headers.get_all("Content-Length", [])
        if any(n.strip() != "0" for n in lengths) or "Transfer-Encoding" in self.headers:
            # Never read, it would be taken for the connection's next request.
            self.send_error(HTTPStatus.BAD_REQUEST, "A GET or HEAD request has no body")
            return
        try:
            self._route()
        except OSError:
            self.close_connection = True  # the browser went away
        except Exception as exc:  # a bug must cost one request, never the server
            self.close_connection = True
            message = f"sitegen could not answer: {type(exc).__name__}: {exc}\n".encode()
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, message, "text/plain")

    def _route(self) -> None:
        if not self._host_allowed():
            self._send(HTTPStatus.BAD_REQUEST, b"Unknown Host header\n", "text/plain")
            return
        live = self.server.live
        snapshot = live.snapshot
        base_path = snapshot.config.base_path if snapshot else "/"
        try:
            target = site_path(self.path, base_path)
        except BadPath:
            self._send(HTTPStatus.BAD_REQUEST, b"Bad path\n", "text/plain")
            return
        if target is None:
            self._outside(base_path)
        elif target.rel == EVENTS:
            self._events()
        elif snapshot is None:
            waiting = self._inject(_WAITING, "index.html", snapshot)
            self._send(HTTPStatus.SERVICE_UNAVAILABLE, waiting, "text/html")
        else:
            self._file(target.rel, target.is_folder, snapshot)

    def _host_allowed(self) -> bool:
        hosts = self.headers.get_all("Host", [])
        if len(hosts) != 1:
            return False  # which one would the browser's page and a proxy have believed?
        host = hosts[0]
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        return name.lower() in self.server.allowed_hosts

    def _outside(self, base_path: str) -> None:
        if urlsplit(self.path).path in ("/", base_path.rstrip("/")) and base_path != "/":
            self._send(HTTPStatus.FOUND, b"", "text/plain", extra={"Location": base_path})
        else:
            self._not_found()

    def _file(self, rel: str, is_folder: bool, snapshot: Snapshot) -> None:
        files = snapshot.files
        if (body := files.get(rel)) is not None:
            self._send(HTTPStatus.OK, self._inject(body, rel, snapshot), _content_type(rel))
        elif not is_folder and f"{rel}/index.html" in files:
            location = urlsplit(self.path).path + "/"
            self._send(
                HTTPStatus.MOVED_PERMANENTLY, b"", "text/plain", extra={"Location": location}
            )
        else:
            self._not_found(rel)

    def _not_found(self, missing: str = "") -> None:
        """The 404 page of the nearest folder up from the `missing` file (a language's own,
        `/en/404.html`, as hosts that look up the folders serve it), else the site's."""
        snapshot = self.server.live.snapshot
        name = output_path(NOT_FOUND_PAGE)
        folders = accumulate(missing.split("/")[:-1], lambda a, b: f"{a}/{b}")
        nearest = [f"{folder}/{name}" for folder in reversed(list(folders))]
        rel = next((r for r in nearest if snapshot and r in snapshot.files), name)
        page = snapshot.files.get(rel) if snapshot else None
        body = self._inject(page, rel, snapshot) if page else b"Not found\n"
        self._send(HTTPStatus.NOT_FOUND, body, "text/html" if page else "text/plain")

    def _inject(self, body: bytes, rel: str, snapshot: Snapshot | None) -> bytes:
        """The reload script, told which build and which page it belongs to."""
        if not rel.endswith(".html"):
            return body
        live = self.server.live
        config = {
            "server": live.server_id,
            "build": snapshot.number if snapshot else 0,
            "page": rel,
            "events": (snapshot.config.base_path if snapshot else "/") + EVENTS,
            "errors": list(live.errors),
        }
        attribute = json.dumps(config).replace("&", "&amp;").replace('"', "&quot;")
        tag = f'<script data-sitegen="{attribute}">{_SCRIPT}</script>\n'.encode()
        matches = list(_BODY_END.finditer(body))
        at = matches[-1].start() if matches else len(body)
        return body[:at] + tag + body[at:]

    def _events(self) -> None:
        """Server-Sent Events: the news of every build attempt, a comment to keep alive."""
        live = self.server.live
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        if not self._send_body:
            return
        seen = live.generation
        try:
            self.wfile.write(b"retry: 500\n\n")
            self._tell()
            while True:
                newest = live.wait(seen, KEEPALIVE_SECONDS)
                if newest == seen:
                    self.wfile.write(b": still here\n\n")
                    self.wfile.flush()
                else:
                    seen = newest
                    self._tell()
        except OSError:
            return  # the tab was closed or hidden

    def _tell(self) -> None:
        self.wfile.write(f"data: {json.dumps(self.server.live.news())}\n\n".encode())
        self.wfile.flush()

    def _send(
        self,
        status: HTTPStatus,
        body: bytes,
        content_type: str,
        extra: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        charset = (
            "; charset=utf-8"
            if content_type.startswith("text/")
            or content_type.endswith(("json", "xml", "javascript"))
            else ""
        )
        self.send_header("Content-Type", content_type + charset)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if getattr(self, "_send_body", True):
            view = memoryview(body)
            for start in range(0, len(body), SEND_CHUNK):
                self.wfile.write(view[start : start + SEND_CHUNK])


def _content_type(rel: str) -> str:
    guessed, _ = mimetypes.guess_type(rel)
    return guessed or "application/octet-stream"


_WAITING = (
    b'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>sitegen</title></head>'
    b"<body><p>The site does not build yet; the errors are shown below and in the terminal.</p>"
    b"</body></html>"
)
