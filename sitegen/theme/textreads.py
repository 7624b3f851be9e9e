"""Which entries' texts a page showed: recorded while it renders, so that its key names them.

A listing shows each post's card (title, date, summary, tags), not its text; a template may
show more (a theme that puts whole posts on its home page). Rather than declare what each
template reads, the views note each read of a text (`content`, `toc`, `words`) in the page
being rendered: its key then covers those texts, and an edit of a post's text alone leaves
every page that did not show it as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_READ: ContextVar[tuple[set[str], dict[str, str]] | None] = ContextVar("texts_read", default=None)
"""The entries whose text the page being rendered read, and the texts it read."""


@contextmanager
def texts_read() -> Iterator[set[str]]:
    """The site paths of the entries whose text was read in the block."""
    found: set[str] = set()
    token = _READ.set((found, {}))
    try:
        yield found
    finally:
        _READ.reset(token)


def note_read(url: str) -> None:
    """The text of the entry at `url` was read: counted in the page being rendered, if any."""
    page = _READ.get()
    if page is not None:
        page[0].add(url)


def read_text(url: str, read: Callable[[], str]) -> str:
    """The text of the entry at `url`, counted as `note_read` does; `read` once for a page
    that shows it more than once, and not kept past the page: a build does not hold ten
    thousand texts."""
    page = _READ.get()
    if page is None:
        return read()
    found, texts = page
    found.add(url)
    text = texts.get(url)
    if text is None:
        text = texts[url] = read()
    return text
