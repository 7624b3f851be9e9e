"""TeX -> MathML at build time: `tex_to_mathml` and `$…$` / `$$…$$` in Markdown."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from lxml import etree

from sitegen.markdown.mathml import TexError, tex_to_mathml
from sitegen.project.errors import Diagnostic, Severity
from tests.conftest import BODY_LINE, first_in, fragment, raw_text
from tests.conftest import render as render_body

NS = "http://www.w3.org/1998/Math/MathML"
MATH = f"{{{NS}}}math"


def render(body: str) -> tuple[etree._Element, list[Diagnostic]]:
    rendered, diagnostics = render_body(body)
    return fragment(rendered.html), diagnostics


# --- tex_to_mathml ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tex",
    [
        "x^2",
        r"\frac{a}{b}",
        r"\sqrt{2}",
        r"\alpha + \beta",
        r"\sum_{i=1}^{n} i",
        r"x_{i}^{2}",
        r"\{ x \}",
        r"\text{si } x > 0",
    ],
)
@pytest.mark.parametrize("display", [False, True])
def test_valid_tex_gives_mathml(tex: str, display: bool) -> None:
    root = ET.fromstring(tex_to_mathml(tex, display))
    assert root.tag == MATH
    assert root.get("display") == ("block" if display else "inline")
    assert len(root) > 0


def test_fraction_structure() -> None:
    root = ET.fromstring(tex_to_mathml(r"\frac{a}{b}", False))
    frac = root.find(f".//{{{NS}}}mfrac")
    assert frac is not None and len(frac) == 2
    assert ["".join(part.itertext()) for part in frac] == ["a", "b"]


@pytest.mark.parametrize(
    ("tex", "reason"),
    [
        (r"\frac{a", "never closed"),
        (r"a}", "closes nothing"),
        (r"\sqrt{x}}", "closes nothing"),
        (r"\foo{x}", r"\foo"),
        (r"\foo", r"\foo"),
        (r"\frac{a}", "missing an argument"),
        (r"\frac a", "missing an argument"),
        (r"x^", ""),
        (r"\frac", ""),
        ("", "empty"),
        ("   ", "empty"),
    ],
    ids=[
        "open-brace",
        "stray-close",
        "extra-close",
        "unknown-command-arg",
        "unknown-command",
        "frac-one-arg",
        "frac-bare",
        "sup-missing",
        "frac-no-args",
        "empty",
        "blank",
    ],
)
def test_invalid_tex_raises_texerror(tex: str, reason: str) -> None:
    with pytest.raises(TexError, match=re.escape(reason) if reason else None):
        tex_to_mathml(tex, False)


def test_escaped_braces_do_not_count_as_groups() -> None:
    ET.fromstring(tex_to_mathml(r"\{ a", False))
    with pytest.raises(TexError):
        tex_to_mathml(r"\{ {a", False)


# --- Math in Markdown ---------------------------------------------------------------------


def test_inline_math_is_mathml() -> None:
    root, diagnostics = render("Soit $x^2$ ici.")
    math = root.find(f"p/{MATH}")
    assert math is not None and math.get("display") == "inline"
    assert math.find(f".//{{{NS}}}msup") is not None
    assert not diagnostics


@pytest.mark.parametrize("body", ["$$\n\\frac{a}{b}\n$$", "$$\\frac{a}{b}$$"])
def test_display_math_is_a_math_display_block(body: str) -> None:
    root, diagnostics = render(f"Avant.\n\n{body}\n\nAprès.")
    block = root.find("div[@class='math-display']")
    assert block is not None
    math = block.find(MATH)
    assert math is not None and math.get("display") == "block"
    assert math.find(f".//{{{NS}}}mfrac") is not None
    assert not diagnostics


@pytest.mark.parametrize("body", ["Ça coûte 5 $ et 10 $.", "De 5 $ à 10 $ ou 3$ et 4$."])
def test_money_is_not_math(body: str) -> None:
    root, diagnostics = render(body)
    assert not list(root.iter(MATH))
    assert root.find("code") is None and not diagnostics
    # Text, with the no-break space French sets between an amount and its currency.
    assert raw_text(first_in(root, "p")) == body.replace(" $", "\u00a0$")


@pytest.mark.parametrize("tex", [r"\frac{a", r"\foo{x}"])
def test_invalid_inline_math_is_code_and_a_warning(tex: str) -> None:
    root, diagnostics = render(f"Première ligne.\n\nDeux\net ${tex}$ ici.")
    code = root.find(".//code[@class='math-error']")
    assert code is not None and code.text == f"${tex}$"
    assert not list(root.iter(MATH))
    assert len(diagnostics) == 1
    diagnostic = diagnostics[0]
    assert diagnostic.severity is Severity.WARNING
    assert diagnostic.path == "content/posts/x.md"
    assert diagnostic.line == BODY_LINE + 3
    assert tex in diagnostic.message


def test_invalid_display_math_warns_at_its_file_line() -> None:
    root, diagnostics = render("Un.\n\nDeux.\n\n$$\n\\frac{a\n$$")
    code = root.find("div[@class='math-display']/code[@class='math-error']")
    assert code is not None and "\\frac{a" in (code.text or "")
    assert [(d.line, d.severity) for d in diagnostics] == [(BODY_LINE + 4, Severity.WARNING)]
    assert "\\frac{a" in diagnostics[0].message


def test_invalid_math_in_the_summary_paragraph_warns_once() -> None:
    _, diagnostics = render("Le début $\\foo$ du texte.\n\nSuite.")
    assert len(diagnostics) == 1


def test_math_source_is_escaped_in_error_code() -> None:
    root, _ = render(r"Voir $\foo{<script>}$.")
    assert not list(root.iter("script"))
    assert first_in(root, ".//code[@class='math-error']").text == r"$\foo{<script>}$"


@pytest.mark.parametrize("tex", ["a & b", r"\text{a<b}"])
def test_characters_the_converter_cannot_place_are_a_tex_error(tex: str) -> None:
    with pytest.raises(TexError, match="cannot place"):
        tex_to_mathml(tex, False)


def test_converter_errors_read_as_words() -> None:
    with pytest.raises(TexError, match="missing super script or subscript"):
        tex_to_mathml("x^", False)


def test_the_formula_keeps_its_tex_as_alternative_text() -> None:
    root = ET.fromstring(tex_to_mathml(r"a < \sqrt{b}", display=False))
    assert root.get("alttext") == r"a < \sqrt{b}"
