"""TeX -> MathML at build time: `tex_to_mathml`, and formulas in Markdown as authors write them."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from copy import deepcopy

import pytest
from lxml import etree

from sitegen.errors import Diagnostic, Severity
from sitegen.mathml import TexError, tex_to_mathml
from tests.conftest import BODY_LINE, fragment, text_of
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
    assert "".join(root.find("p").itertext()) == body


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
    assert code is not None and "\\frac{a" in code.text
    assert [(d.line, d.severity) for d in diagnostics] == [(BODY_LINE + 4, Severity.WARNING)]
    assert "\\frac{a" in diagnostics[0].message


def test_invalid_math_in_the_summary_paragraph_warns_once() -> None:
    _, diagnostics = render("Le début $\\foo$ du texte.\n\nSuite.")
    assert len(diagnostics) == 1


def test_math_source_is_escaped_in_error_code() -> None:
    root, _ = render(r"Voir $\foo{<script>}$.")
    assert not list(root.iter("script"))
    assert root.find(".//code[@class='math-error']").text == r"$\foo{<script>}$"


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


# --- TeX as blogs write it for KaTeX --------------------------------------------------------


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


# --- Delimiters as authors write them for KaTeX and MathJax --------------------------------


def formulas(body: str) -> tuple[etree._Element, list[etree._Element]]:
    root, diagnostics = render(body)
    assert not diagnostics
    return root, list(root.iter(MATH))


def prose(root: etree._Element) -> str:
    """The page's text outside its formulas: what a reader sees as words."""
    copy = deepcopy(root)
    for math in list(copy.iter(MATH)):
        _drop_keep_tail(math)
    return "".join(copy.itertext()).strip()


def _drop_keep_tail(element: etree._Element) -> None:
    previous, parent = element.getprevious(), element.getparent()
    if previous is not None:
        previous.tail = (previous.tail or "") + (element.tail or "")
    else:
        parent.text = (parent.text or "") + (element.tail or "")
    parent.remove(element)


@pytest.mark.parametrize("body", ["Soit $ x^2 $ ici.", "Soit $  x^2\t$ ici."])
def test_inner_spaces_are_allowed(body: str) -> None:
    root, maths = formulas(body)
    assert [m.get("display") for m in maths] == ["inline"]
    assert maths[0].find(f".//{{{NS}}}msup") is not None
    assert prose(root) == "Soit  ici."


@pytest.mark.parametrize(
    ("body", "text", "count"),
    [
        ("Entre 5 $ et 10 $ par mois.", "Entre 5 $ et 10 $ par mois.", 0),
        ("Entre 5\u00a0$ et 10\u00a0$.", "Entre 5\u00a0$ et 10\u00a0$.", 0),
        ("Il paie 5 $ et $ x $ en plus.", "Il paie 5 $ et  en plus.", 1),
        ("Le billet vaut $5 et $10 ici.", "Le billet vaut $5 et $10 ici.", 0),
        ("Le billet vaut $5 et $x$ ici.", "Le billet vaut $5 et  ici.", 1),
        ("Une taille de $3$ pixels.", "Une taille de  pixels.", 1),
        ("Les variables $HOME et $PATH.", "Les variables $HOME et $PATH.", 0),
        ("Soit $x^2 $ ici et $ y$ là.", "Soit  ici et $ y$ là.", 1),
    ],
)
def test_amounts_stay_text_next_to_formulas(body: str, text: str, count: int) -> None:
    root, maths = formulas(body)
    assert len(maths) == count
    assert prose(root) == text


def test_double_dollars_in_a_sentence_are_inline_math() -> None:
    # kramdown reads `$$…$$` inside a paragraph as inline math.
    root, maths = formulas("La matrice $$W$$ et le vecteur $$v_{w}$$ suffisent.")
    assert [m.get("display") for m in maths] == ["inline", "inline"]
    assert prose(root) == "La matrice  et le vecteur  suffisent."


def test_double_dollars_on_their_own_line_inside_a_paragraph_are_displayed() -> None:
    root, maths = formulas("Le risque vaut :\n$$ R = \\frac{1}{n} $$\net il baisse.")
    assert [m.get("display") for m in maths] == ["block"]
    assert "$" not in prose(root)


def test_a_line_with_two_formulas_is_not_one_block() -> None:
    root, maths = formulas("$$P_3$$ à $$P_5$$ viennent des étages de $$C_3$$ à $$C_5$$.")
    assert ["".join(m.itertext()) for m in maths] == ["P3", "P5", "C3", "C5"]
    assert prose(root) == "à  viennent des étages de  à ."


@pytest.mark.parametrize(
    "body", [r"Si \(xRy\) et \(yRz\) alors…", r"Un débit de \(10 GBps\) et \(0xFF\)."]
)
def test_parentheses_around_letters_that_spell_no_word_are_math(body: str) -> None:
    _, maths = formulas(body)
    assert len(maths) == 2


def test_parentheses_in_a_link_text_are_math() -> None:
    root, maths = formulas(r"Un graphe [\(k\)-coloriable](https://example.org/k).")
    assert [m.get("display") for m in maths] == ["inline"]
    assert root.find("p/a") is not None and maths[0].getparent() is root.find("p/a")


