"""`layout: chat` (one message per turn, with what follows it) and `> [!generated]` passages."""

from __future__ import annotations

import pytest
from lxml import etree

from sitegen.project.errors import Diagnostic, Severity
from tests.conftest import BODY_LINE, first_in, fragment, render, text_of

CHAT = "div[@class='dialogue chat']"
PASSAGE = "figure[@class='generated-passage']"


def html_of(body: str, layout: str = "chat", lang: str = "fr") -> etree._Element:
    return fragment(render(body, lang=lang, layout=layout)[0].html)


def warnings_of(body: str, layout: str = "post") -> list[Diagnostic]:
    return [d for d in render(body, layout=layout)[1] if d.severity is Severity.WARNING]


def plain(text: str) -> str:
    """French no-break spaces read as ordinary spaces; runs collapsed."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def messages(chat: etree._Element) -> list[etree._Element]:
    found: list[etree._Element] = chat.findall("div")
    assert found and all((m.get("class") or "").startswith("message speaker-") for m in found)
    return found


def one_chat(root: etree._Element) -> etree._Element:
    chats: list[etree._Element] = root.findall(CHAT)
    assert len(chats) == 1, etree.tostring(root, encoding="unicode")
    return chats[0]


def turn_of(message: etree._Element) -> tuple[str, str | None, str | None, str]:
    """(speaker, time's datetime, time as written, what was said) of a message's turn."""
    return read_turn(message[0], "turn")


def read_turn(turn: etree._Element, css: str) -> tuple[str, str | None, str | None, str]:
    assert turn.tag == "p" and turn.get("class") == css
    speaker = turn.find("b[@class='speaker']")
    sep = turn.find("span[@class='turn-sep']")
    assert speaker is not None and sep is not None and turn.index(speaker) == 0
    time = turn.find("time")
    said = etree.Element("p")
    said.text = sep.tail
    said.extend(list(turn)[turn.index(sep) + 1 :])
    return (
        text_of(speaker),
        None if time is None else time.get("datetime"),
        None if time is None else time.text,
        text_of(said),
    )


def blocks(message: etree._Element) -> list[str]:
    """The tags of a message's blocks after its turn."""
    return [child.tag for child in list(message)[1:]]


# ------------------------------------------------------------------ messages


def test_a_message_keeps_its_lists_quotes_and_paragraphs() -> None:
    root = html_of(
        "**Inès** (08:51) : Trois choses.\n\n"
        "- un\n- deux\n\n"
        "> une citation\n\n"
        "Un paragraphe de plus.\n\n"
        "```\ndu code\n```\n\n"
        "**Marc** (08:53) : Reçu."
    )
    first, second = messages(one_chat(root))
    assert turn_of(first) == ("Inès", "08:51", "08:51", "Trois choses.")
    assert blocks(first) == ["ul", "blockquote", "p", "pre"]
    assert [text_of(li) for li in first.iterfind("ul/li")] == ["un", "deux"]
    assert text_of(first_in(first, "blockquote")) == "une citation"
    assert text_of(first[3]) == "Un paragraphe de plus."
    assert turn_of(second) == ("Marc", "08:53", "08:53", "Reçu.")
    assert blocks(second) == []
    assert [child.tag for child in root] == ["div"]


def test_a_paragraph_of_several_turns_makes_several_messages() -> None:
    chat = one_chat(html_of("Inès (08:51) : un\nMarc (08:52) : deux"))
    assert [turn_of(m)[0::3] for m in messages(chat)] == [("Inès", "un"), ("Marc", "deux")]


@pytest.mark.parametrize(
    ("end", "tag"),
    [("## La suite", "h2"), ("---", "hr")],
    ids=["heading", "thematic-break"],
)
def test_a_heading_or_a_rule_ends_the_chat(end: str, tag: str) -> None:
    root = html_of(f"**Inès** (08:51) : un\n\nencore\n\n{end}\n\nAprès la discussion.")
    [message] = messages(one_chat(root))
    assert turn_of(message)[3] == "un"
    assert [text_of(p) for p in list(message)[1:]] == ["encore"]
    assert [child.tag for child in root] == ["div", tag, "p"]
    assert text_of(root[2]) == "Après la discussion."


def test_turns_after_a_heading_start_a_new_chat() -> None:
    root = html_of(
        "**Inès** : un\n\n**Marc** : deux\n\n## Plus tard\n\n**Léa** : trois\n\n**Inès** : quatre"
    )
    chats = root.findall(CHAT)
    assert [child.tag for child in root] == ["div", "h2", "div"]
    assert [[turn_of(m)[0] for m in messages(chat)] for chat in chats] == [
        ["Inès", "Marc"],
        ["Léa", "Inès"],
    ]
    # A speaker keeps one colour in the whole post.
    assert [m.get("class") for m in chats[1]] == ["message speaker-3", "message speaker-1"]


def test_the_more_mark_ends_the_chat() -> None:
    rendered, _ = render("**Inès** (08:51) : un\n\n<!--more-->\n\nLa suite.", layout="chat")
    root = fragment(rendered.html)
    [message] = messages(one_chat(root))
    assert blocks(message) == []
    assert text_of(first_in(root, "p")) == "La suite."
    assert rendered.has_more
    # The listing's summary is the chat, without what follows the mark.
    summary = fragment(rendered.summary_html)
    assert [turn_of(m)[3] for m in messages(one_chat(summary))] == ["un"]
    assert summary.find("p") is None


@pytest.mark.parametrize(
    ("label", "shown"),
    [
        ("Source : Le Monde, 12 mars 2024.", "Source : Le Monde, 12 mars 2024."),
        ("Voir aussi : [le rapport](https://example.org/r)", "Voir aussi : le rapport"),
    ],
    ids=["source", "voir-aussi"],
)
def test_a_references_paragraph_after_a_chat_is_not_part_of_the_last_message(
    label: str, shown: str
) -> None:
    root = html_of(f"**Inès** (08:51) : un\n\n**Marc** (08:52) : deux\n\n{label}")
    chat = one_chat(root)
    assert [blocks(m) for m in messages(chat)] == [[], []]
    references = root.find("div[@class='references']")
    assert references is not None
    assert plain(text_of(references)) == shown
    assert root.index(references) == root.index(chat) + 1


# ------------------------------------------------------------------ turns


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("**Inès** (08:51) : Bonjour.", ("Inès", "08:51", "08:51", "Bonjour.")),
        ("**Inès** (08:51): Bonjour.", ("Inès", "08:51", "08:51", "Bonjour.")),
        ("Inès (08:51) : Bonjour.", ("Inès", "08:51", "08:51", "Bonjour.")),
        ("Inès (8h51) : Bonjour.", ("Inès", "08:51", "8h51", "Bonjour.")),
        ("Inès (08:51:30) : Bonjour.", ("Inès", "08:51:30", "08:51:30", "Bonjour.")),
        ("**Inès** : Bonjour.", ("Inès", None, None, "Bonjour.")),
        ("**Jean-Marc** : Bonjour.", ("Jean-Marc", None, None, "Bonjour.")),
    ],
    ids=["bold", "bold-no-space", "plain", "8h51", "seconds", "no-time", "hyphen"],
)
def test_turn_syntaxes_and_times(line: str, expected: tuple[str, str | None, str, str]) -> None:
    [message] = messages(one_chat(html_of(line)))
    assert turn_of(message) == expected


