"""The review of the foreign trees (8d1c723, 203b834), one behaviour per test.

Each test writes a small Jekyll or Hugo tree in tmp_path, runs the real `sitegen` command
on it (`build`, `check`, `import`, `new`), and checks what a reader of the built pages sees
(parsed as a browser would) or, when the command must refuse, its exit code and where its
message points.
"""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from tests.conftest import elements, parse_html, text_of
from tests.e2e.foreign_sites import POST, line_in, messages, one, plain
from tests.e2e.test_foreign_edges import (
    JEKYLL_CONFIG,
    NOTE,
    PNG,
    Built,
    Runner,
    build,
    built,
    hugo,
    jekyll,
    redirect_of,
    shown,
)

PDF = b"%PDF-1.4\n% guide fictif\n"
JEKYLL = textwrap.dedent(JEKYLL_CONFIG)
"""The Jekyll configuration of test_foreign_edges, to add keys to."""
TITLE = f"{POST}/header//h1"


def titles(site: Built) -> set[str]:
    """The title of every post and page the site publishes (redirect pages aside)."""
    found: set[str] = set()
    for url in site.pages():
        found.update(plain(text_of(h1)) for h1 in elements(site.page(url), "//main//article//h1"))
    return found


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


# ------------------------------------------------------------------ 1. Hugo keys in any case

SECRET = """\
    +++
    Title = "Secret"
    Date = 2024-03-05
    Draft = true
    +++
    Un carnet que Basile Morvan garde pour lui.
    """


def test_hugo_keys_in_any_case_make_a_draft(tmp_path: Path, run: Runner) -> None:
    source = hugo(
        tmp_path, {"content/posts/note.md": NOTE, "content/posts/carnet-prive.md": SECRET}
    )
    site = built(run, source)
    assert site.cards() == [("Une note", "/posts/note/")]
    assert not site.file("/posts/carnet-prive/").exists()
    assert "Secret" not in titles(site)


def test_hugo_keys_in_any_case_give_the_title(tmp_path: Path, run: Runner) -> None:
    source = hugo(
        tmp_path, {"content/posts/note.md": NOTE, "content/posts/carnet-prive.md": SECRET}
    )
    site = built(run, source, "--drafts")
    assert shown(site.page("/posts/carnet-prive/"), TITLE) == "Secret"


# ------------------------------------------------------------------ 2. publishDate


def test_a_later_publish_date_holds_the_post_back(tmp_path: Path, run: Runner) -> None:
    later = """\
        +++
        title = "Pas avant l'heure"
        date = 2024-01-01
        publishDate = 2999-01-01
        +++
        Un billet qui attend son jour.
        """
    site = built(
        run, hugo(tmp_path, {"content/posts/note.md": NOTE, "content/posts/plus-tard.md": later})
    )
    assert site.cards() == [("Une note", "/posts/note/")]
    assert not site.file("/posts/plus-tard/").exists()
    assert "Pas avant l'heure" not in titles(site)


# ------------------------------------------------------------------ 3. pages Hugo never renders

NEVER_RENDERED = {
    "headless": (
        "content/posts/sans-tete/index.md",
        '+++\ntitle = "Sans tête"\ndate = 2024-03-06\nheadless = true\n+++\nDes images seules.\n',
        "/posts/sans-tete/",
    ),
    "render-never": (
        "content/posts/jamais.md",
        '+++\ntitle = "Jamais rendu"\ndate = 2024-03-06\n[build]\n  render = "never"\n+++\n'
        "Un texte pour les listes seulement.\n",
        "/posts/jamais/",
    ),
}


@pytest.mark.parametrize("case", list(NEVER_RENDERED))
def test_a_page_hugo_never_renders_is_not_published(tmp_path: Path, run: Runner, case: str) -> None:
    rel, text, url = NEVER_RENDERED[case]
    site = built(run, hugo(tmp_path, {"content/posts/note.md": NOTE, rel: text}))
    assert site.cards() == [("Une note", "/posts/note/")]
    assert not site.file(url).exists()
    assert {"Sans tête", "Jamais rendu"}.isdisjoint(titles(site))


# ------------------------------------------------------------------ 4. Jekyll's exclude:

EXCLUDING = JEKYLL + 'exclude: [brouillon-perso.md, "*.txt", prive/secret.md, vieilleries]\n'


