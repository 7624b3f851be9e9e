"""The blog's content model: frozen dataclasses, built once, never mutated while rendering."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

Kind = Literal["post", "page"]
Layout = Literal["post", "page", "conversation", "chat", "principles"]
LAYOUTS: tuple[str, ...] = ("post", "page", "conversation", "chat", "principles")
AUDIO_TYPES = {
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".ogg": "audio/ogg",
    ".opus": "audio/ogg",
    ".wav": "audio/wav",
}
"""The narrated versions a post may have, by file suffix."""


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A Markdown file found under the content folders, before it is read."""

    path: Path
    rel: str
    """Path relative to the site root, with `/`: what every message names."""
    kind: Kind
    stem: str
    """File name without the date prefix, language suffix and extension."""
    date_from_name: date | None
    lang_from_name: str | None
    lang_from_folder: str | None
    within: str = ""
    """Path inside its content folder (`en/2024-05-01-x.md`, `posts/vision/index.md`): what
    Jekyll's `post_url` and Hugo's `ref` name a file by, and where Hugo's section is."""
    drafted: bool = False
    """In a drafts folder (Jekyll's `_drafts/`): a draft whatever its front matter says."""
    categories: tuple[str, ...] = ()
    """Jekyll's categories from the folders above `_posts/` (`ia/_posts/x.md`: `ia`)."""

    @property
    def is_bundle(self) -> bool:
        """`slug/index.md`: the files beside it are the post's own (images…)."""
        folder, _, name = self.within.rpartition("/")
        return bool(folder) and name.split(".")[0] == "index"


@dataclass(frozen=True, slots=True)
class Translated:
    """`translated:`: the text is a translation, by a machine unless `machine: false`."""

    from_lang: str | None = None
    url: str | None = None
    title: str | None = None
    by: str | None = None
    reviewed_by: str | None = None
    machine: bool = True
    reviewed_on: datetime | None = None
    """When `reviewed_by` read the translation: a review is true of the text as it was then."""


@dataclass(frozen=True, slots=True)
class Generated:
    """`generated:`: the text, or the one passage `part` names, was written by an AI model."""

    model: str | None = None
    reviewed_by: str | None = None
    prompted_by: str | None = None
    part: str | None = None
    """What the generated passage is, when only a passage marked `> [!generated]` is."""
    reviewed_on: datetime | None = None
    """When `reviewed_by` read it: a review is true of the text as it was then."""


@dataclass(frozen=True, slots=True)
class Narration:
    """`audio:`: the post read aloud, and by whom."""

    path: str
    """Site path or web address of the recording, from `true`, a path or `file:`."""
    voice: str | None = None
    """`synthetic` or `human` when `voice:` says; a synthetic voice is labelled wherever the
    recording is offered."""
    model: str | None = None
    """The speech model of a synthetic voice."""

    @property
    def synthetic(self) -> bool:
        return self.voice == "synthetic"


@dataclass(frozen=True, slots=True)
class Cover:
    """`image:`: the picture a post opens with, in its page, its listings and its feeds."""

    src: str
    """As written: beside the post (`cover.jpg`), in the site (`/images/x.jpg`) or on the web."""
    alt: str | None = None
    """What it shows, for readers who do not see it; None when not written (`check` says so)."""


@dataclass(frozen=True, slots=True)
class Change:
    """One entry of `updated:` or `corrections:`: when the published text changed, and why."""

    date: datetime
    note: str = ""
    """What changed, in inline Markdown; a correction always says what was wrong."""


@dataclass(frozen=True, slots=True)
class Reference:
    """One entry of `sources:` or `see_also:`."""

    title: str
    url: str | None = None
    lang: str | None = None
    """The referenced text's language when it differs from the post's."""


@dataclass(frozen=True, slots=True)
class Imported:
    """`imported:`: the tool a draft came from, and whether people's full names were kept."""

    source: str
    names: Literal["shortened", "full"]