def test_the_separator_keeps_the_colon_in_each_language() -> None:
    fr = one_chat(html_of("Inès (08:51) : un")).find("div/p/span[@class='turn-sep']")
    en = one_chat(html_of("Ines (08:51): one", lang="en")).find("div/p/span[@class='turn-sep']")
    assert fr is not None and en is not None
    assert (fr.text, en.text) == ("\u00a0: ", ": ")


def test_the_time_sits_between_the_speaker_and_the_separator() -> None:
    turn = one_chat(html_of("**Inès** (08:51) : un")).find("div/p")
    assert turn is not None
    assert [child.tag for child in turn] == ["b", "time", "span"]
    assert turn[0].tail == " "


def test_line_breaks_inside_a_message_are_kept() -> None:
    root = html_of("**Inès** (08:51) : première ligne\ndeuxième ligne\n\ntroisième\nquatrième")
    [message] = messages(one_chat(root))
    turn, paragraph = message
    assert [(br.tail or "").strip() for br in turn.iterfind("br")] == ["deuxième ligne"]
    assert [(br.tail or "").strip() for br in paragraph.iterfind("br")] == ["quatrième"]
    assert (paragraph.text or "").strip() == "troisième"


def test_line_breaks_outside_a_chat_layout_are_not_kept() -> None:
    """The contrast: in a post, a single newline inside a paragraph is a space."""
    root = html_of("Inès (08:51) : un\nsuite\n\nMarc (08:52) : deux", layout="post")
    assert root.find(".//br") is None


