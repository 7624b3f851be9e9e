"""The `sitegen` command run inside the test process, seen as a user sees the real one.

`sitegen.cli.main.main` is what the `sitegen` script runs; around it this gives the run what a
new process would have and takes back what it would leave: the environment and the current
folder it was given, standard streams that are pipes (no terminal, the interpreter's encoding),
Python's warnings printed on stderr, and the exit code of `SystemExit` or of an exception
nothing caught. What a new process would not carry over is taken away: sitegen's memoized
functions start empty. What a process could not do fails the test: running past its time limit
(it would have been stopped), leaving a thread running (it would hang on exit).
"""

from __future__ import annotations

import io
import locale
import os
import signal
import sys
import threading
import time
import traceback
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TextIO

from sitegen.cli.main import main

_ONE_AT_A_TIME = threading.Lock()
"""The environment, the current folder and the standard streams belong to the whole process."""


class Hung(BaseException):
    """The run went past its time limit. Not an `Exception`: `main` reports those as internal
    errors and returns, which would hide the hang."""


def run_in_process(
    args: list[str], cwd: Path | None, env: dict[str, str], timeout: float
) -> tuple[int, str, str]:
    """The exit code, stdout and stderr of `sitegen ARGS` run from `cwd` with `env` as its
    whole environment, stopped by `Hung` after `timeout` seconds."""
    command = " ".join(["sitegen", *args])
    with _ONE_AT_A_TIME, _environment(env), _folder(cwd), _fresh_warnings():
        _forget_memoized()
        threads = set(threading.enumerate())
        out, err = _Pipe(sys.__stdout__), _Pipe(sys.__stderr__)
        saved = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = out.stream, err.stream
        try:
            with _time_limit(timeout, command):
                code = _exit_code(args)
        finally:
            sys.stdout, sys.stderr = saved
        left = [t.name for t in threading.enumerate() if t not in threads and _holds_exit(t)]
    assert not left, f"{command} left threads running, a process would not exit: {left}"
    return code, out.text(), err.text()


def _holds_exit(thread: threading.Thread) -> bool:
    """The interpreter waits for a thread that is not a daemon before the process exits."""
    return thread.is_alive() and not thread.daemon


KEYED_BY_ALL_THEY_READ = frozenset(
    {"sitegen.theme.templates._compiled", "sitegen.state.cache.stamp"}
)
"""Caches a run may inherit: their key holds everything they read (the templates' digest;
sitegen's own source, the same for the whole test session). Parsing the theme again on every
run would make the end-to-end tests a third slower."""


def _forget_memoized() -> None:
    """Empty every other `functools` cache of sitegen's modules, as a new process starts them:
    a cache keyed on less than what it reads (an environment variable, a file) would otherwise
    carry one run's answer into the next."""
    for name, module in list(sys.modules.items()):
        if module is not None and (name == "sitegen" or name.startswith("sitegen.")):
            for attribute, value in vars(module).items():
                clear = getattr(value, "cache_clear", None)
                if callable(clear) and f"{name}.{attribute}" not in KEYED_BY_ALL_THEY_READ:
                    clear()


@contextmanager
def _time_limit(seconds: float, command: str) -> Iterator[None]:
    """`Hung` raised in the main thread after `seconds`; the test's own timer, if any, goes on."""
    if threading.current_thread() is not threading.main_thread():
        raise RuntimeError(f"{command}: an in-process run needs the main thread for its timer")

    def stop(signum: int, frame: FrameType | None) -> None:
        raise Hung(f"{command} was still running after {seconds} s (a process is stopped here)")

    previous = signal.signal(signal.SIGALRM, stop)
    pending, interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    started = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if pending:
            left = pending - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-6), interval)


def _exit_code(args: list[str]) -> int:
    """What `raise SystemExit(main())` in `python -m sitegen` makes the process exit with."""
    try:
        return main(args)
    except SystemExit as exit:  # argparse: --help, --version, a usage error
        if exit.code is None or isinstance(exit.code, int):
            return exit.code or 0
        print(exit.code, file=sys.stderr)
        return 1
    except Exception:  # nothing caught it: the interpreter prints it and exits 1
        traceback.print_exc()
        return 1


@contextmanager
def _environment(env: dict[str, str]) -> Iterator[None]:
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


@contextmanager
def _folder(cwd: Path | None) -> Iterator[None]:
    saved = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        yield
    finally:
        os.chdir(saved)


@contextmanager
def _fresh_warnings() -> Iterator[None]:
    """A new interpreter's warning filters, and warnings printed on stderr (pytest would
    record them instead, out of the test's sight)."""
    with warnings.catch_warnings():
        warnings.resetwarnings()
        for hidden in (
            DeprecationWarning,
            PendingDeprecationWarning,
            ImportWarning,
            ResourceWarning,
        ):
            warnings.simplefilter("ignore", hidden)
        warnings.showwarning = _show_warning
        yield


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


class _Pipe:
    """A standard stream as `subprocess.run(capture_output=True, text=True)` gives it: no
    terminal, encoded as the interpreter's own stream, read back in the locale's encoding with
    universal newlines (the progress line's `\\r` reads as a line end)."""

    def __init__(self, like: TextIO | None) -> None:
        self.written = io.BytesIO()
        encoding, errors = (like.encoding, like.errors) if like else ("utf-8", "strict")
        self.stream = io.TextIOWrapper(self.written, encoding=encoding, errors=errors)

    def text(self) -> str:
        self.stream.flush()
        text = self.written.getvalue().decode(locale.getpreferredencoding(False))
        return text.replace("\r\n", "\n").replace("\r", "\n")
