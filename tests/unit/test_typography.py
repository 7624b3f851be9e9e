"""Typography: quotes by language, French spaces (U+202F before ; ! ? and inside « », U+00A0
before :) and no-break spaces in numbers, on prose only."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from sitegen.text.typography import NBSP, NNBSP, french_text, typeset
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
        ("« mot »", f"«{NNBSP}mot{NNBSP}»"),
        ("«mot»", f"«{NNBSP}mot{NNBSP}»"),
        ("«  mot  »", f"«{NNBSP}mot{NNBSP}»"),
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
        f"«{NNBSP}mot{NNBSP}» et «{NNBSP}deux{NNBSP}»"
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


# --- Quotes and no-break spaces ------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "lang", "after"),
    [
        ('Il a dit "oui".', "fr", f"Il a dit «{NNBSP}oui{NNBSP}»."),
        (
            'Il a dit " oui ", puis "non" !',
            "fr",
            f"Il a dit «{NNBSP}oui{NNBSP}», puis «{NNBSP}non{NNBSP}»{NNBSP}!",
        ),
        ("L'IA d'aujourd'hui", "fr", "L’IA d’aujourd’hui"),
        ('He said "yes".', "en", "He said “yes”."),
        ("It's 'fine'", "en", "It’s ‘fine’"),
        ('Un titre "cité" ?', "fr-CA", f"Un titre «{NNBSP}cité{NNBSP}»{NNBSP}?"),
        ("3 500 milliards", "fr", f"3{NNBSP}500 milliards"),
        ("1 234 567 jetons", "fr", f"1{NNBSP}234{NNBSP}567 jetons"),
        ("à 12 h 30 pile", "fr", f"à 12{NBSP}h{NBSP}30 pile"),
        ("5 % et 20 €", "fr", f"5{NBSP}% et 20{NBSP}€"),
        ("voir p. 12 et n° 3", "fr", f"voir p.{NBSP}12 et n°{NBSP}3"),
        ("M. Dupont et Mme Curie", "fr", f"M.{NBSP}Dupont et Mme{NBSP}Curie"),
        ("en 2025 100 personnes", "fr", "en 2025 100 personnes"),  # a year, then a count
        ("3 500 people", "en", "3 500 people"),
    ],
)
def test_typeset(before: str, lang: str, after: str) -> None:
    assert typeset(before, lang) == after


def test_prose_gets_its_language_s_quotes() -> None:
    body = (
        'Elle a dit "bonjour" à l\'équipe, et [he said "hello"]{lang=en} aussi.\n\n'
        '{lang=en}\nThe "model" isn\'t French.'
    )
    paragraphs = [text(p) for p in html_of(body).iter("p")]
    assert paragraphs == [
        f"Elle a dit «{NNBSP}bonjour{NNBSP}» à l’équipe, et he said “hello” aussi.",
        "The “model” isn’t French.",
    ]


def test_quotes_pair_across_emphasis_and_links() -> None:
    p = first_in(html_of('Le mot "*important*" et "[un lien](https://x.org/)".'), "p")
    assert text(p) == f"Le mot «{NNBSP}important{NNBSP}» et «{NNBSP}un lien{NNBSP}»."


@pytest.mark.parametrize(
    ("body", "path", "kept"),
    [
        ('Code `print("l\'IA")` ici.', "p/code", 'print("l\'IA")'),
        ("Voir <code>a \"b\" 'c'</code>.", "p/code", "a \"b\" 'c'"),
        ("Lien https://x.org/l'a ici", "p/a", "https://x.org/l'a"),
    ],
    ids=["code span", "raw code", "linkified URL"],
)
def test_quotes_are_left_in_code_and_urls(body: str, path: str, kept: str) -> None:
    assert text(first_in(html_of(body), path)) == kept


def test_quotes_are_left_in_code_blocks_math_and_attributes() -> None:
    root = html_of(
        '```\nprint("l\'IA")\n```\n\nSoit $f\'(x)$.\n\n<p title="l\'IA &quot;x&quot;">brut</p>'
    )
    assert raw_text(first_in(root, "pre")) == 'print("l\'IA")\n'
    assert "’" not in text(first_in(root, f".//{MATHML}math"))
    assert root.findall("p")[-1].get("title") == 'l\'IA "x"'


# --- Property tests ------------------------------------------------------------------------

# Prose as people write it, in random order: words, numbers, marks, quoted and elided words
# (quote marks side by side with nothing between them are no one's writing).
_WORD = st.text(alphabet="abcdéàxyz0123456789", min_size=1, max_size=6)
_PIECE = st.one_of(
    _WORD,
    _WORD.map(lambda w: f'"{w}"'),
    _WORD.map(lambda w: f"'{w}'"),
    _WORD.map(lambda w: f"l'{w}"),
    _WORD.map(lambda w: f'" {w} "'),
    st.sampled_from(["?", "!", ":", ";", "%", "«", "»", "h", "M.", "p.", "n°", "-", '"', "'"]),
)
_WORDS = st.lists(_PIECE, max_size=12).map(" ".join)


@given(_WORDS, st.sampled_from(["fr", "en"]))
def test_typeset_is_idempotent(text_: str, lang: str) -> None:
    once = typeset(text_, lang)
    assert typeset(once, lang) == once


_UNQUOTE = str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"', "‘": "'", "’": "'"})


@given(_WORDS, st.sampled_from(["fr", "en"]))
def test_typeset_changes_only_quotes_and_spaces(text_: str, lang: str) -> None:
    def bare(s: str) -> str:
        return "".join(s.translate(_UNQUOTE).split()).replace(NBSP, "").replace(NNBSP, "")

    assert bare(typeset(text_, lang)) == bare(text_)


@given(st.lists(st.sampled_from(["un", "mot", "l'IA", "3 500", "deux"]), min_size=1, max_size=6))
def test_balanced_quotes_in_french_prose_all_become_guillemets(words: list[str]) -> None:
    quoted = " ".join(f'"{w}"' if i % 2 else w for i, w in enumerate(words))
    p = first_in(html_of(f"Texte {quoted} fin."), "p")
    shown = text(p)
    assert '"' not in shown and "'" not in shown
    assert shown.count("«") == shown.count("»") == len(words) // 2


@pytest.mark.parametrize(
    ("body", "layout"),
    [
        ("A : J'ai dit \"oui\" ?\n\nB : D'accord.", "conversation"),
        ("**Inès** (08:51) : J'ai dit \"oui\" ?\n\n**Malo** (08:52) : D'accord.", "chat"),
    ],
    ids=["dialogue", "chat"],
)
def test_turns_and_messages_are_prose(body: str, layout: str) -> None:
    root = fragment(render(body, layout=layout)[0].html)
    said = [text(p).split(f"{NBSP}: ", 1)[1] for p in root.iter("p")]
    assert said == [f"J’ai dit «{NNBSP}oui{NNBSP}»{NNBSP}?", "D’accord."]
