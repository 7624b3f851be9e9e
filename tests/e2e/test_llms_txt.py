"""`llms_txt: true`: each language's llms.txt lists the posts and pages, each linked to its
Markdown twin, and each twin starts with the disclosure its page shows. Read as an agent
reads them: llms.txt's structure parsed, its links followed to the files on disk, the twins
rendered as Markdown."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import etree
from markdown_it import MarkdownIt

from tests.conftest import (
    DEFAULT_CONFIG,
    REPO,
    Run,
    elements,
    fragment,
    parse_html,
    post,
    sitegen,
    strings,
    text_of,
)
from tests.e2e.test_check import findings
from tests.e2e.test_import_whatsapp import FIXTURES, do_import, leaks

Site = Callable[..., Path]
Runner = Callable[..., Run]

BASE = "https://example.org/blog/"
_ITEM = re.compile(r"^- \[(?P<name>(?:\\.|[^\]\\])+)\]\((?P<url>[^)\s]+)\)(?:: (?P<notes>.+))?$")


def llms(text: str) -> tuple[str, str, dict[str, list[re.Match[str]]]]:
    """An llms.txt as the format reads it: the H1, the blockquote, then H2 file lists."""
    lines = text.splitlines()
    assert lines[0].startswith("# ") and not lines[1]
    title, summary = lines[0][2:], ""
    sections: dict[str, list[re.Match[str]]] = {}
    current: list[re.Match[str]] | None = None
    for line in lines[1:]:
        if line.startswith("> ") and current is None:
            summary = line[2:]
        elif line.startswith("## "):
            current = sections.setdefault(line[3:], [])
        elif line.startswith("- "):
            assert current is not None, line
            item = _ITEM.match(line)
            assert item, line
            current.append(item)
        else:
            assert not line.startswith("#"), line
    return title, summary, sections


def on_disk(public: Path, url: str) -> Path:
    assert url.startswith(BASE), url
    return public / urlsplit(url).path.removeprefix(urlsplit(BASE).path)


def markdown(text: str) -> etree._Element:
    return fragment(MarkdownIt("commonmark").render(text))


def first_line(twin: Path) -> str:
    """The twin's first line as a reader sees it: its Markdown rendered to text."""
    return text_of(markdown(twin.read_text(encoding="utf-8").split("\n", 1)[0]))


def notice(page: Path) -> str:
    """The disclosure the page shows at the top of the post (its first paragraph)."""
    found = elements(parse_html(page), "//*[@data-disclosure]/p[1]")
    return text_of(found[0]) if found else ""


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("llms") / "site"
    shutil.copytree(REPO / "tests/fixtures/bilingual", root)
    with (root / "sitegen.yaml").open("a", encoding="utf-8") as config:
        config.write("llms_txt: true\n")
    result = sitegen("build", "--source", root)
    assert result.code == 0, result.err
    # Under a path (/blog/), llms.txt is read all the same: no note about root files.
    assert "only at the root of a host" not in result.out + result.err
    return root / "public"


def test_each_language_lists_its_posts_newest_first_then_its_pages(bilingual: Path) -> None:
    title, summary, sections = llms((bilingual / "llms.txt").read_text(encoding="utf-8"))
    assert title == "Carnets bilingues" and summary.startswith("Un petit blog de test")
    posts = sections["Billets"]
    dates = [parse_html(on_disk(bilingual, p["url"]).with_name("index.html")) for p in posts]
    published = [
        strings(d, "//meta[@property='article:published_time']/@content")[0] for d in dates
    ]
    assert published == sorted(published, reverse=True) and len(posts) == 7
    assert [p["url"] for p in sections["Langues"]] == [BASE + "en/llms.txt"]
    _, _, english = llms((bilingual / "en/llms.txt").read_text(encoding="utf-8"))
    assert len(english["Posts"]) == 5
    assert [p["url"] for p in english["Languages"]] == [BASE + "llms.txt"]


