"""The site `sitegen build` last wrote, served while `serve` makes its own.

A blog of ten thousand posts takes seconds to build even from the state the last build
left: meanwhile the dev server answers with the pages already in the output folder, as
they were written (a file changed since by someone else is not served), the published
site's address in them made the server's. Its own first build then replaces them, and the
open pages reload.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path

from sitegen.settings.config import SiteConfig
from sitegen.state import lastbuild
from sitegen.state.lastbuild import Written, times

TEXT_FILES = (".html", ".xml", ".json", ".txt")
"""The files whose absolute URLs are the site's address: pages, feeds, sitemap, llms.txt."""


class BuiltFiles(Mapping[str, bytes]):
    """The files of the output folder as the last build listed them, read when asked for."""

    def __init__(self, out: Path, written: Written, published: str, served: str) -> None:
        self._out, self._written = out, written
        self._published, self._served = published.encode(), served.encode()
        self._files = [p for p in written if p and not p.endswith("/")]

    def __getitem__(self, path: str) -> bytes:
        if path not in self._written or path.endswith("/"):
            raise KeyError(path)
        try:
            with open(os.path.join(self._out, path), "rb") as file:
                if times(os.fstat(file.fileno())) != self._written[path]:
                    raise KeyError(path)  # changed since the build: not the build's
                data = file.read()
        except OSError:
            raise KeyError(path) from None
        if self._published.startswith(b"http") and path.endswith(TEXT_FILES):
            return data.replace(self._published, self._served)
        return data

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)


def built_files(config: SiteConfig, served: str) -> BuiltFiles | None:
    """The output folder's files, if the last build wrote them there and with these
    settings' address; None when there is no such site."""
    out = config.root / config.output_dir
    record = lastbuild.load(config.root)
    if record is None or record.output != str(out) or not record.written:
        return None
    return BuiltFiles(out, record.written, config.base_url, served)
