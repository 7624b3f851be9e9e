"""The address Jekyll or Hugo gives a post, so that a blog keeps its URLs when it moves."""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import PurePosixPath
from urllib.parse import quote

from sitegen.model import Document
from sitegen.settings.config import SiteConfig
from sitegen.settings.statics import JEKYLL_DATE, jekyll_collection
from sitegen.urls import slugify, without_accents

_URL_SAFE = frozenset("._~+@#/\\-")
_DIGIT_OR_MARK = frozenset({"Nd", "Mn", "Mc", "Me"})
_PLACEHOLDER = re.compile(r":([a-z_]+)")
_PLAIN_ADDRESS = re.compile(r"^[\w/.~-]+$")
"""An address written in a link as it is: no `#`, `@`, `%` or `\\` to escape."""
_DATED = re.compile(f"^{JEKYLL_DATE}")
WRITTEN_SLUG = "hugo_slug"
"""A Hugo slug as written, kept when sitegen's addresses cannot hold it (`1..2`)."""


def tool_url(config: SiteConfig, doc: Document) -> str:
    """Where the build publishes `doc` (before the language folder): Hugo's own address
    when a link can hold it as it is, so that links to its headings keep working; else
    the other tool's pattern with sitegen's clean names (the old address redirects), as
    for a slug sitegen refuses (`1..2`)."""
    if config.dialect == "hugo" and WRITTEN_SLUG not in dict(doc.meta.extra):
        own = _hugo_address(config, doc)
        if _PLAIN_ADDRESS.match(own):
            return own
    return _filled(config, doc, _fields(config, doc, as_published=False))


def published_at(config: SiteConfig, doc: Document, prefix: str) -> str:
    """Where the other tool itself published `doc`: Jekyll adds no language folder (but
    with jekyll-polyglot) and keeps names as written (`premier-modele-fr`,
    `intelligence%20artificielle`), Hugo keeps accents (`les-réseaux`). Kept alive by a
    redirect page when it is not the build's."""
    if config.dialect == "hugo":
        return prefix.rstrip("/") + (doc.meta.url or _hugo_address(config, doc))
    path = doc.meta.url or _filled(config, doc, _fields(config, doc, as_published=True))
    return prefix.rstrip("/") + path if config.foreign.language_folders else path


def _hugo_address(config: SiteConfig, doc: Document) -> str:
    """Hugo sanitizes the whole address, the folders' and file's names as the slug, and
    drops the `+` that `urlize` keeps."""
    filled = _filled(config, doc, _fields(config, doc, as_published=True))
    return urlize(filled, config.foreign.remove_path_accents).replace("+", "")


def _filled(config: SiteConfig, doc: Document, fields: dict[str, str]) -> str:
    pattern = _pattern(config, doc)
    path = _PLACEHOLDER.sub(lambda m: fields.get(m.group(1), m.group(0)), pattern)
    path = "/" + "/".join(part for part in path.split("/") if part)
    if pattern.endswith("/") or "." not in path.rsplit("/", 1)[-1]:
        path += "/"
    return path.lower() if config.dialect == "hugo" else path


def _fields(config: SiteConfig, doc: Document, as_published: bool) -> dict[str, str]:
    if config.dialect == "jekyll":
        return _jekyll_fields(config, doc, as_published)
    if as_published:
        written = dict(doc.meta.extra).get(WRITTEN_SLUG)
        accents = config.foreign.remove_path_accents
        return _hugo_fields(doc, partial(urlize, remove_accents=accents), written)
    return _hugo_fields(doc, slugify)


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
        folder = PurePosixPath(source.within).parts[0]
        if source.kind == "page" and jekyll_collection(config, folder):  # its document
            return settings[folder]
        if source.kind == "page":
            # `projets/index.md` is the folder's page: /projets/ whatever the style.
            return "/:path/" if style.endswith("/") or source.is_bundle else "/:path:output_ext"
        return settings.get("posts", style)  # `collections: {posts: {permalink: …}}`
    sections = _sections(doc)
    section = sections[0] if sections else ""
    return settings.get(section) or (
        "/:sections/:slugorfilename/" if section else "/:slugorfilename/"
    )


def _sections(doc: Document) -> tuple[str, ...]:
    """Hugo's sections: the folders above the file, or above its bundle."""
    source = doc.source
    sections = PurePosixPath(source.within).parts[:-1]
    if source.is_bundle:
        sections = sections[:-1]
    if sections and sections[0] == source.lang_from_folder:
        sections = sections[1:]  # `content/en/posts/`: the language, not a section
    return sections


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


