"""TeX as blogs write it for KaTeX becomes the MathML KaTeX would show: what latex2mathml
lacks or gets wrong is rewritten first (`sitegen/markdown/texdialect.py`)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from sitegen.markdown.mathml import tex_to_mathml

NS = "http://www.w3.org/1998/Math/MathML"


def mathml(tex: str, display: bool = True) -> ET.Element:
    return ET.fromstring(tex_to_mathml(tex, display))


def tag(element: ET.Element) -> str:
    return element.tag.removeprefix(f"{{{NS}}}")


def texts(root: ET.Element, name: str) -> list[str]:
    return ["".join(e.itertext()) for e in root.iter(f"{{{NS}}}{name}")]


def test_aligned_is_a_table_of_its_rows_and_columns() -> None:
    root = mathml(r"\begin{aligned} f(x) &= (x+1)^2 \\ &= x^2 + 2x + 1 \end{aligned}")
    rows = list(root.iter(f"{{{NS}}}mtr"))
    assert len(rows) == 2
    assert [len(row) for row in rows] == [2, 2]
    assert "".join(rows[0][0].itertext()) == "f(x)"


@pytest.mark.parametrize(
    ("tex", "rows", "columns"),
    [
        (r"\begin{bmatrix} 1 & 0 \\ 0 & 1 \end{bmatrix}", 2, 2),
        (r"\begin{pmatrix} a & b & c \end{pmatrix}", 1, 3),
        (r"\begin{cases} 1 & \text{si } x > 0 \\ 0 & \text{sinon} \end{cases}", 2, 2),
        (r"\begin{alignedat}{2} a &= b & c &= d \end{alignedat}", 1, 4),
    ],
    ids=["bmatrix", "pmatrix", "cases", "alignedat"],
)
def test_matrices_and_cases_are_tables(tex: str, rows: int, columns: int) -> None:
    table = mathml(tex).find(f".//{{{NS}}}mtable")
    assert table is not None
    assert [len(row) for row in table] == [columns] * rows


@pytest.mark.parametrize("exponent", ["^T", "^\\top", "^{-1}", "_{ij}"])
def test_an_environment_takes_an_exponent(exponent: str) -> None:
    root = mathml(rf"\begin{{bmatrix}} a & b \end{{bmatrix}}{exponent}", display=False)
    script = root.find(f".//{{{NS}}}{'msub' if exponent.startswith('_') else 'msup'}")
    assert script is not None and len(script) == 2
    assert script[0].find(f".//{{{NS}}}mtable") is not None
    assert script[1].find(f".//{{{NS}}}mtable") is None


def test_an_escaped_underscore_is_a_subscript() -> None:
    # Authors write `x\_1` so that Markdown does not read `_…_` as emphasis.
    root = mathml(r"\sigma\_{12}^2 + x\_i", display=False)
    assert [tag(e) for e in root.iter() if tag(e) in ("msub", "msubsup")] == ["msubsup", "msub"]
    assert "_" not in "".join(root.itertext())


def test_an_escaped_underscore_in_a_name_stays_an_underscore() -> None:
    root = mathml(r"W_{\text{NB\_PAS}} + \mathrm{taux\_max}", display=False)
    assert texts(root, "mtext") == ["NB_PAS"]
    assert "taux_max" in "".join(root.itertext())


def test_row_spacing_is_not_shown_as_text() -> None:
    root = mathml(r"\begin{aligned} a &= 1 \\[4pt] b &= 2 \end{aligned}")
    assert len(list(root.iter(f"{{{NS}}}mtr"))) == 2
    assert "pt" not in "".join(root.itertext())


@pytest.mark.parametrize(
    ("tex", "fences"),
    [
        (r"\big\langle u, v \big\rangle", ["⟨", "⟩"]),
        (r"\Big\| x \Big\|", ["‖", "‖"]),
        (r"\bigl\{ x \bigr\}", ["{", "}"]),
        (r"\big\vert x \big\vert", ["|", "|"]),
    ],
)
def test_sized_delimiters_written_as_commands(tex: str, fences: list[str]) -> None:
    root = mathml(tex, display=False)
    assert [e.text for e in root.iter(f"{{{NS}}}mo") if e.get("minsize")] == fences


def test_arg_is_an_operator_name() -> None:
    root = mathml(r"\hat{h} = \arg\min_{h} R(h)", display=False)
    operators = texts(root, "mo")
    assert operators[operators.index("arg") + 1] == "min"


def test_a_colour_ends_with_its_cell() -> None:
    root = mathml(r"\begin{aligned} a &= \color{red} b + c & \text{note} \\ d &= e \end{aligned}")
    rows = list(root.iter(f"{{{NS}}}mtr"))
    assert [len(row) for row in rows] == [3, 2]
    colored = [e for e in root.iter() if e.get("mathcolor") == "red"]
    assert len(colored) == 1 and "".join(colored[0].itertext()) == "b+c"


@pytest.mark.parametrize(
    "tex",
    [
        r"\begin{aligned} a &= b & \\ c &= d & \end{aligned}",
        r"\begin{bmatrix} a & b \\ c & \end{bmatrix}",
    ],
)
def test_a_last_row_ending_with_an_empty_cell_is_kept(tex: str) -> None:
    rows = list(mathml(tex).iter(f"{{{NS}}}mtr"))
    assert len(rows) == 2
    assert "c" in "".join(rows[1].itertext())


def test_a_backslash_ending_a_line_is_a_space() -> None:
    root = mathml("a \\\\ \\\nb")
    assert "\\" not in "".join(root.itertext())
    assert [tag(e) for e in root[0]] == ["mi", "mspace", "mtext", "mi"]


def test_a_space_ending_the_formula_is_not_a_backslash() -> None:
    # `\ldots\ ` loses its space when the formula is trimmed.
    assert "\\" not in "".join(mathml(r"i \in I \ldots\ ", display=False).itertext())


def test_dashes_inside_text() -> None:
    assert texts(mathml(r"\text{R2 -- monotonie --- ici}"), "mtext") == [
        "R2\u00a0–\u00a0monotonie\u00a0—\u00a0ici"
    ]


def test_dollars_inside_text_are_math() -> None:
    root = mathml(r"\text{vrai si $x > 0$ et $y$ sinon}")
    assert texts(root, "mtext") == ["vrai\u00a0si\u00a0", "\u00a0et\u00a0", "\u00a0sinon"]
    assert "$" not in "".join(root.itertext())
    assert [e.text for e in root.iter(f"{{{NS}}}mi")] == ["x", "y"]


def test_escaped_characters_inside_text_are_characters() -> None:
    root = mathml(r"\text{\# essais, 50\%, 5\$ et\ }x")
    assert texts(root, "mtext") == ["#\u00a0essais,\u00a050%,\u00a05$\u00a0et\u00a0"]


def test_greek_capitals_that_look_latin() -> None:
    root = mathml(r"\Chi(G) + \Alpha", display=False)
    assert [e.text for e in root.iter(f"{{{NS}}}mi")] == ["\u03a7", "G", "\u0391"]


def test_a_binomial_takes_an_exponent() -> None:
    root = mathml(r"\binom{n}{2}^{-1}", display=False)
    script = root.find(f".//{{{NS}}}msup")
    assert script is not None and script[0].find(f".//{{{NS}}}mfrac") is not None
    assert "".join(script[1].itertext()) == "−1"


def test_a_bracket_opening_the_first_cell_is_not_an_option() -> None:
    root = mathml(r"g = \begin{cases}[1, 0] & \text{si } p \\ [0, 1] & \text{sinon} \end{cases}")
    rows = list(root.iter(f"{{{NS}}}mtr"))
    assert ["".join(row[0].itertext()) for row in rows] == ["[1,0]", "[0,1]"]


def test_the_alternative_text_is_the_tex_as_written() -> None:
    tex = r"\begin{bmatrix} a \end{bmatrix}^T + x\_1"
    assert mathml(tex, display=False).get("alttext") == tex
