"""`sitegen import article`: pasted and saved articles end to end.

Four inputs from tests/fixtures/imports/ are imported into one site and built with
`--drafts`: a machine-translated news page with leftovers and a trailing Cyrillic block
(.txt), an article without a title line whose closing lines are "Source :", "Et vous ?" and
"Voir aussi :" (.txt), a saved web page (.html) and a Markdown file (.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import pytest
from lxml import etree

from tests.conftest import (
    DEFAULT_CONFIG,
    REPO,
    Run,
    elements,
    parse_html,
    sitegen,
    strings,
    text_of,
    write_files,
)

MakeSite = Callable[..., Path]
Runner = Callable[..., Run]

FIXTURES = REPO / "tests/fixtures/imports"
ORIGINAL = "https://example.com/en/news/electric-sheep"
SECTIONS_TITLE = "Le modèle de cuisine qui écrivait des poèmes"

IMPORTS: dict[str, tuple[str, ...]] = {
    "news": ("news-translated.txt", "--from-lang", "en", "--url", ORIGINAL),
    "sections": ("article-sections.txt", "--title", SECTIONS_TITLE),
    "html": ("article.html",),
    "md": ("article.md",),
}


@dataclass
class Imported:
    result: Run
    draft: Path

    @property
    def slug(self) -> str:
        return self.draft.name[11:].removesuffix(".md")

    @property
    def report(self) -> list[str]:
        return self.result.out.splitlines()


@dataclass
class Site:
    root: Path
    imports: dict[str, Imported] = field(default_factory=dict)

    def page(self, key: str) -> etree._Element:
        found = list((self.root / "public").rglob(f"{self.imports[key].slug}/index.html"))
        assert len(found) == 1, f"{key}: {found}"
        return parse_html(found[0])


_WROTE = re.compile(r"^Wrote (?P<path>.+?) \(a draft\)$", re.M)


def do_import(root: Path, *args: str | Path, cwd: Path | None = None) -> Imported:
    result = sitegen("import", "article", *args, "--source", root, cwd=cwd)
    assert result.code == 0, result.err
    wrote = _WROTE.search(result.out)
    assert wrote, result.out
    draft = Path(wrote["path"])
    return Imported(result, draft if draft.is_absolute() else (cwd or Path.cwd()) / draft)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("articles") / "site"
    write_files(root, {"sitegen.yaml": DEFAULT_CONFIG})
    built = Site(root)
    for key, (name, *options) in IMPORTS.items():
        built.imports[key] = do_import(root, FIXTURES / name, *options)
    result = sitegen("build", "--source", root, "--drafts")
    assert result.code == 0, result.err
    return built


def plain(text: str) -> str:
    """No-break spaces (U+00A0, U+202F) read as spaces; runs collapsed."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def article(page: etree._Element) -> str:
    return plain(text_of(elements(page, "//main//article")[0]))


def body(page: etree._Element) -> etree._Element:
    found: list[etree._Element] = elements(page, "//main//div[contains(@class, 'post-body')]")
    assert len(found) == 1
    return found[0]


def title(page: etree._Element) -> str:
    return text_of(elements(page, "//main//h1")[0])


def fixture_line(name: str, text: str) -> int:
    """The line of `name` where `text` first appears."""
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    found = [n for n, line in enumerate(lines, start=1) if text in line]
    assert found, f"{text!r} is not in {name}"
    return found[0]


_REMOVED = re.compile(r"^  removed (?P<kind>[\w ]+) “(?P<text>[^”]*)” \((?P<where>[^)]+)\)$", re.M)


def removed(imported: Imported) -> dict[str, tuple[str, str]]:
    """The report's removed leftovers: {text (first line): (kind, file:line)}."""
    return {
        m["text"].split("\n")[0]: (m["kind"], m["where"])
        for m in _REMOVED.finditer(imported.result.out)
    }


