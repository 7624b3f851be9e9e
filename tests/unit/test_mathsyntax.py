"""Formulas in Markdown delimited as authors write them for KaTeX and MathJax — `$ x $`,
`$$…$$` in a sentence, `\\(…\\)`, `\\[…\\]`, `\\\\(…\\\\)` — while amounts, variables and
escaped brackets stay text (`sitegen/markdown/mathsyntax.py`)."""

from __future__ import annotations

from copy import deepcopy

import html5lib
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from sitegen.markdown.htmlmath import formulas_in_html
from sitegen.markdown.mathsyntax import SKIPPED
from sitegen.project.errors import Diagnostic
from tests.conftest import BODY_LINE, first_in, fragment, raw_text, text_of
from tests.conftest import render as render_body

NS = "http://www.w3.org/1998/Math/MathML"
MATH = f"{{{NS}}}math"


def render(body: str) -> tuple[etree._Element, list[Diagnostic]]:
    rendered, diagnostics = render_body(body)
    return fragment(rendered.html), diagnostics


def formulas(body: str) -> tuple[etree._Element, list[etree._Element]]:
    root, diagnostics = render(body)
    assert not diagnostics
    return root, list(root.iter(MATH))


def prose(root: etree._Element) -> str:
    """The page's text outside its formulas: what a reader sees as words."""
    copy = deepcopy(root)
    for math in list(copy.iter(MATH)):
        _drop_keep_tail(math)
    return raw_text(copy).strip()


def _drop_keep_tail(element: etree._Element) -> None:
    previous, parent = element.getprevious(), element.getparent()
    assert parent is not None
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
        ("Entre 5 $ et 10 $ par mois.", "Entre 5\u00a0$ et 10\u00a0$ par mois.", 0),
        ("Entre 5\u00a0$ et 10\u00a0$.", "Entre 5\u00a0$ et 10\u00a0$.", 0),
        ("Il paie 5 $ et $ x $ en plus.", "Il paie 5\u00a0$ et  en plus.", 1),
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
    assert [raw_text(m) for m in maths] == ["P3", "P5", "C3", "C5"]
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


def test_shell_variables_followed_by_a_name_stay_text() -> None:
    root, maths = formulas(
        "Chaque image s’appelle $prefix/$stage[$i], sous $HOME/$USER ; "
        "le $n$ième terme et $x_i$bis restent des formules."
    )
    assert [m.get("alttext") for m in maths] == ["n", "x_i"]
    assert "$prefix/$stage[$i], sous $HOME/$USER" in prose(root)


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
    assert ">" not in raw_text(maths[0])


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
    assert prose(root) == "Voir l’article [1] et [2]."


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
    assert first_in(root, ".//code[@class='math-error']").text == shown
    assert len(diagnostics) == 1


# ------------------------------------------------------------ formulas in raw HTML blocks


def test_a_formula_in_the_text_of_an_html_block_is_typeset() -> None:
    root, maths = formulas(
        "<details><summary>La dérivée selon $w$</summary>\n\n$$ L = w^2 $$\n\n</details>"
    )
    summary = first_in(root, "details/summary")
    assert [m.get("alttext") for m in summary.iter(MATH)] == ["w"]
    assert prose(summary) == "La dérivée selon"
    assert [m.get("display") for m in maths] == ["inline", "block"]


def test_formulas_in_an_html_table_keep_the_table() -> None:
    root, maths = formulas(
        "<table>\n<tr><td>RL ($\\epsilon$-greedy)</td><td>$$a &lt; b$$</td></tr>\n</table>"
    )
    cells = root.findall(".//td")
    assert [text_of(c) for c in cells] == ["RL (ϵ-greedy)", "a<b"]
    assert [(m.get("alttext"), m.get("display")) for m in maths] == [
        ("\\epsilon", "inline"),
        ("a < b", "block"),
    ]


def test_an_html_blocks_tags_code_comments_and_amounts_are_left_as_written() -> None:
    body = (
        '<div title="$x$" data-prix="5 $">\n'
        "<code>$y$</code> <pre>$z$</pre> <kbd>5 $ et 10 $</kbd> <!-- $c$ -->\n"
        "<script>let s = '$t$';</script><style>/* $u$ */</style>\n"
        "</div>"
    )
    root, maths = formulas(body)
    assert not maths
    div = first_in(root, "div")
    assert (div.get("title"), div.get("data-prix")) == ("$x$", "5 $")
    assert [e.text for e in div.iterfind("*")] == [
        "$y$",
        "$z$",
        "5 $ et 10 $",
        "let s = '$t$';",
        "/* $u$ */",
    ]


def test_dollars_in_inline_html_code_stay_code() -> None:
    root, maths = formulas("Écrire <code>$x$</code> ou <kbd>$y$</kbd>, puis <code>$</code> et $z$.")
    assert [c.text for c in root.iter("code")] == ["$x$", "$"]
    assert [m.get("alttext") for m in maths] == ["y", "z"]


def test_invalid_tex_in_an_html_block_is_said_at_its_line() -> None:
    root, diagnostics = render("Intro.\n\n<div>\nUne formule $\\frac{$ ici\n</div>")
    assert first_in(root, ".//div/code[@class='math-error']").text == "$\\frac{$"
    assert [(d.line, d.severity.name) for d in diagnostics] == [(BODY_LINE + 3, "WARNING")]


HTML_PIECES = st.lists(
    st.sampled_from(
        [
            "<div>",
            "</div>",
            '<td title="$x$">',
            "<code>",
            "</code>",
            "<!-- $a$ -->",
            "<pre>",
            "</pre>",
            "<br/>",
            "$",
            "$$",
            "x^2",
            " ",
            "\n",
            "5 ",
            "\\(",
            "\\)",
            "&lt;",
            "<",
            ">",
            '"',
            "'",
            "<a href='$b$'",
            "\\frac{",
            "}",
            "\\\\",
            "\\$",
        ]
    ),
    max_size=30,
).map("".join)


def markup_of(html: str) -> list[tuple[str, list[tuple[str, str]], str]]:
    """A browser's elements and comments, with their attributes, and the text of those whose
    text is not read: everything but the text a formula may be found in."""
    root = html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)
    found = []
    for e in root.iter():
        tag = e.tag if isinstance(e.tag, str) else "#comment"
        read = tag != "#comment" and tag not in SKIPPED
        found.append((tag, sorted(e.attrib.items()), "" if read else e.text or ""))
    return found


@given(HTML_PIECES)
def test_typesetting_an_html_block_never_changes_its_markup(html: str) -> None:
    """Elements, attributes, comments and code come out as written, whatever the text."""
    typeset = formulas_in_html(html, lambda tex, opening, line: "◊")
    assert markup_of(typeset) == markup_of(html)
