"""A Jekyll blog, as it is, built by the real `sitegen` command without a sitegen.yaml.

tests/fixtures/foreign/jekyll/ is a small Jekyll 4 tree: `_config.yml` with a base path and
a permalink pattern, posts in `_posts/` (a translation pair by file-name suffix, a post in a
language folder, Liquid tags, front-matter quirks), a draft, a root page, a Liquid home page,
assets, and files the configuration excludes. Every check reads the built pages as a browser
would, or the build's messages as its user would.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from tests.conftest import text_of
from tests.e2e.foreign_sites import (
    POST,
    Built,
    Tree,
    alternates,
    body_of,
    build,
    date_of,
    one,
    plain,
)

BASE = "/carnet/"  # `baseurl` in _config.yml
HOST = "carnet.example.org"  # `url` in _config.yml
ORIGIN = f"https://{HOST}"
JEKYLL = Tree("jekyll", HOST, BASE)
FIXTURE = JEKYLL.folder
line_of = JEKYLL.line_of
same_page = JEKYLL.same_page

URL = {
    "premier": "/carnet/recherche/2024/05/01/premier-modele/",
    "first": "/carnet/en/recherche/2024/05/01/premier-modele/",
    "tokens": "/carnet/en/2024/06/10/tokens/",
    "liens": "/carnet/2024/07/02/liens/",
    "clair": "/carnet/a-propos-du-modele/",
    "evaluer": "/carnet/2024/08/15/evaluer/",
    "commentaires": "/carnet/2024/09/02/commentaires-yaml/",
    "espaces": "/carnet/2024/09/03/espaces/",
    "crlf": "/carnet/2024/09/04/crlf/",
    "bom": "/carnet/2024/09/05/bom/",
    "sans": "/carnet/2024/09/06/sans-en-tete/",
    "outils": "/carnet/2024/09/07/autres-outils/",
}
TITLE = {
    "premier": "Mon premier modèle de langue",
    "first": "My first language model",
    "tokens": "Counting tokens",
    "liens": "Des liens entre billets",
    "clair": "Le modèle, en clair",
    "evaluer": "Évaluer sans se tromper",
    "commentaires": "La température, un réglage discret",
    "espaces": "Pourquoi les modèles hallucinent",
    "crlf": "Le contexte long",
    "bom": "Les plongements lexicaux",
    "sans": "Un titre",
    "outils": "Le réglage fin",
}
ENGLISH = {"first", "tokens"}
DRAFT_TITLE = "Un brouillon sans date"
LIENS = "_posts/2024-07-02-liens.md"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(tmp_path_factory, JEKYLL)


@pytest.fixture(scope="module")
def with_drafts(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(tmp_path_factory, JEKYLL, "--drafts")


# ------------------------------------------------------------------ the fixture


def test_the_fixture_holds_the_quirks_it_claims() -> None:
    """Editors and git must not have smoothed the files whose bytes are the point."""
    posts = FIXTURE / "_posts"
    assert (posts / "2024-09-04-crlf.md").read_bytes().startswith(b"---\r\ntitle:")
    assert b"\n" not in (posts / "2024-09-04-crlf.md").read_bytes().replace(b"\r\n", b"")
    assert (posts / "2024-09-05-bom.md").read_bytes().startswith(b"\xef\xbb\xbf---\n")
    assert (posts / "2024-09-03-espaces.md").read_bytes().startswith(b"---   \n")
    assert (posts / "2024-09-06-sans-en-tete.md").read_bytes().startswith(b"# Un titre\n")
    comments = (posts / "2024-09-02-commentaires-yaml.md").read_text(encoding="utf-8")
    assert re.search(r"^# .*\n", comments.split("---\n")[1], re.MULTILINE)
    assert not (FIXTURE / "sitegen.yaml").exists()
    assert (FIXTURE / "assets/img/schema.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


# ------------------------------------------------------------------ the build


def test_a_jekyll_tree_builds_with_defaults_and_says_so(site: Built) -> None:
    notes = [line for line in site.result.err.splitlines() if line.startswith("note:")]
    assert [n for n in notes if "Jekyll" in n and "sitegen.yaml" in n], site.result.err
    assert not (site.source / "sitegen.yaml").exists()


def test_every_post_file_becomes_exactly_one_page(site: Built) -> None:
    expected = sorted((URL[key], TITLE[key]) for key in URL)
    assert site.post_pages() == expected


def test_post_pages_speak_their_language(site: Built) -> None:
    for key, url in URL.items():
        page = site.page(url)
        assert page.get("lang") == ("en" if key in ENGLISH else "fr"), url
        assert one(page, POST).get("lang") in (None, page.get("lang")), url


def test_every_link_stays_under_the_base_path_and_leads_to_a_built_file(site: Built) -> None:
    broken = []
    for url, page in site.pages():
        targets = page.xpath("//a/@href | //link/@href | //img/@src | //script/@src")
        for target in targets:
            absolute = urljoin(ORIGIN + url, target)
            parts = urlsplit(absolute)
            if parts.scheme not in ("http", "https") or parts.netloc != HOST:
                continue
            if not parts.path.startswith(BASE) or not site.file(absolute).is_file():
                broken.append((url, target))
    assert broken == []


# ------------------------------------------------------------------ translations, languages


def test_a_jekyll_translation_pair_is_linked(site: Built) -> None:
    french, english = site.page(URL["premier"]), site.page(URL["first"])
    assert (french.get("lang"), english.get("lang")) == ("fr", "en")
    for page in (french, english):
        found = alternates(page)
        assert set(found) >= {"fr", "en"}
        assert same_page(found["fr"], URL["premier"]), found
        assert same_page(found["en"], URL["first"]), found
    shown = one(french, f"{POST}//p[@class='translations']").xpath("./a")
    assert [(a.get("hreflang"), urlsplit(a.get("href")).path) for a in shown] == [
        ("en", URL["first"])
    ]
    shown = one(english, f"{POST}//p[@class='translations']").xpath("./a")
    assert [(a.get("hreflang"), urlsplit(a.get("href")).path) for a in shown] == [
        ("fr", URL["premier"])
    ]


def test_a_post_in_a_language_folder_takes_its_language(site: Built) -> None:
    page = site.page(URL["tokens"])
    assert page.get("lang") == "en"
    assert plain(text_of(one(page, f"{POST}/header//h1"))) == "Counting tokens"
    assert not page.xpath("//head/link[@rel='alternate'][@hreflang]")


def test_each_language_home_lists_its_posts(site: Built) -> None:
    french = sorted(TITLE[key] for key in URL if key not in ENGLISH)
    english = sorted(TITLE[key] for key in ENGLISH)
    assert sorted(site.home_titles(BASE)) == french
    assert sorted(site.home_titles(BASE + "en/")) == english


# ------------------------------------------------------------------ Liquid in posts


def test_highlight_tags_become_highlighted_code(site: Built) -> None:
    code = one(body_of(site.page(URL["premier"])), ".//pre/code[contains(@class, 'python')]")
    text = "".join(code.itertext())
    assert "def attention(q, k, v):" in text
    assert "return poids @ v" in text
    assert "{%" not in plain(text_of(body_of(site.page(URL["premier"]))))


def test_site_baseurl_in_an_image_points_into_the_base_path(site: Built) -> None:
    img = one(body_of(site.page(URL["premier"])), ".//img[@alt='Schéma du modèle']")
    assert img.get("src") == "/carnet/assets/img/schema.png"
    published = site.file(img.get("src"))
    assert published.read_bytes() == (FIXTURE / "assets/img/schema.png").read_bytes()


def test_the_excerpt_separator_ends_the_summary_on_the_home_page(site: Built) -> None:
    cards = [
        card
        for card in site.home_cards()
        if same_page(one(card, ".//h2/a").get("href"), URL["premier"])
    ]
    assert len(cards) == 1
    summary = plain(text_of(one(cards[0], ".//div[@class='summary']")))
    assert summary.startswith("Entraîner un petit modèle de langue chez soi")
    assert summary.endswith("des phrases presque correctes.")
    assert "cœur du modèle" not in summary
    assert "<!--suite-->" not in summary
    whole = plain(text_of(body_of(site.page(URL["premier"]))))
    assert "Le cœur du modèle tient en quelques lignes." in whole


def test_post_url_resolves_to_the_posts_address(site: Built) -> None:
    body = body_of(site.page(URL["liens"]))
    links = {plain(text_of(a)): a.get("href") for a in body.xpath(".//a")}
    assert same_page(links["le premier modèle"], URL["premier"]), links
    assert same_page(links["tokens"], URL["tokens"]), links
    assert "post_url" not in plain(text_of(body))


def test_an_include_shows_the_file_of_includes(site: Built) -> None:
    body = body_of(site.page(URL["liens"]))
    note = one(body, ".//aside[@class='note']")
    said = "Ce carnet est tenu sur mon temps libre : les erreurs sont les miennes."
    assert plain(text_of(note)) == said
    assert "{%" not in plain(text_of(body))
    line = line_of(LIENS, "{% include note.html %}")
    assert [w for w in site.warnings_for(LIENS) if w.line == line] == [], site.result.err


def test_page_variables_show_the_posts_own_values(site: Built) -> None:
    text = plain(text_of(body_of(site.page(URL["liens"]))))
    assert "Le titre de cette page est Des liens entre billets, du moins pour Jekyll." in text


def test_raw_blocks_show_their_content_literally_without_a_warning(site: Built) -> None:
    blocks = body_of(site.page(URL["liens"])).xpath(".//pre")
    shown = ["".join(pre.itertext()).strip() for pre in blocks]
    assert shown == ["{{ pas_une_variable }}"]
    raw = line_of(LIENS, "{% raw %}")
    about_raw = [
        w
        for w in site.warnings
        if (w.about(LIENS) and w.line == raw) or re.search("pas_une_variable|endraw", w.message)
    ]
    assert about_raw == []


# ------------------------------------------------------------------ addresses and dates


def test_a_post_permalink_gives_its_own_address(site: Built) -> None:
    page = site.page(URL["clair"])
    assert plain(text_of(one(page, f"{POST}/header//h1"))) == "Le modèle, en clair"
    assert date_of(page).startswith("2024-07-20")
    assert not (site.out / "2024/07/20").exists()


def test_a_jekyll_date_with_time_and_offset_is_read(site: Built) -> None:
    page = site.page(URL["evaluer"])
    assert date_of(page).startswith("2024-08-15")
    assert site.warnings_for("_posts/2024-08-15-evaluer.md") == []


def test_post_dates_come_from_the_front_matter_or_the_file_name(site: Built) -> None:
    for key, url in URL.items():
        if key in ("clair", "evaluer"):
            continue
        date = re.search(r"/(\d{4})/(\d{2})/(\d{2})/", url)
        assert date is not None
        assert date_of(site.page(url)).startswith("-".join(date.groups())), url


def test_a_root_page_with_a_permalink_is_published_there(site: Built) -> None:
    page = site.page("/carnet/a-propos/")
    article = one(page, "//main//article")
    assert "page" in article.get("class", "").split()
    assert plain(text_of(one(article, ".//h1"))) == "À propos"
    assert "Ce carnet rassemble les notes d'Inès Caradec" in plain(text_of(article))


# ------------------------------------------------------------------ front-matter quirks


QUIRKS = {
    "commentaires": ("_posts/2024-09-02-commentaires-yaml.md", "La température règle le hasard"),
    "espaces": ("_posts/2024-09-03-espaces.md", "Un modèle de langue produit le texte"),
    "crlf": ("_posts/2024-09-04-crlf.md", "La fenêtre de contexte est la quantité de texte"),
    "bom": ("_posts/2024-09-05-bom.md", "Un plongement lexical place chaque mot"),
}


@pytest.mark.parametrize("key", list(QUIRKS))
def test_front_matter_quirks_are_read_like_jekyll_reads_them(site: Built, key: str) -> None:
    rel, opening = QUIRKS[key]
    page = site.page(URL[key])
    title = text_of(one(page, f"{POST}/header//h1"))
    assert plain(title) == TITLE[key]
    assert "\ufeff" not in title and "---" not in plain(text_of(body_of(page)))
    assert plain(text_of(body_of(page))).startswith(opening)
    assert date_of(page).startswith(Path(rel).name[:10])
    assert site.warnings_for(rel) == []


def test_comments_in_front_matter_are_left_out(site: Built) -> None:
    page = site.page(URL["commentaires"])
    tags = [plain(text_of(a)) for a in page.xpath(f"{POST}/header//ul[@class='tags']//a")]
    assert tags == ["echantillonnage"]
    assert "#" not in plain(text_of(one(page, f"{POST}/header//h1")))


def test_a_file_without_front_matter_is_a_post_titled_by_its_heading(site: Built) -> None:
    rel = "_posts/2024-09-06-sans-en-tete.md"
    page = site.page(URL["sans"])
    assert plain(text_of(one(page, f"{POST}/header//h1"))) == "Un titre"
    assert date_of(page).startswith("2024-09-06")
    assert "La distillation consiste" in plain(text_of(body_of(page)))
    found = site.warnings_for(rel)
    assert [w for w in found if "front matter" in w.text], site.result.err


def test_keys_of_other_tools_are_accepted_silently(site: Built) -> None:
    page = site.page(URL["outils"])
    assert plain(text_of(one(page, f"{POST}/header//h1"))) == "Le réglage fin"
    assert site.warnings_for("_posts/2024-09-07-autres-outils.md") == []
    keys = re.compile(r"\b(author|image|comments|layout)\b")
    assert [w for w in site.warnings if keys.search(w.text)] == []


# ------------------------------------------------------------------ drafts


def titles_of_all_pages(built: Built) -> set[str]:
    return {plain(text_of(h1)) for _, page in built.pages() for h1 in page.xpath("//main//h1")}


def test_drafts_are_left_out_by_default(site: Built) -> None:
    assert DRAFT_TITLE not in titles_of_all_pages(site)
    assert DRAFT_TITLE not in site.home_titles()
    assert not (site.out / "brouillon-sans-date").exists()


def test_drafts_are_built_with_the_drafts_flag(with_drafts: Built) -> None:
    assert DRAFT_TITLE in with_drafts.home_titles()
    drafts = [url for url, title in with_drafts.post_pages() if title == DRAFT_TITLE]
    assert len(drafts) == 1
    page = with_drafts.page(drafts[0])
    assert page.get("lang") == "fr"
    assert "la quantification" in plain(text_of(body_of(page)))
    others = [(url, title) for url, title in with_drafts.post_pages() if title != DRAFT_TITLE]
    assert others == sorted((URL[key], TITLE[key]) for key in URL)


# ------------------------------------------------------------------ what is published


def test_the_liquid_index_is_replaced_by_the_sitegen_home(site: Built) -> None:
    home = site.page(BASE)
    assert "layout-index" in home.find("body").get("class", "").split()
    text = text_of(home)
    assert "site.posts" not in text and "post.title" not in text and "endfor" not in text
    assert not home.xpath("//ul[@class='liste-billets']")
    assert TITLE["premier"] in site.home_titles()


def test_assets_are_copied_and_excluded_files_are_not(site: Built) -> None:
    png = site.out / "assets/img/schema.png"
    assert png.read_bytes() == (FIXTURE / "assets/img/schema.png").read_bytes()
    published = [p.relative_to(site.out).as_posix() for p in site.out.rglob("*")]
    assert [p for p in published if p.split("/")[-1] == "Gemfile"] == []
    assert [p for p in published if p == "notes" or p.startswith("notes/")] == []
    assert "Idées en vrac" not in titles_of_all_pages(site)


def test_jekyll_private_files_are_not_published(site: Built) -> None:
    published = {p.relative_to(site.out).as_posix().split("/")[0] for p in site.out.rglob("*")}
    assert {"_posts", "_drafts", "_layouts", "_includes", "_config.yml"} & published == set()
