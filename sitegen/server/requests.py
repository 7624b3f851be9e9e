"""Turning a request path into a file of the site, refusing anything that could escape it."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import unquote

# Percent-decoding twice at most: a third layer of encoding is not a real browser's.
_DECODE_ROUNDS = 3


class BadPath(ValueError):
    """The path tries to leave the site or is not a path at all (answered with 400)."""


@dataclass(frozen=True, slots=True)
class Target:
    rel: str
    """Output path inside the site, e.g. `2026/01/x/index.html`."""
    is_folder: bool


def site_path(raw: str, base_path: str) -> Target | None:
    """The file a request path names, None when it is outside the base path.

    Every decoding layer is inspected: `..`, `%2e%2e`, `..%5c`, `%252e%252e` and NUL are
    refused whatever way they are written.
    """
    path = raw.split("?", 1)[0].split("#", 1)[0]
    layer = path
    for _ in range(_DECODE_ROUNDS):
        _refuse_escapes(layer)
        try:
            decoded = unquote(layer, errors="strict")
        except UnicodeDecodeError as exc:
            raise BadPath("not UTF-8") from exc
        if decoded == layer:
            break
        layer = decoded
    else:
        raise BadPath("encoded too many times")
    if not layer.startswith(base_path):
        return None
    rel = layer[len(base_path) :]
    normal = posixpath.normpath("/" + rel).lstrip("/") if rel else ""
    if normal in ("", "."):
        return Target("index.html", True)
    if rel.endswith("/"):
        return Target(f"{normal}/index.html", True)
    return Target(normal, False)


def _refuse_escapes(path: str) -> None:
    if "\0" in path or "\\" in path or not path.startswith("/"):
        raise BadPath("not a path inside the site")
    if any(part in ("..", ".") for part in path.split("/")):
        raise BadPath("`..` is not allowed")
