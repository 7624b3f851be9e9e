"""A post written as a folder (`vision/index.md` + `schema.png`) takes its files along."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator
from pathlib import Path

from sitegen.content.sources import MARKDOWN_SUFFIXES
from sitegen.images.pictures import Pictures, published_copy
from sitegen.images.variants import VariantStore
from sitegen.model import Entry, OutputFile
from sitegen.project.errors import Problems
from sitegen.project.files import MAX_COPIED_BYTES, hint_of, read_bytes, walk
from sitegen.project.paths import display_path
from sitegen.settings.config import SiteConfig
from sitegen.state.cache import CACHE_FOLDER
from sitegen.theme.folders import Theme
from sitegen.urls import output_path


def bundle_files(
    entries: Iterable[Entry], config: SiteConfig, problems: Problems
) -> Iterator[OutputFile]:
    """The files beside each bundle's `index.md`, beside its page, where its relative
    links (`![](schema.png)`) expect them; each language version has its own copy."""
    if config.dialect == "jekyll":
        return  # Jekyll copies the folder itself, as a static one
    root = config.root
    for entry in entries:
        source = entry.doc.source
        if not source.is_bundle:
            continue
        folder = posixpath.dirname(output_path(entry.url))
        for path in _resources(source.path.parent, root, problems):
            rel = path.relative_to(source.path.parent).as_posix()
            shown = display_path(path, root)
            try:
                data = read_bytes(path, MAX_COPIED_BYTES)
            except OSError as exc:
                message = f"cannot copy the file: {exc.strerror}"
                problems.error(shown, 0, 0, message, hint_of(exc))
                continue
            yield OutputFile(posixpath.join(folder, rel), published_copy(data, rel), shown, 1)


def site_pictures(config: SiteConfig, entries: Iterable[Entry], theme: Theme) -> Pictures:
    """The site's images: those beside each bundle's `index.md` (where `bundle_files` puts
    them) and those of the static folders; their variants kept in the cache's folder."""
    bundles = [
        ("/" + posixpath.dirname(output_path(entry.url)) + "/", entry.doc.source.path.parent)
        for entry in entries
        if entry.doc.source.is_bundle and config.dialect != "jekyll"
    ]
    store = VariantStore(config.root / CACHE_FOLDER / "images")
    return Pictures(config.root, bundles, theme.static_dirs, store)


def _resources(folder: Path, root: Path, problems: Problems) -> Iterator[Path]:
    for here, dirnames, filenames in walk(
        folder, root, problems, _is_resource, left_out="not copied"
    ):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        yield from (here / name for name in filenames)


def _is_resource(name: str) -> bool:
    return not name.startswith(".") and not name.endswith(MARKDOWN_SUFFIXES)