def test_doubled_backslashes_are_delimiters_once_markdown_has_read_them() -> None:
    # Hugo without passthrough, or Jekyll: `\\(x\\)` is what leaves `\(x\)` on the page.
    root, maths = formulas(
        r"Du papier de 190 g/m\\(^2\\), une résistance de 50 \\( \Omega \\), "
        r"puis \\[x\\_1^2\\] et \\(\\frac{a}{b}\\)."
    )
    assert [m.get("display") for m in maths] == ["inline", "inline", "block", "inline"]
    assert maths[2].find(f".//{{{NS}}}msubsup") is not None
    assert maths[3].find(f".//{{{NS}}}mfrac") is not None
    assert "\\" not in prose(root)


@pytest.mark.parametrize(
    "body",
    [
        "[Mesosphere lève 10.5m$](https://exemple.com/a)  \n[Lima lève 2.5m$](https://exemple.com/b)",
        "Une levée de 10,5 M$ puis de 3 Md$ et 7k$.",
    ],
)
def test_amounts_with_a_unit_stay_text(body: str) -> None:
    root, maths = formulas(body)
    assert not maths
    assert "$" in prose(root)


def test_dollars_around_words_stay_text() -> None:
    root, maths = formulas(
        "Le fichier **$fichier** est au format **asciidoc**, rangé sous **$nom_court** "
        "dans **$DOSSIER** ; $sin x$, $a + b$ et $w_1 x_{ij}$ restent des formules."
    )
    names = ["$fichier", "asciidoc", "$nom_court", "$DOSSIER"]
    assert [text_of(b) for b in root.iter("strong")] == names
    assert [m.get("alttext") for m in maths] == ["sin x", "a + b", "w_1 x_{ij}"]


def test_parenthesis_delimiters_are_inline_math() -> None:
    root, maths = formulas(r"Soit \(x_i^2\) puis \( \alpha \) ici.")
    assert [m.get("display") for m in maths] == ["inline", "inline"]
    assert maths[0].find(f".//{{{NS}}}msubsup") is not None
    assert prose(root) == "Soit  puis  ici."


@pytest.mark.parametrize("body", ["\\[\n\\frac{a}{b}\n\\]", "\\[ \\frac{a}{b} \\]"])
def test_bracket_delimiters_on_their_own_lines_are_displayed(body: str) -> None:
    root, maths = formulas(f"Avant.\n\n{body}\n\nAprès.")
    block = root.find("div[@class='math-display']")
    assert block is not None and block.find(MATH) is maths[0]
    assert maths[0].get("display") == "block"
    assert maths[0].find(f".//{{{NS}}}mfrac") is not None
    assert "\\" not in prose(root)


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ("> \\[\n> x^2\n> \\]", "blockquote/div[@class='math-display']"),
        ("- \\[\n  x^2\n  \\]", "ul/li/div[@class='math-display']"),
        ("\\[x^2\\] puis \\[y^2\\]", "p"),
    ],
)
def test_bracket_blocks_inside_other_blocks(body: str, path: str) -> None:
    root, maths = formulas(body)
    assert maths and maths[0].getparent() is root.find(path)
    assert [m.get("alttext") for m in maths][:1] == ["x^2"]
    assert ">" not in "".join(maths[0].itertext())


@pytest.mark.parametrize(
    "body", ["On obtient\n\\[ x = 1 \\]\ndonc la suite.", "On obtient \\[x = 1\\] donc la suite."]
)
def test_brackets_inside_a_paragraph_are_displayed(body: str) -> None:
    # As Hugo's passthrough and KaTeX show them: displayed, even within a sentence.
    root, maths = formulas(body)
    assert [m.get("display") for m in maths] == ["block"]
    assert "\\" not in prose(root)


def test_an_escaped_bracket_in_a_sentence_stays_a_bracket() -> None:
    root, maths = formulas(r"Voir l'article \[1\] et \[2\].")
    assert not maths
    assert prose(root) == "Voir l'article [1] et [2]."


@pytest.mark.parametrize(
    "body",
    [
        r"[Serveur de build \(TFS\)](https://example.org/tfs)",
        r"[Le groupe \[FR\]](https://example.org/fr) et [la vidéo \(Lyon\)](https://example.org/x)",
        r"Une vidéo \(en français, sous-titrée\) ici.",
    ],
)
def test_parentheses_escaped_around_words_stay_parentheses(body: str) -> None:
    root, maths = formulas(body)
    assert not maths
    assert "(" in prose(root) and "\\" not in prose(root)


def test_escaped_underscores_in_a_paragraph_are_subscripts() -> None:
    root, maths = formulas(r"Les poids $w\_1$ et $w\_2$ sont appris.")
    assert [len(m.findall(f".//{{{NS}}}msub")) for m in maths] == [1, 1]
    assert root.find(".//em") is None


def test_a_transposed_matrix_in_a_paragraph() -> None:
    _, maths = formulas(r"L'état $X = \begin{bmatrix} x & y \end{bmatrix}^T$ évolue.")
    script = maths[0].find(f".//{{{NS}}}msup")
    assert script is not None and script[0].find(f".//{{{NS}}}mtable") is not None


@pytest.mark.parametrize(
    ("body", "shown"), [(r"Voir \(\foo\).", r"\(\foo\)"), (r"Voir $$\foo$$ ici.", r"$$\foo$$")]
)
def test_invalid_math_is_shown_with_its_own_delimiters(body: str, shown: str) -> None:
    root, diagnostics = render(body)
    assert root.find(".//code[@class='math-error']").text == shown
    assert len(diagnostics) == 1
