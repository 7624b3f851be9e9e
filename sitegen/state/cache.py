"""The build cache: results of the pure stages, kept between builds in `.sitegen-cache/`.

Each result is keyed by a hash of everything it depends on (the file's bytes, the settings
it reads, the names of the audio files) and the whole cache by a stamp of the code that made
it (sitegen's own source and the versions of the libraries that shape the output). A cache
that cannot be read, was made by other code, or holds one value that does not decode to its
type, is discarded whole with a note, never trusted.

Here, the cache as the stages see it, in memory (the dev server's); `storedcache.py` keeps
it in the state file between builds.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
import sys
import zlib
from collections.abc import Iterable, Mapping, MutableMapping
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import msgspec

from sitegen.model import Document, OutputFile, Rendered, SourceFile
from sitegen.project.errors import Diagnostic, OutputError
from sitegen.state.stamps import Stamps, Stat

T = TypeVar("T")
CACHE_FOLDER = ".sitegen-cache"
_LIBRARIES = (
    "markdown-it-py",
    "mdit-py-plugins",
    "linkify-it-py",
    "pygments",
    "latex2mathml",
    "babel",
    "pyyaml",
    "python-slugify",
    "msgspec",
)
"""The libraries whose version changes what a stage produces, or how it is stored."""

Discovered = tuple[
    str,
    tuple[tuple[str, Stat], ...],
    tuple[SourceFile, ...],
    tuple[Diagnostic, ...],
    tuple[str, ...],
]
"""The settings' key, each folder listed with its stat, the sources found, what was said and
the paths said to be left out (said once a build, whichever stage meets them first)."""
Parsed = tuple[Document | None, tuple[Diagnostic, ...]]
PageFacts = tuple[str, str, tuple[str, str] | None, bool]
"""A page's digest, language, month of publication and whether it marks its body for the
search index (`publish/searchbundles.Page`)."""
Markdown = tuple[Rendered, tuple[Diagnostic, ...]]


class TextLost(OutputError):
    """A rendered text the state file held when its body was read is gone or damaged when a
    page shows it: the build stops (no template is to blame) and the file is discarded."""


class StageCache:
    """Results of the pure stages by key, kept in memory (the dev server keeps one between
    builds); what a build used is what it keeps."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str], Any] = {}
        self._used: set[tuple[str, str]] = set()
        self.stamps = Stamps()
        """Each source file's key by its stat: a file as it was is not read again."""
        self._kept: dict[type, tuple[object, Any]] = {}
        self.lasting = False
        """The cache outlives the build (the dev server's): what one build memoizes in
        `kept` is worth keeping for the next."""
        self.lazy_texts = False
        """Rendered bodies are kept without their text, which is set apart compressed
        (`packed`) and read when a page shows it (`html_of`); with `lazy_bodies`, documents
        without their body, read when it is rendered again (`with_body`). A text at rest takes
        a third of its size: `sitegen build` writes them to the state file as they are made
        (`storedcache.py`), the dev server to files of its own (`keep_texts_in`)."""
        self.lazy_bodies = False
        self._apart: MutableMapping[tuple[str, str], bytes] = {}
        """The texts set apart, by their stage (`TEXTS`, `BODIES`) and their value's key: in
        memory, or where `keep_texts_in` says."""

    def keep_texts_in(self, shelf: MutableMapping[tuple[str, str], bytes]) -> None:
        """Set texts apart in `shelf` from now on (the dev server's are on disk)."""
        shelf.update(self._apart)
        self._apart = shelf

    def forked(self) -> None:
        """Called first in a process forked from the build (`project/forked.py`), to read
        what this cache holds with files of its own."""

    def kept(self, kind: type[T], shape: object = None) -> T:
        """The `kind` of memo a build leaves to the next one in the same process (the dev
        server's builds), never stored: made empty for the first, and for the first of
        another `shape` (what all it holds depends on)."""
        found = self._kept.get(kind)
        if found is None or found[0] != shape:
            found = self._kept[kind] = (shape, kind())
        memo: T = found[1]
        return memo

    def get_sources(self) -> Discovered | None:
        found: Discovered | None = self._get("sources", "")
        return found

    def put_sources(self, found: Discovered) -> None:
        self._put("sources", "", found)

    def get_document(self, key: str) -> Parsed | None:
        found: Parsed | None = self._get("documents", key)
        return found

    def get_markdown(self, key: str) -> Markdown | None:
        found: Markdown | None = self._get("markdown", key)
        return found

    def html_of(self, rendered: Rendered) -> str:
        """The text of a rendered body, read from where it was `stored`."""
        return self._stored_text(TEXTS, rendered.key) if rendered.stored else rendered.html

    def with_body(self, doc: Document) -> Document:
        """The document with its body, read from where it was `stored`."""
        if not doc.stored:
            return doc
        return replace(doc, body=self._stored_text(BODIES, doc.key), stored=False)

    def _stored_text(self, stage: str, key: str) -> str:
        data = self._apart.get((stage, key))
        if data is None:
            raise ValueError(f"the {stage} of {key} was set apart nowhere")
        return unpacked(data)

    def get_search(self, key: str) -> tuple[OutputFile, ...] | None:
        found: tuple[OutputFile, ...] | None = self._get("search", key)
        return found

    def get_related(self, key: str) -> tuple[tuple[int, ...], ...] | None:
        found: tuple[tuple[int, ...], ...] | None = self._get("related", key)
        return found

    def put_related(self, key: str, related: tuple[tuple[int, ...], ...]) -> None:
        self._put("related", key, related)

    def put_document(self, key: str, parsed: Parsed) -> Parsed:
        """Keep a document, with `lazy_bodies` its body apart; what to use of it from now on
        (the very value kept: the dev server tells an entry unchanged by its identity)."""
        doc, diagnostics = parsed
        if self.lazy_bodies and doc is not None and self._set_apart(BODIES, key, doc.body):
            parsed = (stripped(doc), diagnostics)
        self._put("documents", key, parsed)
        return parsed

    def without_body(self, doc: Document) -> Document:
        """The document as the stages after the Markdown one need it: without its body when
        it is set apart (`with_body` reads it again)."""
        return stripped(doc) if not doc.stored and self._holds(BODIES, doc.key) else doc

    def put_markdown(self, key: str, markdown: Markdown, text: bytes | None = None) -> Markdown:
        """Keep a rendered body, with `lazy_texts` its text apart; what to use of it from
        now on. `text`: its text packed already (by a worker), the body without it."""
        rendered, diagnostics = markdown
        if text is not None:
            self._keep_apart(TEXTS, key, text)
        elif self.lazy_texts and not rendered.stored and self._set_apart(TEXTS, key, rendered.html):
            markdown = (stripped(rendered), diagnostics)
        self._put("markdown", key, markdown)
        return markdown

    def put_code(self, key: str, blocks: Mapping[str, str] | bytes) -> None:
        """Keep the highlighted code blocks of the body rendered under `key`, set apart
        (`packed_code`, or packed already by a worker)."""
        if not blocks:
            return
        try:
            data = blocks if isinstance(blocks, bytes) else packed_code(blocks)
        except UnicodeEncodeError:  # half a character: highlighted again when needed
            return
        self._keep_apart(CODE, key, data)

    def code_of(self, key: str) -> dict[str, str]:
        """The highlighted code blocks of the body rendered under `key`, none when unknown."""
        data = self._apart.get((CODE, key))
        return unpacked_code(data) if data is not None else {}

    def code_before(self, sources: Iterable[str]) -> dict[str, dict[str, str]]:
        """The highlighted code blocks of the last build's body of each source file, by its
        path (those the state file knows): a body rendered again, its words or addresses
        changed, highlights only the blocks that changed."""
        return {}

    def _set_apart(self, stage: str, key: str, text: str) -> bool:
        """Whether `text` could be set apart (a half character cannot)."""
        try:
            data = packed(text)
        except UnicodeEncodeError:
            return False
        self._keep_apart(stage, key, data)
        return True

    def _keep_apart(self, stage: str, key: str, data: bytes) -> None:
        self._apart[(stage, key)] = data

    def _holds(self, stage: str, key: str) -> bool:
        return (stage, key) in self._apart

    def put_search(self, key: str, index: tuple[OutputFile, ...]) -> None:
        self._put("search", key, index)

    def get_page(self, key: str) -> PageFacts | None:
        """What the search stage read of the page whose key (`theme/pagememo.py`) is `key`."""
        found: PageFacts | None = self._get("pages", key)
        return found

    def put_page(self, key: str, facts: PageFacts) -> None:
        self._put("pages", key, facts)

    def forget_unused(self) -> None:
        """Drop what the last build did not ask for: deleted posts, old versions of a body,
        and their texts set apart (a few after a save: not a pass over ten thousand)."""
        for stage, key in self._entries.keys() - self._used:
            del self._entries[(stage, key)]
            for text in (text for text, owner in OWNERS.items() if owner == stage):
                self._apart.pop((text, key), None)
        self._used = set()
        self.stamps = Stamps(self.stamps.read)

    def prefetch(self, stage: str, keys: list[str]) -> None:
        """Say that the values of `keys` will be asked for, one by one: a cache kept in a
        file reads them in a few queries instead of one each."""

    def _get(self, stage: str, key: str) -> Any:
        self._used.add((stage, key))
        return self._entries.get((stage, key))

    def _put(self, stage: str, key: str, value: Any) -> None:
        self._used.add((stage, key))
        self._entries[(stage, key)] = value


