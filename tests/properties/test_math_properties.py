"""Amounts written with `$` stay text, however a sentence mixes them, and a formula among
them is one formula: "entre 5 $ et 10 $", "de $5 à $10", "5 $ pour $ x $"."""

from __future__ import annotations

from copy import deepcopy

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from tests.conftest import fragment, raw_text, render

MATH = "{http://www.w3.org/1998/Math/MathML}math"

NUMBERS = st.one_of(
    st.integers(0, 10**6).map(str),
    st.builds("{},{:02d}".format, st.integers(0, 999), st.integers(0, 99)),
)
FRENCH_AMOUNTS = st.builds(str.format, st.sampled_from(["{} $", "{}\u00a0$", "{}$"]), NUMBERS)
US_AMOUNTS = st.builds("${}".format, NUMBERS)
WORDS = st.sampled_from(
    ["coûte", "et", "puis", "entre", "à", "ou", "le billet", "par mois", "(", ")"]
)
FORMULAS = st.sampled_from(["$x$", "$ x $", "$x_i^2$", "$ \\frac{a}{b} $", "$\\alpha$", "$2n$"])


def sentence(amounts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(amounts, WORDS), min_size=1, max_size=10).map(" ".join)


def page(body: str) -> tuple[etree._Element, list[etree._Element]]:
    rendered, diagnostics = render(body)
    assert not diagnostics
    root = fragment(rendered.html)
    return root, list(root.iter(MATH))


def words_around_formulas(root: etree._Element) -> str:
    copy = deepcopy(root)
    for math in list(copy.iter(MATH)):
        previous, parent = math.getprevious(), math.getparent()
        assert parent is not None
        if previous is not None:
            previous.tail = (previous.tail or "") + "·" + (math.tail or "")
        else:
            parent.text = (parent.text or "") + "·" + (math.tail or "")
        parent.remove(math)
    return spaced(raw_text(copy)).strip()


def spaced(text: str) -> str:
    """No-break spaces as spaces: French typography holds an amount to its currency."""
    return text.replace("\u00a0", " ")


@given(st.one_of(sentence(FRENCH_AMOUNTS), sentence(US_AMOUNTS)))
def test_amounts_stay_text(body: str) -> None:
    root, maths = page(body)
    assert not maths
    assert words_around_formulas(root) == spaced(body)


@given(sentence(FRENCH_AMOUNTS), FORMULAS, sentence(FRENCH_AMOUNTS))
def test_a_formula_among_amounts_is_one_formula(before: str, formula: str, after: str) -> None:
    root, maths = page(f"{before} {formula} {after}")
    assert len(maths) == 1
    assert maths[0].get("alttext") == formula.strip("$ ")
    assert words_around_formulas(root) == spaced(f"{before} · {after}")