def references(page: etree._Element, name: str) -> list[tuple[str, str | None]]:
    section = elements(page, f"//main//section[contains(concat(' ', @class, ' '), ' {name} ')]")
    assert len(section) == 1, f"{name}: {len(section)} sections"
    found = []
    for li in elements(section[0], ".//li"):
        link = strings(li, "./a/@href")
        found.append((text_of(li), link[0] if link else None))
    return found


def discussion(page: etree._Element) -> list[str]:
    section = elements(page, "//main//section[@class='discussion']")
    assert len(section) == 1
    return [text_of(p) for p in elements(section[0], "./p")]


# --- titles ---------------------------------------------------------------------------------


def test_titles_come_from_the_h1_the_first_line_or_title(site: Site) -> None:
    assert title(site.page("html")) == "Un assistant vocal apprend le patois des Hautes-Brumes"
    assert title(site.page("md")) == "Les modèles qui rêvent de gâteaux"
    first_line = "Comment un petit modèle apprend à compter les moutons électriques"
    assert title(site.page("news")) == first_line
    assert title(site.page("sections")) == SECTIONS_TITLE
    # The title is not repeated in the text, nor is the page's <title>.
    assert first_line not in text_of(body(site.page("news")))
    html = site.page("html")
    assert "Journal Imaginaire" not in article(html)
    for key, imported in site.imports.items():
        meta = frontmatter.load(imported.draft).metadata
        assert meta["draft"] is True and meta["lang"] == "fr", key


def test_a_first_line_that_is_a_paragraph_needs_a_title(make_site: MakeSite, run: Runner) -> None:
    site = make_site()
    (site / "article-sections.txt").write_bytes((FIXTURES / "article-sections.txt").read_bytes())
    result = run("import", "article", "article-sections.txt", cwd=site)
    assert result.code == 1
    assert result.err.startswith("article-sections.txt:1:1: "), result.err
    assert "--title" in result.err and "Traceback" not in result.err
    assert not (site / "content").exists()


# --- leftovers ------------------------------------------------------------------------------


def test_leftovers_are_gone_and_each_is_reported_with_its_line(site: Site) -> None:
    news = site.imports["news"]
    name = "news-translated.txt"
    promotion = "À lire aussi : Les robots jardiniers de la ville de Sainte-Ondine"
    expected = ("Post Thumbnail", "Temps de lecture : 3 min", promotion, "Partager sur Facebook")
    found = removed(news)
    assert {text: where for text, (_, where) in found.items()} == {
        text: f"{name}:{fixture_line(name, text)}" for text in expected
    }
    assert found["Post Thumbnail"][0] == "image caption"
    assert found[promotion][0] == "promotion"
    assert found["Partager sur Facebook"][0] == "share line"
    text = article(site.page("news"))
    for leftover in ("Post Thumbnail", "Temps de lecture", "Sainte-Ondine", "Facebook"):
        assert leftover not in text, leftover
    # The paragraphs around them are all there.
    paragraphs = [text_of(p) for p in elements(body(site.page("news")), "./p")]
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("Une équipe de chercheurs imaginaires")
    assert paragraphs[-1].endswith("du moins en apparence.")


def test_markdown_leftovers_are_reported_with_their_line(site: Site) -> None:
    name = "article.md"
    assert removed(site.imports["md"]) == {
        "Post Thumbnail": ("image caption", f"{name}:{fixture_line(name, 'Post Thumbnail')}"),
        "Partager sur LinkedIn": ("share line", f"{name}:{fixture_line(name, 'Partager sur')}"),
    }
    text = article(site.page("md"))
    assert "Post Thumbnail" not in text and "Partager" not in text


def test_html_leftovers_are_reported_at_their_element(site: Site) -> None:
    name = "article.html"
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    found = removed(site.imports["html"])
    assert set(found) == {
        "Temps de lecture : 4 min",
        "Post Thumbnail",
        "À lire aussi : Le festival des cornemuses électroniques revient cet été",
        "Facebook · LinkedIn · E-mail",
    }
    opening = {
        "Temps de lecture : 4 min": "Temps de lecture",
        "Post Thumbnail": "<figcaption>",
        "À lire aussi : Le festival des cornemuses électroniques revient cet été": "À lire aussi",
        "Facebook · LinkedIn · E-mail": '<ul class="share">',
    }
    for text, (_, where) in found.items():
        file, _, line = where.partition(":")
        assert file == name
        assert opening[text] in lines[int(line) - 1], (text, where)
    assert found["Post Thumbnail"][0] == "image caption"
    assert found["Facebook · LinkedIn · E-mail"][0] == "share line"


