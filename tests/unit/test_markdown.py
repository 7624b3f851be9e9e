"""Markdown -> HTML: CommonMark + GFM extras, headings, code, summary, words, links, references."""

from __future__ import annotations

import pytest
from lxml import etree

from sitegen.model import Heading
from tests.conftest import BODY_LINE, elements, first_in, raw_text, render, strings, text_of
from tests.conftest import fragment as tree


def html_of(body: str, base_path: str = "/", **meta: str) -> etree._Element:
    return tree(render(body, base_path, **meta)[0].html)


# --- CommonMark and GFM -------------------------------------------------------------------


def test_commonmark_basics() -> None:
    root = html_of("Du *texte* et **gras**.\n\n> cité\n\n1. un\n2. deux\n\n---")
    assert text_of(first_in(root, "p/em")) == "texte"
    assert text_of(first_in(root, "p/strong")) == "gras"
    assert text_of(first_in(root, "blockquote/p")) == "cité"
    assert [text_of(li) for li in root.findall("ol/li")] == ["un", "deux"]
    assert root.find("hr") is not None


def test_gfm_pipe_table_has_header_cells() -> None:
    root = html_of("| Nom | Âge |\n|-----|-----|\n| Ada | 36 |")
    table = root.find("div[@class='table-wrap']/table")
    assert table is not None
    assert [text_of(th) for th in table.iter("th")] == ["Nom", "Âge"]
    assert [text_of(td) for td in table.iter("td")] == ["Ada", "36"]


def test_strikethrough() -> None:
    root = html_of("C’est ~~faux~~ vrai.")
    assert text_of(first_in(root, "p/s")) == "faux"


def test_footnote_ref_and_section() -> None:
    root = html_of("Un fait[^1].\n\n[^1]: La note.")
    ref = root.find("p/sup/a")
    assert ref is not None and ref.get("href") == "#fn1"
    item = root.find(".//section[@class='footnotes']//li[@id='fn1']")
    assert item is not None and "La note." in text_of(item)


def test_bare_url_is_linkified() -> None:
    link = html_of("Voir https://example.org/page pour plus.").find("p/a")
    assert link is not None
    assert link.get("href") == "https://example.org/page"
    assert link.text == "https://example.org/page"


# --- Headings -----------------------------------------------------------------------------


def test_heading_id_transliterates_accents_and_elision() -> None:
    assert first_in(html_of("## L’été arrive"), "h2").get("id") == "l-ete-arrive"


def test_duplicate_headings_get_unique_ids() -> None:
    ids = [h.get("id") for h in html_of("## Même\n\n## Même\n\n### Même").iter("h2", "h3")]
    assert len(set(ids)) == 3 and ids[0] == "meme"


@pytest.mark.parametrize("level", [2, 3])
def test_heading_gets_anchor_link_to_itself(level: int) -> None:
    heading = first_in(html_of("#" * level + " Une section"), f"h{level}")
    anchor = heading.find("a[@class='heading-anchor']")
    assert anchor is not None and anchor.get("href") == "#une-section"


def test_toc_lists_h2_and_h3_in_order_without_h1_or_h4() -> None:
    rendered, _ = render("# Titre\n\n## Un\n\n### Un point deux\n\n#### Détail\n\n## Deux")
    assert rendered.toc == (
        Heading(2, "un", "Un"),
        Heading(3, "un-point-deux", "Un point deux"),
        Heading(2, "deux", "Deux"),
    )


# --- Code ---------------------------------------------------------------------------------


def test_python_fence_is_highlighted_with_pygments_classes() -> None:
    pre = first_in(html_of('```python\nprint("hi")\n```'), "pre")
    assert pre.get("class") == "highlight"
    assert pre.get("data-lang") == "python"
    assert pre.get("tabindex") == "0"
    code = first_in(pre, "code")
    assert code.get("class") == "language-python"
    spans = code.findall("span")
    assert spans and all(s.get("class") for s in spans)
    assert raw_text(code) == 'print("hi")\n'


@pytest.mark.parametrize("info", ["nosuchlang", ""])
def test_unknown_or_missing_language_is_plain_escaped_code(info: str) -> None:
    pre = first_in(html_of(f"```{info}\nif a < b && c > d:\n```"), "pre")
    assert pre.get("class") == "plain"
    code = first_in(pre, "code")
    assert len(code) == 0
    assert code.text == "if a < b && c > d:\n"


@pytest.mark.parametrize("info", ["html", "nosuchlang", ""])
def test_script_in_code_is_escaped(info: str) -> None:
    root = html_of(f"```{info}\n<script>alert(1)</script>\n```")
    assert not list(root.iter("script"))
    assert "<script>alert(1)</script>" in raw_text(first_in(root, "pre"))


