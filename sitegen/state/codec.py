"""Values kept between builds, encoded by their type: MessagePack that reads back only as the
type it was written for.

A codec is made from a type's hints (the model's frozen dataclasses, tuples, unions, enums,
dates, paths) and checks, while decoding, that every part has the type its field declares:
a value that does not is `Damaged`, never half built. Decoding calls nothing but the
dataclasses' own `__init__` (made by `@dataclass`, they only store what they are given) and
the constructors of the standard value types, so no byte of a stored value can run code.
MessagePack itself is read by msgspec's C reader, bounded in depth.

The hints are read when the codec is made, so a field added to the model is kept with no
change here. Front matter values the schema does not know (`Any`: whatever YAML, TOML or
JSON gave) keep their exact types through MessagePack extensions: dates, times, the time
zone of a moment, tuples and integers past 64 bits.
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from collections.abc import Callable
from datetime import date, datetime, time, timezone, tzinfo
from pathlib import Path
from typing import Any, Generic, TypeVar
from zoneinfo import ZoneInfo

import msgspec

T = TypeVar("T")
Convert = Callable[[Any], Any]


class Damaged(ValueError):
    """Stored bytes that are not a value of the type asked for."""


class Codec(Generic[T]):
    """Encodes values of `kind` to bytes and back.

    A type that msgspec reads back exactly (no moment, whose zone it would turn into UTC; no
    `Any`, whose tuples and dates it would turn into lists and text) is read by msgspec's
    typed decoder, which builds the dataclasses in C, four times faster than in Python.
    """

    def __init__(self, kind: Any) -> None:
        exact = _exact(kind)
        self._to_plain = _same if exact else _encoder(kind)
        self._from_plain = _same if exact else _decoder(kind)
        self._read = msgspec.msgpack.Decoder(kind, dec_hook=_path) if exact else _DECODER

    def encode(self, value: T) -> bytes:
        """The value's bytes; TypeError (or OverflowError: an integer past 64 bits) when a part
        of it has no stored form."""
        return _ENCODER.encode(self._to_plain(value))

    def decode(self, data: bytes) -> T:
        try:
            found: T = self._from_plain(self._read.decode(data))
        except Damaged:
            raise
        except Exception as exc:  # msgspec's, a constructor's, or recursion: all one answer
            raise Damaged(f"not a stored value ({type(exc).__name__})") from None
        return found


def _exact(hint: Any) -> bool:
    """Whether msgspec's typed decoder gives back exactly what was encoded."""
    if dataclasses.is_dataclass(hint):
        return all(_exact(kind) for _, kind in _fields(hint))
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return len(args) == 2 and type(None) in args and all(map(_exact, args))
    if origin in (tuple, dict):
        return all(_exact(arg) for arg in args if arg is not Ellipsis)
    enumerated = isinstance(hint, type) and issubclass(hint, enum.Enum)
    return enumerated or origin is typing.Literal or hint in _EXACT


def _path(kind: type, value: Any) -> Any:
    if kind is Path and type(value) is str:
        return Path(value)
    raise TypeError(f"no stored form for {kind!r}")


def _encoder(hint: Any) -> Convert:
    if hint is Any:
        return _plain
    if dataclasses.is_dataclass(hint):
        fields = [(f.name, _encoder(kind)) for f, kind in _fields(hint)]
        return lambda value: [encode(getattr(value, name)) for name, encode in fields]
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return lambda value: value.value
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if (origin is tuple and args[-1:] == (Ellipsis,)) or origin is list:
        item = _encoder(args[0])
        return lambda value: [item(part) for part in value]
    if origin is tuple:
        parts = [_encoder(arg) for arg in args]
        return lambda value: [encode(part) for encode, part in zip(parts, value, strict=True)]
    if origin is dict:
        key, item = _encoder(args[0]), _encoder(args[1])
        return lambda value: [[key(k), item(v)] for k, v in value.items()]
    if origin in (typing.Union, types.UnionType):
        return _union_encoder(args)
    return _SCALAR_ENCODERS.get(hint, _same)


