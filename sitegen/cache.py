"""The build cache: results of the pure stages, kept between builds in `.sitegen-cache/`.

Each result is keyed by a hash of everything it depends on (the file's bytes, the settings
it reads, the names of the audio files) and the whole cache by a stamp of the code that made
it (sitegen's own source and the versions of the libraries that shape the output). A cache
that cannot be read, or was made by other code, is discarded, never trusted.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from sitegen.errors import Diagnostic
from sitegen.model import Document, Rendered
from sitegen.output import OutputFile

CACHE_FOLDER = ".sitegen-cache"
CACHE_FILE = "stages.pickle"
_LIBRARIES = (
    "markdown-it-py",
    "mdit-py-plugins",
    "linkify-it-py",
    "pygments",
    "latex2mathml",
    "babel",
    "pyyaml",
    "python-slugify",
)
"""The libraries whose version changes what a stage produces."""

Parsed = tuple[Document | None, tuple[Diagnostic, ...]]
Markdown = tuple[Rendered, tuple[Diagnostic, ...]]


@dataclass
class StageCache:
    """Parsed documents and rendered bodies by key; what a build used is what it keeps."""

    documents: dict[str, Parsed] = field(default_factory=dict)
    markdown: dict[str, Markdown] = field(default_factory=dict)
    search: dict[str, tuple[OutputFile, ...]] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)

    def get_document(self, key: str) -> Parsed | None:
        self.used.add(key)
        return self.documents.get(key)

    def get_markdown(self, key: str) -> Markdown | None:
        self.used.add(key)
        return self.markdown.get(key)

    def get_search(self, key: str) -> tuple[OutputFile, ...] | None:
        self.used.add(key)
        return self.search.get(key)

    def forget_unused(self) -> None:
        """Drop what the last build did not ask for: deleted posts, old versions of a body."""
        self.documents = {k: v for k, v in self.documents.items() if k in self.used}
        self.markdown = {k: v for k, v in self.markdown.items() if k in self.used}
        self.search = {k: v for k, v in self.search.items() if k in self.used}
        self.used = set()


def key(*parts: object) -> str:
    """A stable key for the given parts (text, bytes, numbers, tuples of them)."""
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part if isinstance(part, bytes) else repr(part).encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def load(root: Path) -> tuple[StageCache, str]:
    """The cache of the site at `root`, and a note when one was found but discarded."""
    path = root / CACHE_FOLDER / CACHE_FILE
    if not path.is_file():
        return StageCache(), ""
    try:
        with path.open("rb") as handle:
            found_stamp, documents, markdown, search = pickle.load(handle)
    except Exception:  # a truncated or foreign file can fail in any way: it is only a cache
        return StageCache(), f"{CACHE_FOLDER}/{CACHE_FILE} could not be read: discarded"
    if found_stamp != stamp() or not isinstance(documents, dict):
        return StageCache(), f"{CACHE_FOLDER}/ was made by other code: discarded"
    return StageCache(documents, markdown, search), ""


def save(root: Path, cache: StageCache) -> str:
    """Write the cache atomically; a note (not an error) when the folder cannot be written."""
    folder = root / CACHE_FOLDER
    cache.forget_unused()
    try:
        folder.mkdir(exist_ok=True)
        temporary = folder / f"{CACHE_FILE}.{os.getpid()}.tmp"
        with temporary.open("wb") as handle:
            stages = (cache.documents, cache.markdown, cache.search)
            pickle.dump((stamp(), *stages), handle, protocol=5)
        os.replace(temporary, folder / CACHE_FILE)
    except OSError as exc:
        return f"the build cache could not be saved ({exc}); the next build starts afresh"
    return ""


def clean(root: Path) -> bool:
    """Delete the site's cache folder; False when there was none."""
    folder = root / CACHE_FOLDER
    if not folder.is_dir():
        return False
    shutil.rmtree(folder)
    return True


@lru_cache(maxsize=1)
def stamp() -> str:
    """What made the cache: sitegen's code, its libraries and Python."""
    package = Path(__file__).parent
    sources = sorted(package.rglob("*.py"))
    versions: list[Any] = [_version(name) for name in _LIBRARIES]
    return key(sys.version_info[:2], versions, *(p.read_bytes() for p in sources))


def _version(name: str) -> str:
    try:
        return version(name)
    except Exception:
        return "?"