TEXTS = "html"
"""The rendered bodies' texts, each under its body's key in a table of their own (`texts`):
which are there is read from its index without reading them."""
BODIES = "body"
"""The documents' bodies, the same way (`bodies`)."""
CODE = "code"
"""The highlighted code blocks of the rendered bodies (`markdown/highlight.py`), under their
body's key, set apart the same way (`code`): a body rendered again after an edit highlights
only the blocks that changed."""
OWNERS = {TEXTS: "markdown", BODIES: "documents", CODE: "markdown"}
"""The stage of the values each stage of texts belongs to, under the same key."""
TEXT_OF = {"markdown": TEXTS, "documents": BODIES}
"""The stage of texts of each stage whose values keep their text apart."""


def owner(text: tuple[str, str]) -> tuple[str, str]:
    """The value a text set apart belongs to."""
    stage, key = text
    return OWNERS[stage], key


def packed(text: str) -> bytes:
    """A text as it rests, in memory or in the state file: UTF-8, compressed (the fastest
    level: a tenth of a second for ten megabytes, a third of the size)."""
    return zlib.compress(text.encode("utf-8"), 1)


def unpacked(data: bytes) -> str:
    """The text of `packed`; ValueError (or `zlib.error`) when `data` is not one."""
    return zlib.decompress(data).decode("utf-8")


