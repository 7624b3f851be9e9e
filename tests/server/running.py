"""A real `sitegen serve` process for tests: started, read line by line, always stopped."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Served:
    """The running command: every line it printed so far, and its address once it serves."""

    process: subprocess.Popen[str]
    out: list[str] = field(default_factory=list)
    err: list[str] = field(default_factory=list)
    url: str = ""
    _printed: threading.Condition = field(default_factory=threading.Condition)
    """Notified at each line the command prints and at the end of each of its streams."""
    _streams_ended: int = 0

    def wait_until(self, condition: Callable[[], bool], timeout: float) -> bool:
        """Block until `condition()`, checked at each printed line, holds; False if it still
        does not when the command closed its output or after `timeout` seconds."""
        with self._printed:
            self._printed.wait_for(lambda: condition() or self._streams_ended == 2, timeout)
            return condition()

    def lines(self) -> int:
        """How many lines the command printed so far, on stdout and stderr."""
        return len(self.out) + len(self.err)

    def wait_past(self, lines: int, timeout: float) -> bool:
        """Block until the command printed more than `lines` lines; False if it did not."""
        return self.wait_until(lambda: self.lines() > lines, timeout)

    def wait_for(self, pattern: str, timeout: float = 20.0) -> re.Match[str]:
        """The first stdout line matching `pattern`, waiting for it (not past an exit)."""

        def first() -> re.Match[str] | None:
            return next(filter(None, (re.search(pattern, line) for line in self.out)), None)

        if self.wait_until(lambda: first() is not None, timeout) and (match := first()):
            return match
        raise AssertionError(f"no {pattern!r} in {self.out} / {self.err}")

    def wait_for_output(self, pattern: str, count: int = 1, timeout: float = 10.0) -> list[str]:
        """Block until `count` stdout lines match `pattern` (the build reports); return them."""

        def found() -> list[str]:
            return [line for line in self.out if re.search(pattern, line)]

        if self.wait_until(lambda: len(found()) >= count, timeout):
            return found()
        raise AssertionError(f"no {count}× {pattern!r} in {self.out} / {self.err}")

    def _collect(self, stream: object, lines: list[str]) -> None:
        """Collect one of the command's streams line by line, waking whoever waits."""
        for line in stream:  # type: ignore[attr-defined]
            with self._printed:
                lines.append(line.rstrip("\n"))
                self._printed.notify_all()
        with self._printed:
            self._streams_ended += 1
            self._printed.notify_all()

    def builds(self) -> int:
        return sum(bool(re.match(r"(Built|Rebuilt) ", line)) for line in list(self.out))


def _as_from_a_terminal() -> None:
    """Ctrl-C as a terminal delivers it: a CI job started in the background (`cmd &` in a
    script) runs with SIGINT ignored, and Python then keeps ignoring it in the server."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@contextmanager
def started(site: Path, *args: str) -> Iterator[Served]:
    """`sitegen serve --source site …` exactly as given, always stopped at the end."""
    process = subprocess.Popen(
        [sys.executable, "-m", "sitegen", "serve", "--source", str(site), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        preexec_fn=_as_from_a_terminal,
    )
    served = Served(process)
    for stream, lines in ((process.stdout, served.out), (process.stderr, served.err)):
        threading.Thread(target=served._collect, args=(stream, lines), daemon=True).start()
    try:
        yield served
    finally:
        if process.poll() is None:
            process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def serving(site: Path, *args: str, timeout: float = 20.0) -> Iterator[Served]:
    """`sitegen serve` on any free port (a later `--port` in `args` wins), once it serves."""
    with started(site, "--port", "0", *args) as served:
        served.url = served.wait_for(r"^Serving (http://\S+)", timeout).group(1)
        yield served
