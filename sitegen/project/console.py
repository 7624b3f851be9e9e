"""What the commands print about files: paths as the user would type them, and diagnostics."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from sitegen.project.errors import Diagnostic


def print_diagnostics(diagnostics: Iterable[Diagnostic], source: str | Path) -> None:
    """Each diagnostic on stderr, sorted, its path (relative to `source`) shown from here."""
    for d in sorted(diagnostics, key=Diagnostic.sort_key):
        print(located(d, source).format(), file=sys.stderr)


def located(diagnostic: Diagnostic, source: str | Path) -> Diagnostic:
    """The diagnostic with its path (relative to `source`) as the user would type it."""
    path = diagnostic.path
    return replace(
        diagnostic, path=shown(Path(path) if os.path.isabs(path) else Path(source) / path)
    )


def shown(path: Path) -> str:
    """A path as the user would type it from here: relative below the current folder."""
    absolute = Path(path).absolute()
    if absolute.is_relative_to(Path.cwd()):
        return os.path.relpath(absolute)
    return str(absolute)


_SINGULAR = {"addresses": "address", "names replaced": "name replaced"}


def counted(n: int, kind: str) -> str:
    """`1 phone number`, `2 phone numbers`: the kinds are written in the plural."""
    last = kind.rsplit(" ", 1)[-1]
    one = kind.removesuffix(last) + _SINGULAR.get(last, last.removesuffix("s"))
    return f"{n} {kind if n != 1 else _SINGULAR.get(kind, one)}"
