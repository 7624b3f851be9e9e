"""The address Jekyll or Hugo gives a post, so that a blog keeps its URLs when it moves."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import PurePosixPath

from sitegen.config import SiteConfig
from sitegen.model import Document
from sitegen.urls import slugify

_PLACEHOLDER = re.compile(r":([a-z_]+)")


def tool_url(config: SiteConfig, doc: Document) -> str:
    """The site path the other tool would publish `doc` at (before the language folder)."""
    fields = _jekyll_fields(doc) if config.dialect == "jekyll" else _hugo_fields(doc)
    pattern = _pattern(config, doc)
    path = _PLACEHOLDER.sub(lambda m: fields.get(m.group(1), m.group(0)), pattern)
    path = "/" + "/".join(part for part in path.split("/") if part)
    if pattern.endswith("/") or "." not in path.rsplit("/", 1)[-1]:
        path += "/"
    return path.lower() if config.dialect == "hugo" else path


def tool_slug(config: SiteConfig, doc: Document) -> str:
    """The name the post goes by in its address: Hugo's `:slug` falls back to the title."""
    meta, source = doc.meta, doc.source
    pattern = _pattern(config, doc)
    if config.dialect == "hugo" and re.search(r":(?:slug|title)\b", pattern):
        return meta.slug if meta.slug and ":slug" in pattern else slugify(meta.title)
    return meta.slug or source.stem


def _pattern(config: SiteConfig, doc: Document) -> str:
    source, settings = doc.source, dict(config.foreign.permalinks)
    if config.dialect == "jekyll":
        own = dict(doc.meta.extra).get("permalink")
        if isinstance(own, str):
            return own
        style = settings.get("*", "/:title/")
        if source.kind == "page":
            # `projets/index.md` is the folder's page: /projets/ whatever the style.
            return "/:path/" if style.endswith("/") or source.is_bundle else "/:path:output_ext"
        return style
    section = PurePosixPath(source.within).parts[0] if source.kind == "post" else ""
    return settings.get(section) or (
        "/:sections/:slugorfilename/" if section else "/:slugorfilename/"
    )


def _dates(day: datetime | None) -> dict[str, str]:
    if day is None:
        return {}
    return {
        "year": f"{day:%Y}",
        "month": f"{day:%m}",
        "day": f"{day:%d}",
        "i_month": str(day.month),
        "i_day": str(day.day),
        "short_year": f"{day:%y}",
        "y_day": f"{day:%j}",
        "hour": f"{day:%H}",
        "minute": f"{day:%M}",
        "second": f"{day:%S}",
        "week": f"{day:%V}",
        "short_day": f"{day:%a}",
        "long_day": f"{day:%A}",
        "short_month": f"{day:%b}",
        "long_month": f"{day:%B}",
    }


def _jekyll_fields(doc: Document) -> dict[str, str]:
    meta, source = doc.meta, doc.source
    categories = dict(meta.extra).get("categories") or dict(meta.extra).get("category") or []
    if isinstance(categories, str):
        categories = categories.split()
    written = categories if isinstance(categories, list) else []
    words = [slugify(str(c)) for c in dict.fromkeys([*source.categories, *written])]
    within = PurePosixPath(source.within)
    return {
        **_dates(meta.date),
        "title": meta.slug or source.stem,
        "slug": slugify(meta.slug or source.stem),
        "name": source.stem,
        "categories": "/".join(words),
        "output_ext": ".html",
        "path": str(within.parent if source.is_bundle else within.with_name(source.stem)),
    }


def _hugo_fields(doc: Document) -> dict[str, str]:
    meta, source = doc.meta, doc.source
    sections = PurePosixPath(source.within).parts[:-1]
    if source.is_bundle:
        sections = sections[:-1]
    slug = meta.slug or slugify(meta.title)
    day = meta.date
    return {
        **_dates(day),
        "monthname": f"{day:%B}".lower() if day else "",
        "section": sections[0] if sections else "",
        "sections": "/".join(sections),
        "title": slugify(meta.title),
        "slug": slug,
        "filename": source.stem,
        "contentbasename": source.stem,
        "slugorfilename": meta.slug or source.stem,
        "slugorcontentbasename": meta.slug or source.stem,
    }