def test_the_saved_page_keeps_only_its_article(site: Site) -> None:
    page = site.page("html")
    text = article(page)
    for outside in (
        "Le Journal Imaginaire",
        "S’abonner",
        "Mentions légales",
        "Tous droits réservés",
        "Articles similaires",
        "robot berger",
        "dataLayer",
        "font-family",
        "LinkedIn",
        "cornemuses",
    ):
        assert outside not in text, outside
    content = body(page)
    assert [plain(text_of(h)).removesuffix(" #") for h in elements(content, "./h2")] == [
        "Une collecte patiente"
    ]
    assert [text_of(li) for li in elements(content, "./ul/li")] == [
        "312 heures d’enregistrements",
        "48 conteurs et conteuses",
        "un lexique de 9 000 mots",
    ]
    assert elements(content, "./p/em[.='assistant vocal']")
    links = strings(content, ".//a[not(@class='heading-anchor')]/@href")
    assert links == ["https://example.org/association-hautes-brumes"]
    assert elements(content, ".//img") == []


def test_the_markdown_text_is_kept_as_written(site: Site) -> None:
    content = body(site.page("md"))
    assert elements(content, "./p/em[.='modèle de génération d’images']")
    assert elements(content, "./p/a[@href='https://example.org/port-bruyere'][.='Port-Bruyère']")
    assert [text_of(li) for li in elements(content, "./ul/li")] == [
        "rassembler des photos de gâteaux inventés",
        "entraîner le modèle pendant une semaine",
        "demander aux visiteurs de deviner lesquels sont réels",
    ]


# --- what follows the article ---------------------------------------------------------------


def test_the_cyrillic_block_and_the_headlines_after_it_are_cut(site: Site) -> None:
    name = "news-translated.txt"
    start = fixture_line(name, "Читайте также")
    total = len((FIXTURES / name).read_text(encoding="utf-8").splitlines())
    cut = [line for line in site.imports["news"].report if "cut" in line]
    assert len(cut) == 1
    assert f"cut {total - start + 1} trailing lines from {name}:{start}:" in cut[0]
    assert "Читайте также" in cut[0] and "Cyrillic" in cut[0]
    for path in (site.root / "public").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".pf_fragment", ""):
            data = path.read_bytes()
            for words in ("Читайте", "Aérolune", "cerf-volant", "pâtisserie virtuelle"):
                assert words.encode() not in data, (path, words)


def test_a_read_more_line_cuts_what_follows(site: Site) -> None:
    name = "article.md"
    start = fixture_line(name, "Articles similaires")
    cut = [line for line in site.imports["md"].report if "cut" in line]
    assert len(cut) == 1 and f"from {name}:{start}:" in cut[0]
    assert "Articles similaires" not in article(site.page("md"))
    assert "sans rapport" not in article(site.page("md"))