def test_jekyll_exclude_leaves_out_files_patterns_paths_and_folders(
    tmp_path: Path, run: Runner
) -> None:
    files: dict[str, str | bytes] = {
        "brouillon-perso.md": "---\ntitle: Brouillon perso\n---\nPas pour vous.\n",
        "notes.txt": "Des notes à la racine.\n",
        "docs/notes.txt": "Des notes rangées.\n",
        "docs/guide.md": "---\ntitle: Le guide\n---\nPas à pas.\n",
        "docs/donnees.csv": "modèle;score\nbrise;3\n",
        "prive/secret.md": "---\ntitle: Le secret\n---\nChut.\n",
        "prive/ouvert.md": "---\ntitle: Ouvert à tous\n---\nEntrez.\n",
        "vieilleries/vieux.md": "---\ntitle: Un vieux texte\n---\nDépassé.\n",
        "vieilleries/photo.png": PNG,
    }
    site = built(run, jekyll(tmp_path, files, EXCLUDING))
    for gone in (
        "/brouillon-perso.html",
        "/notes.txt",
        "/docs/notes.txt",
        "/prive/secret.html",
        "/vieilleries/vieux.html",
        "/vieilleries/photo.png",
    ):
        assert not site.file(gone).exists(), f"{gone} is published"
    assert not (site.out / "vieilleries").exists()
    assert {"Brouillon perso", "Le secret", "Un vieux texte"}.isdisjoint(titles(site))
    # What exclude: does not name is still published.
    assert shown(site.page("/docs/guide.html"), "//main//article//h1") == "Le guide"
    assert shown(site.page("/prive/ouvert.html"), "//main//article//h1") == "Ouvert à tous"
    assert shown(site.page("/a-propos.html"), "//main//article//h1") == "À propos"
    table = files["docs/donnees.csv"]
    assert isinstance(table, str)
    assert site.file("/docs/donnees.csv").read_bytes() == table.encode()


# ------------------------------------------------------------------ 5. _site/ and a theme's public/

THEME_CSS = b"body { font-family: serif; }\n"


def test_a_jekyll_tree_is_built_into_site_and_keeps_its_public_folder(
    tmp_path: Path, run: Runner
) -> None:
    source = jekyll(tmp_path, {"public/css/theme.css": THEME_CSS})
    result = run("build", "--source", source, cwd=tmp_path)
    assert result.code == 0, result.err
    out = source / "_site"
    home = parse_html(out / "index.html")
    cards = [
        plain(text_of(a))
        for a in elements(home, "//main//article[contains(@class, 'post-card')]//h2/a")
    ]
    assert cards == ["Premier essai"]
    assert (out / "public/css/theme.css").read_bytes() == THEME_CSS
    assert not (tmp_path / "_site").exists()
    assert (source / "public").is_dir() and sorted(files_of(source / "public")) == ["css/theme.css"]


def test_a_jekyll_themes_public_folder_is_never_an_output(tmp_path: Path, run: Runner) -> None:
    source = jekyll(tmp_path, {"public/css/theme.css": THEME_CSS})
    refused = run("build", "--source", source, "--output", "public", "--force", cwd=source)
    assert refused.code == 2, refused.err
    assert "public" in refused.err and "refusing" in refused.err, refused.err
    assert files_of(source / "public") == {"css/theme.css": THEME_CSS}


# ------------------------------------------------------------------ 6. static/ and templates/

JEKYLL_TEMPLATES = {
    "liquid": '<html><body>{% include entete.html %}<p class="gabarit">Gabarit de Jekyll</p>'
    "{{ content }}</body></html>\n",
    "jinja": '<!doctype html><html><body><p class="gabarit">Gabarit de Jekyll</p>'
    "{% block main %}{% endblock %}</body></html>\n",
    "broken": '{% if %}<p class="gabarit">Gabarit de Jekyll</p>{{ content\n',
}


def test_a_jekyll_static_folder_keeps_its_name(tmp_path: Path, run: Runner) -> None:
    site = built(run, jekyll(tmp_path, {"static/img/logo.png": PNG}))
    assert site.file("/static/img/logo.png").read_bytes() == PNG
    assert not site.file("/img/logo.png").exists()