def test_a_turn_with_no_text_then_a_list_is_still_a_message() -> None:
    root = html_of("**Inès** (09:14) :\n\n- pain\n- lait\n\n**Marc** (09:15) : ok")
    first, second = messages(one_chat(root))
    assert turn_of(first) == ("Inès", "09:14", "09:14", "")
    assert blocks(first) == ["ul"]
    assert [text_of(li) for li in first.iterfind("ul/li")] == ["pain", "lait"]
    assert turn_of(second)[0::3] == ("Marc", "ok")


def test_speaker_colours_follow_first_appearance_and_cycle_through_six() -> None:
    names = ["Zoé", "Ali", "Bea", "Cy", "Dan", "Eve", "Fay", "Ali", "Zoé"]
    body = "\n\n".join(f"{name} (10:0{i}) : tour {i}" for i, name in enumerate(names))
    found = [(turn_of(m)[0], m.get("class")) for m in messages(one_chat(html_of(body)))]
    assert found == [
        ("Zoé", "message speaker-1"),
        ("Ali", "message speaker-2"),
        ("Bea", "message speaker-3"),
        ("Cy", "message speaker-4"),
        ("Dan", "message speaker-5"),
        ("Eve", "message speaker-6"),
        ("Fay", "message speaker-1"),
        ("Ali", "message speaker-2"),
        ("Zoé", "message speaker-1"),
    ]


def test_a_single_speaker_is_still_a_chat() -> None:
    chat = one_chat(html_of("Inès (08:51) : un"))
    assert [turn_of(m)[0] for m in messages(chat)] == ["Inès"]


def test_web_addresses_in_a_message_are_links() -> None:
    root = html_of(
        "**Inès** (08:51) : regarde https://example.org/a?b=1\n\n"
        "- et https://example.net/\n\n"
        "**Marc** (08:52) : [ici](https://example.com/)"
    )
    links = [(a.get("href"), text_of(a)) for a in one_chat(root).iter("a")]
    assert links == [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("https://example.net/", "https://example.net/"),
        ("https://example.com/", "ici"),
    ]


def test_labels_are_not_turns_in_a_chat() -> None:
    root = html_of("Note : un détail.\n\nSource : Le Monde.")
    assert root.find(CHAT) is None


@pytest.mark.parametrize("layout", ["post", "conversation"])
def test_other_layouts_show_the_time_in_turns_of_a_plain_dialogue(layout: str) -> None:
    root = html_of("**Inès** (08:51) : un\n\nMarc (8h52) : deux", layout=layout)
    assert root.find(CHAT) is None and root.find(".//div[@class='message']") is None
    [dialogue] = root.findall("div[@class='dialogue']")
    assert [read_turn(p, p.get("class", "")) for p in dialogue] == [
        ("Inès", "08:51", "08:51", "un"),
        ("Marc", "08:52", "8h52", "deux"),
    ]
    assert [p.get("class") for p in dialogue] == ["turn speaker-1", "turn speaker-2"]


# ------------------------------------------------------------------ generated passages


def passage_of(root: etree._Element) -> tuple[str, etree._Element]:
    """(caption, quote) of the one generated passage, checked for its shape and its mark."""
    [figure] = root.iter("figure")
    assert figure.get("class") == "generated-passage"
    # No front matter here says a person reviewed it.
    assert figure.get("data-ai-disclosure") == "ai-autonomous"
    assert [child.tag for child in figure] == ["figcaption", "blockquote"]
    return text_of(figure[0]), figure[1]


@pytest.mark.parametrize(
    ("marker", "caption"),
    [
        ("[!generated]", "Texte généré par une IA"),
        ("[!generated] Perplexity", "Texte généré par une IA (Perplexity)"),
        ("[!GENERATED] **Perplexity** `pro`", "Texte généré par une IA (Perplexity pro)"),
    ],
    ids=["no-label", "label", "marked-up-label"],
)
def test_a_marked_quote_becomes_a_captioned_figure(marker: str, caption: str) -> None:
    root = html_of(f"Avant.\n\n> {marker}\n>\n> Voici les points clés.\n\nAprès.", layout="post")
    assert [child.tag for child in root] == ["p", "figure", "p"]
    found, quote = passage_of(root)
    assert found == caption
    assert [text_of(p) for p in quote] == ["Voici les points clés."]