def test_closing_lines_of_a_plain_text_become_sections(site: Site) -> None:
    page = site.page("sections")
    assert references(page, "sources") == [
        (
            "Des recettes aux rimes, rapport technique fictif",
            "https://example.org/rapports/recettes-et-rimes",
        )
    ]
    assert discussion(page) == [
        "Que pensez-vous de cette expérience ?",
        "Faut-il s’inquiéter des capacités inattendues des modèles ?",
    ]
    assert references(page, "see-also") == [
        (
            "Un modèle entraîné sur des horaires de train compose des symphonies, "
            "selon un laboratoire imaginaire",
            None,
        ),
        ("Les assistants de cuisine connectés se mettent à parler en alexandrins", None),
        ("Une start-up fictive lance un correcteur de poèmes pour modèles de langage", None),
    ]
    text = plain(text_of(body(page)))
    for label in ("Source :", "Et vous ?", "Voir aussi", "alexandrins", "recettes-et-rimes"):
        assert label not in text, label
    # Sources, then the discussion, then "see also", after the text.
    order = strings(page, "//main//article/section/@class")
    assert order == ["references sources", "discussion", "references see-also"]
    # Every line of the article is a paragraph; the short question is a heading.
    headings = [plain(text_of(h)).removesuffix(" #") for h in elements(body(page), "./h2")]
    assert headings == ["Pourquoi un modèle de cuisine écrit-il des poèmes ?"]
    assert len(elements(body(page), "./p")) == 4
    report = site.imports["sections"].result.out
    assert "front matter sources: 1, discussion: 2, see_also: 3" in report


def test_closing_sections_of_a_saved_page_keep_their_links(site: Site) -> None:
    page = site.page("html")
    assert references(page, "sources") == [
        (
            "Rapport d’activité fictif de l’association",
            "https://example.org/rapports/patois-hautes-brumes",
        )
    ]
    assert discussion(page) == [
        "Parlez-vous une langue régionale ?",
        "Confieriez-vous vos souvenirs à un assistant vocal ?",
    ]
    assert references(page, "see-also") == [
        (
            "Les dialectes, prochain défi des modèles de langage",
            "https://example.com/dialectes-et-ia",
        ),
        (
            "Des archives sonores numérisées grâce aux bénévoles",
            "https://example.com/archives-sonores",
        ),
    ]
    assert "Et vous" not in text_of(body(page))


def test_closing_sections_of_a_markdown_file(site: Site) -> None:
    page = site.page("md")
    assert references(page, "sources") == [
        (
            "Des gâteaux impossibles, compte rendu fictif",
            "https://example.org/comptes-rendus/gateaux",
        )
    ]
    assert discussion(page) == [
        "Sauriez-vous reconnaître un gâteau généré ?",
        "Faut-il étiqueter les images générées ?",
    ]
    assert references(page, "see-also") == [
        ("Un robot pâtissier rate sa première tarte", "https://example.com/robot-patissier"),
        (
            "Les illustrations générées dans les livres de recettes",
            "https://example.com/livres-recettes",
        ),
    ]


def test_an_article_without_closing_lines_has_no_sections(site: Site) -> None:
    page = site.page("news")
    assert elements(page, "//main//section") == []


# --- translation ----------------------------------------------------------------------------


def test_from_lang_and_url_show_the_translation_notice(site: Site) -> None:
    page = site.page("news")
    notice = elements(page, "//main//aside[@data-disclosure='translated']")
    assert len(notice) == 1
    assert "traduit" in text_of(notice[0]) and "anglais" in text_of(notice[0])
    assert strings(notice[0], ".//a/@href") == [ORIGINAL]
    assert strings(notice[0], ".//a/@hreflang") == ["en"]
    meta = frontmatter.load(site.imports["news"].draft).metadata
    assert meta["translated"] == {"from": "en", "url": ORIGINAL}
    assert f"translated from en ({ORIGINAL})" in site.imports["news"].result.out
    for key in ("sections", "html", "md"):
        assert elements(site.page(key), "//main//aside[@data-disclosure]") == [], key


# --- refusals -------------------------------------------------------------------------------


def test_importing_twice_never_overwrites(make_site: MakeSite, run: Runner) -> None:
    site = make_site()
    first = do_import(site, FIXTURES / "article.md")
    before = first.draft.read_bytes()
    again = run("import", "article", FIXTURES / "article.md", "--source", site)
    assert again.code == 2
    assert "already exists" in again.err and "Traceback" not in again.err
    assert first.draft.read_bytes() == before


def test_an_unknown_extension_is_a_usage_error(make_site: MakeSite, run: Runner) -> None:
    site = make_site({"article.pdf": (FIXTURES / "article.md").read_text(encoding="utf-8")})
    result = run("import", "article", "article.pdf", cwd=site)
    assert result.code == 2
    assert "article.pdf" in result.err and ".html" in result.err
    assert "Traceback" not in result.err
    assert not (site / "content").exists()