@pytest.mark.parametrize("index", ["llms.txt", "en/llms.txt"])
def test_every_link_leads_to_a_twin_whose_page_says_the_same(bilingual: Path, index: str) -> None:
    _, _, sections = llms((bilingual / index).read_text(encoding="utf-8"))
    for item in (i for items in sections.values() for i in items):
        twin = on_disk(bilingual, item["url"])
        if twin.name == "llms.txt":
            continue
        page = parse_html(twin.with_name("index.html"))
        title = text_of(elements(page, "//h1")[0])
        assert text_of(markdown(f"[{item['name']}](x)")) == title
        body = twin.read_text(encoding="utf-8")
        assert text_of(elements(markdown(body), "//h1")[0]) == title
        alternate = strings(page, "//link[@rel='alternate'][@type='text/markdown']/@href")
        assert alternate == [urlsplit(item["url"]).path]
        described = strings(page, "//link[@rel='describedby']/@href")
        assert described == [urlsplit(BASE).path + index]
        # Described as search results show it: an AI-involved text's label first.
        shown = strings(page, "//meta[@name='description']/@content")[0]
        assert text_of(markdown(item["notes"])) == " ".join(shown.split())


@pytest.mark.parametrize(
    ("twin", "expected"),
    [
        ("2026/01/carnet-de-bord/index.md", "Ce texte a été écrit par une personne"),
        ("en/2026/03/notes-from-a-meetup/index.md", "This text was written by a person"),
        ("2026/01/petits-modeles/index.md", "généré par une intelligence artificielle"),
        ("en/2026/01/petits-modeles/index.md", "generated by artificial intelligence"),
        ("2026/02/sobriete-des-modeles/index.md", "traduit automatiquement"),
        ("2026/02/memoire-des-assistants/index.md", "puis traduit automatiquement"),
        ("2026/02/jeux-de-donnees/index.md", "traduit de l’anglais par Lucie Moreau"),
        ("en/2026/03/ai-at-school/index.md", "machine-translated from French"),
    ],
)
def test_a_twin_starts_with_its_disclosure(bilingual: Path, twin: str, expected: str) -> None:
    said = first_line(bilingual / twin)
    assert expected in said
    shown = notice((bilingual / twin).with_name("index.html"))
    if expected.startswith(("Ce texte a été écrit", "This text was written")):
        assert not shown, "the author's own text has no notice on its page"
    else:
        assert shown and said == shown, "the twin's first line is the page's notice"


def test_with_no_language_at_the_root_the_root_file_lists_the_languages(
    make_site: Site, run: Runner
) -> None:
    config = DEFAULT_CONFIG + "default_language_at_root: false\nllms_txt: true\n"
    posts = {
        "content/posts/2026-01-15-bonjour.md": post("Bonjour"),
        "content/posts/2026-01-16-hello.en.md": post("Hello"),
    }
    site = make_site(posts, config=config)
    assert run("build", "--source", site).code == 0
    public = site / "public"
    _, _, root = llms((public / "llms.txt").read_text(encoding="utf-8"))
    listed = [item["url"] for item in root["Langues"]]
    assert listed == ["https://example.org/fr/llms.txt", "https://example.org/en/llms.txt"]
    _, _, french = llms((public / "fr/llms.txt").read_text(encoding="utf-8"))
    assert [i["url"] for i in french["Billets"]] == [
        "https://example.org/fr/2026/01/bonjour/index.md"
    ]
    assert (public / "fr/2026/01/bonjour/index.md").is_file()
    for page, index in (("index.html", "/llms.txt"), ("fr/index.html", "/fr/llms.txt")):
        assert strings(parse_html(public / page), "//link[@rel='describedby']/@href") == [index]


