"""Which entries' texts a page showed: recorded while it renders, so that its key names them.

A listing shows each post's card (title, date, summary, tags), not its text; a template may
show more (a theme that puts whole posts on its home page). Rather than declare what each
template reads, the views note each read of a text (`content`, `toc`, `words`) in the page
being rendered: its key then covers those texts, and an edit of a post's text alone leaves
every page that did not show it as it was.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_READ: ContextVar[set[str] | None] = ContextVar("texts_read", default=None)


@contextmanager
def texts_read() -> Iterator[set[str]]:
    """The site paths of the entries whose text was read in the block."""
    found: set[str] = set()
    token = _READ.set(found)
    try:
        yield found
    finally:
        _READ.reset(token)


def note_read(url: str) -> None:
    """The text of the entry at `url` was read: counted in the page being rendered, if any."""
    found = _READ.get()
    if found is not None:
        found.add(url)
