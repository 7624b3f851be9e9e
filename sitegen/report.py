"""What a build did: its stages' timings, its notes, its progress, for the summary line,
`-v` and the progress line."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sitegen.project.errors import SitegenError


@dataclass
class BuildReport:
    """What a build did, for the one-line summary and `-v`."""

    output: Path | None = None
    pages: int = 0
    files: int = 0
    timings: list[tuple[str, float]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What the build left out and why (not problems: `--strict` ignores them)."""
    current: str = ""
    started: float = 0.0
    done: int = 0
    total: int = 0
    """Progress of the current stage, for a progress line (0 of 0 when not counted)."""
    built_at: datetime | None = None
    """The "now" that decided which posts are out."""
    scheduled: datetime | None = None
    """When the next post dated in the future comes out, or a warning of a date in the
    future stops being true."""
    unchanged: bool = False
    """Nothing changed since the last build, which stands."""

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        self.current, self.started, self.done, self.total = name, start, 0, 0
        try:
            yield
        except SitegenError:
            raise
        except Exception as exc:  # a bug of a stage's own: the message says which stage
            exc.add_note(f"in the {name} stage")
            raise
        self.timings.append((name, time.perf_counter() - start))

    def advance(self, done: int, total: int) -> None:
        self.done, self.total = done, total

    @property
    def seconds(self) -> float:
        return sum(t for _, t in self.timings)
