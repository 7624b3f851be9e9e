"""The site's images as its pages name them: which file an `<img src>` is, what it is, and the
variants published for it.

An image is a file beside a post written as a folder (`vision/index.md` + `schema.png`), or
a file of a static folder (`static/images/x.jpg` at `/images/x.jpg`). Its facts are read once
a process for each version of the file (the dev server keeps them between saves).
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sitegen.images.facts import ImageFacts, NotAnImage, facts_of, is_image
from sitegen.images.privacy import without_metadata
from sitegen.images.variants import FORMATS, Variant, VariantStore, variants_of
from sitegen.model import OnDisk, OutputFile
from sitegen.project.files import MAX_COPIED_BYTES, read_bytes
from sitegen.urls import is_web_address

_FACTS: dict[tuple[str, int, int], ImageFacts | None] = {}
"""Facts by file and version (size, modification time), for the life of the process."""
_KEPT = 4096


@dataclass(frozen=True, slots=True)
class Picture:
    """An image of the site as a page shows it: its facts and the variants published for it
    (none for a GIF or an AVIF, sent as they are)."""

    path: str
    """Its site path, `/2026/03/vision/schema.png`."""
    facts: ImageFacts
    variants: tuple[Variant, ...]
    file: Path

    @property
    def own(self) -> list[Variant]:
        """Its variants in its own format, from the narrowest."""
        return [v for v in self.variants if v.extension not in FORMATS]

    @property
    def fallback(self) -> Variant | None:
        """Its largest variant in its own format: what a feed reader is sent."""
        own = self.own
        return own[-1] if own else None

    @property
    def size(self) -> tuple[int, int]:
        """Its width and height as a page reserves them: its fallback's, or its own."""
        fallback = self.fallback
        return (
            (fallback.width, fallback.height) if fallback else (self.facts.width, self.facts.height)
        )


class Pictures:
    """The images of one build, by site path: the bundles' files (`bundles`: each bundle's
    folder in the site, and where its files are) and the static folders' (`static`: each
    folder and where the site mounts it)."""

    def __init__(
        self,
        root: Path,
        bundles: Iterable[tuple[str, Path]],
        static: Iterable[tuple[Path, str]],
        store: VariantStore,
    ) -> None:
        self._root, self._store = root, store
        self._bundles = {folder.rstrip("/") + "/": source for folder, source in bundles}
        self._static = [
            (("/" + mount.strip("/") + "/").replace("//", "/"), f) for f, mount in static
        ]
        self._found: dict[str, Picture | None] = {}

    def site_path(self, target: str, page: str, base_path: str = "/") -> str | None:
        """The site path an image address on the page at `page` names; None for an address
        on the web or of no file (`data:`, a query only)."""
        if not target or is_web_address(target) or target.startswith(("//", "data:", "#")):
            return None
        path = unquote(urlsplit(target).path)
        if not path:
            return None
        if path.startswith("/"):
            base = base_path.rstrip("/")
            if base and path.startswith(base + "/"):
                path = path[len(base) :]
            return posixpath.normpath(path)
        folder = page if page.endswith("/") else posixpath.dirname(page) + "/"
        return posixpath.normpath(posixpath.join(folder, path))

    def picture(self, path: str) -> Picture | None:
        """The image at the site path `path`, if it is one of the site's and can be read."""
        if path not in self._found:
            self._found[path] = self._look_up(path)
        return self._found[path]

    def _look_up(self, path: str) -> Picture | None:
        file = self._file_of(path)
        if file is None:
            return None
        facts = _facts(file, self._root)
        if facts is None:
            return None
        variants = variants_of(facts, posixpath.splitext(posixpath.basename(path))[0])
        return Picture(path, facts, variants if facts.resized else (), file)

    def _file_of(self, path: str) -> Path | None:
        if not is_image(path) or "/../" in path + "/":
            return None
        candidates: list[Path] = []
        for prefix, source in self._bundles.items():
            if path.startswith(prefix):
                candidates.append(source / path[len(prefix) :])
        for mount, static in self._static:
            if path.startswith(mount):
                candidates.append(static / path[len(mount) :])
        return next((c for c in candidates if c.is_file()), None)

    def files(self, paths: Iterable[str]) -> Iterator[OutputFile]:
        """The variants of the images at `paths`, each made once and read from the cache
        when a page's writer asks for it."""
        done: set[str] = set()
        for path in sorted(set(paths)):
            picture = self.picture(path)
            if picture is None or not picture.variants:
                continue
            missing = self._store.missing(picture.facts, picture.variants)
            try:
                if missing:
                    self._store.make(_read(picture.file, self._root), picture.facts, missing)
            except OSError:  # gone or changed since its facts were read: the next build
                continue
            for variant in picture.variants:
                if variant.url not in done:
                    done.add(variant.url)
                    file = str(self._store.file_of(picture.facts, variant))
                    yield OutputFile(variant.url.lstrip("/"), OnDisk(file), path, 0)


def published_copy(data: bytes, name: str) -> bytes:
    """An original image as the site publishes it, without where it was taken (`privacy.py`)."""
    return without_metadata(data) if is_image(name) else data


def _read(file: Path, root: Path) -> bytes:
    """The file's bytes; a link that leads out of the project is refused (`read_bytes`)."""
    return read_bytes(file, MAX_COPIED_BYTES, inside=root)


def _facts(file: Path, root: Path) -> ImageFacts | None:
    try:
        info = os.stat(file)
    except OSError:
        return None
    version = (str(file), info.st_size, info.st_mtime_ns)
    if version not in _FACTS:
        if len(_FACTS) >= _KEPT:
            _FACTS.clear()
        try:
            _FACTS[version] = facts_of(_read(file, root))
        except (OSError, NotAnImage):
            _FACTS[version] = None
    return _FACTS[version]
