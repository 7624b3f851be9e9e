"""Build-time syntax highlighting with Pygments (CSS classes, no inline styles), each code
block once.

A block is known by its language and code (`block_key`): one highlighted in this process,
or by an earlier build for the body it belonged to (`remember`), is not highlighted again.
A build after an edit of a post with code would otherwise spend a tenth of its time in
Pygments, most of it compiling the lexer's patterns; Pygments is imported only to
highlight a block met for the first time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, lru_cache
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pygments.formatters import HtmlFormatter
    from pygments.lexer import Lexer

# Both styles keep every token at a WCAG AA contrast (4.5:1) on their background.
LIGHT_STYLE = "xcode"
DARK_STYLE = "lightbulb"

_KNOWN: dict[str, str] = {}
"""Blocks highlighted in this process or remembered from an earlier build, by key."""
_MOST_KNOWN = 1024
"""Blocks kept in `_KNOWN` at most: a worker renders thousands of bodies."""
_BODY: ContextVar[dict[str, str] | None] = ContextVar("_BODY", default=None)
"""The blocks of the body being rendered, when it is recorded (`blocks_of_body`)."""


def highlight_code(code: str, lang: str, _attrs: str) -> str:
    """markdown-it `highlight` hook: a complete `<pre>` block, focusable when it scrolls,
    left out of the search index (its results are shown by an excerpt of their prose)."""
    name = lang.split()[0] if lang.strip() else ""
    body = _highlighted(code, name) if name else None
    label = f' data-lang="{escape(name)}"' if name else ""
    css = "highlight" if body is not None else "plain"
    inner = body if body is not None else escape(code)
    code_class = f' class="language-{escape(name)}"' if name else ""
    return (
        f'<pre class="{css}"{label} tabindex="0" data-pagefind-ignore>'
        f"<code{code_class}>{inner}</code></pre>\n"
    )


def block_key(name: str, code: str) -> str:
    """The digest of what a highlighted block is made from: its language's name and code."""
    made_from = f"{name}\n{code}".encode("utf-8", "surrogatepass")
    return hashlib.blake2b(made_from, digest_size=16).hexdigest()


def _highlighted(code: str, name: str) -> str | None:
    """The block's highlighted HTML; None when Pygments has no lexer of that name."""
    key = block_key(name, code)
    found = _KNOWN.get(key)
    if found is None:
        from pygments import highlight
        from pygments.util import ClassNotFound

        try:
            found = highlight(code, _lexer(name), _formatter())
        except ClassNotFound:
            return None
        if len(_KNOWN) >= _MOST_KNOWN:
            _KNOWN.clear()
        _KNOWN[key] = found
    if (body := _BODY.get()) is not None:
        body[key] = found
    return found


@contextmanager
def blocks_of_body() -> Iterator[dict[str, str]]:
    """The code blocks highlighted inside the `with` block, by key: a body's, to be kept
    with it."""
    blocks: dict[str, str] = {}
    token = _BODY.set(blocks)
    try:
        yield blocks
    finally:
        _BODY.reset(token)


def remember(blocks: Mapping[str, str]) -> None:
    """Blocks an earlier build highlighted (`blocks_of_body`): not highlighted again."""
    if len(_KNOWN) + len(blocks) > _MOST_KNOWN:
        _KNOWN.clear()
    _KNOWN.update(blocks)


@lru_cache(maxsize=64)
def _lexer(name: str) -> Lexer:
    """Lexers keep no state between texts: one per language, not one per code block."""
    from pygments.lexers import get_lexer_by_name

    from sitegen.markdown.lexing import faster

    return faster(get_lexer_by_name(name))


@cache
def _formatter() -> HtmlFormatter[str]:
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter(nowrap=True)


def highlight_css() -> str:
    """The stylesheet for highlighted code, light by default and dark when the page is: the
    system asks for dark and the reader did not choose light, or the reader chose dark
    (`data-theme` on `<html>`, set by the theme's switch)."""
    chosen = _token_styles(DARK_STYLE, 'html[data-theme="dark"] .highlight')
    system = _token_styles(DARK_STYLE, 'html:not([data-theme="light"]) .highlight')
    light = _token_styles(LIGHT_STYLE, ".highlight")
    return f"{light}\n{chosen}\n@media (prefers-color-scheme: dark) {{\n{system}\n}}\n"


def _token_styles(style: str, scope: str) -> str:
    """A style's colours for the blocks under `scope`; not Pygments' rules for every `pre`
    and for line numbers, which would override the theme's on the pages that have code."""
    from pygments.formatters import HtmlFormatter

    formatter = HtmlFormatter(style=style)
    background = formatter.get_background_style_defs(scope)  # type: ignore[no-untyped-call]
    tokens = formatter.get_token_style_defs(scope)  # type: ignore[no-untyped-call]
    return "\n".join([*background, *tokens])
