"""Values kept in `.sitegen-cache/` between builds: pickled, sealed, and read back safely.

The cache folder lies in the blog's tree, so it is as untrusted as the tree: a cache
committed to a repository, or planted in an archive, must not run code, change the site or
make sitegen write anywhere. Two locks, each enough against a planted cache:

- every value is sealed with a key of this user's, kept outside any project (keyed BLAKE2,
  a MAC by design): a value someone else wrote is never unpickled at all;
- a sealed value is unpickled by an unpickler that knows only sitegen's model classes and the
  few standard types they hold, whose constructors store what they are given and do nothing
  else: if the key ever leaked, a crafted value still could not call anything else.
"""

from __future__ import annotations

import copyreg
import hashlib
import hmac
import io
import os
import pickle
import secrets
from contextlib import suppress
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from pathlib import Path, PosixPath, PurePosixPath, PureWindowsPath, WindowsPath
from typing import Any, ClassVar

from sitegen.model import (
    Change,
    Document,
    FrontMatter,
    Generated,
    Heading,
    Imported,
    LinkRef,
    Narration,
    OutputFile,
    Reference,
    Rendered,
    SourceFile,
    Translated,
)
from sitegen.project.errors import Diagnostic, Severity
from sitegen.project.files import read_bytes
from sitegen.project.scratch import scratch_beside

TAG = 32
"""Bytes of the seal in front of each value."""
_KEY = 32


def _by_fields(obj: Any) -> tuple[type, tuple[Any, ...]]:
    return type(obj), tuple(getattr(obj, name) for name in type(obj).__slots__)


# Rebuilt through their constructors: twice as fast to load as dataclasses' own pickling.
_MODEL: tuple[type, ...] = (
    *(SourceFile, Translated, Generated, Narration, Change, Imported, Reference),
    *(FrontMatter, Document),
    *(Heading, LinkRef, Rendered, Diagnostic),
)
for _kind in _MODEL:
    copyreg.pickle(_kind, _by_fields)

_STANDARD: tuple[type, ...] = (
    *(datetime, date, time, timedelta, timezone, set, frozenset),
    *(Path, PosixPath, WindowsPath, PurePosixPath, PureWindowsPath),
)
"""What front matter values and source paths are made of (YAML, TOML and JSON values)."""


class _Known(pickle.Unpickler):
    """The Python documentation's "restricting globals": any other name is refused."""

    allowed: ClassVar[dict[tuple[str, str], type]] = {}

    def find_class(self, module: str, name: str) -> Any:
        found = self.allowed.get((module, name))
        if found is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not a cached type")
        return found


def allow(*kinds: type) -> None:
    """Let the unpickler rebuild `kinds` too (each module adds the records it keeps)."""
    _Known.allowed.update({(k.__module__, k.__qualname__): k for k in kinds})


allow(*_MODEL, Severity, OutputFile, *_STANDARD)


def dumps(value: object, purpose: str) -> bytes:
    """`value` pickled and sealed; `purpose` (the row's stage and key) is sealed with it, so a
    value cannot be moved to another row."""
    data = pickle.dumps(value, protocol=5)
    return _tag(purpose, data) + data


def loads(blob: bytes, purpose: str) -> Any:
    """The value sealed by `dumps` for `purpose`; ValueError when the seal does not match."""
    data = memoryview(blob)[TAG:]
    if len(blob) < TAG or not hmac.compare_digest(blob[:TAG], _tag(purpose, data)):
        raise ValueError("not sealed with this user's key")
    return _Known(io.BytesIO(data)).load()


def seal(text: str) -> str:
    """A seal of `text` alone, for a stamp."""
    return _tag("stamp", text.encode()).hex()


def _tag(purpose: str, data: bytes | memoryview) -> bytes:
    digest = hashlib.blake2b(key=user_key(), digest_size=TAG, person=b"sitegen-cache")
    digest.update(purpose.encode("utf-8", "surrogatepass") + b"\0")
    digest.update(data)
    return digest.digest()


def user_key() -> bytes:
    """This user's key, made on first use; OSError when it cannot be read or made."""
    return _key_in(os.environ.get("XDG_CACHE_HOME", ""))


@lru_cache(maxsize=4)
def _key_in(base: str) -> bytes:
    path = Path(base or Path.home() / ".cache", "sitegen", "key")
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    made = scratch_beside(path, secrets.token_bytes(_KEY), 0o600)
    with made as temporary, suppress(FileExistsError):
        os.link(temporary, path)  # never replaces the key another build made meanwhile
    return _read_key(path)


def _read_key(path: Path) -> bytes:
    key = read_bytes(path, _KEY)
    if len(key) != _KEY:
        raise OSError(f"{path} is not a key of sitegen's")
    return key
