"""Paths as the author sees them, and the project's boundary."""

from __future__ import annotations

from pathlib import Path


def display_path(path: Path, root: Path) -> str:
    """`content/posts/x.md`: relative to the site, with `/`, as every message names it."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()


MARKER = ".sitegen-output"
"""The file that says a folder is sitegen's output."""


NAME_MAX = 255
"""Bytes in one file or folder name, on Linux, macOS and Windows file systems alike."""


def name_too_long(part: str) -> str:
    """Why `part` of an address cannot be a file or folder's name of the output, or "" when it
    can: checked where the address is written (a slug, a url) and again on every output path."""
    size = len(part.encode())
    if size <= NAME_MAX:
        return ""
    return (
        f"`{part[:40]}…` is {size} bytes long: no file system takes a name of more than {NAME_MAX}"
    )


def is_output(folder: Path) -> bool:
    """A folder sitegen wrote: never a source, whatever the tree's shape puts around it."""
    return (folder / MARKER).is_file()
