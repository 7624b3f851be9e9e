"""The names an imported chat shows: first name and initials, never two people alike."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from sitegen.text.personnames import (
    APOSTROPHES,
    PARTICLES,
    full_family_name,
    same_spelling,
    short_names,
    shown_as,
)

# The names are fictional.
ALONE = [
    ("Pierrick Berthou", "Pierrick B."),
    ("Marie-Claire Dufresne", "Marie-Claire D."),
    ("Jean-Marc de La Tour", "Jean-Marc T."),
    ("Marie-Claire d’Alembert", "Marie-Claire A."),
    ("Hugo D'Aubigné", "Hugo A."),
    ("Yann Le Gall", "Yann G."),
    ("Anne van der Berg", "Anne B."),
    ("Karim Ben Salah", "Karim S."),
    ("Anne Lemoine-Durand", "Anne L.-D."),
    ("Maria da Silva Santos", "Maria S. S."),
    ("BERTHOU Pierrick", "Pierrick B."),
    ("Pierrick BERTHOU", "Pierrick B."),
    ("DE LA TOUR Jean-Marc", "Jean-Marc T."),
    ("LE GALL Anne-Sophie", "Anne-Sophie G."),
    ("JM Berthou", "JM B."),  # two capitals are initials, not a family name
    ("Marie Le", "Marie L."),  # a particle with no name after it is the name
    ("Noa", "Noa"),
    ("Juju 🌸", "Juju 🌸"),
    ("Pierrick Berthou 🚴", "Pierrick B. 🚴"),
    ("Marie B.", "Marie B."),
    ("Pierrick Berthou.", "Pierrick B."),  # a full stop does not make a name an initial
    ("Élodie Rivière", "Élodie R."),
    ("Zoé ÉTIENNE", "Zoé É."),
]


@pytest.mark.parametrize(("written", "shown"), ALONE, ids=[w for w, _ in ALONE])
def test_a_name_is_shown_by_first_name_and_initials(written: str, shown: str) -> None:
    assert short_names([written]) == {written: shown}


def test_two_people_who_would_look_alike_get_the_letters_that_differ() -> None:
    shown = short_names(["Marie Bellec", "Marie Bonnet", "Marie Berthou", "Lucas Berthou"])
    assert shown == {
        "Marie Bellec": "Marie Bel.",
        "Marie Bonnet": "Marie Bo.",
        "Marie Berthou": "Marie Ber.",
        "Lucas Berthou": "Lucas B.",
    }


def test_people_letters_cannot_tell_apart_are_numbered_in_order() -> None:
    shown = short_names(["Marie Li", "Marie Lu", "Marie B.", "Marie Bo"])
    assert shown == {
        "Marie Li": "Marie L.",
        "Marie Lu": "Marie L. 2",
        "Marie B.": "Marie B.",
        "Marie Bo": "Marie B. 2",
    }


def test_initials_already_written_stay_as_they_are() -> None:
    shown = short_names(["Marie Be.", "Marie Bo.", "Marie Bonnet"])
    assert shown == {"Marie Be.": "Marie Be.", "Marie Bo.": "Marie Bo.", "Marie Bonnet": "Marie B."}


def test_a_name_never_takes_one_already_given() -> None:
    assert short_names(["Théo Vasseur"], taken=["Théo V."]) == {"Théo Vasseur": "Théo Va."}
    assert short_names(["Noa"], taken=["noa"]) == {"Noa": "Noa 2"}


@pytest.mark.parametrize(
    ("name", "family"),
    [
        ("Pierrick Berthou", "Berthou"),
        ("Jean-Marc de La Tour", "Tour"),
        ("BERTHOU Pierrick", "BERTHOU"),
        ("Anne L.-Durand", "L.-Durand"),
        ("Pierrick B.", ""),
        ("Pierrick Berthou.", "Berthou."),  # more letters than an initial has
        ("Marie Dupon.", "Dupon."),
        ("Marie Be.", ""),
        ("Anne L.-D.", ""),
        ("Participant 3", ""),
        ("Noa 🌸", ""),
    ],
)
def test_a_full_family_name_is_told_from_initials(name: str, family: str) -> None:
    assert full_family_name(name) == family


@pytest.mark.parametrize(
    ("short", "full", "same"),
    [
        ("Pierrick B.", "Pierrick Berthou", True),
        ("Marie Bo.", "Marie Bonnet", True),
        ("Marie Be.", "Marie Bonnet", False),
        ("Pierrick B.", "BERTHOU Pierrick", True),
        ("Jean-Marc T.", "Jean-Marc de La Tour", True),
        ("Anne L.-D.", "Anne Lemoine-Durand", True),
        ("Anne L.", "Anne Lemoine-Durand", False),
        ("Lucas B.", "Pierrick Berthou", False),
        ("Noa", "Noa Berthou", False),
    ],
)
def test_a_shortened_name_may_stand_for_a_full_one(short: str, full: str, same: bool) -> None:
    assert shown_as(short, full) is same


# --- properties ---------------------------------------------------------------------------

FEW_WORDS = ["Marie", "MARIE", "Li", "Lu", "B.", "Be", "bé", "Bé.", "de", "LE", "Le-Li", "🌸", "2"]
ANY_NAME = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"]) | st.sampled_from(" -’'.🌸0"),
    max_size=30,
) | st.lists(st.sampled_from(FEW_WORDS), max_size=4).map(" ".join)
"""Any text, and names of a few words, which often come out alike."""
WORD = st.text(st.characters(categories=["Ll"]), min_size=2, max_size=10)


@given(st.lists(ANY_NAME, max_size=12))
def test_any_names_are_shown_each_its_own_way(names: list[str]) -> None:
    shown = short_names(names)
    assert set(shown) == set(names)
    people = {same_spelling(name): text for name, text in shown.items()}
    seen = [" ".join(unicodedata.normalize("NFKC", s).casefold().split()) for s in people.values()]
    assert len(set(seen)) == len(seen)


def _capitals_read(word: str) -> bool:
    """Whether `word` in capitals is read as a family name (three letters that have one)."""
    return len(word) >= 3 and word.upper().isupper() and len(word.upper()) == len(word)


@st.composite
def people(draw: st.DrawFn) -> tuple[str, list[str], list[str]]:
    """A name as phones hold it: a first name, maybe particles, family words, maybe signs;
    the family maybe in capitals, and then maybe first. Returns it, its first name and its
    family words."""
    first = draw(WORD.map(str.capitalize).filter(lambda w: not w.isupper()))
    assume(first.casefold() not in PARTICLES)
    family = [w.capitalize() for w in draw(st.lists(WORD, min_size=1, max_size=3))]
    assume(not any(w.casefold() in PARTICLES for w in family))
    particles = draw(st.lists(st.sampled_from(sorted(PARTICLES)), max_size=2))
    capitals = all(map(_capitals_read, family)) and draw(st.booleans())
    written = [w.upper() for w in family] if capitals else family
    words = [*particles, *written]
    signs = draw(st.lists(st.sampled_from(["🌸", "2", "🚴", "#1"]), max_size=2))
    order = [*words, first] if capitals and draw(st.booleans()) else [first, *words]
    return " ".join([*order, *signs]), [first], written


def _folded(words: list[str]) -> set[str]:
    return {unicodedata.normalize("NFC", w).casefold() for w in words}


@given(st.lists(people(), min_size=1, max_size=8))
def test_a_family_name_is_never_shown_whole(names: list[tuple[str, list[str], list[str]]]) -> None:
    shown = short_names(name for name, _, _ in names)
    for name, first, family in names:
        words = _folded(shown[name].split()) - _folded(first)
        assert not words & _folded(family), (name, shown[name])
        assert not full_family_name(shown[name]), (name, shown[name])


def test_telling_people_apart_shows_at_most_three_letters_then_numbers() -> None:
    shown = short_names(["Marie Dupont", "Marie Durand", "Marie Dupond"])
    assert shown == {
        "Marie Dupont": "Marie Dup.",
        "Marie Durand": "Marie Dur.",
        "Marie Dupond": "Marie Dup. 2",
    }


@pytest.mark.parametrize("apostrophe", ["’", "ʼ"])
def test_a_name_written_with_another_apostrophe_is_the_same_person(apostrophe: str) -> None:
    other = f"Awa N{apostrophe}Diaye"
    assert short_names(["Awa N'Diaye", other]) == {"Awa N'Diaye": "Awa N.", other: "Awa N."}
    assert short_names([f"Hugo D{apostrophe}Aubigné"]) == {f"Hugo D{apostrophe}Aubigné": "Hugo A."}


@given(st.lists(people(), min_size=1, max_size=8))
def test_no_family_part_is_shown_by_more_than_three_of_its_first_letters(
    names: list[tuple[str, list[str], list[str]]],
) -> None:
    """Each family word is shown by a word after the first name whose letters start it,
    are fewer than its own and three at most, as people write an initial (« Ber. »)."""
    shown = short_names(name for name, _, _ in names)
    for name, _, family in names:
        words = shown[name].split()[1:]
        for word, part in zip(words, family, strict=False):
            letters, whole = _letters(word), _letters(part)
            assert whole.startswith(letters), (name, shown[name])
            assert letters != whole, (name, shown[name])
            assert len(_letters(word, fold=False)) <= 3, (name, shown[name])


def _letters(word: str, fold: bool = True) -> str:
    """Its letters, an apostrophe (« ʼ » is a letter to Unicode) not one; casefolded
    unless not `fold` (folding may write a letter as two: « ᾲ », « ß »)."""
    text = unicodedata.normalize("NFC", word)
    text = text.casefold() if fold else text
    return "".join(c for c in text if c.isalpha() and c not in APOSTROPHES)
