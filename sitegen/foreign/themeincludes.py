"""The includes a Jekyll tree takes from its theme (`theme:`, a gem, or `remote_theme:`, a
repository), which are not in the tree: minimal-mistakes' `figure` and `gallery` have a
well-known meaning, and are written as the theme writes them. A tree's own `_includes/`
file of the same name comes first, as in Jekyll."""

from __future__ import annotations

from collections.abc import Callable
from html import unescape
from typing import Any

from sitegen.foreign.figures import figure_html, image_html
from sitegen.foreign.liquidvalues import Scope, shown
from sitegen.foreign.markup import Markup
from sitegen.settings.inputs import configuration
from sitegen.urls import is_web_address

_MINIMAL_MISTAKES = "minimal-mistakes"
_HINT = "give the include an image_path, or write the figure in Markdown"

Include = Callable[[Markup, Scope, dict[str, object], int], str]


def theme_include(
    markup: Markup, scope: Scope, name: str, params: dict[str, object], offset: int
) -> str | None:
    """What `{% include <name> … %}` of the tree's theme shows, or None when the theme is
    not one sitegen knows or has no such include."""
    made = _INCLUDES.get(name)
    if made is None or _theme(configuration(markup.config)) != _MINIMAL_MISTAKES:
        return None
    return made(markup, scope, params, offset)


def _theme(site: dict[str, Any]) -> str:
    """`minimal-mistakes-jekyll` (the gem) or `mmistakes/minimal-mistakes@4.26.2` (the
    repository) -> `minimal-mistakes`."""
    for key in ("theme", "remote_theme"):
        value = site.get(key)
        if isinstance(value, str) and value.strip():
            name = value.strip().split("@")[0].rstrip("/").rsplit("/", 1)[-1]
            return name.lower().removesuffix("-jekyll")
    return ""


def _figure(markup: Markup, scope: Scope, params: dict[str, object], offset: int) -> str:
    """`<figure>` with the image at the site's path, its alt (`escape_once`: an `&amp;`
    already written stays one) and the caption's Markdown; `popup` links to the image."""
    path = shown(params.get("image_path"))
    if not path:
        markup.warn(offset, "Liquid include `figure` names no image_path: left out", _HINT)
        return ""
    src = _address(markup, path)
    alt = unescape(shown(params.get("alt")))
    image = image_html(src, alt, src if params.get("popup") else "")
    caption, css = shown(params.get("caption")), shown(params.get("class"))
    return figure_html(markup, image, caption, css)


def _gallery(markup: Markup, scope: Scope, params: dict[str, object], offset: int) -> str:
    """The images of `page.gallery` (or of the front matter key `id` names), each linked
    to its `url` when it has one, in a figure classed `half` or `third` by their number."""
    key = shown(params.get("id")) or "gallery"
    page = scope.variables.get("page")
    found = page.get(key) if isinstance(page, dict) else None
    items = [item for item in found if isinstance(item, dict)] if isinstance(found, list) else []
    if not items:
        message = f"Liquid include `gallery` finds no images in the front matter's {key!r}"
        markup.warn(offset, message + ": left out", "list them under that key")
        return ""
    images = "".join(_gallery_image(markup, item) for item in items)
    layout = "half" if len(items) == 2 else "third" if len(items) >= 3 else ""
    css = f"{layout} {shown(params.get('class'))}".strip()
    return figure_html(markup, images, shown(params.get("caption")), css)


def _gallery_image(markup: Markup, item: dict[str, Any]) -> str:
    link = shown(item.get("url"))
    src = _address(markup, shown(item.get("image_path")))
    return image_html(src, shown(item.get("alt")), _address(markup, link) if link else "")


def _address(markup: Markup, path: str) -> str:
    """`relative_url` as the theme applies it: a web address stays, anything else is a
    path of the site (so no other scheme, such as `javascript:`, reaches an attribute)."""
    return path if is_web_address(path) else markup.urls("/" + path.lstrip("/"))


_INCLUDES: dict[str, Include] = {"figure": _figure, "gallery": _gallery}