def _decoder(hint: Any) -> Convert:
    if hint is Any:
        return _same  # extensions were read back by `_extension`
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return _dataclass_decoder(hint)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if (origin is tuple and args[-1:] == (Ellipsis,)) or origin is list:
        item, made = _decoder(args[0]), origin
        return lambda value: made(item(part) for part in _exactly(list, value))
    if origin is tuple:
        parts = [_decoder(arg) for arg in args]
        return lambda value: tuple(
            d(p) for d, p in zip(parts, _sized(value, len(parts)), strict=True)
        )
    if origin is dict:
        key, item = _decoder(args[0]), _decoder(args[1])
        return lambda value: {key(k): item(v) for k, v in map(_pair, _exactly(list, value))}
    if origin is typing.Literal:
        allowed = frozenset(args)
        return lambda value: value if value in allowed and type(value) is str else _refuse(value)
    if origin in (typing.Union, types.UnionType):
        return _union_decoder(args)
    if hint in _SCALAR_DECODERS:
        return _SCALAR_DECODERS[hint]
    raise TypeError(f"no stored form for {hint!r}")


def _fields(kind: Any) -> list[tuple[dataclasses.Field[Any], Any]]:
    hints = typing.get_type_hints(kind)
    return [(f, hints[f.name]) for f in dataclasses.fields(kind) if f.init]


def _dataclass_decoder(kind: type) -> Convert:
    parts = [_decoder(hint) for _, hint in _fields(kind)]
    count = len(parts)

    def decode(value: Any) -> Any:
        return kind(*[d(p) for d, p in zip(parts, _sized(value, count), strict=True)])

    return decode


def _union_encoder(args: tuple[Any, ...]) -> Convert:
    """An optional value as itself or nil; any other union as the arm's number and its value."""
    arms = [a for a in args if a is not type(None)]
    if len(arms) == 1 and len(args) == 2:
        encode = _encoder(arms[0])
        return lambda value: None if value is None else encode(value)
    tests = [(i, _runtime_type(arm), _encoder(arm)) for i, arm in enumerate(args)]

    def encode_arm(value: Any) -> Any:
        for i, kind, encode in tests:
            if isinstance(value, kind):
                return [i, encode(value)]
        raise TypeError(f"{type(value).__name__} is none of {args}")

    return encode_arm


def _union_decoder(args: tuple[Any, ...]) -> Convert:
    arms = [a for a in args if a is not type(None)]
    if len(arms) == 1 and len(args) == 2:
        decode = _decoder(arms[0])
        return lambda value: None if value is None else decode(value)
    decoders = [_decoder(arm) for arm in args]

    def decode_arm(value: Any) -> Any:
        arm, part = _sized(value, 2)
        if type(arm) is not int or not 0 <= arm < len(decoders):
            _refuse(arm)
        return decoders[arm](part)

    return decode_arm


