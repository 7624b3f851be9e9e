"""Each connection to the dev server holds one of its slots and gives it back once, however
Ctrl-C falls as its thread starts."""

from __future__ import annotations

import socket
import socketserver
import threading
from typing import Any

import pytest

from sitegen.server.connections import CappedServer


class _Quiet(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        pass


def test_ctrl_c_as_a_connection_starts_gives_its_slot_back_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started = socketserver.ThreadingMixIn.process_request
    threads: list[threading.Thread] = []

    def then_ctrl_c(self: Any, request: Any, client_address: Any) -> None:
        started(self, request, client_address)  # the connection's thread runs
        threads.extend(self._threads)
        raise KeyboardInterrupt

    failures: list[BaseException | None] = []
    monkeypatch.setattr(socketserver.ThreadingMixIn, "process_request", then_ctrl_c)
    monkeypatch.setattr(threading, "excepthook", lambda args: failures.append(args.exc_value))
    server = CappedServer(("127.0.0.1", 0), _Quiet, max_connections=1)
    try:
        one, other = socket.socketpair()
        with one, other, pytest.raises(KeyboardInterrupt):
            server.process_request(one, ("127.0.0.1", 0))
        for thread in threads:
            thread.join(timeout=10)
        assert failures == []  # "Semaphore released too many times" in the thread, before
        assert server._slots.acquire(blocking=False)  # the one slot is free again
        assert not server._slots.acquire(blocking=False)
    finally:
        server.server_close()
