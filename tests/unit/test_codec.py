"""What the state file reads back: values of the type a row holds, exactly, and nothing else."""

from __future__ import annotations

import dataclasses
import inspect
import pickle
import types
import typing
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen import model
from sitegen.model import Document, Edition, FrontMatter, Heading, Rendered, Site, Tag, Year
from sitegen.project.errors import Diagnostic
from sitegen.state.codec import Codec, Damaged
from sitegen.state.lastbuild import LastBuild
from sitegen.state.storedcache import _STAGES

MODEL = [
    kind
    for _, kind in inspect.getmembers(model, inspect.isclass)
    if dataclasses.is_dataclass(kind) and kind.__module__ == model.__name__
]
STORED = [*MODEL, Diagnostic, LastBuild, *_STAGES.values()]
WHOLE_SITE = [Site, Edition, Year, Tag]
"""Records that hold lists of whole entries: a few examples each reach every field."""
ZONES = [None, UTC, timezone(timedelta(hours=2)), ZoneInfo("Europe/Paris")]

plain: st.SearchStrategy[Any] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text()
    | st.dates()
    | st.times()
    | st.datetimes(timezones=st.sampled_from(ZONES)),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text() | st.integers() | st.dates(), inner, max_size=3)
    ),
    max_leaves=12,
)
"""What front matter's `Any` holds: what YAML, TOML and JSON read, and tuples."""


def values(hint: Any) -> st.SearchStrategy[Any]:
    """Values of `hint`, read from its type hints as the codec reads them."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is Any:
        return plain
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        hints = typing.get_type_hints(hint)
        fields = {f.name: values(hints[f.name]) for f in dataclasses.fields(hint) if f.init}
        return st.builds(hint, **fields)
    if origin is tuple and args[-1:] == (Ellipsis,):
        return st.lists(values(args[0]), max_size=3).map(tuple)
    if origin is tuple:
        return st.tuples(*map(values, args))
    if origin is dict:
        return st.dictionaries(values(args[0]), values(args[1]), max_size=3)
    if origin in (typing.Union, types.UnionType):
        return st.one_of(*map(values, args))
    if hint is datetime:
        return st.datetimes(timezones=st.sampled_from(ZONES))
    if hint is Path:
        return st.text(min_size=1).map(Path)
    if hint is str:
        return st.text(st.characters(codec="utf-8"))  # no half character: UTF-8 has none
    if hint is int:
        return st.integers(-(2**63), 2**63 - 1)
    return st.from_type(hint)


@pytest.mark.parametrize("kind", [k for k in STORED if k not in WHOLE_SITE], ids=repr)
@settings(max_examples=100)  # each a whole document: the types, not the count, are the point
@given(data=st.data())
def test_every_stored_type_comes_back_exactly(kind: Any, data: st.DataObject) -> None:
    _comes_back(kind, data.draw(values(kind)))


@pytest.mark.parametrize("kind", WHOLE_SITE, ids=repr)
# Lists of whole entries, each type of which is drawn above: large by design, so a run that
# draws many large ones is not a fault of the test (it failed CI once on that check alone).
@settings(max_examples=20, suppress_health_check=[HealthCheck.data_too_large])
@given(data=st.data())
def test_the_records_of_a_whole_site_come_back_exactly(kind: Any, data: st.DataObject) -> None:
    _comes_back(kind, data.draw(values(kind)))


def _comes_back(kind: Any, value: Any) -> None:
    codec: Codec[Any] = Codec(kind)
    back = codec.decode(codec.encode(value))
    assert back == value
    assert repr(back) == repr(value)  # the same time zones, tuples and numbers, not equal ones


@given(plain)
def test_front_matter_values_keep_their_types(value: Any) -> None:
    codec: Codec[Any] = Codec(Any)
    assert repr(codec.decode(codec.encode(value))) == repr(value)


def test_a_number_past_64_bits_and_a_moment_in_a_named_zone_come_back() -> None:
    paris = datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=ZoneInfo("Europe/Paris"))
    value = {"big": 10**40, "quand": paris, date(2026, 1, 1): (time(9, 30), [1, 2])}
    codec: Codec[Any] = Codec(Any)
    back = codec.decode(codec.encode(value))
    assert repr(back) == repr(value) and back["quand"].utcoffset() == timedelta(hours=1)


RENDERED = Rendered("<p>Du texte.</p>", "", False, (Heading(2, "a", "A"),), 2, ())


@pytest.mark.parametrize(
    "stored",
    [
        pickle.dumps(RENDERED),
        b"\x80\x05not msgpack",
        msgspec.msgpack.encode({"html": 1}),  # a field of another type
        msgspec.msgpack.encode([RENDERED.html]),
        b"\x91" * 100_000 + b"\xc0",  # nested past any bound
    ],
)
def test_a_hostile_value_is_refused(stored: bytes) -> None:
    with pytest.raises(Damaged):
        Codec(tuple[Rendered, tuple[Diagnostic, ...]]).decode(stored)


def test_a_value_of_another_row_is_refused() -> None:
    rendered: Codec[tuple[Rendered, tuple[Diagnostic, ...]]] = Codec(_STAGES["markdown"])
    markdown = rendered.encode((RENDERED, ()))
    with pytest.raises(Damaged):
        Codec(tuple[Document | None, tuple[Diagnostic, ...]]).decode(markdown)


@pytest.mark.parametrize(
    "stored",
    [
        msgspec.msgpack.Ext(99, b"\xc0"),  # an extension sitegen does not write
        msgspec.msgpack.Ext(5, msgspec.msgpack.encode("9" * 5000)),  # digits past any bound
        msgspec.msgpack.Ext(1, msgspec.msgpack.encode(["2026-01-01", "../../etc/passwd", 0])),
    ],
)
def test_a_hostile_front_matter_value_is_refused(stored: msgspec.msgpack.Ext) -> None:
    meta = FrontMatter("Titre", None, "fr", "post")
    codec: Codec[FrontMatter] = Codec(FrontMatter)
    planted = msgspec.msgpack.decode(codec.encode(meta))
    planted[list(FrontMatter.__dataclass_fields__).index("extra")] = [["clé", stored]]
    with pytest.raises(Damaged):
        codec.decode(msgspec.msgpack.encode(planted))
