"""The findings as lines of text (like the build's messages) or as JSON."""

from __future__ import annotations

import json
from typing import Any, TextIO

from sitegen.check.rules import Finding
from sitegen.project.errors import Severity


def as_text(findings: list[Finding], out: TextIO) -> None:
    """`path:line:col: code: message` (`code: warning: message` for a warning), and a hint:
    the code always stands right after the place, for editors and scripts to read."""
    for f in findings:
        print(f.format(), file=out)


def as_json(findings: list[Finding], out: TextIO) -> None:
    """A JSON array of {path, line, col, code, severity, message, hint}."""
    json.dump([_object(f) for f in findings], out, ensure_ascii=False, indent=2)
    out.write("\n")


def _object(f: Finding) -> dict[str, Any]:
    return {
        "path": f.path,
        "line": f.line,
        "col": f.col,
        "code": f.code,
        "severity": f.severity.value,
        "message": f.message,
        "hint": f.hint or None,
    }


def summary(findings: list[Finding]) -> str:
    """`N error(s), M warning(s)`."""
    errors = sum(f.severity is Severity.ERROR for f in findings)
    return f"{errors} error(s), {len(findings) - errors} warning(s)"
