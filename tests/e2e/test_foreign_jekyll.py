"""What only a Jekyll blog has, built as it is by `sitegen build` run in the test process
(tests/inprocess.py): Liquid's includes and page variables, kramdown's front-matter quirks, a Liquid
home page, the files `_config.yml` excludes and Jekyll's private folders.

The blog is tests/fixtures/foreign/jekyll/ (see foreign_blogs.py); what it shares with a Hugo
blog is checked in test_foreign_trees.py. Every check reads the built pages as a browser
would, or the build's messages as its user would.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import elements, first_in, text_of
from tests.e2e.foreign_blogs import JEKYLL
from tests.e2e.foreign_sites import (
    POST,
    Built,
    FixtureBuilds,
    body_of,
    date_of,
    one,
    plain,
    title_of,
)

FIXTURE = JEKYLL.tree.folder
LIENS = "_posts/2024-07-02-liens.md"


@pytest.fixture
def site(fixture_builds: FixtureBuilds) -> Built:
    return fixture_builds(JEKYLL.tree)


# ------------------------------------------------------------------ languages


def test_a_post_in_a_language_folder_takes_its_language(site: Built) -> None:
    page = site.page(JEKYLL.url("tokens"))
    assert page.get("lang") == "en"
    assert title_of(page) == "Counting tokens"
    assert not page.xpath("//head/link[@rel='alternate'][@hreflang]")


# ------------------------------------------------------------------ Liquid in posts


def test_site_baseurl_in_an_image_points_into_the_base_path(site: Built) -> None:
    img = one(body_of(site.page(JEKYLL.url("premier"))), ".//img[@alt='Schéma du modèle']")
    # The picture as the reader's screen gets it, and the file itself where it was.
    assert str(img.get("src")).startswith("/carnet/images/schema-")
    assert site.file(str(img.get("src"))).is_file()
    published = site.file("/carnet/assets/img/schema.png")
    assert published.read_bytes() == (FIXTURE / "assets/img/schema.png").read_bytes()


def test_an_include_shows_the_file_of_includes(site: Built) -> None:
    body = body_of(site.page(JEKYLL.url("liens")))
    note = one(body, ".//aside[@class='note']")
    said = "Ce carnet est tenu sur mon temps libre : les erreurs sont les miennes."
    assert plain(text_of(note)) == said
    assert "{%" not in plain(text_of(body))
    line = JEKYLL.tree.line_of(LIENS, "{% include note.html %}")
    assert [w for w in site.warnings_for(LIENS) if w.line == line] == [], site.result.err


def test_page_variables_show_the_posts_own_values(site: Built) -> None:
    text = plain(text_of(body_of(site.page(JEKYLL.url("liens")))))
    assert "Le titre de cette page est Des liens entre billets, du moins pour Jekyll." in text


# ------------------------------------------------------------------ addresses and dates


def test_a_jekyll_date_with_time_and_offset_is_read(site: Built) -> None:
    page = site.page(JEKYLL.url("evaluer"))
    assert date_of(page).startswith("2024-08-15")
    assert site.warnings_for("_posts/2024-08-15-evaluer.md") == []


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
    page = site.page(JEKYLL.url(key))
    title = text_of(one(page, f"{POST}/header//h1"))
    assert plain(title) == JEKYLL.title(key)
    assert "\ufeff" not in title and "---" not in plain(text_of(body_of(page)))
    assert plain(text_of(body_of(page))).startswith(opening)
    assert date_of(page).startswith(Path(rel).name[:10])
    assert site.warnings_for(rel) == []


def test_comments_in_front_matter_are_left_out(site: Built) -> None:
    page = site.page(JEKYLL.url("commentaires"))
    tags = [plain(text_of(a)) for a in elements(page, f"{POST}/header//ul[@class='tags']//a")]
    assert tags == ["echantillonnage"]
    assert "#" not in title_of(page)


# ------------------------------------------------------------------ what is published


def test_the_liquid_index_is_replaced_by_the_sitegen_home(site: Built) -> None:
    home = site.page(JEKYLL.tree.base)
    assert "layout-index" in first_in(home, "body").get("class", "").split()
    text = text_of(home)
    assert "site.posts" not in text and "post.title" not in text and "endfor" not in text
    assert not home.xpath("//ul[@class='liste-billets']")
    assert JEKYLL.title("premier") in site.home_titles()


def test_assets_are_copied_and_excluded_files_are_not(site: Built) -> None:
    png = site.out / "assets/img/schema.png"
    assert png.read_bytes() == (FIXTURE / "assets/img/schema.png").read_bytes()
    published = [p.relative_to(site.out).as_posix() for p in site.out.rglob("*")]
    assert [p for p in published if p.split("/")[-1] == "Gemfile"] == []
    assert [p for p in published if p == "notes" or p.startswith("notes/")] == []
    assert "Idées en vrac" not in site.headings()


def test_jekyll_private_files_are_not_published(site: Built) -> None:
    published = {p.relative_to(site.out).as_posix().split("/")[0] for p in site.out.rglob("*")}
    assert {"_posts", "_drafts", "_layouts", "_includes", "_config.yml"} & published == set()