def test_a_language_with_only_pages_gets_the_llms_txt_its_pages_link_to(
    make_site: Site, run: Runner
) -> None:
    about = "---\ntitle: About\nlang: en\n---\n\nWho writes here.\n"
    files = {
        "content/posts/2026-01-15-bonjour.md": post("Bonjour"),
        "content/pages/about.en.md": about,
    }
    site = make_site(files, config=DEFAULT_CONFIG + "llms_txt: true\n")
    assert run("build", "--source", site).code == 0
    public = site / "public"
    [described] = strings(
        parse_html(public / "en/about/index.html"), "//link[@rel='describedby']/@href"
    )
    index = public / described.lstrip("/")
    assert index.is_file(), described
    _, _, sections = llms(index.read_text(encoding="utf-8"))
    listed = [item["url"] for items in sections.values() for item in items]
    assert "https://example.org/en/about/index.md" in listed
    found = findings(run, site)
    assert [f for f in found if f["code"] == "broken-link"] == []


PASSAGE = """Mon avis d’abord, puis ce qu’a répondu l’assistant.

> [!generated]
>
> Voici trois idées : lire, écrire, relire.

Et ma conclusion.
"""
PASSAGE_EN = PASSAGE.replace("Mon avis d’abord", "My view first").replace("Voici", "Here are")


@pytest.mark.parametrize(
    ("lang", "name", "body", "caption"),
    [
        ("fr", "2026-01-15-avis.md", PASSAGE, "Texte généré par une IA"),
        ("en", "2026-01-15-view.en.md", PASSAGE_EN, "Text generated by an AI"),
    ],
)
def test_a_generated_passage_keeps_its_caption_at_the_head_of_its_quote(
    make_site: Site, run: Runner, lang: str, name: str, body: str, caption: str
) -> None:
    text = post("Avis", body=body, generated="{part: trois idées, reviewed_by: Léa Dupont}")
    site = make_site({f"content/posts/{name}": text}, config=DEFAULT_CONFIG + "llms_txt: true\n")
    assert run("build", "--source", site).code == 0
    (twin,) = (site / "public").rglob("index.md")
    shown = notice(twin.with_name("index.html"))
    assert first_line(twin) == shown and shown
    page_caption = elements(parse_html(twin.with_name("index.html")), "//figure/figcaption")[0]
    quote = elements(markdown(twin.read_text(encoding="utf-8")), "//blockquote")[0]
    assert text_of(quote[0]) == text_of(page_caption) and text_of(quote[0]).startswith(caption)
    assert elements(quote[0], "./strong")


def test_the_twin_is_made_from_the_page_not_from_the_source(make_site: Site, run: Runner) -> None:
    body = "Un texte.\n\n<!-- à ne pas publier : 06 12 34 56 78 -->\n\nSuite du texte.\n"
    site = make_site({"content/posts/2026-01-15-prive.md": post("Privé", body=body)})
    (site / "sitegen.yaml").write_text(DEFAULT_CONFIG + "llms_txt: true\n", encoding="utf-8")
    assert run("build", "--source", site).code == 0
    twin = (site / "public/2026/01/prive/index.md").read_text(encoding="utf-8")
    assert "Suite du texte." in twin and "06 12 34 56 78" not in twin


def test_an_imported_chat_twin_holds_no_number(make_site: Site) -> None:
    site = make_site(config=DEFAULT_CONFIG + "llms_txt: true\n")
    do_import(site, FIXTURES / "android-fr.txt")
    result = sitegen("build", "--source", site, "--drafts")
    assert result.code == 0, result.err
    (twin,) = (site / "public").rglob("index.md")
    text = twin.read_text(encoding="utf-8")
    assert "[numéro masqué]" in text.replace("\\[", "[").replace("\\]", "]")
    assert leaks(text, ["android-fr.txt"]) == []


CORRECTED = {
    "corrections": "[{date: 2026-01-20, note: 'Le modèle date de *2024*, pas de 2025.'}]",
    "updated": "[{date: 2026-01-18, note: Ajout d’un exemple.}]",
    "sources": "[{title: Une étude, url: 'https://example.net/etude'}]",
    "see_also": "[{title: Un autre billet, url: 'https://example.net/autre'}]",
}


