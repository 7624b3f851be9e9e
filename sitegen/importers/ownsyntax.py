"""Lines of a Jekyll or Hugo post that sitegen would read as its own syntax, written so that
they stay what the old tool printed.

`**Recherche gloutonne** : on prend…` is a glossary line for kramdown and goldmark, and a
dialogue turn for sitegen: its colon is escaped (`\\:`), which Markdown shows as a colon and
which tells sitegen that no one speaks there.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

from markdown_it import MarkdownIt

from sitegen.markdown.dialogue import TURN_HEAD, paragraph_turns
from sitegen.markdown.renderer import plugins_parser

ASKED = frozenset({"conversation", "chat"})
"""Layouts whose posts are dialogues in the old tree too, as `sitegen build` reads it."""
_CONTAINERS = r"[ \t>]*+(?:(?:[-*+]|\d{1,9}[.)])[ \t]++)?[ \t>]*+"
"""A quote's `>` and a list item's marker before the paragraph's first word."""
_HEAD = re.compile(rf"^({_CONTAINERS}{TURN_HEAD}):")


def keep_turns_as_text(body: str, layout: str) -> str:
    """`body` with the colon of every paragraph sitegen would open a dialogue with escaped."""
    if layout in ASKED:
        return body
    lines = body.split("\n")
    tokens = _parser().parse(body)
    for opening, inline in pairwise(tokens):
        if opening.type != "paragraph_open" or opening.hidden or not opening.map:
            continue
        if paragraph_turns(inline):
            first = opening.map[0]
            lines[first] = _HEAD.sub(r"\1\\:", lines[first], count=1)
    return "\n".join(lines)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return plugins_parser()
