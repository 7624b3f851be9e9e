"""A post written as a folder (`vision/index.md` + `schema.png`) takes its files along."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable, Iterator
from pathlib import Path

from sitegen.config import SiteConfig
from sitegen.model import Entry
from sitegen.output import OutputFile
from sitegen.paths import display_path, leaves_project
from sitegen.sources import MARKDOWN_SUFFIXES
from sitegen.urls import output_path


def bundle_files(entries: Iterable[Entry], config: SiteConfig) -> Iterator[OutputFile]:
    """The files beside each bundle's `index.md`, beside its page, where its relative
    links (`![](schema.png)`) expect them; each language version has its own copy."""
    if config.dialect == "jekyll":
        return  # Jekyll copies the folder itself, as a static one
    root = config.root
    real_root = root.resolve()
    for entry in entries:
        source = entry.doc.source
        if not source.is_bundle:
            continue
        folder = posixpath.dirname(output_path(entry.url))
        for path in _resources(source.path.parent, real_root):
            rel = path.relative_to(source.path.parent).as_posix()
            yield OutputFile(
                posixpath.join(folder, rel), path.read_bytes(), display_path(path, root), 1
            )


def _resources(folder: Path, real_root: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if name.startswith(".") or name.endswith(MARKDOWN_SUFFIXES):
                continue
            if not leaves_project(path, real_root):
                yield path