@pytest.mark.parametrize(
    ("name", "data", "where", "message"),
    [
        (
            "page.txt",
            "Un titre\n\nUn caf\xe9 et un mod\xe8le.\n".encode("latin-1"),
            "page.txt:3:7:",
            "not UTF-8",
        ),
        ("page.html", "<p>Caf\xe9</p>".encode("cp1252"), "page.html:1:7:", "not UTF-8"),
        ("page.md", b"", "page.md:1:1:", "no text"),
        ("page.txt", b"\n\n   \n", "page.txt:1:1:", "no text"),
    ],
    ids=["latin-1", "cp1252-html", "empty-md", "blank-txt"],
)
def test_unreadable_pages_are_located_errors(
    make_site: MakeSite, run: Runner, name: str, data: bytes, where: str, message: str
) -> None:
    site = make_site({name: data})
    result = run("import", "article", name, "--title", "Un titre", cwd=site)
    assert result.code == 1, result.err
    assert result.err.startswith(where), result.err
    assert message in result.err and "Traceback" not in result.err
    assert not (site / "content").exists()


# --- shapes that once lost text ----------------------------------------------------------


def _draft_of(make_site: MakeSite, name: str, text: str) -> str:
    site = make_site({name: text})
    return do_import(site, site / name).draft.read_text(encoding="utf-8")


def test_a_quote_of_several_paragraphs_keeps_them_apart(make_site: MakeSite) -> None:
    draft = _draft_of(
        make_site,
        "page.html",
        "<article><h1>Un titre</h1><p>Un paragraphe de l’article, assez long pour en être un.</p>"
        "<blockquote><p>Première phrase citée.</p><p>Seconde phrase citée.</p></blockquote>"
        "</article>",
    )
    assert "citée.Seconde" not in draft


def test_text_outside_paragraphs_is_kept_or_reported(make_site: MakeSite) -> None:
    site = make_site(
        {
            "page.html": "<article><h1>Un titre</h1><p>Un paragraphe de l’article.</p>"
            "<table><tr><th>Modèle</th><th>Score</th></tr><tr><td>Alpha</td><td>42</td></tr>"
            "</table><div>Texte posé directement dans un bloc, sans paragraphe.</div></article>"
        }
    )
    imported = do_import(site, site / "page.html")
    draft = imported.draft.read_text(encoding="utf-8")
    for words in ("Alpha", "Texte posé directement"):
        assert words in draft or words in imported.result.out, words


def test_a_read_also_line_inside_the_article_does_not_swallow_the_rest(
    make_site: MakeSite,
) -> None:
    draft = _draft_of(
        make_site,
        "page.txt",
        "Un titre\n\n"
        "Le début de l’article, un paragraphe assez long pour être du texte.\n\n"
        "Lire aussi :\n\nUn autre article du même site\n\n"
        "La suite et la conclusion de l’article, elles aussi assez longues pour être du texte.\n",
    )
    post = frontmatter.loads(draft)
    assert "La suite et la conclusion" in post.content


def test_a_long_headline_under_voir_aussi_stays_a_related_article(make_site: MakeSite) -> None:
    headline = (
        "Un laboratoire fictif publie un modèle ouvert de 90 milliards de paramètres entraîné"
        " sur 4 000 milliards de jetons, et il rivaliserait avec les meilleurs modèles fermés"
    )
    draft = _draft_of(
        make_site,
        "page.txt",
        "Un titre\n\nLe début de l’article, un paragraphe assez long pour être du texte.\n\n"
        f"Voir aussi :\n{headline}\nUn second article lié\n",
    )
    post = frontmatter.loads(draft)
    see_also = post["see_also"]
    assert isinstance(see_also, list)
    assert [entry["title"] for entry in see_also] == [headline, "Un second article lié"]
    assert headline not in post.content
