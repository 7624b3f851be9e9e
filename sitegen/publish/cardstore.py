"""The share cards drawn, kept between builds: one PNG a key in `.sitegen-cache/cards/`.

A card is a pure function of its key (its words, the theme's fonts and colors, the drawing's
version), so it is drawn once. Files rather than rows of the state file: the build hands a
card to the writer as it takes it and keeps none in memory, the dev server's first build
reads ten thousand of them without loading the state file's texts, and the drawing
processes write their cards themselves. A file is taken only when it is a whole card
(`is_whole`: every chunk's CRC): a damaged or cut one is drawn again.
"""

from __future__ import annotations

import os
import shutil
import stat
import struct
import tempfile
import zlib
from contextlib import suppress
from pathlib import Path

from sitegen.model import marks_of
from sitegen.publish.cardimage import HEIGHT, WIDTH, draw_card
from sitegen.publish.cardtheme import CardTheme
from sitegen.state.cache import folder as cache_folder
from sitegen.theme.cardviews import CardWords

CARDS = "cards"
MOST_BYTES = 1 << 20
"""A card is some 20 KB: a bigger file in the folder is not one of them."""
KEPT_BEYOND = 2
"""The folder keeps cards no page shows until it holds this many times those it shows
(a dev server with drafts, a title edited back): then only those shown stay."""


class CardStore:
    """The folder of cards of the site at `root` (none: a build that keeps nothing);
    `writable` by a build that writes the site (not `sitegen check`, nor the dev server,
    which writes nothing into the project)."""

    def __init__(self, root: Path | None, writable: bool) -> None:
        self.folder: Path | None = None
        if root is not None:
            with suppress(OSError):  # something else holds the cache folder's name: none
                self.folder = cache_folder(root) / CARDS
        self.writable = writable and self.folder is not None

    @classmethod
    def scratch(cls) -> CardStore:
        """A folder of the system's temporary one, through which the drawing processes hand
        their cards over when the build keeps none (`discard` it): no process holds
        thousands of them meanwhile."""
        store = cls(None, writable=False)
        store.folder, store.writable = Path(tempfile.mkdtemp(prefix="sitegen-cards-")), True
        return store

    def discard(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)

    def has(self, key: str) -> bool:
        if self.folder is None:
            return False
        try:
            return stat.S_ISREG(os.lstat(self.folder / f"{key}.png").st_mode)
        except OSError:
            return False

    def file_of(self, key: str) -> str:
        """Where the card of `key` is kept."""
        return f"{self.folder}/{key}.png"

    def take(self, key: str) -> bytes | None:
        """The card of `key`, when the folder holds it whole."""
        if self.folder is None:
            return None
        # A link there is never followed, nor a pipe waited on: the folder may come from
        # elsewhere (a CI cache restored).
        flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
        try:
            fd = os.open(self.folder / f"{key}.png", flags)
        except OSError:
            return None
        try:
            status = os.fstat(fd)
            if not stat.S_ISREG(status.st_mode) or status.st_size > MOST_BYTES:
                return None
            with open(fd, "rb", closefd=False) as file:
                data = file.read(MOST_BYTES + 1)
        except OSError:
            return None
        finally:
            os.close(fd)
        return data if is_whole(data) else None

    def put(self, key: str, data: bytes) -> bool:
        """Keep the card of `key`; False when it could not be (a read-only project)."""
        if not self.writable or self.folder is None:
            return False
        try:
            _make_folder(self.folder)
            temporary = self.folder / f".{key}.{os.getpid()}.tmp"
            temporary.write_bytes(data)
            os.replace(temporary, self.folder / f"{key}.png")  # never half a card under its name
        except OSError:
            return False
        return True

    def prune(self, used: set[str], cards: int) -> None:
        """Delete the cards this build did not take, once the folder holds `KEPT_BEYOND`
        times the site's `cards` (those its page memo took unread go too: drawn again only
        if the output folder loses them)."""
        if not self.writable or self.folder is None:
            return
        kept = {f"{key}.png" for key in used}
        try:
            names = [entry.name for entry in os.scandir(self.folder)]
        except OSError:
            return
        if len(names) <= KEPT_BEYOND * cards + 64:
            return
        for name in names:
            if name not in kept:
                with suppress(OSError):
                    os.unlink(self.folder / name)


def is_whole(data: bytes) -> bool:
    """Whether `data` is a whole card: a PNG of the card's size whose every chunk is intact
    (its CRC) and which ends where PNG ends: what a damaged file in the cache is told by."""
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return False
    at, kinds = 8, []
    while at + 12 <= len(data):
        (length,) = struct.unpack_from(">I", data, at)
        end = at + 8 + length
        if end + 4 > len(data) or zlib.crc32(data[at + 4 : end]) != _crc(data, end):
            return False
        kinds.append(data[at + 4 : at + 8])
        at = end + 4
    size = struct.unpack_from(">II", data, 16) if len(data) >= 24 else None
    whole = kinds[:1] == [b"IHDR"] and kinds[-1:] == [b"IEND"]
    return whole and at == len(data) and size == (WIDTH, HEIGHT)


def _crc(data: bytes, at: int) -> int:
    (value,) = struct.unpack_from(">I", data, at)
    return int(value)


def _make_folder(path: Path) -> None:
    """The cards' folder, made when missing; a link or file in its place is not written
    through (it could lead out of the project)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        path.mkdir(parents=True)
        return
    if not stat.S_ISDIR(info.st_mode):
        raise NotADirectoryError(f"{path} is not a folder")


Job = tuple[str, CardWords]


def drawn(key: str, words: CardWords, theme: CardTheme, store: CardStore) -> bytes | int:
    """The card of `key`, drawn: its PNG, or, when `store` kept it, which page marks its
    bytes hold (`marks_of`): the build links it into the site from there."""
    data = draw_card(words, theme.fonts, theme.palette)
    return marks_of(data) if store.put(key, data) else data


Drawn = tuple[str, bytes | int]
"""A card drawn by a drawing process: its key, and what `drawn` gave."""


def draw_jobs(jobs: list[Job], theme: CardTheme, store: CardStore) -> list[Drawn]:
    """Draw each card and keep it in `store` (in a drawing process): no process holds
    thousands of cards in the meantime."""
    return [(key, drawn(key, words, theme, store)) for key, words in jobs]
