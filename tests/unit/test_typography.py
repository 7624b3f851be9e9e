"""French typography: U+202F before ; ! ?, U+00A0 before : and inside « », on prose only."""

from __future__ import annotations

import pytest
from lxml import etree

from sitegen.text.typography import NBSP, NNBSP, french_text
from tests.conftest import first_in, fragment, raw_text, render

MATHML = "{http://www.w3.org/1998/Math/MathML}"


def render_html(body: str, lang: str = "fr") -> str:
    return render(body, lang=lang)[0].html


def html_of(body: str, lang: str = "fr") -> etree._Element:
    return fragment(render_html(body, lang))


def text(element: etree._Element | None) -> str:
    assert element is not None
    return raw_text(element)


# --- french_text --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Vraiment ?", f"Vraiment{NNBSP}?"),
        ("Oui !", f"Oui{NNBSP}!"),
        ("un ; deux", f"un{NNBSP}; deux"),
        ("Note : ceci", f"Note{NBSP}: ceci"),
        ("« mot »", f"«{NBSP}mot{NBSP}»"),
        ("«mot»", f"«{NBSP}mot{NBSP}»"),
        ("«  mot  »", f"«{NBSP}mot{NBSP}»"),
        ("trop   ?", f"trop{NNBSP}?"),
        (f"déjà{NBSP}?", f"déjà{NNBSP}?"),
    ],
)
def test_french_text_spacing(before: str, after: str) -> None:
    assert french_text(before) == after


@pytest.mark.parametrize(
    "unchanged", ["10:30", "https://x", "C:", "Quoi?", "ratio 3:2", "a;b", "rien à faire"]
)
def test_french_text_leaves_unspaced_punctuation_alone(unchanged: str) -> None:
    assert french_text(unchanged) == unchanged


def test_french_text_is_idempotent() -> None:
    once = french_text("« Quoi ? » dit-il : « non ; jamais ! »")
    assert french_text(once) == once


# --- In rendered Markdown ------------------------------------------------------------------


def test_prose_gets_french_spaces() -> None:
    p = first_in(html_of("Vraiment ? Oui ! Non ; peut-être : «mot» et « deux »"), "p")
    expected = (
        f"Vraiment{NNBSP}? Oui{NNBSP}! Non{NNBSP}; peut-être{NBSP}: "
        f"«{NBSP}mot{NBSP}» et «{NBSP}deux{NBSP}»"
    )
    assert text(p) == expected


def test_spaces_after_inline_markup_are_fixed() -> None:
    p = first_in(html_of("Du *vrai* ? Et **gras** : oui."), "p")
    assert text(p) == f"Du vrai{NNBSP}? Et gras{NBSP}: oui."


def test_time_and_url_text_are_untouched() -> None:
    assert text(first_in(html_of("Rendez-vous à 10:30 sur C:/dossier."), "p")) == (
        "Rendez-vous à 10:30 sur C:/dossier."
    )


def test_not_in_inline_code() -> None:
    assert first_in(html_of("Code `a ; b : c ? «d»` ici."), "p/code").text == "a ; b : c ? «d»"


def test_not_in_code_blocks() -> None:
    root = html_of("```\na ; b : c ? «d»\n```\n\n```python\nx = 'a ; b ?'\n```")
    codes = [raw_text(pre) for pre in root.iter("pre")]
    assert codes == ["a ; b : c ? «d»\n", "x = 'a ; b ?'\n"]


def test_not_in_math() -> None:
    root = html_of("Soit $a ; b$ et\n\n$$\nf : x \\mapsto x ?\n$$")
    maths = list(root.iter(f"{MATHML}math"))
    assert len(maths) == 2
    for math in maths:
        assert NBSP not in text(math) and NNBSP not in text(math)


def test_not_in_raw_html() -> None:
    root = html_of('<div title="a : b">\nc ; d «e»\n</div>\n\nUn <span title="t ; u">mot</span>.')
    block = first_in(root, "div")
    assert block.get("title") == "a : b"
    assert (block.text or "").strip() == "c ; d «e»"
    assert first_in(root, "p/span").get("title") == "t ; u"


@pytest.mark.parametrize(
    ("body", "shown"),
    [
        ("Lien <https://x.org/a«b»> ici", "https://x.org/a«b»"),
        ("Lien https://x.org/«c» ici", "https://x.org/«c»"),
    ],
    ids=["autolink", "linkify"],
)
def test_not_in_autolinked_urls(body: str, shown: str) -> None:
    assert first_in(html_of(body), "p/a").text == shown


def test_not_in_link_urls_or_titles() -> None:
    link = first_in(html_of('[le lien](https://x.org/a«b» "titre : ici")'), "p/a")
    assert link.get("href") == "https://x.org/a%C2%ABb%C2%BB"
    assert link.get("title") == "titre : ici"


def test_link_text_is_prose() -> None:
    assert first_in(html_of("[Pourquoi ?](https://x.org/)"), "p/a").text == f"Pourquoi{NNBSP}?"


@pytest.mark.parametrize("lang", ["en", "en-GB"])
def test_not_applied_in_english(lang: str) -> None:
    p = first_in(html_of("Really ? Yes ! Note : «quoted»", lang=lang), "p")
    assert text(p) == "Really ? Yes ! Note : «quoted»"


def test_applied_for_regional_french() -> None:
    assert text(first_in(html_of("Vraiment ?", lang="fr-CA"), "p")) == f"Vraiment{NNBSP}?"


def test_not_inside_raw_inline_code_tags() -> None:
    html = html_of("Voir <code>a ; b</code> puis <kbd>Ctrl : C</kbd> ; fin")
    assert text(first_in(html, ".//code")) == "a ; b"
    assert text(first_in(html, ".//kbd")) == "Ctrl : C"
    assert text(first_in(html, ".//p")).endswith(f"C{NNBSP}; fin")


def test_a_mark_starting_a_line_is_held_to_the_word_before() -> None:
    html = html_of("Vraiment\n? oui\net alors\n: bon")
    assert text(first_in(html, ".//p")) == f"Vraiment{NNBSP}? oui\net alors{NBSP}: bon"


def test_emphasis_starting_a_line_keeps_its_line_break() -> None:
    # markdown-it leaves an empty text token between the line break and `**`.
    html = html_of("Une ligne\n**gras** ensuite.")
    assert text(first_in(html, ".//strong")) == "gras"
    assert text(first_in(html, ".//p")) == "Une ligne\ngras ensuite."
