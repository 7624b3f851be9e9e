"""Where the dev server keeps the pages it serves and the texts it renders them from: on
disk, not in memory.

Ten thousand posts make 200 MB of pages, and 60 MB of texts at rest; the dev server writes
each file a build makes to a folder of its own in the cache folder, named by the digest of
its bytes, and holds only that name. A file is written once however many builds make it
again, and deleted once neither the site served nor the one before it (which a request may
still be reading) holds it. The texts and bodies its stage cache sets apart are files there
too (`TextShelf`). The folder goes when the server stops. Where no folder can be made or
written (a read-only project, a full disk), what could not be written is held in memory.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from dataclasses import replace
from pathlib import Path

from sitegen.model import OnDisk, OutputFile, marks_of
from sitegen.project.scratch import save
from sitegen.state.cache import folder


class PageStore:
    """The files of the dev server's builds, by digest, in a folder of the site's cache."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._folder: str | None = None
        self._written: set[str] = set()
        self._lock = threading.Lock()

    def place(self, file: OutputFile) -> OutputFile:
        """`file` with its bytes on disk (the sink of the dev server's builds), or as it is
        when they cannot be written."""
        data = file.content
        if not isinstance(data, bytes):  # taken from the last build: already here
            return file
        name = digest(data)
        with self._lock:  # the search index is placed from a thread of its own
            try:
                target = f"{self._made()}/{name}"
                if name not in self._written:
                    save(Path(target), data)  # a request never reads half a file
                    self._written.add(name)
            except OSError:
                return file
        return replace(file, content=OnDisk(target, marks_of(data)))

    def holds(self, file: OutputFile) -> bool:
        """Whether `file` was placed here."""
        content = file.content
        return isinstance(content, OnDisk) and content.file.rpartition("/")[0] == self._folder

    def digest_of(self, file: OutputFile) -> str:
        """The digest of `file`'s bytes: for one placed here, its name, unread."""
        if self.holds(file):
            assert isinstance(file.content, OnDisk)
            return file.content.file.rpartition("/")[2]
        return digest(file.data)

    def keep_only(self, names: Iterable[str]) -> None:
        """Delete every file but those named."""
        with self._lock:
            for name in self._written - set(names):
                with contextlib.suppress(OSError):
                    os.unlink(f"{self._folder}/{name}")
                self._written.discard(name)

    def texts(self) -> MutableMapping[tuple[str, str], bytes]:
        """A shelf for the stage cache's texts, in the store's folder (in memory when it
        cannot be made)."""
        try:
            return TextShelf(f"{self._made()}/texts")
        except OSError:
            return {}

    def close(self) -> None:
        """Delete the folder (the server stops)."""
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            with contextlib.suppress(OSError):  # the cache folder, if the server made it
                os.rmdir(os.path.dirname(self._folder))
            self._folder, self._written = None, set()

    def _made(self) -> str:
        if self._folder is None:
            cache = folder(self._root)
            cache.mkdir(exist_ok=True)
            self._folder = tempfile.mkdtemp(prefix="serve-", dir=cache)
        return self._folder


def digest(data: bytes) -> str:
    """What tells one version of a file from another: what the browsers are told changed."""
    return hashlib.blake2b(data, digest_size=12).hexdigest()


class ServedFiles(Mapping[str, bytes]):
    """A build's files by output path, read from the store when asked for."""

    def __init__(self, contents: dict[str, bytes | OnDisk]) -> None:
        self.contents = contents

    def __getitem__(self, path: str) -> bytes:
        content = self.contents[path]
        if isinstance(content, bytes):
            return content
        try:
            return Path(content.file).read_bytes()
        except FileNotFoundError:  # of a site two builds old, read late: deleted since
            raise KeyError(path) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self.contents)

    def __len__(self) -> int:
        return len(self.contents)

    def __contains__(self, path: object) -> bool:
        return path in self.contents


def contents(files: Mapping[str, bytes]) -> Mapping[str, bytes | OnDisk]:
    """What `files` holds, its files on disk unread."""
    return files.contents if isinstance(files, ServedFiles) else files


class TextShelf(MutableMapping[tuple[str, str], bytes]):
    """Texts set apart by the dev server's stage cache, a file each, by stage and key."""

    def __init__(self, where: str) -> None:
        os.makedirs(where, exist_ok=True)
        self._where = where
        self._names: set[tuple[str, str]] = set()
        self._held: dict[tuple[str, str], bytes] = {}
        """The texts that could not be written (a full disk): in memory."""

    def __getitem__(self, text: tuple[str, str]) -> bytes:
        if text in self._held:
            return self._held[text]
        if text not in self._names:
            raise KeyError(text)
        return Path(self._path(text)).read_bytes()

    def __setitem__(self, text: tuple[str, str], data: bytes) -> None:
        try:
            save(Path(self._path(text)), data)
        except OSError:
            self._names.discard(text)
            self._held[text] = data
        else:
            self._held.pop(text, None)
            self._names.add(text)

    def __delitem__(self, text: tuple[str, str]) -> None:
        if self._held.pop(text, None) is not None:
            return
        self._names.remove(text)
        with contextlib.suppress(OSError):
            os.unlink(self._path(text))

    def __contains__(self, text: object) -> bool:
        return text in self._names or text in self._held

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter([*self._names, *self._held])

    def __len__(self) -> int:
        return len(self._names) + len(self._held)

    def _path(self, text: tuple[str, str]) -> str:
        stage, key = text  # a key is a hexadecimal digest: a name of its own
        return f"{self._where}/{stage}-{key}"
