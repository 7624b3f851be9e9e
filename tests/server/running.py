"""A real `sitegen serve` process for tests: started on a free port, always stopped."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

SERVING = re.compile(r"^Serving (http://\S+)")


@dataclass
class Served:
    """The running server: its address, and every line it printed so far."""

    url: str
    process: subprocess.Popen[str]
    out: list[str] = field(default_factory=list)
    err: list[str] = field(default_factory=list)

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


@contextmanager
def serving(site: Path, *args: str, timeout: float = 20.0) -> Iterator[Served]:
    """Run `sitegen serve --source site --port 0 …` until the block ends."""
    process = subprocess.Popen(
        [sys.executable, "-m", "sitegen", "serve", "--source", str(site), "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    served = Served("", process)
    for stream, lines in ((process.stdout, served.out), (process.stderr, served.err)):
        threading.Thread(target=_pump, args=(stream, lines), daemon=True).start()
    try:
        deadline = time.monotonic() + timeout
        while not served.url:
            match = next(
                (SERVING.match(line) for line in list(served.out) if SERVING.match(line)), None
            )
            if match:
                served.url = match.group(1)
            elif process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"sitegen serve did not start: {served.out} {served.err}")
            else:
                time.sleep(0.02)
        yield served
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
