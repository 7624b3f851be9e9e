"""What a post says of itself away from its page: its description, and the labels that
travel before it to social previews, search results and feed summaries."""

from __future__ import annotations

import re
from html import unescape

DESCRIPTION_LENGTH = 200
"""Characters of a description sitegen takes from the text: what previews show whole."""
LABEL_SEPARATOR = " · "
"""Between a label and the description: read alike in French and English, with none of the
spacing French puts before `:`, and already the blog's separator in titles."""

_MATH = re.compile(r'<math\b[^<>]*?\balttext="([^"]*)"(?:(?!<math\b).)*?</math>', re.S)


def plain(html: str) -> str:
    """The text of a summary, as a description reads it."""
    html = _MATH.sub(r"\1", html)  # a formula reads as its TeX, not as its digits run together
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^<>]+>", "", html))).strip()


def described(text: str, labels: tuple[str, ...], written: bool) -> str:
    """`text` after its labels. The author's description (`written`) is kept whole; one taken
    from the text is cut so that, labels included, it stays within DESCRIPTION_LENGTH."""
    head = "".join(label + LABEL_SEPARATOR for label in labels if label)
    room = DESCRIPTION_LENGTH - len(head)
    if not written and len(text) > room:
        text = text[: max(room - 3, 0)].rsplit(" ", 1)[0] + "…"
    return head + text if text else head.removesuffix(LABEL_SEPARATOR)