def test_script_in_inline_code_is_escaped() -> None:
    root = html_of("Voir `<script>alert(1)</script>`.")
    assert not list(root.iter("script"))
    assert first_in(root, "p/code").text == "<script>alert(1)</script>"


# --- Summary ------------------------------------------------------------------------------


@pytest.mark.parametrize("marker", ["<!--more-->", "<!-- more -->"])
def test_more_marker_cuts_the_summary(marker: str) -> None:
    rendered, _ = render(f"Avant un.\n\nAvant deux.\n\n{marker}\n\nAprès.")
    assert rendered.has_more is True
    summary = tree(rendered.summary_html)
    assert [text_of(p) for p in summary.findall("p")] == ["Avant un.", "Avant deux."]
    assert "Après" in text_of(tree(rendered.html))


def test_without_more_the_summary_is_the_first_paragraph() -> None:
    rendered, _ = render("## Titre\n\nPremier paragraphe.\n\nSecond paragraphe.")
    assert rendered.has_more is False
    summary = tree(rendered.summary_html)
    assert [text_of(p) for p in summary.findall("p")] == ["Premier paragraphe."]
    assert summary.find("h2") is None


# --- Reading words ------------------------------------------------------------------------


def test_words_count_prose() -> None:
    assert render("Un deux trois.\n\n## Quatre\n\n- cinq six")[0].words == 6


def test_words_skip_code_blocks() -> None:
    body = "Un deux trois.\n\n```python\nfoo = bar + baz\n```\n\n    indented code here"
    assert render(body)[0].words == 3


def test_words_include_dialogue_turns() -> None:
    # Speaker names are read too, as in the same lines written as plain prose.
    rendered, _ = render("Alice: un deux trois\n\nBob: quatre cinq")
    assert tree(rendered.html).find("div[@class='dialogue']") is not None
    assert rendered.words == 7


# --- Links --------------------------------------------------------------------------------


def test_links_and_images_are_recorded_with_file_lines() -> None:
    body = "Intro.\n\n[a](/2026/01/x/) et\n[b](https://ex.org/p)\n\n![img](/img/a.png)"
    rendered, _ = render(body)
    found = [(link.target, link.line, link.is_image) for link in rendered.links]
    assert found == [
        ("/2026/01/x/", BODY_LINE + 2, False),
        ("https://ex.org/p", BODY_LINE + 3, False),
        ("/img/a.png", BODY_LINE + 5, True),
    ]


@pytest.mark.parametrize(
    "body",
    [
        "Un\n`code sur\ndeux lignes` puis [x](/cible/)",
        'Un\n<span\nclass="k">html</span> puis [x](/cible/)',
        "Un\n![alt sur\ndeux lignes](/i.png) puis [x](/cible/)",
    ],
    ids=["inline-code", "inline-html", "image-alt"],
)
def test_link_line_counts_line_breaks_inside_inline_elements(body: str) -> None:
    rendered, _ = render(body)
    target = next(link for link in rendered.links if link.target == "/cible/")
    assert target.line == BODY_LINE + 2


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/2026/01/x/", "/repo/2026/01/x/"),
        ("/", "/repo/"),
        ("https://ex.org/p", "https://ex.org/p"),
        ("//cdn.ex.org/p", "//cdn.ex.org/p"),
        ("relatif.html", "relatif.html"),
        ("#section", "#section"),
    ],
)
def test_root_relative_links_get_the_base_path(target: str, expected: str) -> None:
    root = html_of(f"[lien]({target})", base_path="/repo/")
    assert first_in(root, "p/a").get("href") == expected


def test_recorded_link_keeps_the_written_target() -> None:
    rendered, _ = render("[lien](/2026/01/x/)", base_path="/repo/")
    assert rendered.links[0].target == "/2026/01/x/"


@pytest.mark.parametrize(
    ("src", "expected"),
    [("/img/a.png", "/repo/img/a.png"), ("https://ex.org/a.png", "https://ex.org/a.png")],
)
def test_images_are_lazy_and_rebased(src: str, expected: str) -> None:
    img = first_in(html_of(f"![photo]({src})", base_path="/repo/"), "p/img")
    assert img.get("src") == expected
    assert img.get("loading") == "lazy"
    assert img.get("alt") == "photo"


# --- References ---------------------------------------------------------------------------


@pytest.mark.parametrize("body", ["Source : *Le Monde*, 2024.", "Sources: deux articles."])
def test_source_paragraph_becomes_references_block(body: str) -> None:
    root = html_of(f"Un paragraphe.\n\n{body}")
    block = root.find("div[@class='references']")
    assert block is not None
    label = first_in(block, "p")
    assert label.get("class") == "references-label"
    assert text_of(label).startswith("Source")
    assert first_in(root, "p").get("class") is None  # the ordinary paragraph is untouched