@dataclass(frozen=True, slots=True)
class FrontMatter:
    title: str
    date: datetime | None
    lang: str
    layout: Layout
    tags: tuple[str, ...] = ()
    draft: bool = False
    slug: str | None = None
    description: str | None = None
    translated: Translated | None = None
    generated: Generated | None = None
    audio: Narration | None = None
    image: Cover | None = None
    sources: tuple[Reference, ...] = ()
    see_also: tuple[Reference, ...] = ()
    discussion: tuple[str, ...] = ()
    """The questions put to readers at the end (`Et vous ?`)."""
    translation_key: str = ""
    url: str | None = None
    """The address the author chose (`url:`, Jekyll's `permalink:`), before the language folder."""
    aliases: tuple[str, ...] = ()
    """Old addresses of the post: each gets a page that sends readers on to the new one."""
    updated: tuple[Change, ...] = ()
    corrections: tuple[Change, ...] = ()
    imported: Imported | None = None
    extra: tuple[tuple[str, Any], ...] = ()
    lines: tuple[tuple[str, int], ...] = ()
    """Where each key was written, for messages that come later in the build; `key.part`
    for a key of a mapping value (`generated.reviewed_on`) or an item of a list (`updated.2`)."""

    def line_of(self, key: str, part: str = "") -> int:
        """The line of `key`, or of its `part` when the front matter said where it is."""
        written = dict(self.lines)
        return written.get(f"{key}.{part}") or written.get(key, 1)

    @property
    def last_change(self) -> datetime | None:
        """The latest update or correction: when the text was last changed after publication."""
        return max((c.date for c in (*self.updated, *self.corrections)), default=None)

    @property
    def modified(self) -> datetime | None:
        """When the published text last changed: its last change, unless that is not after
        the publication (`updated: 2026-03-01`, that day's midnight in UTC, to a post of
        09:30 that day), so that no mark ever says a text changed before it came out."""
        last = self.last_change
        return last if last and (self.date is None or last > self.date) else None


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed source file: front matter validated, body not yet rendered."""

    source: SourceFile
    meta: FrontMatter
    body: str
    body_line: int
    """File line of the body's first line (Markdown line numbers are offset by it)."""
    key: str = ""
    """The digest of all it was read from (bytes, path, settings): equal keys, equal documents."""
    body_key: str = ""
    """The digest of the body and where it sits in its file: what the Markdown stage reads."""
    meta_key: str = ""
    """The digest of the front matter and the file's description: all a listing of the post
    reads of its document, which an edit of its text alone leaves as it was."""
    stored: bool = False
    """The body is not here but in the state file (`StageCache.with_body` reads it): a build
    reads the body of the posts it renders again, not of ten thousand."""


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading of a body, as the table of contents lists it."""

    level: int
    id: str
    text: str


@dataclass(frozen=True, slots=True)
class LinkRef:
    """A link or image written in the body, kept to check internal targets."""

    target: str
    line: int
    col: int
    is_image: bool = False


@dataclass(frozen=True, slots=True)
class Rendered:
    """What Markdown rendering produced for one body."""

    html: str
    summary_html: str
    has_more: bool
    toc: tuple[Heading, ...]
    words: int
    links: tuple[LinkRef, ...]
    images: tuple[str, ...] = ()
    """The addresses of the images the text shows, as written: each build asks every entry
    which pictures it shows, and few have any."""
    key: str = ""
    """The digest of all the renderer read (body, language, settings, the theme's words)."""
    stored: bool = False
    """`html` was left in the state file, under `key`, to be read when a page shows it: a
    build after an edit renders a few pages, and would read ten thousand texts otherwise."""


@dataclass(frozen=True, slots=True)
class Entry:
    """A post or page that will be published, with its place in the site."""

    doc: Document
    rendered: Rendered
    url: str
    """Site path without the base path, e.g. `/2026/03/attention/`."""
    slug: str

    @property
    def meta(self) -> FrontMatter:
        return self.doc.meta

    @property
    def shows_files(self) -> bool:
        """Whether its pages show files that may change with no edit of it: a recording
        (its length is shown) or pictures (their size is)."""
        meta = self.doc.meta
        return bool(meta.audio or meta.image or self.rendered.images)

    @property
    def kind(self) -> Kind:
        return self.doc.source.kind

    @property
    def lang(self) -> str:
        return self.doc.meta.lang

    @property
    def translation_group(self) -> str:
        """Entries with the same group are one text in several languages."""
        return f"{self.kind}:{self.meta.translation_key}"


@dataclass(frozen=True, slots=True)
class Tag:
    """A tag's page in one language: the posts that carry the tag, newest first."""

    name: str
    """As the newest post writes it; `slug` is what tells two tags apart."""
    slug: str
    lang: str
    url: str
    posts: tuple[Entry, ...]


@dataclass(frozen=True, slots=True)
class Year:
    """A year's archive page in one language: the posts of that year, newest first."""

    year: int
    lang: str
    url: str
    posts: tuple[Entry, ...]


@dataclass(frozen=True, slots=True)
class Edition:
    """One language of the blog: its posts, tags and archives."""

    lang: str
    prefix: str
    """`/` for the default language, `/en/` for the others."""
    posts: tuple[Entry, ...]
    tags: tuple[Tag, ...]
    years: tuple[Year, ...]


@dataclass(frozen=True, slots=True)
class Site:
    """The whole blog, assembled before the first template renders."""

    editions: tuple[Edition, ...]
    pages: tuple[Entry, ...]
    translations: dict[str, tuple[Entry, ...]] = field(default_factory=dict)
    """Translation key -> the entries sharing it, in site-language order."""

    @property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(p for e in self.editions for p in e.posts) + self.pages


NOINDEX = b'<meta name="robots" content="noindex">'
"""Pages that ask search engines not to index them (404, search, language choice)."""
DISCLOSURE_MARK = b"data-disclosure="
"""Carried by the element that shows a post's disclosure: its absence is reported."""
PAGE_MARKS = (NOINDEX, DISCLOSURE_MARK)
"""What the build asks of a page's bytes, kept with its key: a page left as it was is not
read again to answer."""


def marks_of(data: bytes) -> int:
    """Which `PAGE_MARKS` the bytes hold, one bit each."""
    return sum(1 << i for i, mark in enumerate(PAGE_MARKS) if mark in data)


@dataclass(frozen=True, slots=True)
class OnDisk:
    """A file left as the last build wrote it in the output folder: read only when asked
    for, never held, so that an edit build does not carry ten thousand pages in memory."""

    file: str
    """Its path (text, not a `Path`: made for each of ten thousand files, read for few)."""
    marks: int = -1
    """Which `PAGE_MARKS` it holds (`marks_of`); -1 when not known."""


@dataclass(frozen=True, slots=True)
class OutputFile:
    """One file of the built site."""

    path: str
    """Relative to the output folder, with `/`."""
    content: bytes | OnDisk
    source: str
    """What produced it, named in collision messages."""
    line: int = 0
    """Line of the source that decides the path (its `slug`); 0 for generated pages."""
    unchanged: bool = False
    """The bytes are those of this path in the output folder (read back from there)."""

    @property
    def data(self) -> bytes:
        content = self.content
        return content if isinstance(content, bytes) else Path(content.file).read_bytes()

    def holds(self, mark: bytes) -> bool:
        """Whether the bytes hold `mark`; for one of `PAGE_MARKS`, without reading them."""
        content = self.content
        if isinstance(content, OnDisk) and content.marks >= 0 and mark in PAGE_MARKS:
            return bool(content.marks >> PAGE_MARKS.index(mark) & 1)
        return mark in self.data
