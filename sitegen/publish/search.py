"""Site search with Pagefind: one index (bundle) per language and year of the built pages
(`searchbundles.py`), each made and kept on its own, so an edit re-indexes only its bundle.

Pagefind runs on a scratch copy of each bundle's pages, the bundles side by side (Pagefind
reads one page on one core), so the output folder is still written in one atomic swap and
the dev server can serve the index from memory. The search interface's files, the same for
every bundle, are published once at the index's root, beside the list of the bundles. Without
`pagefind_bin` installed, the site is built without search and the build says so.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from sitegen.model import OnDisk, OutputFile
from sitegen.project.errors import OutputError
from sitegen.publish.searchbundles import Page, bundles, manifest, pages_of, read_page
from sitegen.state.cache import StageCache
from sitegen.state.cache import key as cache_key
from sitegen.state.lastbuild import SearchRecord
from sitegen.urls import SEARCH_BUNDLES, search_index_file

NOT_INSTALLED = "no site search: pagefind_bin is not installed (pip install pagefind_bin)"
SOURCE = "Pagefind (search index)"
ENTRY = "pagefind-entry.json"
_INTERFACE = re.compile(r"pagefind-(?:[a-z]+-)?ui\.(?:js|css)|pagefind-highlight\.js")
"""The files of Pagefind's interfaces: loaded by the search page, never by a bundle."""


Made = list[tuple[str, bytes]]
"""What Pagefind wrote for a bundle: each file's path in its folder, and its bytes."""


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


def search_index(
    files: Sequence[OutputFile],
    executable: Path,
    cache: StageCache | None = None,
    keys: Mapping[str, str] | None = None,
    record: SearchRecord | None = None,
) -> list[OutputFile]:
    """The files of the search index (in its folder, `SEARCH_INDEX`) for the given pages: the
    same pages of a bundle, byte for byte, give the same bundle, taken from `cache`. With
    the pages' `keys` (the page memo's), what was read of a page under its key is not read
    again."""
    pages = pages_of(files, _reader(files, cache, keys or {}))
    return index_pages(pages, executable, cache, record)


def index_pages(
    pages: list[Page],
    executable: Path,
    cache: StageCache | None = None,
    record: SearchRecord | None = None,
) -> list[OutputFile]:
    """The files of the search index of the site's `pages` (sorted by path); with a
    `record`, what they were made of is kept there for the next build."""
    if record is not None:
        record.pages.update((page.file.path, page[1:]) for page in pages)
    grouped = bundles(pages)
    if not grouped:
        return []
    stamp = _pagefind_version()
    keys = {
        name: cache_key(
            "search", stamp, name, *(part for p in pages for part in (p.file.path, p.digest))
        )
        for name, pages in grouped.items()
    }
    found = {name: cache.get_search(key) if cache else None for name, key in keys.items()}
    interface_key = cache_key("search", stamp, "interface")
    interface = cache.get_search(interface_key) if cache else None
    missing = [name for name, files_of in found.items() if files_of is None]
    if interface is None and not missing:  # an entry of the cache was lost: make it again
        missing.append(min(grouped, key=lambda name: len(grouped[name])))
    made = _index_all({name: [p.file for p in grouped[name]] for name in missing}, executable)
    for name, written in made.items():
        bundle = tuple(
            OutputFile(search_index_file(f"{name}/{path}"), data, SOURCE)
            for path, data in written
            if not _INTERFACE.fullmatch(path)
        )
        found[name] = bundle
        if cache is not None:
            cache.put_search(keys[name], bundle)
    if interface is None:
        interface = tuple(
            OutputFile(search_index_file(path), data, SOURCE)
            for path, data in next(iter(made.values()))
            if _INTERFACE.fullmatch(path)
        )
        if cache is not None:
            cache.put_search(interface_key, interface)
    entries = {name: _entry(name, bundle) for name, bundle in found.items() if bundle}
    listed = OutputFile(search_index_file(SEARCH_BUNDLES), manifest(entries), SOURCE)
    if record is not None:
        record.bundles.update(keys)
    return [*interface, listed, *(f for bundle in found.values() if bundle for f in bundle)]


