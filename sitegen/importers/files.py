"""Reading what the user gives an importer: the text to import and the names map."""

from __future__ import annotations

from pathlib import Path

from sitegen.project import files
from sitegen.project.errors import ContentError, Diagnostic, Severity, UsageError
from sitegen.project.yamlmap import load_mapping, text_values


def read_text(path: Path) -> str:
    """The file's text (UTF-8, with or without BOM); a located error for anything else."""
    try:
        text = files.read_text(path)
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except OSError as exc:
        hint = f"; {files.hint_of(exc)}" if files.hint_of(exc) else ""
        raise UsageError(f"{path}: cannot be read ({exc.strerror}){hint}") from None
    except UnicodeDecodeError as exc:
        data = exc.object
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
    return text


def load_names(path: Path) -> dict[str, str | None]:
    """`--names`: `Nom réel: Nom affiché`, or nothing after the colon for a pseudonym."""
    mapping = load_mapping(read_text(path), str(path), 1, "names")
    refusal = (
        "`{key}` must be followed by the name shown, or nothing",
        "write `{key}: Nom affiché`, or `{key}:` for a pseudonym",
    )
    problems = text_values(mapping, str(path), "names", refusal, or_nothing=True)
    if problems:
        raise UsageError(f"{path}: the names are not valid", problems)
    return {e.key.strip(): (e.value or "").strip() or None for e in mapping.entries}
