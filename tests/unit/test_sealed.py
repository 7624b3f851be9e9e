"""What the cache reads back: sealed values of sitegen's own types, nothing else."""

from __future__ import annotations

import dataclasses
import enum
import pickle
from pathlib import Path

import pytest

import sitegen.lastbuild  # noqa: F401  (adds the record of the last build)
from sitegen import sealed
from sitegen.model import Heading, Rendered


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
