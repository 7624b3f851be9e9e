"""Reading what the user gives an importer: the text to import and the names map."""

from __future__ import annotations

from pathlib import Path

import yaml

from sitegen.errors import ContentError, Diagnostic, Severity, UsageError


def read_text(path: Path) -> str:
    """The file's text (UTF-8, with or without BOM); a located error for anything else."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise ContentError(
            [
                Diagnostic(
                    str(path.absolute()),
                    line,
                    col,
                    f"not UTF-8 text (byte 0x{data[exc.start]:02x})",
                    "save the file as UTF-8, or export it again",
                    Severity.ERROR,
                )
            ]
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ContentError(
            [
                Diagnostic(
                    str(path.absolute()), line, 1, "a binary file, not text", "", Severity.ERROR
                )
            ]
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_names(path: Path) -> dict[str, str | None]:
    """`--names`: `Nom réel: Nom affiché`, or nothing after the colon for a pseudonym."""
    text = read_text(path)
    try:
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise UsageError(f"{where}: invalid YAML: {exc.problem}") from None
    if data is None:
        return {}
    if not isinstance(data, dict) or not all(
        isinstance(v, str | type(None)) for v in data.values()
    ):
        raise UsageError(
            f"{path}: expected lines `Nom réel: Nom affiché` (or `Nom réel:` for a pseudonym)"
        )
    return {str(k).strip(): (v.strip() or None) if v else None for k, v in data.items()}
