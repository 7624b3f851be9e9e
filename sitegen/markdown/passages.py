"""Generated passages: a quote that starts with `[!generated]` was written by an AI.

    > [!generated] Perplexity
    >
    > Voici les points clés…

becomes a `<figure>` whose caption says so, in the theme's words, and which carries the
element-level `ai-disclosure` value of the W3C AI Content Disclosure report (as
`data-ai-disclosure` until the attribute is valid HTML): `ai-assisted` when the front
matter names who reviewed the passage, else `ai-autonomous`. The marker is the callout
syntax of GitHub and Obsidian, so the quote still reads as a quote anywhere else.
"""

from __future__ import annotations

import re
from html import escape

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from sitegen.content.disclosure import reviewed_mark
from sitegen.markdown.rules import closing

MARKER = re.compile(r"^\[!generated\][ \t]*", re.I)


def generated_passages_rule(state: StateCore) -> None:
    """Turn each `> [!generated]` quote into a captioned figure; note where each one is."""
    tokens = state.tokens
    found: list[int] = state.env.setdefault("generated_passages", [])
    i = 0
    while i < len(tokens):
        label = _marker(tokens, i)
        if label is None:
            i += 1
            continue
        found.append((tokens[i].map or [0])[0])
        end = closing(tokens, i)
        caption = str(state.env["labels"].generated)
        caption += f" ({label})" if label else ""
        tokens[end + 1 : end + 1] = [Token("generated_close", "figure", -1, block=True)]
        mark = reviewed_mark(bool(state.env.get("passage_reviewed")))
        tokens[i:i] = [_figure_open(mark), _caption(caption)]
        i += 3
    state.tokens = tokens


def _marker(tokens: list[Token], i: int) -> str | None:
    """The label after `[!generated]` (may be empty), with the marker line taken out."""
    if tokens[i].type != "blockquote_open" or i + 2 >= len(tokens):
        return None
    if tokens[i + 1].type != "paragraph_open":
        return None
    inline = tokens[i + 2]
    children = inline.children or []
    if not children or children[0].type != "text" or not MARKER.match(children[0].content):
        return None
    breaks = [n for n, child in enumerate(children) if child.type in ("softbreak", "hardbreak")]
    first_line = children[: breaks[0]] if breaks else children
    label = "".join(c.content for c in first_line if c.type in ("text", "code_inline"))
    inline.children = children[breaks[0] + 1 :] if breaks else []
    if not inline.children:
        del tokens[i + 1 : i + 4]  # the paragraph held only the marker
    return MARKER.sub("", label).strip()


def _figure_open(mark: str) -> Token:
    attrs: dict[str, str | int | float] = {
        "class": "generated-passage",
        "data-ai-disclosure": mark,
    }
    return Token("generated_open", "figure", 1, attrs=attrs, block=True)


def _caption(text: str) -> Token:
    token = Token("html_block", "", 0)
    token.content = f"<figcaption>{escape(text)}</figcaption>\n"
    return token
