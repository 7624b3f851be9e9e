"""A progress line on the terminal for builds that take a while (stage, count, rate)."""

from __future__ import annotations

import os
import sys
import threading
import time
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from sitegen.build import BuildReport

AFTER_SECONDS = 2.0
"""Quick builds print nothing: the line appears only once a build has run this long."""


def wanted(forced: bool, quiet: bool, stream: TextIO | None = None) -> bool:
    """On a terminal, unless quiet; in CI logs only when asked (`--progress`)."""
    if forced:
        return True
    # sys.stderr as it is now: whoever runs the command may have replaced it.
    terminal = (stream or sys.stderr).isatty()
    return not quiet and terminal and os.environ.get("CI") != "true"


class ProgressLine:
    """Redraws one line from a build report's stage and counts, then erases it."""

    def __init__(self, report: BuildReport, stream: TextIO) -> None:
        self.report, self.stream = report, stream
        self.after = float(os.environ.get("SITEGEN_PROGRESS_AFTER", AFTER_SECONDS))
        self.start = time.monotonic()
        self.stop = threading.Event()
        self.width = 0
        self.thread = threading.Thread(target=self._run, name="sitegen-progress", daemon=True)

    def __enter__(self) -> ProgressLine:
        self.thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop.set()
        self.thread.join()
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()

    def line(self) -> str:
        """`markdown 512/1000 · 184/s · 2.8 s`: what the build is doing now."""
        report, elapsed = self.report, time.monotonic() - self.start
        parts = [report.current or "…"]
        if report.total:
            in_stage = time.perf_counter() - report.started
            parts[0] += f" {report.done}/{report.total}"
            parts.append(f"{report.done / max(in_stage, 1e-3):.0f}/s")
        parts.append(f"{elapsed:.1f} s")
        return " · ".join(parts)

    def _run(self) -> None:
        while not self.stop.wait(0.2):
            if time.monotonic() - self.start < self.after:
                continue
            text = self.line()
            self.stream.write("\r" + text.ljust(self.width))
            self.stream.flush()
            self.width = max(self.width, len(text))