@pytest.mark.parametrize("kind", list(JEKYLL_TEMPLATES))
def test_a_jekyll_templates_folder_is_not_sitegens_theme(
    tmp_path: Path, run: Runner, kind: str
) -> None:
    site = built(run, jekyll(tmp_path, {"templates/base.html": JEKYLL_TEMPLATES[kind]}))
    for url in ("/", "/2024/05/01/premier-essai.html", "/a-propos.html"):
        page = site.page(url)
        assert elements(page, "//p[@class='gabarit']") == [], f"{url} used templates/base.html"
        assert shown(page, "//a[@class='site-title']") == "Carnet d'Odile"
    post = site.page("/2024/05/01/premier-essai.html")
    assert shown(post, TITLE) == "Premier essai"
    assert shown(post).startswith("Le petit modèle")


# ------------------------------------------------------------------ 7. Hugo bundles


def test_markdown_beside_a_bundles_index_is_not_a_post(tmp_path: Path, run: Runner) -> None:
    files = {
        "content/posts/vision/index.md": NOTE.replace("Une note", "La vision"),
        "content/posts/vision/notes.md": NOTE.replace("Une note", "Notes de travail"),
    }
    site = built(run, hugo(tmp_path, files))
    assert site.cards() == [("La vision", "/posts/vision/")]
    assert shown(site.page("/posts/vision/"), TITLE) == "La vision"
    assert "Notes de travail" not in titles(site)
    assert not site.file("/posts/vision/notes/").exists()


# ------------------------------------------------------------------ 8. lang: en-US


def test_a_jekyll_lang_with_a_region_is_the_language(tmp_path: Path, run: Runner) -> None:
    config = JEKYLL + "languages: [fr, en]\n"
    text = "---\ntitle: A note from abroad\nlang: en-US\n---\nA short note in English.\n"
    site = build(run, jekyll(tmp_path, {"_posts/2024-05-12-abroad.md": text}, config))
    assert site.result.code == 0, site.result.err
    pages = [url for url in site.pages() if url.endswith("/2024/05/12/abroad.html")]
    assert len(pages) == 1, site.pages()
    page = site.page(pages[0])
    assert page.get("lang") == "en"
    assert shown(page, TITLE) == "A note from abroad"


# ------------------------------------------------------------------ 9. category:


def test_a_jekyll_category_is_one_tag(tmp_path: Path, run: Runner) -> None:
    text = "---\ntitle: Rangé une fois\ncategory: Intelligence Artificielle\n---\nUn billet.\n"
    site = built(run, jekyll(tmp_path, {"_posts/2024-05-13-range.md": text}))
    tags = elements(site.page("/tags/"), "//main//ul[contains(@class, 'tag-cloud')]/li/a")
    assert [plain(text_of(a)) for a in tags] == ["Intelligence Artificielle"]


# ------------------------------------------------------------------ 10. {% link %} to a file

LINKING_CONFIG = JEKYLL + 'url: "https://carnet.example.org"\nbaseurl: "/carnet"\n'


def test_the_link_tag_leads_to_a_copied_file(tmp_path: Path, run: Runner) -> None:
    text = "---\ntitle: Un guide\n---\nLire [le guide en PDF]({% link assets/guide.pdf %}).\n"
    files: dict[str, str | bytes] = {"_posts/2024-05-14-guide.md": text, "assets/guide.pdf": PDF}
    site = built(run, jekyll(tmp_path, files, LINKING_CONFIG), base="/carnet/")
    url = "/carnet/2024/05/14/guide.html"
    link = one(site.page(url), f"{POST}//a[normalize-space()='le guide en PDF']")
    target = urlsplit(urljoin(url, link.get("href"))).path
    assert target == "/carnet/assets/guide.pdf", link.get("href")
    assert site.file(target).read_bytes() == PDF


# ------------------------------------------------------------------ 11. an import's clashes


def test_an_import_refuses_two_pages_for_one_file(tmp_path: Path, run: Runner) -> None:
    files = {
        "a/notes.md": "---\ntitle: Notes d'atelier\n---\nL'atelier.\n",
        "b/notes.md": "---\ntitle: Notes de bureau\n---\nLe bureau.\n",
    }
    old = jekyll(tmp_path, files)
    new = tmp_path / "nouveau"
    result = run("import", "jekyll", old, "--source", new)
    assert result.code == 1, result.err
    errors = [s for s in messages(result.err) if not s.warning]
    both = [
        s
        for s in errors
        if (s.about("a/notes.md") and "b/notes.md" in s.message)
        or (s.about("b/notes.md") and "a/notes.md" in s.message)
    ]
    assert len(both) == 1, result.err
    assert (both[0].line, both[0].col) == (1, 1), result.err
    assert "content/pages/notes.md" in both[0].message, result.err
    assert not new.exists()


