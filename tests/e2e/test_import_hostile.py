"""`sitegen import article` of hostile pages: the built post runs no script.

Each page below hides live markup in what the importer writes as Markdown: a link address
with a `)`, backticks inside `<code>`, a fence inside `<pre>`, a `|` in a table's code, an
address right before code or ending in `\\` before a tag, raw HTML in a Markdown file, and
a title and sources that would be HTML (front matter, which the theme escapes: a guard).
All are imported into one site, built once, and each post is read as a browser reads it:
nothing in it may run script (`script_runners`), and the hostile text is still there, as
text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import (
    DEFAULT_CONFIG,
    elements,
    parse_html,
    raw_text,
    script_runners,
    sitegen,
    text_of,
    write_files,
)
from tests.e2e.test_import_article import Imported, body, do_import

ALERT = "<img src=x onerror=alert(1)>"
ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"


def page(title: str, article: str) -> str:
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body>"
        f"<article><h1>{title}</h1>{article}</article></body></html>"
    )


PAGES = {
    "parenthese.html": page(
        "Une parenthèse dans l’adresse",
        '<p>Lire <a href="https://exemple.fr/a) <img src=x onerror=alert(1)> (">'
        "l’étude du laboratoire</a> avant la suite.</p>",
    ),
    "guillemets.html": page(
        "Des accents graves dans le code",
        f"<p>Le modèle répond <code>a` {ESCAPED} `b</code> sans broncher.</p>",
    ),
    "bloc.html": page(
        "Une clôture dans le bloc de code",
        f"<p>Voici la sortie du modèle.</p><pre>print(1)\n```\n{ESCAPED}\n```\nfin</pre>",
    ),
    "tableau.html": page(
        "Un tableau de commandes",
        "<table><tr><th>Commande</th><th>Effet</th></tr>"
        f"<tr><td><code>a|{ESCAPED}</code></td><td>rien</td></tr></table>",
    ),
    "collee.html": page(
        "Une adresse collée au code",
        f"<p>Le site https://exemple.fr/x<code>{ESCAPED}</code> répond.</p>",
    ),
    "barre.txt": (
        "Une adresse qui finit mal\n\n"
        f"Le dépôt est à https://exemple.fr/depot\\{ALERT} pour qui veut le lire.\n"
    ),
    "titre.html": (
        "<!doctype html><html><head><title>Un titre &lt;script&gt;alert(1)&lt;/script&gt;"
        "</title></head><body><article><h1>Un titre &lt;script&gt;alert(1)&lt;/script&gt;"
        f"<img src=x onerror=alert(2)></h1><p>Texte.</p><p>Source : {ESCAPED}</p>"
        '<p>Source : <a href="javascript:alert(3)">une étude</a></p></article></body></html>'
    ),
    "brut.md": (
        "# Du HTML dans le Markdown\n\n"
        f"Une image {ALERT} et [un lien](javascript:alert(1)) et "
        '<a href="jav&#x61;script:alert(2)">un autre</a> dans le texte.\n\n'
        '<div onmouseover="alert(3)"><svg><script>alert(4)</script></svg></div>\n\n'
        '<iframe srcdoc="<script>alert(5)</script>"></iframe>\n\n'
        "Une formule $\\href{javascript:alert(6)}{x}$ qui mène ailleurs.\n"
    ),
}


@pytest.fixture(scope="module")
def posts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, etree._Element]:
    """Each hostile page imported into one site, built with drafts: {file name: post page}."""
    root = tmp_path_factory.mktemp("hostile") / "site"
    write_files(root, {"sitegen.yaml": DEFAULT_CONFIG})
    pages = tmp_path_factory.mktemp("pages")
    imported: dict[str, Imported] = {}
    for name, text in PAGES.items():
        (pages / name).write_text(text, encoding="utf-8")
        imported[name] = do_import(root, pages / name)
    result = sitegen("build", "--source", root, "--drafts")
    assert result.code == 0, result.err
    return {name: _post(root, done.draft) for name, done in imported.items()}


def _post(root: Path, draft: Path) -> etree._Element:
    slug = draft.name[11:].removesuffix(".md")
    found = list((root / "public").rglob(f"{slug}/index.html"))
    assert len(found) == 1, found
    return parse_html(found[0])


@pytest.mark.parametrize("name", PAGES)
def test_no_imported_page_runs_script(posts: dict[str, etree._Element], name: str) -> None:
    assert script_runners(posts[name], theme_scripts="/") == []


def test_an_address_with_a_parenthesis_stays_one_link(posts: dict[str, etree._Element]) -> None:
    links = elements(body(posts["parenthese.html"]), ".//a")
    assert [text_of(a) for a in links] == ["l’étude du laboratoire"]
    address = "https://exemple.fr/a)%20%3Cimg%20src=x%20onerror=alert(1)%3E%20("
    assert links[0].get("href") == address


def test_backticks_in_code_stay_code(posts: dict[str, etree._Element]) -> None:
    codes = elements(body(posts["guillemets.html"]), ".//code")
    assert [raw_text(c) for c in codes] == [f"a` {ALERT} `b"]


def test_a_fence_in_a_code_block_stays_code(posts: dict[str, etree._Element]) -> None:
    blocks = elements(body(posts["bloc.html"]), ".//pre")
    assert [raw_text(b) for b in blocks] == [f"print(1)\n```\n{ALERT}\n```\nfin\n"]


def test_a_pipe_in_a_table_cell_s_code_stays_in_the_cell(posts: dict[str, etree._Element]) -> None:
    cells = elements(body(posts["tableau.html"]), ".//td")
    assert [text_of(c) for c in cells] == [f"a|{ALERT}", "rien"]


def test_an_address_followed_by_code_stays_a_link_then_code(
    posts: dict[str, etree._Element],
) -> None:
    post = body(posts["collee.html"])
    assert [a.get("href") for a in elements(post, ".//a")] == ["https://exemple.fr/x"]
    assert [raw_text(c) for c in elements(post, ".//code")] == [ALERT]


def test_an_address_ending_in_a_backslash_leaves_the_tag_text(
    posts: dict[str, etree._Element],
) -> None:
    paragraph = elements(body(posts["barre.txt"]), ".//p")
    assert ALERT in text_of(paragraph[0])


def test_a_markdown_file_keeps_its_text_not_its_scripts(posts: dict[str, etree._Element]) -> None:
    post = body(posts["brut.md"])
    assert [text_of(a) for a in elements(post, ".//a")] == ["un autre"]
    assert "[un lien](javascript:alert(1))" in text_of(post)
    assert [img.get("src") for img in elements(post, ".//img")] == ["x"]


def test_a_hostile_title_and_sources_stay_text(posts: dict[str, etree._Element]) -> None:
    post = posts["titre.html"]
    assert text_of(elements(post, "//main//h1")[0]) == "Un titre <script>alert(1)</script>"
    sources = elements(post, "//main//section[contains(@class, 'sources')]//li")
    assert [text_of(li) for li in sources] == [ALERT, "une étude"]
    assert elements(post, "//main//section[contains(@class, 'sources')]//a") == []