def _runtime_type(hint: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin is typing.Literal:
        return tuple({type(arg) for arg in typing.get_args(hint)})
    return origin or hint


def _same(value: Any) -> Any:
    return value


def _refuse(value: Any) -> typing.NoReturn:
    raise Damaged(f"unexpected {type(value).__name__}")


def _exactly(kind: type, value: Any) -> Any:
    return value if type(value) is kind else _refuse(value)


def _sized(value: Any, count: int) -> list[Any]:
    if type(value) is not list or len(value) != count:
        _refuse(value)
    return value


def _pair(value: Any) -> list[Any]:
    return _sized(value, 2)


def _checked(kind: type) -> Convert:
    return lambda value: value if type(value) is kind else _refuse(value)


def _moment_out(value: datetime) -> list[Any]:
    """ISO text, and the name of a time zone from the database (a Jekyll site's `timezone`)."""
    zone = value.tzinfo
    if zone is None or isinstance(zone, timezone):
        return [value.isoformat(), None, value.fold]
    if isinstance(zone, ZoneInfo):
        return [value.replace(tzinfo=None).isoformat(), zone.key, value.fold]
    raise TypeError(f"no stored form for the time zone {zone!r}")


def _moment_in(value: Any) -> datetime:
    text, zone, fold = _sized(value, 3)
    moment = datetime.fromisoformat(_exactly(str, text))
    if zone is not None:
        moment = moment.replace(tzinfo=_zone(_exactly(str, zone)))
    return moment.replace(fold=_exactly(int, fold))


def _zone(name: str) -> tzinfo:
    if moment_zone := _ZONES.get(name):
        return moment_zone
    zone = _ZONES[name] = ZoneInfo(name)  # the database's names only: no path is read
    return zone


_ZONES: dict[str, tzinfo] = {}


def _day_in(value: Any) -> date:
    return date.fromisoformat(_exactly(str, value))


def _time_out(value: time) -> list[Any]:
    if value.tzinfo is not None:
        raise TypeError("no stored form for a time of day in a time zone")
    return [value.isoformat(), value.fold]


def _time_in(value: Any) -> time:
    text, fold = _sized(value, 2)
    return time.fromisoformat(_exactly(str, text)).replace(fold=_exactly(int, fold))


_EXACT = {str, int, bool, bytes, float, type(None), date, Path}
_SCALAR_ENCODERS: dict[Any, Convert] = {
    datetime: _moment_out,
    date: date.isoformat,
    time: _time_out,
    Path: str,
}
_SCALAR_DECODERS: dict[Any, Convert] = {
    str: _checked(str),
    int: _checked(int),
    bool: _checked(bool),
    bytes: _checked(bytes),
    float: lambda value: float(value) if type(value) in (float, int) else _refuse(value),
    type(None): lambda value: value if value is None else _refuse(value),
    datetime: _moment_in,
    date: _day_in,
    time: _time_in,
    Path: lambda value: Path(_exactly(str, value)),
}


class _Ext(enum.IntEnum):
    """What a value of unknown type (`Any`) is, beyond MessagePack's own types."""

    MOMENT = 1
    DAY = 2
    TIME = 3
    TUPLE = 4
    BIG = 5
    MAPPING = 6


def _plain(value: Any) -> Any:
    """A value of unknown type in MessagePack's terms, its exact type kept; TypeError when it
    is not one that front matter can hold."""
    kind = type(value)
    if kind in (str, bool, float, type(None), bytes):
        return value
    if kind is int:
        return value if -(2**63) <= value < 2**64 else _ext(_Ext.BIG, str(value))
    if kind is list:
        return [_plain(part) for part in value]
    if kind is dict and all(type(k) is str for k in value):
        return {k: _plain(v) for k, v in value.items()}
    if kind is dict:  # YAML's keys may be numbers or dates: MessagePack's keys are text here
        return _ext(_Ext.MAPPING, [[_plain(k), _plain(v)] for k, v in value.items()])
    if kind is tuple:
        return _ext(_Ext.TUPLE, [_plain(part) for part in value])
    if kind is datetime:
        return _ext(_Ext.MOMENT, _moment_out(value))
    if kind is date:
        return _ext(_Ext.DAY, value.isoformat())
    if kind is time:
        return _ext(_Ext.TIME, _time_out(value))
    raise TypeError(f"no stored form for {kind.__name__}")


def _path_out(value: Any) -> Any:
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"no stored form for {type(value).__name__}")


def _ext(code: _Ext, value: Any) -> msgspec.msgpack.Ext:
    return msgspec.msgpack.Ext(int(code), _ENCODER.encode(value))


def _extension(code: int, data: memoryview) -> Any:
    value = _DECODER.decode(data)
    if code == _Ext.TUPLE:
        return tuple(_exactly(list, value))
    if code == _Ext.MAPPING:
        return dict(map(_pair, _exactly(list, value)))
    if code == _Ext.BIG:
        return int(_exactly(str, value))
    if code == _Ext.DAY:
        return _day_in(value)
    if code == _Ext.TIME:
        return _time_in(value)
    if code == _Ext.MOMENT:
        return _moment_in(value)
    raise Damaged(f"unknown extension {code}")


_ENCODER = msgspec.msgpack.Encoder(enc_hook=_path_out)
_DECODER = msgspec.msgpack.Decoder(ext_hook=_extension)
