"""A real `sitegen serve` process for tests: started, read line by line, always stopped."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
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

    def wait_for(self, pattern: str, timeout: float = 20.0) -> re.Match[str]:
        """The first stdout line matching `pattern`, waiting for it (not past an exit)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            exited = self.process.poll() is not None
            for line in list(self.out):
                if match := re.search(pattern, line):
                    return match
            if exited:
                break
            time.sleep(0.02)
        raise AssertionError(f"no {pattern!r} in {self.out} / {self.err}")

    def wait_for_output(self, pattern: str, count: int = 1, timeout: float = 10.0) -> list[str]:
        """Block until `count` stdout lines match `pattern` (the build reports); return them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [line for line in list(self.out) if re.search(pattern, line)]
            if len(found) >= count:
                return found
            time.sleep(0.02)
        raise AssertionError(f"no {count}× {pattern!r} in {self.out} / {self.err}")

    def builds(self) -> int:
        return sum(bool(re.match(r"(Built|Rebuilt) ", line)) for line in list(self.out))


def _pump(stream: object, lines: list[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        lines.append(line.rstrip("\n"))


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
        threading.Thread(target=_pump, args=(stream, lines), daemon=True).start()
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
