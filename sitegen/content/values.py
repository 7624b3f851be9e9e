"""The front matter's plain values: layout, tags, slug, addresses inside the site, `extra`.

Each reader takes the value as YAML gave it and returns it typed, or raises `Invalid`.
"""

from __future__ import annotations

import re
from typing import Any

from sitegen.content.flags import Invalid, as_written, text
from sitegen.model import LAYOUTS, Cover
from sitegen.project.paths import name_too_long
from sitegen.urls import slugify

_SLUG = re.compile(r"^[\w][\w.~-]*$")
NOT_IN_PATH = re.compile(r"[^\w/.~%+-]")
"""A character an address inside the site may not hold as it is written."""


def optional_text(value: Any) -> str | None:
    return None if value is None or value == "" else text(value)


def layout(value: Any) -> str:
    if value not in LAYOUTS:
        raise Invalid(f"{as_written(value)} is not a layout", f"choose one of {', '.join(LAYOUTS)}")
    return str(value)


def tags(value: Any) -> tuple[str, ...]:
    # A single tag written as text is common (`tags: ia`): it means a list of one.
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise Invalid("expected a list of tags", "write `tags: [ia, llm]`")
    by_slug: dict[str, str] = {}
    for number, item in enumerate(items, start=1):
        if isinstance(item, int | float) and not isinstance(item, bool):
            item = str(item)  # `tags: [2025]`
        if not isinstance(item, str) or not item.strip():
            raise Invalid(
                f"tag {number} is empty or not text", "write each tag as a word, e.g. `ia`"
            )
        by_slug.setdefault(slugify(item.strip()), item.strip())
    return tuple(by_slug.values())


def site_path(value: Any) -> str:
    """`/a-propos/`, `/2024/old.html`: an address inside the site; `/a` means `/a/`."""
    path = "/" + text(value).strip().lstrip("/")
    parts = path.split("/")
    if any(p in (".", "..") for p in parts) or "//" in path or NOT_IN_PATH.search(path):
        raise Invalid(f"{path!r} is not an address inside the site", "write it as /a-propos/")
    for part in parts:
        _fits_a_name(part, "shorten this part of the address")
    return path if path.endswith("/") or "." in parts[-1] else path + "/"


_SEO_TAG_IMAGE = {"path", "width", "height"}
"""jekyll-seo-tag's names in `image:`: `path` is the file; the sizes are measured instead."""


def cover(value: Any) -> Cover:
    """`image: cover.jpg`, or `image: {src: cover.jpg, alt: …}`."""
    written = {"src": value} if isinstance(value, str) else value
    if isinstance(written, dict) and "src" not in written and "path" in written:
        written = {**written, "src": written["path"]}
    if not isinstance(written, dict) or not isinstance(written.get("src"), str):
        raise Invalid("expected the image's file", "write `image: {src: cover.jpg, alt: …}`")
    unknown = sorted(set(map(str, written)) - {"src", "alt", *_SEO_TAG_IMAGE})
    if unknown:
        raise Invalid(f"`image` has no `{unknown[0]}`", "write `image: {src: cover.jpg, alt: …}`")
    src = written["src"].strip()
    if not src or ".." in src.split("/") or "\\" in src:
        hint = "name a file beside the post, or a site path such as /images/cover.jpg"
        raise Invalid(f"{as_written(src)} is not an image's file", hint)
    return Cover(src, optional_text(written.get("alt")))


def aliases(value: Any) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise Invalid("expected a list of old addresses", "write `aliases: [/ancien/chemin/]`")
    return tuple(dict.fromkeys(site_path(item) for item in items))


def extra(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Invalid("expected `key: value` lines under `extra:`")
    return {str(k): v for k, v in value.items()}


def usable_slug(slug: str) -> bool:
    """Whether `slug` can stand in an address as it is written."""
    return bool(_SLUG.match(slug)) and ".." not in slug


def slug(value: Any) -> str:
    slug = text(value)
    _fits_a_name(slug, "a few words say it best, e.g. `slug: attention-transformeurs`")
    if not usable_slug(slug):
        raise Invalid(
            f"{slug!r} cannot be part of a URL",
            "use letters, digits and dashes only, e.g. `slug: attention-transformeurs`",
        )
    return slug


def _fits_a_name(part: str, hint: str) -> None:
    if too_long := name_too_long(part):
        raise Invalid(too_long, hint)
