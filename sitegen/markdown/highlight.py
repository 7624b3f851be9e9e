"""Build-time syntax highlighting with Pygments (CSS classes, no inline styles)."""

from __future__ import annotations

from functools import lru_cache
from html import escape

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

_FORMATTER = HtmlFormatter(nowrap=True)
# Both styles keep every token at a WCAG AA contrast (4.5:1) on their background.
LIGHT_STYLE = "xcode"
DARK_STYLE = "lightbulb"


def highlight_code(code: str, lang: str, _attrs: str) -> str:
    """markdown-it `highlight` hook: a complete `<pre>` block, focusable when it scrolls."""
    name = lang.split()[0] if lang.strip() else ""
    try:
        body = highlight(code, _lexer(name), _FORMATTER) if name else None
    except ClassNotFound:
        body = None
    label = f' data-lang="{escape(name)}"' if name else ""
    css = "highlight" if body is not None else "plain"
    inner = body if body is not None else escape(code)
    code_class = f' class="language-{escape(name)}"' if name else ""
    return f'<pre class="{css}"{label} tabindex="0"><code{code_class}>{inner}</code></pre>\n'


@lru_cache(maxsize=64)
def _lexer(name: str) -> Lexer:
    """Lexers keep no state between texts: one per language, not one per code block."""
    return get_lexer_by_name(name)


def highlight_css() -> str:
    """The stylesheet for highlighted code, light by default and dark on request."""
    light = HtmlFormatter(style=LIGHT_STYLE).get_style_defs(".highlight")  # type: ignore[no-untyped-call]
    dark = HtmlFormatter(style=DARK_STYLE).get_style_defs(".highlight")  # type: ignore[no-untyped-call]
    return f"{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n"
