"""What the cache reads back: sealed values of sitegen's own types, nothing else."""

from __future__ import annotations

import dataclasses
import enum
import pickle
import types
import typing
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

import sitegen.state.lastbuild  # noqa: F401  (adds the record of the last build)
from sitegen.model import (
    Change,
    FrontMatter,
    Generated,
    Heading,
    Imported,
    Narration,
    Rendered,
    Translated,
)
from sitegen.state import sealed


@pytest.fixture(autouse=True)
def _own_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


def test_a_value_comes_back_only_with_its_seal_and_its_row() -> None:
    value = Rendered("<p>Du texte.</p>", "", False, (Heading(2, "a", "A"),), 2, ())
    blob = sealed.dumps(value, "markdown\0k1")
    assert sealed.loads(blob, "markdown\0k1") == value
    for changed, purpose in [
        (blob, "markdown\0k2"),  # moved to another row
        (blob[:-1] + bytes([blob[-1] ^ 1]), "markdown\0k1"),
        (pickle.dumps(value), "markdown\0k1"),  # not sealed
    ]:
        with pytest.raises(ValueError):
            sealed.loads(changed, purpose)


def test_the_key_is_the_users_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = tmp_path / "user-cache/sitegen/key"
    blob = sealed.dumps("x", "p")
    assert key.stat().st_mode & 0o777 == 0o600
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "someone-else"))
    with pytest.raises(ValueError):
        sealed.loads(blob, "p")


def test_the_types_rebuilt_only_store_what_they_are_given() -> None:
    """An allowed type whose constructor did more (wrote a file, say) would let a crafted
    value do it: each is a plain dataclass, an enum or a value type of the standard library."""
    for kind in sealed._Known.allowed.values():
        if kind.__module__.startswith("sitegen."):
            assert dataclasses.is_dataclass(kind) or issubclass(kind, enum.Enum), kind
            assert not hasattr(kind, "__post_init__"), kind
            made = kind.__init__.__code__.co_filename == "<string>"  # by @dataclass
            assert made or issubclass(kind, enum.Enum), kind
            assert kind.__new__ is object.__new__ or issubclass(kind, enum.Enum), kind
        else:
            assert kind.__module__ in {"datetime", "builtins", "pathlib"}, kind


def _sample(hint: Any) -> Any:
    """A value of type `hint`, every optional part present, every list one item long."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Literal:
        return args[0]
    if origin in (typing.Union, types.UnionType):
        return _sample(next(arg for arg in args if arg is not type(None)))
    if origin is tuple:
        return (_sample(args[0]),) if args[-1] is Ellipsis else tuple(map(_sample, args))
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return hint(**{name: _sample(kind) for name, kind in _fields(hint).items()})
    made = {str: "x", bool: True, int: 1, datetime: datetime(2026, 3, 1, 9, 30, tzinfo=UTC)}
    return made.get(hint) or {date: date(2026, 3, 1), Path: Path("x")}.get(hint, "x")


def _fields(kind: type) -> dict[str, Any]:
    hints = typing.get_type_hints(kind)
    return {f.name: hints[f.name] for f in dataclasses.fields(kind)}


def test_every_part_of_a_posts_front_matter_comes_back_from_the_cache() -> None:
    """A type the unpickler does not know makes every post holding it a damaged row, parsed
    again by every build: each dataclass a front matter can hold must round-trip."""
    meta = _sample(FrontMatter)
    reached = {type(meta)}
    pending = [meta]
    while pending:
        value = pending.pop()
        for part in (getattr(value, name) for name in _fields(type(value))):
            for item in part if isinstance(part, tuple) else (part,):
                if dataclasses.is_dataclass(item) and type(item) not in reached:
                    reached.add(type(item))
                    pending.append(item)
    assert {Change, Imported, Narration, Generated, Translated} <= reached
    assert sealed.loads(sealed.dumps(meta, "parse\0k"), "parse\0k") == meta
