"""Dialogue turns (`A: …`, `Nom : …`, `**Nom** : …`) become one `<div class="dialogue">`."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from sitegen.markdown.renderer import Flavour, ThemeWords, render_markdown
from tests.conftest import first_in, fragment, make_doc, raw_text, render, text_of


def html_of(body: str, layout: str = "post", lang: str = "fr") -> etree._Element:
    return fragment(render(body, lang=lang, layout=layout)[0].html)


def turns(root: etree._Element) -> list[tuple[str, str, str]]:
    """(class, speaker, turn text without the speaker and separator) of each turn."""
    result = []
    for p in root.iterfind("div[@class='dialogue']/p"):
        speaker = p.find("b[@class='speaker']")
        sep = p.find("span[@class='turn-sep']")
        assert speaker is not None and sep is not None
        assert p.index(speaker) == 0 and p.index(sep) == 1 and not speaker.tail
        said = etree.Element("p")
        said.text = sep.tail
        said.extend(list(p)[2:])
        said_text = re.sub(r"[ \t\n]+", " ", raw_text(said)).strip()
        result.append((p.get("class", ""), text_of(speaker), said_text))
    return result


def is_dialogue(root: etree._Element) -> bool:
    return root.find(".//div[@class='dialogue']") is not None


def test_consecutive_turn_paragraphs_become_one_dialogue() -> None:
    root = html_of("Intro.\n\nA: Bonjour.\n\nB: Salut.\n\nA: Ça va ?")
    assert len(root.findall("div[@class='dialogue']")) == 1
    assert turns(root) == [
        ("turn speaker-1", "A", "Bonjour."),
        ("turn speaker-2", "B", "Salut."),
        ("turn speaker-1", "A", "Ça va\u202f?"),
    ]
    assert text_of(first_in(root, "p")) == "Intro."


@pytest.mark.parametrize(
    "body",
    [
        "A : Bonjour.\n\nB : Salut.",
        "**A** : Bonjour.\n\n**B** : Salut.",
        "**A**: Bonjour.\n\n**B**: Salut.",
        "A: Bonjour.\nB: Salut.",
    ],
    ids=["space-before-colon", "bold-name", "bold-name-no-space", "one-paragraph"],
)
def test_turn_syntaxes(body: str) -> None:
    assert [(s, t) for _, s, t in turns(html_of(body))] == [("A", "Bonjour."), ("B", "Salut.")]


@pytest.mark.parametrize("name", ["Jean-Marc", "Marie Curie", "Éloïse", "O’Brien"])
def test_names_with_hyphens_spaces_accents_apostrophes(name: str) -> None:
    speakers = [s for _, s, _ in turns(html_of(f"{name}: Bonjour.\n\nB: Salut."))]
    assert speakers == [name, "B"]


def test_separator_keeps_the_colon() -> None:
    p = first_in(html_of("A: un\n\nB: deux"), "div/p")
    assert first_in(p, "span[@class='turn-sep']").text == "\u00a0: "
    assert first_in(html_of("A: one\n\nB: two", lang="en"), "div/p/span").text == ": "


def test_continuation_line_stays_in_the_turn() -> None:
    assert turns(html_of("A: un\nsuite\n\nB: deux")) == [
        ("turn speaker-1", "A", "un suite"),
        ("turn speaker-2", "B", "deux"),
    ]


def test_inline_markup_inside_a_turn_is_kept() -> None:
    root = html_of("A: du **gras**, un [lien](/x/) et `du code`\n\nB: ok")
    first = first_in(root, "div[@class='dialogue']/p")
    assert text_of(first_in(first, "strong")) == "gras"
    assert first_in(first, "a").get("href") == "/x/"
    assert first_in(first, "code").text == "du code"


@pytest.mark.parametrize(
    "body",
    [
        "A: **Bonjour** toi.\n\nB: Salut.",
        "A: [Bonjour](/x/) toi.\n\nB: Salut.",
        "A: `Bonjour` toi.\n\nB: Salut.",
    ],
    ids=["bold", "link", "code"],
)
def test_turn_may_start_with_inline_markup(body: str) -> None:
    assert [(s, t) for _, s, t in turns(html_of(body))] == [("A", "Bonjour toi."), ("B", "Salut.")]


@pytest.mark.parametrize(
    "body",
    [
        "Note: un détail.",
        "Source : Le Monde, 2024.",
        "Note : un détail.\n\nAttention : un piège.",
        "Il est 10:30 : on part.",
        "Voir https://x.org: oui",
    ],
)
def test_labels_and_ordinary_prose_are_not_dialogue(body: str) -> None:
    assert not is_dialogue(html_of(body))


@pytest.mark.parametrize(
    "body", ["A: seul.", "A: un.\n\nA: deux.", "A: un.\nA: deux."], ids=["one", "two", "same-par"]
)
def test_single_speaker_is_not_dialogue_in_a_post(body: str) -> None:
    assert not is_dialogue(html_of(body, layout="post"))


def test_single_speaker_is_dialogue_in_conversation_layout() -> None:
    assert turns(html_of("A: un.\n\nA: deux.", layout="conversation")) == [
        ("turn speaker-1", "A", "un."),
        ("turn speaker-1", "A", "deux."),
    ]


@pytest.mark.parametrize("layout", ["conversation", "chat"])
def test_labels_are_not_turns_even_in_conversation_layouts(layout: str) -> None:
    assert not is_dialogue(html_of("Note: un détail.", layout=layout))


def test_dialogue_is_not_a_definition_list() -> None:
    root = html_of("A: un\n\nB: deux")
    assert not list(root.iter("dl", "dt", "dd"))


def test_speaker_numbers_follow_first_appearance_and_cycle_through_six() -> None:
    names = ["Zoé", "Ali", "Bea", "Cy", "Dan", "Eve", "Fay"]
    body = "\n\n".join(f"{n}: tour {i}" for i, n in enumerate([*names, "Ali", "Zoé"]))
    classes = [(speaker, cls) for cls, speaker, _ in turns(html_of(body))]
    assert classes == [
        ("Zoé", "turn speaker-1"),
        ("Ali", "turn speaker-2"),
        ("Bea", "turn speaker-3"),
        ("Cy", "turn speaker-4"),
        ("Dan", "turn speaker-5"),
        ("Eve", "turn speaker-6"),
        ("Fay", "turn speaker-1"),
        ("Ali", "turn speaker-2"),
        ("Zoé", "turn speaker-1"),
    ]


def test_a_paragraph_between_turns_splits_dialogues() -> None:
    root = html_of("A: un\n\nB: deux\n\nUn paragraphe.\n\nC: trois\n\nD: quatre")
    blocks = root.findall("div[@class='dialogue']")
    assert len(blocks) == 2
    # numbering restarts in each dialogue
    assert [p.get("class") for p in blocks[1]] == ["turn speaker-1", "turn speaker-2"]


GLOSSARY = (
    "**Recherche gloutonne** : on prend toujours le jeton le plus probable.\n\n"
    "**Recherche en faisceau** : on garde les k meilleures suites."
)
FOREIGN = Flavour(headings="kramdown", own_syntax=False)


def foreign_html(body: str, layout: str = "post") -> etree._Element:
    """A body of a Jekyll or Hugo post, read as its own tool read it."""
    words = ThemeWords("Notes", "Retour au texte", "Texte généré par une IA")
    return fragment(render_markdown(make_doc(body, layout=layout), "/", words, FOREIGN)[0].html)


@pytest.mark.parametrize(
    "body",
    [GLOSSARY, "Pour Weblate : la plateforme.\n\nPour Git : le dépôt.", "A: Bonjour.\n\nB: Salut."],
    ids=["bold-terms", "plain-labels", "turns"],
)
def test_a_jekyll_or_hugo_post_has_no_dialogue_syntax(body: str) -> None:
    """Their tools print such lines as paragraphs: a glossary stays a glossary."""
    root = foreign_html(body)
    assert not is_dialogue(root)
    assert [p.get("class") for p in root.iterfind("p")] == [None, None]
    assert is_dialogue(html_of(body)), "in a sitegen blog they are turns"


def test_the_glossary_of_a_jekyll_post_keeps_its_bold_terms() -> None:
    root = foreign_html(GLOSSARY)
    assert [text_of(b) for b in root.iterfind("p/strong")] == [
        "Recherche gloutonne",
        "Recherche en faisceau",
    ]


def test_a_jekyll_or_hugo_post_whose_layout_asks_for_a_conversation_has_one() -> None:
    assert [s for _, s, _ in turns(foreign_html("A: un.\n\nB: deux.", "conversation"))] == [
        "A",
        "B",
    ]


def test_a_sources_line_of_a_jekyll_or_hugo_post_is_a_plain_paragraph() -> None:
    body = "Source : Le Monde, 2024.\n\n- un lien"
    assert fragment(render(body)[0].html).find("div[@class='references']") is not None
    root = foreign_html(body)
    assert root.find("div[@class='references']") is None
    assert [text_of(p) for p in root.iterfind("p")] == ["Source : Le Monde, 2024."]


def test_an_escaped_colon_opens_no_turn_and_shows_a_colon() -> None:
    escaped = GLOSSARY.replace("** :", "** \\:")
    root = html_of(escaped)
    assert not is_dialogue(root)
    assert [text_of(p) for p in root.iterfind("p")] == [
        text_of(p) for p in foreign_html(GLOSSARY).iterfind("p")
    ]