def test_the_caption_is_in_the_post_language() -> None:
    caption, _ = passage_of(html_of("> [!generated] Claude\n> Here.", layout="post", lang="en"))
    assert caption == "Text generated by an AI (Claude)"


def test_the_marker_line_is_removed_from_the_quote() -> None:
    root = html_of("> [!generated] Perplexity\n> Première ligne\n> suite.", layout="post")
    _, quote = passage_of(root)
    [paragraph] = quote
    assert text_of(paragraph) == "Première ligne suite."
    assert "generated" not in text_of(quote) and "Perplexity" not in text_of(quote)


def test_citation_numbers_stay_as_written() -> None:
    _, quote = passage_of(html_of("> [!generated]\n>\n> Selon deux études [1][2].", "post"))
    assert text_of(quote) == "Selon deux études [1][2]."
    assert quote.find(".//a") is None and quote.find(".//sup") is None


@pytest.mark.parametrize(
    "body",
    [
        "> Une citation ordinaire.",
        "> Une citation\n> [!generated] plus loin.",
        "Le texte [!generated] en passant.",
        "> [!note]\n> Une remarque.",
    ],
    ids=["plain-quote", "marker-not-first", "not-a-quote", "other-callout"],
)
def test_only_a_quote_that_starts_with_the_marker_is_a_passage(body: str) -> None:
    rendered, diagnostics = render(body)
    assert fragment(rendered.html).find(".//figure") is None
    assert diagnostics == []


def test_a_generated_passage_inside_a_chat_message() -> None:
    root = html_of(
        "**Inès** (12:10) : voici le résumé\n\n"
        "> [!generated] Perplexity\n"
        "> Premier point [1].\n"
        "> Deuxième point [2].\n\n"
        "**Marc** (12:11) : merci"
    )
    first, second = messages(one_chat(root))
    assert blocks(first) == ["figure"]
    caption, quote = passage_of(first)
    assert caption == "Texte généré par une IA (Perplexity)"
    [paragraph] = quote
    assert (paragraph.text or "").strip() == "Premier point [1]."
    assert [(br.tail or "").strip() for br in paragraph.iterfind("br")] == ["Deuxième point [2]."]
    assert turn_of(second)[0::3] == ("Marc", "merci")


def test_a_marked_quote_without_generated_front_matter_is_a_warning_at_its_line() -> None:
    body = "Un paragraphe.\n\nUn autre.\n\n> [!generated] Perplexity\n> Voici."
    [warning] = warnings_of(body)
    assert (warning.path, warning.line, warning.col) == ("content/posts/x.md", BODY_LINE + 4, 1)
    assert "[!generated]" in warning.message
    assert "generated" in warning.hint


def test_the_warning_points_at_the_quote_inside_a_chat() -> None:
    body = "Inès (12:10) : voici\n\n> [!generated]\n> Voici."
    [warning] = warnings_of(body, layout="chat")
    assert warning.line == BODY_LINE + 2


def test_every_marked_quote_is_a_passage() -> None:
    root = html_of("> [!generated]\n> un\n\nEntre les deux.\n\n> [!generated] B\n> deux", "post")
    assert [child.tag for child in root] == ["figure", "p", "figure"]
    assert [text_of(first_in(f, "blockquote")) for f in root.findall(PASSAGE)] == ["un", "deux"]


def test_a_plain_label_in_a_chat_is_text_not_a_speaker() -> None:
    """In a chat any paragraph may continue a message: `Alors : …` is what Inès says next."""
    [message] = messages(one_chat(html_of("**Inès** (08:51) : un\n\nAlors : on y va ?")))
    assert turn_of(message)[0] == "Inès"
    assert [text_of(p) for p in list(message)[1:]] == ["Alors : on y va ?"]


@pytest.mark.parametrize("time", ["25:00", "08:61", "8:5"])
def test_an_impossible_time_is_not_a_time(time: str) -> None:
    assert not html_of(f"Inès ({time}) : un").findall(CHAT)