def _reader(
    files: Sequence[OutputFile], cache: StageCache | None, keys: Mapping[str, str]
) -> Callable[[OutputFile], Page]:
    """How the pages are read: by their key's facts in `cache` when there, else whole (and
    their facts kept): a page of the same key has the same bytes."""
    if cache is None or not keys:
        return read_page
    pages = (f.path for f in files if f.path.endswith(".html"))
    cache.prefetch("pages", [keys[path] for path in pages if path in keys])

    def read(file: OutputFile) -> Page:
        key = keys.get(file.path)
        found = cache.get_page(key) if key else None
        if found is not None:
            return Page(file, *found)
        page = read_page(file)
        if key:
            cache.put_page(key, page[1:])
        return page

    return read


def _entry(name: str, bundle: Sequence[OutputFile]) -> bytes:
    path = search_index_file(f"{name}/{ENTRY}")
    return next(f.data for f in bundle if f.path == path)


def _index_all(grouped: Mapping[str, Sequence[OutputFile]], executable: Path) -> dict[str, Made]:
    """Each bundle indexed by a Pagefind of its own, as many at once as there are cores."""
    if not grouped:
        return {}
    workers = min(len(grouped), os.cpu_count() or 1)
    with ThreadPoolExecutor(workers, thread_name_prefix="pagefind") as pool:
        made = pool.map(lambda pages: _index(pages, executable), grouped.values())
        return dict(zip(grouped, made, strict=True))


def _index(pages: Sequence[OutputFile], executable: Path) -> Made:
    with tempfile.TemporaryDirectory(prefix="sitegen-search-") as scratch:
        site, index = Path(scratch) / "site", Path(scratch) / "index"
        for page in pages:
            _copy(page, site)
        command = [str(executable), "--site", str(site), "--output-path", str(index), "--silent"]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise OutputError(f"Pagefind could not index the site: {done.stderr.strip()}")
        return [
            (path.relative_to(index).as_posix(), _stable(path))
            for path in sorted(index.rglob("*"))
            if path.is_file()
        ]


def _pagefind_version() -> str:
    """Part of every bundle's key: another Pagefind writes other files."""
    try:
        return version("pagefind_bin")
    except PackageNotFoundError:
        return ""


def _stable(path: Path) -> bytes:
    """Pagefind lists the languages in a random order: sorted, two builds give the same bytes."""
    data = path.read_bytes()
    if path.name != ENTRY:
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


def index_again(
    made: Sequence[OutputFile],
    last: SearchRecord,
    out: Path,
    executable: Path,
    cache: StageCache | None,
) -> tuple[list[OutputFile], SearchRecord] | None:
    """The search index after the pages `made` again over the site the last build left in
    `out` (`last`: what its index was made of), with the other pages as they lie there: the
    index's files (those of a bundle of the same key marked unchanged) and what it is made
    of; None when a page is not one the last index knew."""
    facts = dict(last.pages)
    again = {file.path: file for file in made if file.path.endswith(".html")}
    if not facts or not again.keys() <= facts.keys():
        return None
    for path, file in again.items():
        facts[path] = read_page(file)[1:]
    pages = [
        Page(again.get(path) or OutputFile(path, OnDisk(f"{out}/{path}"), SOURCE), *facts[path])
        for path in sorted(facts)
    ]
    record = SearchRecord()
    files = index_pages(pages, executable, cache, record)
    same = {name for name, key in record.bundles.items() if last.bundles.get(name) == key}
    return [replace(f, unchanged=True) if _as_it_was(f, same, out) else f for f in files], record


def _as_it_was(file: OutputFile, bundles: set[str], out: Path) -> bool:
    """Whether a file of the index is the one in `out`: a bundle's of the same key, or the
    interface and the list of bundles when their bytes are the same."""
    bundle = _bundle_of(file.path)
    if bundle:
        return bundle in bundles
    try:
        return (out / file.path).read_bytes() == file.data
    except OSError:
        return False


def _bundle_of(path: str) -> str:
    """The bundle a file of the index belongs to ("" for the interface and the list)."""
    name, _, rest = path.removeprefix(search_index_file("")).partition("/")
    return name if rest else ""
