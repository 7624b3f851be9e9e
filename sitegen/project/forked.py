"""Workers forked from the build, each holding what the build had made when they started.

A stage that needs the whole site (its views, templates and memos) to do each piece of its
work cannot send it to a worker: ten thousand posts' views would cost more to send than to
render. A forked worker has it all already, shared with the build until either writes to it.
They are forked before the build starts a thread of its own (the share cards' drawing
pool): a fork copies only the thread that makes it, with any lock another one held.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Generic, TypeVar

Task = TypeVar("Task")
Result = TypeVar("Result")

_WORK: Callable[[Any], Any] | None = None
"""What a worker does with each task: set in the build just before the fork."""
_SETTLE: Callable[[], None] | None = None
"""What a worker does first, before any task."""


def worker_count() -> int:
    """The processes a stage may use: every core (up to 8), or `SITEGEN_JOBS`."""
    return min(8, int(os.environ.get("SITEGEN_JOBS") or 0) or os.cpu_count() or 1)


def can_fork() -> bool:
    """Linux alone: macOS's system libraries may not be used in a forked child."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


class ForkedWorkers(Generic[Task, Result]):
    """`count` processes forked now, each doing `work` on the tasks it is sent; `settle`
    runs in each first (a connection of its own to a file the build has open)."""

    def __init__(
        self,
        work: Callable[[Task], Result],
        count: int,
        settle: Callable[[], None],
    ) -> None:
        global _WORK, _SETTLE
        _WORK, _SETTLE = work, settle
        # Objects the collector would otherwise walk in each worker, copying every page of
        # the build's memory it touches.
        gc.freeze()
        try:
            context = multiprocessing.get_context("fork")
            self._pool = ProcessPoolExecutor(count, context, initializer=_started)
            self._pool.submit(int)  # with "fork", every worker starts at the first task
        finally:
            gc.unfreeze()
            _WORK = _SETTLE = None

    def close(self) -> None:
        """Stop the workers, the tasks not taken with them."""
        self._pool.shutdown(cancel_futures=True)

    def results(self, tasks: Iterable[Task]) -> Iterator[Result]:
        """Each task's result, in order; all are sent at once, so that the workers go on
        while the build does other work before it takes them."""
        futures = [self._pool.submit(_do, task) for task in tasks]
        return (future.result() for future in futures)


def _started() -> None:
    # Ctrl-C reaches the whole process group: the build stops its workers and says it once.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if _SETTLE is not None:
        _SETTLE()


def _do(task: Any) -> Any:
    assert _WORK is not None
    return _WORK(task)
