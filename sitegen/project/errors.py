"""One exception family and the diagnostics a build collects."""

from __future__ import annotations

import difflib
import traceback
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A problem found in the user's files, located as precisely as we can."""

    path: str
    line: int
    col: int
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR
    code: str = ""
    """The `sitegen check` rule that found it (see `check/rules.py`); the build's own have
    none."""

    def format(self) -> str:
        """`path[:line:col]: [code: ][warning: ]message`, then `  hint: …` on its own line."""
        where = f"{self.path}:{self.line}:{self.col}" if self.line else self.path
        code = f"{self.code}: " if self.code else ""
        kind = "" if self.severity is Severity.ERROR else "warning: "
        text = f"{where}: {code}{kind}{self.message}"
        return f"{text}\n  hint: {self.hint}" if self.hint else text

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.col, self.code, self.message)


class SitegenError(Exception):
    """Base of every error sitegen reports to its user (never a bare traceback)."""

    exit_code = 1
    diagnostics: tuple[Diagnostic, ...] = ()


class ConfigError(SitegenError):
    """`sitegen.yaml` or the command line asks for something impossible: exit 2."""

    exit_code = 2

    def __init__(self, message: str, diagnostics: Iterable[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.diagnostics = tuple(diagnostics)


class UsageError(ConfigError):
    """The command was called wrongly."""


class TemplateError(SitegenError):
    """A template or message catalog cannot be used: exit 1."""


class OutputError(SitegenError):
    """The output directory cannot be written safely: exit 2, nothing touched."""

    exit_code = 2


REPORT_HINT = (
    "this is a bug in sitegen, not a mistake in your file: please report it with the file "
    "(or the few lines that trigger it) and the output of the same command with --debug"
)


class InternalError(SitegenError):
    """sitegen failed on a file because of a bug of its own: exit 3, so that a script can
    tell it from a content error (exit 1). The diagnostics name each file it failed on."""

    exit_code = 3

    def __init__(self, diagnostics: Iterable[Diagnostic], tracebacks: Iterable[str] = ()) -> None:
        self.diagnostics = tuple(sorted(diagnostics, key=Diagnostic.sort_key))
        self.tracebacks = tuple(tracebacks)
        """The Python tracebacks, shown with --debug (some come from another process)."""
        super().__init__(f"{len(self.diagnostics)} error(s)")


def internal_error(path: str, line: int, exc: BaseException) -> Diagnostic:
    """The diagnostic of a bug met while reading `path` (at `line`, 0 when unknown)."""
    return Diagnostic(path, line, 1 if line else 0, bug_message(exc), REPORT_HINT)


def bug_message(exc: BaseException) -> str:
    """`internal error (in the parse stage): KeyError: 'x'`: the stage a bug met outside
    any one file happened in is the author's only clue to what triggered it."""
    where = "".join(f" ({note})" for note in getattr(exc, "__notes__", ()))
    cause = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return f"internal error{where}: {cause}"


class ContentError(SitegenError):
    """One or more problems in the content or the templates: exit 1."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(sorted(diagnostics, key=Diagnostic.sort_key))
        super().__init__(f"{len(self.diagnostics)} error(s)")


@dataclass
class Problems:
    """Collects the diagnostics of a whole build, so all are shown at once."""

    strict: bool = False
    items: list[Diagnostic] = field(default_factory=list)
    tracebacks: list[str] = field(default_factory=list)
    """One per internal error: a build that met one exits 3, not 1."""
    left_out: set[str] = field(default_factory=set)
    """The paths a walk of the project has said it leaves out (a link out, a pipe): each
    is said once, however many stages walk its folder."""

    def error(self, path: Path | str, line: int, col: int, message: str, hint: str = "") -> None:
        self.items.append(Diagnostic(str(path), line, col, message, hint))

    def warn(self, path: Path | str, line: int, col: int, message: str, hint: str = "") -> None:
        severity = Severity.ERROR if self.strict else Severity.WARNING
        self.items.append(Diagnostic(str(path), line, col, message, hint, severity))

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        for d in diagnostics:
            if self.strict and d.severity is Severity.WARNING:
                d = replace(d, severity=Severity.ERROR)
            self.items.append(d)

    def internal(self, diagnostic: Diagnostic, details: str) -> None:
        """A bug of sitegen's met on one file: said like an error, with its traceback kept."""
        self.items.append(diagnostic)
        self.tracebacks.append(details)

    @contextmanager
    def reading(self, path: str) -> Iterator[None]:
        """Any exception but sitegen's own, raised while reading `path`, becomes an internal
        error naming the file; the other files go on, so one report says everything."""
        try:
            yield
        except SitegenError:
            raise
        except Exception as exc:
            self.internal(internal_error(path, 0, exc), traceback.format_exc())

    def raise_if_internal(self) -> None:
        """After a stage: the stages after it would only report the consequences of the bug."""
        if self.tracebacks:
            raise InternalError(self.errors, self.tracebacks)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    def raise_if_errors(self) -> None:
        self.raise_if_internal()
        if self.errors:
            raise ContentError(self.errors)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A "did you mean" hint for a misspelt key, or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.75)
    return f"did you mean `{close[0]}`?" if close else ""