def test_a_twin_tells_the_corrections_and_sources_its_page_shows(
    make_site: Site, run: Runner
) -> None:
    text = post("Corrigé", body="Le texte.", **CORRECTED)
    config = DEFAULT_CONFIG + "llms_txt: true\n"
    site = make_site({"content/posts/2026-01-15-corrige.md": text}, config)
    assert run("build", "--source", site).code == 0
    twin = site / "public/2026/01/corrige/index.md"
    page = parse_html(twin.with_name("index.html"))
    shown = markdown(twin.read_text(encoding="utf-8"))
    changes = [text_of(li) for li in elements(page, "//aside[contains(@class, 'changes')]//li")]
    assert [text_of(li) for li in elements(shown, "./ul[1]/li")] == changes
    assert changes[0].startswith("Correction du 20 janvier 2026") and "2024" in changes[0]
    # After the date, before the text; the sources and see-also lists last, titled as shown.
    assert [text_of(p) for p in elements(shown, "./p")][-1] == "Le texte."
    headings = [text_of(h) for h in elements(page, "//section[contains(@class, 'references')]/h2")]
    assert [text_of(h) for h in elements(shown, "./h2")] == headings == ["Sources", "Voir aussi"]
    links = [
        (text_of(a), a.get("href")) for a in elements(shown, "./ul[last()-1]//a | ./ul[last()]//a")
    ]
    assert links == [
        ("Une étude", "https://example.net/etude"),
        ("Un autre billet", "https://example.net/autre"),
    ]


def test_a_twin_follows_its_corrections_through_rebuilds(make_site: Site, run: Runner) -> None:
    config = DEFAULT_CONFIG + "llms_txt: true\n"
    source = "content/posts/2026-01-15-corrige.md"
    site = make_site({source: post("Corrigé", body="Le texte.", **CORRECTED)}, config)
    assert run("build", "--source", site).code == 0
    twin = site / "public/2026/01/corrige/index.md"
    before = twin.read_text(encoding="utf-8")
    fixed = CORRECTED | {"corrections": "[{date: 2026-01-20, note: Une autre erreur.}]"}
    (site / source).write_text(post("Corrigé", body="Le texte.", **fixed), encoding="utf-8")
    assert run("build", "--source", site).code == 0
    after = twin.read_text(encoding="utf-8")
    assert after != before and "Une autre erreur." in after
    assert run("build", "--source", site, "--no-cache").code == 0
    assert twin.read_text(encoding="utf-8") == after


def test_a_page_at_a_twins_address_is_told_it_clashes_with_the_twin(
    make_site: Site, run: Runner
) -> None:
    contact = "---\ntitle: Contact\nurl: /contact.html\n---\n\nÉcrivez-nous.\n"
    other = "---\ntitle: Autre\nurl: /contact.md\n---\n\nUn autre texte.\n"
    files = {"content/pages/contact.md": contact, "content/pages/autre.md": other}
    site = make_site(files, config=DEFAULT_CONFIG + "llms_txt: true\n")
    result = run("build", "--source", site)
    assert result.code == 1
    assert (
        "content/pages/autre.md:3:1: `contact.md` is also written by the Markdown twin of "
        "content/pages/contact.md" in result.err
    )


def test_twins_follow_their_pages_through_rebuilds(make_site: Site, run: Runner) -> None:
    config = DEFAULT_CONFIG + "llms_txt: true\n"
    site = make_site({"content/posts/2026-01-15-a.md": post("A", body="Premier jet.")}, config)
    assert run("build", "--source", site).code == 0
    twin = site / "public/2026/01/a/index.md"
    assert "Premier jet." in twin.read_text(encoding="utf-8")
    (site / "content/posts/2026-01-15-a.md").write_text(
        post("A", body="Texte revu.", generated="{model: Aurora 7B}"), encoding="utf-8"
    )
    assert run("build", "--source", site).code == 0
    text = twin.read_text(encoding="utf-8")
    assert "Texte revu." in text and "Premier jet." not in text
    assert first_line(twin) == notice(twin.with_name("index.html"))
    (site / "sitegen.yaml").write_text(DEFAULT_CONFIG, encoding="utf-8")
    assert run("build", "--source", site).code == 0
    assert not twin.exists() and not (site / "public/llms.txt").exists()
