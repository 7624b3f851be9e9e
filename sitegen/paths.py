"""Paths as the author sees them, and the project's boundary."""

from __future__ import annotations

from pathlib import Path


def display_path(path: Path, root: Path) -> str:
    """`content/posts/x.md`: relative to the site, with `/`, as every message names it."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()


MARKER = ".sitegen-output"
"""The file that says a folder is sitegen's output."""


def is_output(folder: Path) -> bool:
    """A folder sitegen wrote: never a source, whatever the tree's shape puts around it."""
    return (folder / MARKER).is_file()