def packed_code(blocks: Mapping[str, str]) -> bytes:
    """Highlighted code blocks by key as they rest (JSON, compressed as `packed`)."""
    return zlib.compress(msgspec.json.encode(blocks), 1)


def unpacked_code(data: bytes) -> dict[str, str]:
    """The blocks of `packed_code`; ValueError (or `zlib.error`) when `data` is not one."""
    return msgspec.json.decode(zlib.decompress(data), type=dict[str, str])


Apart = TypeVar("Apart", Rendered, Document)


def stripped(value: Apart) -> Apart:
    """`value` without its text, which is set apart."""
    return joined(value, "", stored=True)


def joined(value: Apart, text: str, stored: bool = False) -> Apart:
    if isinstance(value, Rendered):
        return replace(value, html=text, stored=stored)
    return replace(value, body=text, stored=stored)


def key(*parts: object) -> str:
    """A stable key for the given parts (text, bytes, numbers, tuples of them)."""
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part if isinstance(part, bytes) else repr(part).encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def folder(root: Path) -> Path:
    """The cache folder of the site at `root`, there or not; OSError when something else
    holds its name (a file, or a link that could lead sitegen's writes out of the project)."""
    path = root / CACHE_FOLDER
    try:
        info = path.lstat()
    except FileNotFoundError:
        return path
    if not stat.S_ISDIR(info.st_mode):
        raise NotADirectoryError(f"{CACHE_FOLDER} is not a folder")
    return path


def clean(root: Path) -> bool:
    """Delete the site's cache folder; False when there was none."""
    path = root / CACHE_FOLDER
    if path.is_symlink():  # delete the link, never what it leads to
        path.unlink()
        return True
    if not path.is_dir():
        return False
    shutil.rmtree(path)
    return True


@lru_cache(maxsize=1)
def stamp() -> str:
    """What made the cache: sitegen's code, its libraries and Python."""
    package = Path(__file__).parent.parent
    sources = sorted(package.rglob("*.py"))
    return key(sys.version_info[:2], _versions(), *(p.read_bytes() for p in sources))


def _versions() -> list[str]:
    """The version of each of `_LIBRARIES` installed, "?" for one that is not, as
    `importlib.metadata.version` finds it (the first `.dist-info` folder along the path,
    whose name holds the version) without importing its parsers, which a build with
    nothing changed would spend a tenth of its time on."""
    found: dict[str, str] = {}
    for place in sys.path:
        try:
            names = os.listdir(place or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info"):
                project, _, number = name.removesuffix(".dist-info").partition("-")
                found.setdefault(_normal(project), number)
    return [found.get(_normal(name), "?") for name in _LIBRARIES]


def _normal(project: str) -> str:
    """A project's name as packaging compares them: `PyYAML`, `pyyaml` and `py_yaml` alike."""
    return re.sub(r"[-_.]+", "-", project).lower()