def _jekyll_fields(config: SiteConfig, doc: Document, as_published: bool) -> dict[str, str]:
    meta, source = doc.meta, doc.source
    categories = dict(meta.extra).get("categories")
    written = [str(c) for c in categories] if isinstance(categories, list) else []
    if as_published:  # Jekyll lowercases and escapes them; the file name keeps its suffix
        words = [quote(c.lower()) for c in written]
        name = _DATED.sub("", source.path.stem) if source.path.stem != "index" else source.stem
    else:
        words, name = [slugify(c) for c in written], source.stem
    within = PurePosixPath(source.within)
    # `/` rather than with_name(), which refuses the empty or `.` name left by a
    # file named only by its date (`2024-01-01-.md`, `2024-01-01-..md`).
    path = str(within.parent if source.is_bundle else within.parent / name)
    collection = "posts" if source.kind == "post" else ""
    if source.kind == "page" and jekyll_collection(config, within.parts[0]):
        collection = within.parts[0][1:]  # `_projets/carnet.md`: `:path` is `carnet`
        path = str(PurePosixPath(*within.parts[1:]).parent / name)
    if as_published and source.kind == "post":  # the file's own name, date included
        path = str(within.with_suffix("")) if within.suffix else str(within)
    return {
        **_dates(meta.date),
        # Jekyll's own `:title` is already a clean name (no spaces): the build keeps it.
        "title": _jekyll_slug(meta.slug or name, pretty=True),
        "slug": _jekyll_slug(meta.slug or name) if as_published else slugify(meta.slug or name),
        "name": _jekyll_slug(source.path.stem) if as_published and source.kind == "post" else name,
        "categories": "/".join(dict.fromkeys(words)),
        "output_ext": ".html",
        "path": path,
        "collection": collection,
    }


def _jekyll_slug(text: str, pretty: bool = False) -> str:
    """Jekyll's `slugify`: `:title` in its `pretty` mode (case and `'()+,;=@` kept), `:slug`
    in its default one (letters and digits, lower case); accents kept in both."""
    if pretty:
        return re.sub(r"[^\w.~!$&'()+,;=@]+", "-", text).strip("-")
    return re.sub(r"[\W_]+", "-", text).strip("-").lower()


def _hugo_fields(
    doc: Document, urlize: Callable[[str], str], written_slug: object = None
) -> dict[str, str]:
    meta, source = doc.meta, doc.source
    slug = written_slug if isinstance(written_slug, str) else meta.slug
    sections = _sections(doc)
    day = meta.date
    return {
        **_dates(day),
        "monthname": f"{day:%B}".lower() if day else "",
        "section": sections[0] if sections else "",
        "sections": "/".join(sections),
        # `:title` makes one name of a title with a `/` (`l10n/langue`), as Hugo does.
        "title": urlize(meta.title.replace("/", "-")),
        "slug": slug or urlize(meta.title.replace("/", "-")),
        "filename": source.stem,
        "contentbasename": source.stem,
        "slugorfilename": slug or source.stem,
        "slugorcontentbasename": slug or source.stem,
    }


def urlize(text: str, remove_accents: bool = False) -> str:
    """Hugo's `urlize` (its `UnicodeSanitize`, in lower case): letters, digits, marks and
    `._~+@#%/-` kept, accents too unless `removePathAccents`, other characters dropped, and
    a run of spaces between two kept characters one dash."""
    if remove_accents:
        text = without_accents(text)
    kept: list[str] = []
    dash = after_dash = False
    text = text.lower()
    for i, char in enumerate(text):
        escape = char == "%" and all(c in string.hexdigits for c in text[i + 1 : i + 3])
        if _url_safe(char) or (escape and len(text) > i + 2):
            after_dash = char == "-"
            if dash and not after_dash:
                kept.append("-")
            dash = False
            kept.append(char)
        elif kept and not after_dash and char.isspace():
            dash = True
    return "".join(kept)


def _url_safe(char: str) -> bool:
    """What Hugo's `UnicodeSanitize` keeps: Go's letters, decimal digits and marks."""
    return char in _URL_SAFE or char.isalpha() or unicodedata.category(char) in _DIGIT_OR_MARK
