"""Each `<img>` of a page's text, as the reader's browser best loads it.

Every image gets its `width` and `height`, so the text does not jump as it arrives, and
`decoding="async"`; those below the first screen `loading="lazy"`. An image published in
several sizes becomes a `<picture>`: AVIF and WebP first, then its own format, each with its
widths, so the browser fetches the smallest that fills the column on its screen.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape, unescape

from sitegen.images.pictures import Picture
from sitegen.images.variants import FORMATS, Variant

SIZES = "(min-width: 45rem) 42.5rem, calc(100vw - 2.5rem)"
"""How wide an image of the text is shown: the column (`--measure` less `.wrap`'s padding in
site.css), or the screen less that padding on a phone."""
FIRST_SCREEN = 1200
"""Characters of text before an image that is likely below the first screen of a phone."""

_TAG = re.compile(r'<img((?:\s+[a-zA-Z][\w:-]*(?:="[^"<>]*")?)*)\s*/?>')
_ATTRIBUTE = re.compile(r'([a-zA-Z][\w:-]*)(?:="([^"]*)")?')
_PICTURE = re.compile(r"<(/?)picture\b", re.IGNORECASE)
Finder = Callable[[str], Picture | None]
"""The picture an `<img src>` names, if it is one of the site's images."""


def placed(html: str, find: Finder, eager_first: bool, url: Callable[[str], str]) -> str:
    """`html` with each `<img>` placed; with `eager_first`, the first one within the first
    screen is loaded at once (the largest thing a reader sees first must not wait).
    `url` gives the address of a site path, under the base path."""
    out: list[str] = []
    at, first = 0, eager_first
    for match in _TAG.finditer(html):
        if _inside_picture(html, match.start()):
            continue  # written as a <picture> by the author: left as written
        attributes = dict(_ATTRIBUTE.findall(match.group(1)))
        eager = first and match.start() < FIRST_SCREEN
        first = False
        picture = find(unescape(attributes.get("src", "")))
        out += (html[at : match.start()], image_tag(attributes, picture, eager, url))
        at = match.end()
    return "".join(out) + html[at:] if out else html


def image_tag(
    attributes: dict[str, str], picture: Picture | None, eager: bool, url: Callable[[str], str]
) -> str:
    """An `<img>` with its `attributes` as written (escaped), placed."""
    attributes = dict(attributes)
    attributes["loading"] = "eager" if eager else "lazy"
    if eager:
        attributes["fetchpriority"] = "high"
    attributes["decoding"] = "async"
    if picture is None:
        return _img(attributes)
    if "width" not in attributes and "height" not in attributes:  # else the author's
        attributes["width"], attributes["height"] = map(str, picture.size)
    largest = picture.fallback
    if largest is None:
        return _img(attributes)
    attributes.update(src=escape(url(largest.url)), srcset=_srcset(picture.own, url), sizes=SIZES)
    sources = [
        f'<source type="{media}" srcset="{_srcset(_in(picture, extension), url)}" sizes="{SIZES}">'
        for extension, media in FORMATS.items()
        if _in(picture, extension)
    ]
    return f"<picture>{''.join(sources)}{_img(attributes)}</picture>"


def _in(picture: Picture, extension: str) -> list[Variant]:
    return [v for v in picture.variants if v.extension == extension]


def _srcset(variants: list[Variant], url: Callable[[str], str]) -> str:
    return ", ".join(f"{escape(url(v.url))} {v.width}w" for v in variants)


def _img(attributes: dict[str, str]) -> str:
    written = "".join(
        f' {name}="{value}"' if value or name == "alt" else f" {name}"
        for name, value in attributes.items()
    )
    return f"<img{written}>"


def _inside_picture(html: str, at: int) -> bool:
    tags = _PICTURE.findall(html, 0, at)
    return bool(tags) and tags[-1] == ""
