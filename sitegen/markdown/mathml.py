"""TeX to MathML at build time (no JavaScript), with a check that the result is sound."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import lru_cache
from html import escape

from sitegen.markdown.texdialect import as_latex2mathml_reads
from sitegen.urls import is_web_address

_MATHML = "{http://www.w3.org/1998/Math/MathML}"
# Elements whose children are fixed in number; latex2mathml leaves them short on bad input.
_ARITY = {"mfrac": 2, "msup": 2, "msub": 2, "mroot": 2, "msubsup": 3, "munderover": 3}


class TexError(ValueError):
    """The formula cannot be rendered faithfully."""


@lru_cache(maxsize=4096)
def tex_to_mathml(tex: str, display: bool) -> str:
    """MathML for `tex`, or TexError saying what is wrong with it."""
    if not tex.strip():
        raise TexError("empty formula")
    _check_braces(tex)
    # Imported with the first formula: a third of the time a build of one page takes to start.
    from latex2mathml.converter import convert

    try:
        markup = convert(
            as_latex2mathml_reads(tex.strip()), display="block" if display else "inline"
        )
        tree = ET.fromstring(markup)
    except Exception as exc:  # latex2mathml raises many unrelated types on bad input
        raise TexError(_reason(exc)) from exc
    _check_tree(tree)
    # The TeX stays with the formula: text-only readers (search snippets, feeds) show it.
    return markup.replace("<math ", f'<math alttext="{escape(tex.strip())}" ', 1)


def _reason(exc: Exception) -> str:
    if isinstance(exc, ET.ParseError):
        return "it contains characters the converter cannot place (such as & or <)"
    # latex2mathml's exceptions are named for the problem: MissingSuperScriptOrSubscriptError.
    words = re.findall(r"[A-Z][a-z]*", type(exc).__name__.removesuffix("Error"))
    return str(exc) or " ".join(words).lower() or "it cannot be read"


def _check_braces(tex: str) -> None:
    depth = 0
    for char in re.sub(r"\\[{}]", "", tex):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            raise TexError("a `}` closes nothing")
    if depth:
        raise TexError("a `{` is never closed")


def _check_tree(root: ET.Element) -> None:
    for element in root.iter():
        name = element.tag.removeprefix(_MATHML)
        text = (element.text or "").strip()
        if name in ("mi", "mo") and re.fullmatch(r"\\[A-Za-z]+", text):
            raise TexError(f"unknown command {text}")
        if name in _ARITY and len(element) != _ARITY[name]:
            raise TexError(f"`{name}` is missing an argument")
        # \href and \style write an address and CSS into the page: `javascript:` would run.
        href = element.get("href")
        if href is not None and not is_web_address(href):
            raise TexError(r"\href goes only to a web address (https://…)")
        if element.get("style") is not None:
            raise TexError(r"\style is not typeset: a formula takes its look from the theme")
