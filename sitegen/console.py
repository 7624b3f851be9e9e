"""What the commands print about files: paths as the user would type them, and diagnostics."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path

from sitegen.errors import Diagnostic


def print_diagnostics(diagnostics: Iterable[Diagnostic], source: str | Path) -> None:
    """Each diagnostic on stderr, sorted, its path (relative to `source`) shown from here."""
    for d in sorted(diagnostics, key=Diagnostic.sort_key):
        path = shown(Path(d.path) if os.path.isabs(d.path) else Path(source) / d.path)
        print(
            Diagnostic(path, d.line, d.col, d.message, d.hint, d.severity).format(), file=sys.stderr
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
