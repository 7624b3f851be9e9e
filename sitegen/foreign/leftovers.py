"""The last pass over a translated body: whatever is still another tool's markup outside
code (an unclosed tag, a typo sitegen's translators did not take for a tag) is left out with
a warning, so that a reader never sees `{{<`, `{{%`, `{%` or `{:`."""

from __future__ import annotations

import re

from sitegen.foreign.code import code_regions
from sitegen.foreign.markup import Markup

_LEFTOVER = re.compile(
    r"\{\{[<%](?:(?!\{\{)[^\n`])*?[>%]\}\}|\{%(?:(?!\{%)[^\n`])*?%\}|(?<![_^])\{:(?:(?!\{:)[^\n`])*?\}"
    r"|\{\{[<%]|\{%|(?<![_^])\{:"  # not after `_` or `^`: `$M_{:,j}$` is a column in TeX
)
_PASSES = 4
"""Taking one piece out can make another (`{{{%%}<`): a few passes, each on what is left."""


def sweep(markup: Markup, body: str) -> str:
    """`body` without other tools' markup outside its code."""
    for _ in range(_PASSES):
        swept = _sweep_once(markup, body)
        if swept == body:
            break
        body = swept
    return body


def _sweep_once(markup: Markup, body: str) -> str:
    code = code_regions(body)

    def drop(match: re.Match[str]) -> str:
        if match.start() in code:
            return match.group(0)
        shown = match.group(0)
        markup.warn(
            match.start(),
            f"`{shown}` is markup sitegen does not understand: left out",
            "write the HTML or Markdown it stood for, or put it in `code` to show it",
            body,
        )
        return ""

    return _LEFTOVER.sub(drop, body)