# ------------------------------------------------------------------ 12. sitegen new


def test_sitegen_new_refuses_a_jekyll_tree(tmp_path: Path, run: Runner) -> None:
    source = jekyll(tmp_path)
    before = files_of(source)
    result = run("new", "Un titre", "--source", source)
    assert result.code == 2, result.err
    assert "sitegen import" in result.err, result.err
    assert files_of(source) == before
    assert not (source / "content").exists()


# ------------------------------------------------------------------ 13. a broken symbolic link


def test_a_broken_symbolic_link_is_a_warning(tmp_path: Path, run: Runner) -> None:
    source = jekyll(tmp_path, {"assets/img/schema.png": PNG})
    try:
        os.symlink("nulle-part.png", source / "assets/img/casse.png")
    except (OSError, NotImplementedError) as exc:
        pytest.skip(f"no symbolic links here: {exc}")
    site = built(run, source)
    warned = [
        w for w in site.warnings_about("assets/img/casse.png") if "symbolic link" in w.message
    ]
    assert len(warned) == 1, site.result.err
    assert site.file("/assets/img/schema.png").read_bytes() == PNG
    assert not site.file("/assets/img/casse.png").exists()
    assert shown(site.page("/2024/05/01/premier-essai.html"), TITLE) == "Premier essai"


# ------------------------------------------------------------------ 14. check and a Liquid tag


def test_check_says_a_liquid_include_once(tmp_path: Path, run: Runner) -> None:
    rel = "_posts/2024-05-15-inclus.md"
    text = "---\ntitle: Un encart\n---\nAvant l'encart.\n\n{% include note.html %}\n\nAprès.\n"
    source = jekyll(tmp_path, {rel: text})
    result = run("check", "--source", source, "--format", "json", cwd=source)
    assert result.code == 0, result.err + result.out
    found = json.loads(result.out)
    line, col = line_in(source / rel, "{% include")
    here = [f for f in found if f["path"] == rel and (f["line"], f["col"]) == (line, col)]
    assert [(f["code"], f["severity"]) for f in here] == [("build", "warning")], found
    assert [f for f in found if f["code"] == "placeholder"] == [], found


# ------------------------------------------------------------------ 15. an import keeps Jekyll's


def test_jekylls_own_address_survives_the_import(tmp_path: Path, run: Runner) -> None:
    posts = {
        "_posts/2024-05-01-modele-fr.md": "---\ntitle: Le modèle\n---\nUn texte en français.\n",
        "_posts/2024-05-01-modele-en.md": "---\ntitle: The model\n---\nA text in English.\n",
    }
    old = jekyll(tmp_path, posts)
    new = tmp_path / "nouveau"
    imported = run("import", "jekyll", old, "--source", new)
    assert imported.code == 0, imported.err
    site = built(run, new)
    target = redirect_of(site, "/2024/05/01/modele-fr.html")
    assert target is not None, site.pages()
    page = site.page(urlsplit(urljoin("/2024/05/01/modele-fr.html", target)).path)
    assert page.get("lang") == "fr"
    assert shown(page, TITLE) == "Le modèle"
    assert "Un texte en français." in shown(page)


# ------------------------------------------------------------------ 16. {{ site.url }}


@pytest.mark.parametrize("baseurl", ["", "/carnet"])
def test_site_url_alone_is_the_sites_host(tmp_path: Path, run: Runner, baseurl: str) -> None:
    config = JEKYLL + f'url: "https://carnet.example.org"\nbaseurl: "{baseurl}"\n'
    text = "---\ntitle: Où lire\n---\nLe carnet vit à {{ site.url }} depuis un an.\n"
    base = baseurl + "/"
    site = built(run, jekyll(tmp_path, {"_posts/2024-05-16-ou.md": text}, config), base=base)
    body = shown(site.page(f"{baseurl}/2024/05/16/ou.html"))
    assert "Le carnet vit à https://carnet.example.org depuis un an." in body, body
