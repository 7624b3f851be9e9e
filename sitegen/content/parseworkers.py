"""The sources of a build that parses many (a first build, a changed setting), parsed on
every core: workers forked from the build each parse runs of them as the build would, and
send back each document with what parsing it said, taken in order."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from types import TracebackType

from sitegen.model import SourceFile
from sitegen.project.errors import Diagnostic, Problems
from sitegen.project.forked import ForkedWorkers, can_fork, worker_count
from sitegen.state.cache import Parsed

PARALLEL_FROM = 200
"""Sources to parse at once before workers pay for their start."""
RUN = 25
"""Sources a worker parses at a time: a batch of the build's keeps both busy."""

Unparsed = tuple[SourceFile, str, bytes | None]
"""A source, its key, and its bytes (None: the parser reads them)."""
ParseOne = Callable[[SourceFile, str, bytes | None, Problems], Parsed | None]
"""Parses one source; a bug of sitegen's met doing it goes to the problems given."""
_Done = tuple[Parsed | None, list[Diagnostic], list[str]]
"""A source parsed by a worker, with what the bug met doing it said, and its traceback."""


class Parsers:
    """Parses the sources asked for: in this process as each is taken, or by workers forked
    the first time enough are asked for at once."""

    def __init__(self, parse_one: ParseOne, problems: Problems) -> None:
        self._parse_one, self._problems = parse_one, problems
        self._workers: ForkedWorkers[list[Unparsed], list[_Done]] | None = None

    def __enter__(self) -> Parsers:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._workers is not None:
            self._workers.close()

    def parsed(self, sources: list[Unparsed]) -> Iterator[Parsed | None]:
        """Each source's document and messages, in order; the workers start on them now."""
        count = worker_count()
        if self._workers is None and len(sources) >= PARALLEL_FROM and count >= 2 and can_fork():
            self._workers = ForkedWorkers(self._run, count, _nothing_to_open)
        if self._workers is None:
            return (self._parse_one(*source, self._problems) for source in sources)
        runs = (sources[start : start + RUN] for start in range(0, len(sources), RUN))
        return self._taken(self._workers.results(runs))

    def _taken(self, runs: Iterator[list[_Done]]) -> Iterator[Parsed | None]:
        for run in runs:
            for found, bug, traceback in run:
                self._problems.items.extend(bug)
                self._problems.tracebacks.extend(traceback)
                yield found

    def _run(self, run: list[Unparsed]) -> list[_Done]:
        """In a worker."""
        done: list[_Done] = []
        for source in run:
            around = Problems()
            done.append((self._parse_one(*source, around), around.items, around.tracebacks))
        return done


def _nothing_to_open() -> None:
    """Parsing reads the sources alone: a worker opens nothing of the build's."""
