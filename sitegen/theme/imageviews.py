"""What pages show of an entry's images: its text's `<img>` placed (`images/placement.py`),
its cover, and the key of the image files they show, which is part of its pages' keys: a
picture replaced under the same name changes the pages that show it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from sitegen.images.pictures import Picture, Pictures
from sitegen.images.placement import image_tag, placed
from sitegen.model import Entry, Rendered
from sitegen.state.cache import key as cache_key
from sitegen.urls import Urls


@dataclass(frozen=True, slots=True)
class CoverView:
    """A post's cover, as its page (`html`, loaded first) and listings (`listed`) show it."""

    html: Markup
    listed: Markup
    src: str
    """The address of its largest copy in its own format: for feeds and JSON-LD."""
    alt: str
    width: int
    height: int


class ImageViews:
    """The site's images (`pictures`) as the pages of one build show them."""

    def __init__(self, pictures: Pictures, urls: Urls) -> None:
        self._pictures, self._urls = pictures, urls
        self._keys: dict[int, str] = {}
        self._paths: dict[int, list[str]] = {}

    def paths_of(self, entry: Entry) -> list[str]:
        """The site paths of the images its text and cover show (the web's left out); read
        once a build (its files, its key and its text's placement all ask)."""
        cover = entry.meta.image
        if cover is None and not entry.rendered.images:
            return []
        found = self._paths.get(id(entry))
        if found is None:
            targets = [*entry.rendered.images, cover.src] if cover else entry.rendered.images
            paths = (self._pictures.site_path(t, entry.url) for t in targets)
            found = self._paths[id(entry)] = [path for path in paths if path is not None]
        return found

    def key_of(self, entry: Entry) -> str:
        """The key of the image files `entry` shows, part of its card's key: a text that
        shows another picture is made by a whole build, which publishes its variants; empty
        when it shows none."""
        found = self._keys.get(id(entry))
        if found is None:
            # By name too: each name has its own variants, which a page must find published.
            paths = self.paths_of(entry)
            shown = [(p, self._pictures.picture(p)) for p in paths]
            parts = [
                f"{path} {picture.facts.digest if picture else '-'}" for path, picture in shown
            ]
            found = self._keys[id(entry)] = cache_key(*parts) if parts else ""
        return found

    def text(self, entry: Entry, html_of: Callable[[Rendered], str]) -> str:
        """The entry's text, its images placed; the first loaded at once when no cover
        comes before it."""
        html = html_of(entry.rendered)
        return placed(html, self._finder(entry), entry.meta.image is None, self._urls)

    def summary(self, entry: Entry, html: str) -> str:
        """A summary, shown below others on a listing: each image loaded when reached."""
        return placed(html, self._finder(entry), False, self._urls)

    def cover(self, entry: Entry) -> CoverView | None:
        cover = entry.meta.image
        if cover is None:
            return None
        path = self._pictures.site_path(cover.src, entry.url)
        picture = self._pictures.picture(path) if path else None
        src = self._urls(path) if path else cover.src
        alt = cover.alt or ""
        written = {"src": escape(src), "alt": escape(alt)}
        largest = picture.fallback if picture else None
        width, height = picture.size if picture else (0, 0)
        return CoverView(
            html=Markup(image_tag(written, picture, True, self._urls)),
            listed=Markup(image_tag(written, picture, False, self._urls)),
            src=self._urls(largest.url) if largest else src,
            alt=alt,
            width=width,
            height=height,
        )

    def _finder(self, entry: Entry) -> Callable[[str], Picture | None]:
        """The picture an `<img src>` of the entry's text names: only those its Markdown
        names (`paths_of`), whose variants the build publishes; an `<img>` written in HTML
        is left at its own address."""
        pictures, base, known = self._pictures, self._urls.base_path, set(self.paths_of(entry))

        def find(src: str) -> Picture | None:
            path = pictures.site_path(src, entry.url, base)
            return pictures.picture(path) if path in known else None

        return find