def test_see_also_and_its_list_share_one_references_block() -> None:
    root = html_of("Texte.\n\nVoir aussi :\n\n- [Un](https://a.org)\n- Deux\n\nFin.")
    blocks = root.findall("div[@class='references']")
    assert len(blocks) == 1
    block = blocks[0]
    assert first_in(block, "p").get("class") == "references-label"
    assert [text_of(li) for li in block.findall("ul/li")] == ["Un", "Deux"]
    assert text_of(root.findall("p")[-1]) == "Fin."


def test_more_inside_a_list_is_not_a_summary_break() -> None:
    rendered, _ = render("Intro.\n\n- un\n\n  <!--more-->\n\n- deux\n")
    assert not rendered.has_more
    assert text_of(tree(rendered.summary_html)) == "Intro."


def test_summaries_carry_no_ids_anchors_or_note_references() -> None:
    rendered, _ = render("## Titre\n\nIntro[^1].\n\n<!--more-->\n\nSuite.\n\n[^1]: Note.")
    summary = tree(rendered.summary_html)
    assert not elements(summary, "//*[@id]")
    assert not elements(summary, "//a")
    assert [text_of(h) for h in summary.iter("h2")] == ["Titre"]
    assert elements(tree(rendered.html), "//h2[@id='titre']/a[@class='heading-anchor']")


def test_heading_ids_never_take_a_footnote_id() -> None:
    root = tree(render("## Fn1\n\nTexte[^1].\n\n[^1]: Note.")[0].html)
    ids = strings(root, "//@id")
    assert len(ids) == len(set(ids))
    assert first_in(root, "h2").get("id") == "section-fn1"


def test_heading_anchor_is_hidden_from_the_heading_name() -> None:
    anchor = first_in(tree(render("## Titre")[0].html), "h2/a")
    assert anchor.get("aria-hidden") == "true" and anchor.get("tabindex") == "-1"


@pytest.mark.parametrize("text", ["main.py", "README.md", "chat.ai"])
def test_file_names_in_prose_stay_text(text: str) -> None:
    assert not elements(html_of(f"Ouvrez {text} puis relancez."), "//a")


def test_footnote_back_links_have_a_name() -> None:
    back = elements(html_of("Texte[^1].\n\n[^1]: Note."), "//a[@class='footnote-backref']")
    assert [a.get("aria-label") for a in back] == ["Retour au texte"]
    english = elements(
        html_of("Text[^1].\n\n[^1]: Note.", lang="en"), "//a[@class='footnote-backref']"
    )
    assert english[0].get("aria-label") == "Back to the text"


# --- Passages in another language ---------------------------------------------------------


def test_an_inline_passage_in_another_language_keeps_its_typography() -> None:
    root = html_of("Il a dit [Hello: world!]{lang=en} hier : oui !")
    [span] = root.findall("p/span")
    assert span.get("lang") == "en"
    assert span.text == "Hello: world!"
    assert span.tail == " hier\u00a0: oui\u202f!"


def test_a_block_in_another_language() -> None:
    root = html_of("{lang=en}\nThe model said: no!\n\nEt puis : rien.")
    english, french = root.findall("p")
    assert (english.get("lang"), english.text) == ("en", "The model said: no!")
    assert french.get("lang") is None and french.text == "Et puis\u00a0: rien."


def test_only_harmless_attributes_are_kept() -> None:
    root = html_of('[lien](/x){onclick="alert(1)" style="color:red" lang=en .note #ici}')
    link = first_in(root, "p/a")
    assert dict(link.items()) == {"href": "/x", "lang": "en", "class": "note", "id": "ici"}


def test_braces_in_prose_stay_text() -> None:
    assert text_of(html_of("Un ensemble {a, b} et un prix {5 €}.")) == (
        "Un ensemble {a, b} et un prix {5 €}."
    )


def test_a_heading_chooses_its_anchor_and_a_repeated_one_is_reported() -> None:
    rendered, diagnostics = render(
        "## Les couches {#couches}\n\nTexte.\n\n## Encore les couches {#couches}\n\n## Fin\n"
    )
    headings = elements(tree(rendered.html), "//h2")
    assert [(h.get("id"), text_of(h).rstrip(" #")) for h in headings] == [
        ("couches", "Les couches"),
        ("couches", "Encore les couches"),
        ("fin", "Fin"),
    ]
    assert [(d.line, d.severity.value) for d in diagnostics] == [(BODY_LINE + 4, "warning")]
    assert "line 5" in diagnostics[0].message and "#couches" in diagnostics[0].message
