"""Site search with Pagefind: an index of the built pages, one per language (`<html lang>`).

Pagefind runs on a scratch copy of the pages, so the output folder is still written in one
atomic swap and the dev server can serve the index from memory. Without `pagefind_bin`
installed, the site is built without search and the build says so.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from sitegen.model import OutputFile
from sitegen.project.errors import OutputError
from sitegen.urls import search_index_file

NOT_INSTALLED = "no site search: pagefind_bin is not installed (pip install pagefind_bin)"


def pagefind() -> Path | None:
    """The Pagefind executable shipped by the `pagefind_bin` package, if installed."""
    try:
        from pagefind_bin import get_executable  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        return None
    try:
        return Path(get_executable())
    except FileNotFoundError:
        return None


def search_index(files: Sequence[OutputFile], executable: Path) -> list[OutputFile]:
    """The files of the search index (in its folder, `SEARCH_INDEX`) for the given pages."""
    with tempfile.TemporaryDirectory(prefix="sitegen-search-") as scratch:
        site, index = Path(scratch) / "site", Path(scratch) / "index"
        for file in files:
            if file.path.endswith(".html"):
                _copy(file, site)
        command = [str(executable), "--site", str(site), "--output-path", str(index), "--silent"]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise OutputError(f"Pagefind could not index the site: {done.stderr.strip()}")
        return [
            OutputFile(
                search_index_file(path.relative_to(index).as_posix()),
                _stable(path),
                "Pagefind (search index)",
            )
            for path in sorted(index.rglob("*"))
            if path.is_file()
        ]


def _stable(path: Path) -> bytes:
    """Pagefind lists the languages in a random order: sorted, two builds give the same bytes."""
    data = path.read_bytes()
    if path.name != "pagefind-entry.json":
        return data
    entry = json.loads(data)
    return json.dumps(entry, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _copy(file: OutputFile, site: Path) -> None:
    target = site / file.path
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(file.data)
    except OSError:
        pass  # not indexed: writing the site will report the path with its reason
