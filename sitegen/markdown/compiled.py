"""Markdown parsed by comrak (Rust), its tree made the token stream sitegen's rules read.

comrak parses a body some forty times faster than markdown-it-py (docs/markdown-engine.md).
Its tree becomes the very tokens markdown-it's block and inline parsers would have made
(`comraktree.py`, `comrakinline.py`), so the core rules that follow (footnotes, heading ids,
dialogues, chats, typography, links) and the renderer are the same code for both parsers,
and write the same HTML.

What comrak does not read as markdown-it does is read by markdown-it's own rules:
- a paragraph, heading or cell whose text holds a formula (`$`, `\\(`, `\\[`), attributes
  (`{lang=en}`), an inline footnote (`^[…]`), `~`, a bare address or a link markdown-it
  refuses is read by markdown-it's inline parser; the rest of the body stays comrak's;
- a body with a block of sitegen's syntax (a `$$` or `\\[` formula, a `{…}` attributes
  line), or one of the few constructs comrak reads otherwise (`Unread`), is read by
  markdown-it whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache
from importlib import import_module
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_core.normalize import NEWLINES_RE, NULL_RE
from markdown_it.token import Token

comrak: Any
try:
    comrak = import_module("comrak")
except ImportError:  # no wheel for this platform: markdown-it-py parses (README)
    comrak = None

BLOCK_SYNTAX = re.compile(
    r"^(?:[ \t>]|[-+*][ \t]|\d{1,9}[.)][ \t]|\[\^[^\]\n]*\]:)*(?:\$\$|\\\\?\[|\{)", re.M
)
"""A line that may open a block comrak has no rule for: markdown-it's block parser reads the
body (conservative: a line it then reads as a paragraph costs only time)."""
_SPACED_BLANK = re.compile(r"^[ \t]+$", re.M)
_SKIPPED_CORE = frozenset({"normalize", "block", "inline", "linkify"})
"""markdown-it's parsing rules, which comrak replaces."""


@cache
def _options() -> tuple[Any, Any]:
    """What comrak reads besides CommonMark: what markdown-it's plugins read, where both
    read it alike (math, attributes, `~~` and bare addresses are left to markdown-it)."""
    extensions = comrak.ExtensionOptions(table=True, footnotes=True)
    return extensions, comrak.ParseOptions(
        sourcepos_chars=True, escaped_char_spans=True, leave_footnote_definitions=True
    )


def parse(md: MarkdownIt, src: str, env: dict[str, Any]) -> list[Token]:
    """The tokens of `src`, with every core rule of `md` applied, as `md.parse` gives them."""
    src = NULL_RE.sub("\ufffd", NEWLINES_RE.sub("\n", src))
    if comrak is None or _markdown_it_reads(src):
        return md.parse(src, env)
    extensions, options = _options()
    root = comrak.parse_document(src, extensions, options)
    from sitegen.markdown.comraktree import Tree, Unread  # comrak's wheel is there

    tokens: list[Token] = []
    try:
        tree = Tree(md, src, env, tokens)
        if "[^" in src:
            tree.known(root.children)
        tree.blocks(root.children, 0, (), False)
    except Unread:
        env.pop("footnotes", None)
        return md.parse(src, env)
    state = StateCore(src, md, env, tokens)
    for rule in _core_rules(md):
        rule(state)
    return state.tokens


def _markdown_it_reads(src: str) -> bool:
    """A body comrak cannot read as markdown-it does, seen before it parses: a block of
    sitegen's own syntax, a byte order mark (comrak drops it), or footnotes with a blank
    line of spaces (comrak ends a footnote's definition there)."""
    if BLOCK_SYNTAX.search(src) or src.startswith("\ufeff"):
        return True
    return "[^" in src and _SPACED_BLANK.search(src) is not None


@lru_cache(maxsize=4)
def _core_rules(md: MarkdownIt) -> list[Callable[[StateCore], None]]:
    rules = md.core.ruler.__rules__
    return [r.fn for r in rules if r.enabled and r.name not in _SKIPPED_CORE]
