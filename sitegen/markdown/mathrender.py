"""Formulas on the page: math tokens and the formulas of raw HTML blocks typeset as MathML,
invalid TeX shown as code with a warning at its line."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import OptionsDict

from sitegen.markdown.htmlmath import displayed, formulas_in_html
from sitegen.markdown.mathml import TexError, tex_to_mathml
from sitegen.markdown.mathsyntax import CLOSING
from sitegen.project.errors import Diagnostic, Severity


def add_math_renderers(md: MarkdownIt) -> None:
    md.add_render_rule("math_inline", _math_inline)
    md.add_render_rule("math_inline_double", _math_inline_display)
    md.add_render_rule("math_block", _math_block)
    md.add_render_rule("html_block", _html_block)


def _math_inline(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: Any
) -> str:
    return _math(tokens[idx], env, display=False)


def _math_inline_display(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: Any
) -> str:
    # Displayed, yet inside its paragraph: <math display="block"> may stand in a <p>.
    return _math(tokens[idx], env, display=True)


def _math_block(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: Any
) -> str:
    return f'<div class="math-display">{_math(tokens[idx], env, display=True)}</div>\n'


def _html_block(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: Any
) -> str:
    """The author's HTML as written, with the formulas of its text typeset, as the old blog's
    KaTeX or MathJax typeset them in the browser."""
    block = tokens[idx]

    def typeset(tex: str, opening: str, line: int) -> str:
        formula = Token("math_inline", "math", 0, content=tex, markup=opening)
        formula.meta["line"] = (block.map or [0])[0] + line
        return _math(formula, env, displayed(opening))

    return formulas_in_html(block.content, typeset)


def _math(token: Token, env: dict[str, Any], display: bool) -> str:
    try:
        return tex_to_mathml(token.content, display)
    except TexError as exc:
        line = token.meta.get("line", (token.map or [0])[0]) + env["offset"]
        env["diagnostics"].append(
            Diagnostic(
                env["path"],
                line,
                1,
                f"invalid TeX `{token.content.strip()}`: {exc}; shown as code",
                "check the formula's braces and commands",
                Severity.WARNING,
            )
        )
        opening = token.markup or ("$$" if display else "$")
        closing = CLOSING.get(opening, opening)
        return f'<code class="math-error">{opening}{escape(token.content)}{closing}</code>'
