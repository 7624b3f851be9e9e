"""Edge cases of reading Jekyll, Hugo and sitegen trees, each in a small tree of its own.

Every test writes a tree in tmp_path, builds it with the real `sitegen build --source DIR
--output OUT`, and checks what a reader of the built pages sees (parsed as a browser would)
or, when the build must fail, its exit code and where its message points (`path:line:col`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from lxml import etree

from tests.conftest import Run, elements, parse_html, post, strings, text_of, write_files
from tests.e2e.foreign_sites import BODY, POST, Said, line_in, messages, one, output_file, plain

Runner = Callable[..., Run]
MakeSite = Callable[..., Path]

CARD = "//main//article[contains(@class, 'post-card')]"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(16))
UNCHANGED = "Nothing changed"


# ------------------------------------------------------------------ reading a build


def shown(root: etree._Element, xpath: str = BODY) -> str:
    return plain(text_of(one(root, xpath)))


@dataclass(frozen=True)
class Built:
    source: Path
    out: Path
    result: Run
    base: str

    @property
    def said(self) -> list[Said]:
        return messages(self.result.err)

    def errors_about(self, rel: str) -> list[Said]:
        return [s for s in self.said if not s.warning and s.about(rel)]

    def warnings_about(self, rel: str) -> list[Said]:
        return [s for s in self.said if s.warning and s.about(rel)]

    def file(self, url: str) -> Path:
        """The output file a site URL (a path under the base path, or absolute) is."""
        return output_file(self.out, self.base, unquote(urlsplit(url).path))

    def page(self, url: str) -> etree._Element:
        path = self.file(url)
        assert path.is_file(), f"{url} was not built; the pages are {self.pages()}"
        return parse_html(path)

    def pages(self) -> list[str]:
        """The site paths of the built pages, not counting those that only redirect."""
        return sorted(
            self.base + p.relative_to(self.out).as_posix().removesuffix("index.html")
            for p in self.out.rglob("*.html")
            if "pagefind" not in p.parts
            and not elements(parse_html(p), "//meta[@http-equiv='refresh']")
        )

    def cards(self, home: str | None = None) -> list[tuple[str, str]]:
        """(title, path) of each post card of a home page, in order."""
        page = self.page(home or self.base)
        return [
            (plain(text_of(a)), unquote(urlsplit(urljoin(home or self.base, a.get("href"))).path))
            for a in elements(page, f"{CARD}//h2/a")
        ]


def build(run: Runner, source: Path, *args: str | Path, base: str = "/") -> Built:
    """`sitegen build` of the tree at `source` into `public/` beside it."""
    out = source.parent / "public"
    return Built(source, out, run("build", "--source", source, "--output", out, *args), base)


def built(run: Runner, source: Path, *args: str | Path, base: str = "/") -> Built:
    """A build that must succeed."""
    done = build(run, source, *args, base=base)
    assert done.result.code == 0, done.result.err
    return done


def tree(tmp_path: Path, files: Mapping[str, str | bytes]) -> Path:
    root = tmp_path / "blog"
    write_files(root, dict(files))
    return root


# ============================================================ Jekyll

JEKYLL_CONFIG = """\
    title: Carnet d'Odile
    author: Odile Ferrand
    lang: fr
    """
ESSAI = """\
    ---
    title: Premier essai
    ---
    Le petit modèle répond enfin à une question.
    """
A_PROPOS = """\
    ---
    title: À propos
    ---
    Odile Ferrand note ici ses essais de modèles de langue.
    """
ESSAI_REL = "_posts/2024-05-01-premier-essai.md"


def jekyll(
    tmp_path: Path, files: Mapping[str, str | bytes] | None = None, config: str = JEKYLL_CONFIG
) -> Path:
    """A Jekyll tree: `_config.yml`, one post of 2024-05-01, a root page, and `files`."""
    return tree(
        tmp_path,
        {"_config.yml": config, ESSAI_REL: ESSAI, "a-propos.md": A_PROPOS, **(files or {})},
    )


# ------------------------------------------------------------------ 1. rebuilds


def test_an_unchanged_jekyll_tree_is_not_built_again(tmp_path: Path, run: Runner) -> None:
    source = jekyll(tmp_path)
    first = built(run, source)
    assert UNCHANGED not in first.result.out
    second = built(run, source)
    assert UNCHANGED in second.result.out, second.result.out
    assert shown(second.page("/2024/05/01/premier-essai.html")).startswith("Le petit modèle")
    # The note on how the tree was read is said once, by each build.
    notes = [line for line in second.result.err.splitlines() if "no sitegen.yaml" in line]
    assert len(notes) == 1, second.result.err


EDITS = {
    "post": (ESSAI_REL, "répond enfin", "se tait encore", "/2024/05/01/premier-essai.html", BODY),
    "config": ("_config.yml", "Carnet d'Odile", "Cahier d'Odile", "/a-propos.html", "//header"),
    "root-page": ("a-propos.md", "note ici", "range ici", "/a-propos.html", "//main//article"),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_an_edit_of_a_jekyll_tree_is_built_and_shown(
    tmp_path: Path, run: Runner, edit: str
) -> None:
    rel, old, new, url, where = EDITS[edit]
    source = jekyll(tmp_path)
    built(run, source)
    assert UNCHANGED in built(run, source).result.out
    path = source / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    after = built(run, source)
    assert UNCHANGED not in after.result.out, after.result.out
    seen = shown(after.page(url), where)
    assert new in seen and old not in seen, seen


def test_an_output_folder_inside_the_jekyll_tree_is_not_published_again(
    tmp_path: Path, run: Runner
) -> None:
    """GitHub Pages serves `docs/`: a blog built there must not take its last build along."""
    source = jekyll(tmp_path)
    out = source / "docs"
    first = run("build", "--source", source, "--output", out)
    assert first.code == 0, first.err
    second = run("build", "--source", source, "--output", out)
    assert second.code == 0, second.err
    nested = sorted(p.relative_to(out).as_posix() for p in (out / "docs").rglob("*.html"))
    assert nested == [], f"the previous build was published inside the new one: {nested[:5]}"
    assert UNCHANGED in second.out, second.out


# ------------------------------------------------------------------ 2. permalinks


STYLES = {
    "date (default)": (None, "/2024/05/01/premier-essai.html", "/a-propos.html"),
    "pretty": ("pretty", "/2024/05/01/premier-essai/", "/a-propos/"),
    "none": ("none", "/premier-essai.html", "/a-propos.html"),
    "ordinal": ("ordinal", "/2024/122/premier-essai.html", "/a-propos.html"),
    "weekdate": ("weekdate", "/2024/W18/Wed/premier-essai.html", "/a-propos.html"),
    "custom": ("/:short_year/:i_month/:i_day/:title/", "/24/5/1/premier-essai/", "/a-propos/"),
}


@pytest.mark.parametrize("style", list(STYLES))
def test_a_jekyll_permalink_style_gives_the_post_its_address(
    tmp_path: Path, run: Runner, style: str
) -> None:
    permalink, url, _ = STYLES[style]
    config = JEKYLL_CONFIG + (f"permalink: {permalink}\n" if permalink else "")
    site = built(run, jekyll(tmp_path, config=config))
    assert shown(site.page(url), f"{POST}/header//h1") == "Premier essai"
    assert site.file(url).is_file()
    assert site.cards() == [("Premier essai", url)]


@pytest.mark.parametrize("style", ["date (default)", "pretty", "none", "custom"])
def test_a_jekyll_permalink_style_gives_root_pages_their_address(
    tmp_path: Path, run: Runner, style: str
) -> None:
    permalink, _, url = STYLES[style]
    config = JEKYLL_CONFIG + (f"permalink: {permalink}\n" if permalink else "")
    site = built(run, jekyll(tmp_path, config=config))
    page = site.page(url)
    assert shown(page, "//main//article//h1") == "À propos"
    assert "Odile Ferrand note ici" in shown(page, "//main//article")


def test_the_date_style_publishes_a_post_as_a_file_not_a_folder(
    tmp_path: Path, run: Runner
) -> None:
    site = built(run, jekyll(tmp_path))
    assert (site.out / "2024/05/01/premier-essai.html").is_file()
    assert not (site.out / "2024/05/01/premier-essai").exists()


def test_categories_lead_the_jekyll_address(tmp_path: Path, run: Runner) -> None:
    rel = "_posts/2024-05-02-categories.md"
    files = {rel: "---\ntitle: Rangé\ncategories: [IA, Recherche]\n---\nUn billet rangé.\n"}
    site = built(run, jekyll(tmp_path, files))
    page = site.page("/ia/recherche/2024/05/02/categories.html")
    assert shown(page, f"{POST}/header//h1") == "Rangé"


def test_a_post_permalink_pattern_gives_its_own_address(tmp_path: Path, run: Runner) -> None:
    rel = "_posts/2024-06-07-propre.md"
    files = {rel: "---\ntitle: Sa propre adresse\npermalink: /:year/:title/\n---\nIci.\n"}
    site = built(run, jekyll(tmp_path, files))
    assert shown(site.page("/2024/propre/"), f"{POST}/header//h1") == "Sa propre adresse"
    assert not (site.out / "2024/06/07").exists()


def test_a_post_in_a_subfolder_of_posts_keeps_the_dated_address(
    tmp_path: Path, run: Runner
) -> None:
    files = {"_posts/2024/2024-06-01-range.md": "---\ntitle: Rangé par année\n---\nIci.\n"}
    site = built(run, jekyll(tmp_path, files))
    assert shown(site.page("/2024/06/01/range.html"), f"{POST}/header//h1") == "Rangé par année"


def test_posts_in_a_category_folder_are_published_under_it(tmp_path: Path, run: Runner) -> None:
    """Jekyll reads `ia/_posts/` as posts of the category `ia`."""
    files = {"ia/_posts/2024-06-02-classe.md": "---\ntitle: Classé par dossier\n---\nIci.\n"}
    site = built(run, jekyll(tmp_path, files))
    page = site.page("/ia/2024/06/02/classe.html")
    assert shown(page, f"{POST}/header//h1") == "Classé par dossier"


def test_a_page_in_a_folder_is_published_under_the_folder(tmp_path: Path, run: Runner) -> None:
    files = {"projets/guide.md": "---\ntitle: Le guide\n---\nPas à pas.\n"}
    site = built(run, jekyll(tmp_path, files))
    assert shown(site.page("/projets/guide.html"), "//main//article//h1") == "Le guide"


@pytest.mark.parametrize("permalink", [None, "pretty"])
def test_an_index_page_in_a_folder_is_the_folders_address(
    tmp_path: Path, run: Runner, permalink: str | None
) -> None:
    """Jekyll publishes `projets/index.md` at `/projets/`, whatever the style."""
    config = JEKYLL_CONFIG + (f"permalink: {permalink}\n" if permalink else "")
    files = {"projets/index.md": "---\ntitle: Nos projets\n---\nLa liste.\n"}
    site = built(run, jekyll(tmp_path, files, config))
    assert shown(site.page("/projets/"), "//main//article//h1") == "Nos projets"


# ------------------------------------------------------------------ 3. Liquid

LIQUID_CONFIG = """\
    title: Carnet d'Odile
    url: "https://carnet.example.org"
    baseurl: "/carnet"
    lang: fr
    """
LIQUIDE = """\
    ---
    title: Du Liquid partout
    ---
    Avant {% comment %}une note pour moi seule{% endcomment %}après.

    ![Schéma en Markdown]({{ "/img/schema.png" | relative_url }})

    Adresse complète : {{ "/a-propos.html" | absolute_url }}

    <img src="{{ site.baseurl }}/img/schema.png" alt="Schéma en HTML">

    Le carnet vit à {{ site.url }} depuis un an.

    [Lien Markdown]({{ site.baseurl }}{% post_url 2024-05-01-premier-essai %})

    <a href="{{ site.baseurl }}{% post_url 2024-05-01-premier-essai %}">Lien HTML</a>

    <img src="{{ site.url }}{{ site.baseurl }}/img/schema.png" alt="Schéma absolu">
    """
LIQUIDE_URL = "/carnet/2024/05/02/liquide.html"
ORIGIN = "https://carnet.example.org"


def liquid_site(tmp_path: Path, run: Runner) -> tuple[Built, etree._Element]:
    files: dict[str, str | bytes] = {"_posts/2024-05-02-liquide.md": LIQUIDE, "img/schema.png": PNG}
    site = built(run, jekyll(tmp_path, files, LIQUID_CONFIG), base="/carnet/")
    return site, one(site.page(LIQUIDE_URL), BODY)


def test_a_liquid_comment_disappears(tmp_path: Path, run: Runner) -> None:
    _, body = liquid_site(tmp_path, run)
    text = plain(text_of(body))
    assert "Avant après." in text
    assert "note pour moi" not in text and "comment" not in text


def test_relative_url_in_a_markdown_image_gets_the_base_path(tmp_path: Path, run: Runner) -> None:
    site, body = liquid_site(tmp_path, run)
    src = one(body, ".//img[@alt='Schéma en Markdown']").get("src")
    assert src == "/carnet/img/schema.png"
    assert site.file(src).read_bytes() == PNG


def test_absolute_url_gives_the_full_address(tmp_path: Path, run: Runner) -> None:
    site, body = liquid_site(tmp_path, run)
    assert "Adresse complète : https://carnet.example.org/carnet/a-propos.html" in plain(
        text_of(body)
    )
    assert site.file("/carnet/a-propos.html").is_file()


def test_site_baseurl_in_raw_html_gets_the_base_path(tmp_path: Path, run: Runner) -> None:
    _, body = liquid_site(tmp_path, run)
    assert one(body, ".//img[@alt='Schéma en HTML']").get("src") == "/carnet/img/schema.png"


def test_site_url_and_baseurl_together_lead_to_the_file(tmp_path: Path, run: Runner) -> None:
    _, body = liquid_site(tmp_path, run)
    src = one(body, ".//img[@alt='Schéma absolu']").get("src")
    absolute = urljoin(ORIGIN + LIQUIDE_URL, src)
    assert absolute == f"{ORIGIN}/carnet/img/schema.png", src


def test_site_url_in_the_text_shows_the_sites_address(tmp_path: Path, run: Runner) -> None:
    _, body = liquid_site(tmp_path, run)
    text = plain(text_of(body))
    assert "Le carnet vit à https://carnet.example.org depuis un an." in text, text


@pytest.mark.parametrize("text", ["Lien Markdown", "Lien HTML"])
def test_baseurl_before_post_url_is_not_doubled(tmp_path: Path, run: Runner, text: str) -> None:
    """Jekyll 3 blogs write `{{ site.baseurl }}{% post_url … %}`."""
    site, body = liquid_site(tmp_path, run)
    href = one(body, f".//a[normalize-space()='{text}']").get("href")
    target = urlsplit(urljoin(ORIGIN + LIQUIDE_URL, href)).path
    assert target == "/carnet/2024/05/01/premier-essai.html", href
    assert shown(site.page(target), f"{POST}/header//h1") == "Premier essai"


def test_a_posts_own_excerpt_separator_ends_its_summary(tmp_path: Path, run: Runner) -> None:
    text = """\
        ---
        title: Un résumé choisi
        excerpt_separator: <!--suite-->
        ---
        Le premier paragraphe du résumé.

        Le second paragraphe du résumé.
        <!--suite-->
        Le reste, qui n'y figure pas.
        """
    site = built(run, jekyll(tmp_path, {"_posts/2024-05-04-resume.md": text}))
    card = one(site.page("/"), f"{CARD}[.//h2/a[normalize-space()='Un résumé choisi']]")
    summary = shown(card, ".//div[@class='summary']")
    assert "Le premier paragraphe du résumé." in summary
    assert "Le second paragraphe du résumé." in summary
    assert "Le reste" not in summary and "suite" not in summary
    assert "Le reste, qui n'y figure pas." in shown(site.page("/2024/05/04/resume.html"))


def test_a_kramdown_block_attribute_line_is_not_shown(tmp_path: Path, run: Runner) -> None:
    text = "---\ntitle: Une note\n---\nUne remarque en passant.\n{: .note}\n\nLa suite.\n"
    site = built(run, jekyll(tmp_path, {"_posts/2024-05-06-note.md": text}))
    body = shown(site.page("/2024/05/06/note.html"))
    assert "Une remarque en passant." in body
    assert "{:" not in body, body


# ------------------------------------------------------------------ Jekyll front matter


def test_a_jekyll_post_without_a_title_is_titled_by_its_file_name(
    tmp_path: Path, run: Runner
) -> None:
    """Jekyll titles such a post from its slug (`Mon Billet`)."""
    rel = "_posts/2024-05-07-mon-billet.md"
    source = jekyll(tmp_path, {rel: "---\nlayout: post\n---\nUn billet sans titre.\n"})
    site = build(run, source)
    assert site.result.code == 0, site.result.err
    page = site.page("/2024/05/07/mon-billet.html")
    assert shown(page, f"{POST}/header//h1").casefold() == "mon billet"
    assert "Un billet sans titre." in shown(page)


def test_a_jekyll_page_without_a_title_is_titled_by_its_heading(
    tmp_path: Path, run: Runner
) -> None:
    source = jekyll(tmp_path, {"projets.md": "---\nlayout: page\n---\n\n# Nos projets\n\nRien.\n"})
    site = build(run, source)
    assert site.result.code == 0, site.result.err
    page = site.page("/projets.html")
    assert [plain(text_of(h)) for h in elements(page, "//main//article//h1")] == ["Nos projets"]


def test_a_jekyll_404_page_is_published(tmp_path: Path, run: Runner) -> None:
    """GitHub Pages' advice for Jekyll: a `404.md` with `permalink: /404.html`."""
    text = "---\ntitle: Introuvable\npermalink: /404.html\n---\nCette page a filé.\n"
    site = build(run, jekyll(tmp_path, {"404.md": text}))
    assert site.result.code == 0, site.result.err
    assert "Cette page a filé." in shown(site.page("/404.html"), "//main")


def test_redirect_from_makes_redirect_pages(tmp_path: Path, run: Runner) -> None:
    """jekyll-redirect-from's `redirect_from:` lists a post's old addresses."""
    text = """\
        ---
        title: Déménagé
        redirect_from:
          - /ancien-essai/
          - /2019/vieux-billet.html
        ---
        Le billet a changé d'adresse.
        """
    site = built(run, jekyll(tmp_path, {"_posts/2024-05-08-demenage.md": text}))
    for old in ("/ancien-essai/", "/2019/vieux-billet.html"):
        page = site.page(old)
        (refresh,) = strings(page, "//meta[@http-equiv='refresh']/@content")
        target = refresh.partition("url=")[2]
        assert urlsplit(urljoin(old, target)).path == "/2024/05/08/demenage.html", refresh


def test_published_false_leaves_a_post_out(tmp_path: Path, run: Runner) -> None:
    text = "---\ntitle: Pas encore\npublished: false\n---\nEn attente.\n"
    site = built(run, jekyll(tmp_path, {"_posts/2024-05-09-attente.md": text}))
    assert site.cards() == [("Premier essai", "/2024/05/01/premier-essai.html")]
    assert not site.file("/2024/05/09/attente.html").exists()


def test_the_front_matter_date_gives_the_address(tmp_path: Path, run: Runner) -> None:
    """Jekyll dates a post by its front matter first, its file name second."""
    text = "---\ntitle: Daté deux fois\ndate: 2024-06-15\n---\nLa date écrite gagne.\n"
    site = built(run, jekyll(tmp_path, {"_posts/2024-05-10-deux-dates.md": text}))
    page = site.page("/2024/06/15/deux-dates.html")
    assert one(page, f"{POST}/header//time").get("datetime", "").startswith("2024-06-15")


def test_the_link_tag_leads_to_a_root_page(tmp_path: Path, run: Runner) -> None:
    text = "---\ntitle: Un lien\n---\nLire [la présentation]({% link a-propos.md %}).\n"
    site = built(run, jekyll(tmp_path, {"_posts/2024-05-11-lien.md": text}))
    body = one(site.page("/2024/05/11/lien.html"), BODY)
    href = one(body, ".//a[normalize-space()='la présentation']").get("href")
    target = urlsplit(urljoin("/2024/05/11/lien.html", href)).path
    assert target == "/a-propos.html", href
    assert shown(site.page(target), "//main//article//h1") == "À propos"


def test_a_lang_in_front_matter_makes_the_post_speak_it(tmp_path: Path, run: Runner) -> None:
    """A French Jekyll blog with one post in English says so with `lang: en`."""
    text = "---\ntitle: A word in English\nlang: en\n---\nA short note.\n"
    site = build(run, jekyll(tmp_path, {"_posts/2024-05-12-english.md": text}))
    assert site.result.code == 0, site.result.err
    pages = [url for url in site.pages() if url.endswith("/2024/05/12/english.html")]
    assert len(pages) == 1, site.pages()
    assert site.page(pages[0]).get("lang") == "en"


def test_an_html_page_with_front_matter_is_not_dropped_silently(
    tmp_path: Path, run: Runner
) -> None:
    """Jekyll publishes `contact.html` at /contact.html: sitegen does, or says it does not."""
    text = "---\ntitle: Contact\n---\n<p>Écrire à Odile Ferrand.</p>\n"
    site = built(run, jekyll(tmp_path, {"contact.html": text}))
    published = site.file("/contact.html").is_file()
    assert published or site.warnings_about("contact.html"), site.result.err


def test_the_base_url_option_overrides_the_jekyll_one(tmp_path: Path, run: Runner) -> None:
    """CI builds for GitHub Pages pass the project's address on the command line."""
    files: dict[str, str | bytes] = {"_posts/2024-05-02-liquide.md": LIQUIDE, "img/schema.png": PNG}
    source = jekyll(tmp_path, files, LIQUID_CONFIG)
    site = built(run, source, "--base-url", "https://odile.github.io/depot/", base="/depot/")
    body = one(site.page("/depot/2024/05/02/liquide.html"), BODY)
    assert one(body, ".//img[@alt='Schéma en HTML']").get("src") == "/depot/img/schema.png"
    assert one(body, ".//img[@alt='Schéma en Markdown']").get("src") == "/depot/img/schema.png"


def test_an_accented_file_name_is_a_working_address(tmp_path: Path, run: Runner) -> None:
    files = {
        "_posts/2024-07-01-été-à-paris.md": "---\ntitle: Un été à Paris\n---\nIl fait chaud.\n"
    }
    site = built(run, jekyll(tmp_path, files))
    cards = dict(site.cards())
    assert cards["Un été à Paris"] == "/2024/07/01/été-à-paris.html", cards
    page = site.page(cards["Un été à Paris"])
    assert shown(page, f"{POST}/header//h1") == "Un été à Paris"


def test_an_empty_config_yml_is_a_jekyll_blog_with_defaults(tmp_path: Path, run: Runner) -> None:
    site = built(run, jekyll(tmp_path, config=""))
    assert site.cards() == [("Premier essai", "/2024/05/01/premier-essai.html")]
    assert site.page("/").get("lang") == "fr"


def test_a_jekyll_tree_without_config_is_read_from_its_posts(tmp_path: Path, run: Runner) -> None:
    source = tree(tmp_path, {ESSAI_REL: ESSAI})
    site = built(run, source)
    notes = [n for n in site.result.err.splitlines() if n.startswith("note:") and "Jekyll" in n]
    assert notes, site.result.err
    assert site.cards() == [("Premier essai", "/2024/05/01/premier-essai.html")]


# ------------------------------------------------------------------ Jekyll static files


@pytest.mark.parametrize("name", ["favicon.ico", "CNAME"])
def test_files_at_the_jekyll_root_are_published(tmp_path: Path, run: Runner, name: str) -> None:
    """Jekyll copies every file of the root without front matter (the icon, GitHub's CNAME)."""
    content = PNG if name.endswith(".ico") else b"carnet.example.org\n"
    site = built(run, jekyll(tmp_path, {name: content}))
    assert (site.out / name).is_file(), sorted(p.name for p in site.out.iterdir())
    assert (site.out / name).read_bytes() == content


def test_an_edited_jekyll_asset_is_published_again(tmp_path: Path, run: Runner) -> None:
    source = jekyll(tmp_path, {"assets/img/schema.png": PNG})
    built(run, source)
    assert UNCHANGED in built(run, source).result.out
    (source / "assets/img/schema.png").write_bytes(PNG + b"v2")
    after = built(run, source)
    assert UNCHANGED not in after.result.out, after.result.out
    assert (after.out / "assets/img/schema.png").read_bytes() == PNG + b"v2"


# ------------------------------------------------------------------ 8. language suffixes


def test_a_lone_ia_suffix_is_not_a_language(tmp_path: Path, run: Runner) -> None:
    """`-ia` is Interlingua's code, but `mon-ia` alone is a French slug."""
    text = "---\ntitle: Mon IA de poche\n---\nUn petit modèle local.\n"
    source = tree(tmp_path, {"_config.yml": JEKYLL_CONFIG, "_posts/2024-01-01-mon-ia.md": text})
    site = built(run, source)
    page = site.page("/2024/01/01/mon-ia.html")
    assert page.get("lang") == "fr"
    assert shown(page, f"{POST}/header//h1") == "Mon IA de poche"
    assert site.cards() == [("Mon IA de poche", "/2024/01/01/mon-ia.html")]
    assert not (site.out / "ia").exists()


# ============================================================ configurations


def test_a_folder_that_is_no_blog_is_refused(tmp_path: Path, run: Runner) -> None:
    source = tree(tmp_path, {"README.md": "# Des notes, pas un blog\n"})
    site = build(run, source)
    assert site.result.code == 2, site.result.err
    for word in ("sitegen.yaml", "Jekyll", "Hugo"):
        assert word in site.result.err, site.result.err
    assert not site.out.exists()


BROKEN_CONFIGS = {
    "jekyll": (
        "_config.yml",
        "url: https://carnet.example.org\nlang: fr\ntitle: Carnet: notes d'IA\n",
        (3, len("title: Carnet") + 1),
    ),
    "hugo": (
        "hugo.toml",
        'baseURL = "https://h.example/"\ntitle = "Notes\nlanguageCode = "fr"\n',
        (2,),
    ),
}
"""(the tool's configuration file, broken, and where: its line, and its column if said)."""


@pytest.mark.parametrize("tool", list(BROKEN_CONFIGS))
def test_a_broken_configuration_is_located(tmp_path: Path, run: Runner, tool: str) -> None:
    name, config, where = BROKEN_CONFIGS[tool]
    source = blog(tool, tmp_path, {}, config)
    site = build(run, source)
    assert site.result.code == 2, site.result.err
    found = [(s.line, s.col)[: len(where)] for s in site.errors_about(name)]
    assert found == [where], site.result.err


# ============================================================ Hugo

HUGO_CONFIG = """\
    baseURL = "https://h.example/"
    title = "Notes de Basile"
    defaultContentLanguage = "fr"
    """
NOTE = """\
    ---
    title: Une note
    date: 2024-03-01
    ---
    Basile Morvan lit un article sur l'attention.
    """
CIBLE = """\
    +++
    title = "La cible"
    date = 2024-03-02
    +++
    Le début.

    ## Une section {#section}

    La fin.
    """


SOURCE = "---\ntitle: La source\ndate: 2024-03-03\n---\n"
"""The front matter of a post that refers to others."""


def hugo(tmp_path: Path, files: Mapping[str, str | bytes], config: str = HUGO_CONFIG) -> Path:
    """A Hugo tree: `hugo.toml` and `files`."""
    return tree(tmp_path, {"hugo.toml": config, **files})


def blog(
    tool: str, tmp_path: Path, files: Mapping[str, str | bytes], config: str | None = None
) -> Path:
    """A Jekyll tree (see `jekyll`) or a Hugo tree with a note (see `hugo`), and `files`."""
    if tool == "jekyll":
        return jekyll(tmp_path, files, config or JEKYLL_CONFIG)
    return hugo(tmp_path, {"content/posts/note.md": NOTE, **files}, config or HUGO_CONFIG)


def test_an_edit_of_hugo_toml_is_built_and_shown(tmp_path: Path, run: Runner) -> None:
    source = hugo(tmp_path, {"content/posts/note.md": NOTE})
    built(run, source)
    assert UNCHANGED in built(run, source).result.out
    config = source / "hugo.toml"
    config.write_text(HUGO_CONFIG.replace("Notes de Basile", "Carnet de Basile"), encoding="utf-8")
    after = built(run, source)
    assert UNCHANGED not in after.result.out, after.result.out
    assert shown(after.page("/posts/note/"), "//a[@class='site-title']") == "Carnet de Basile"


@pytest.mark.parametrize("root_file", ["hugo.toml", "config/_default/hugo.toml"])
def test_an_edit_of_hugos_config_folder_is_built_and_shown(
    tmp_path: Path, run: Runner, root_file: str
) -> None:
    """Hugo merges `config/_default/params.toml` into the settings, beside a `hugo.toml` at
    the root or in that folder: editing it is a change like any other."""
    params = "config/_default/params.toml"
    post = "---\ntitle: Une note\ndate: 2024-03-01\n---\nPar {{< param auteur >}}.\n"
    files = {root_file: HUGO_CONFIG, params: 'auteur = "Basile"\n', "content/posts/note.md": post}
    source = tree(tmp_path, files)
    built(run, source)
    assert UNCHANGED in built(run, source).result.out
    (source / params).write_text('auteur = "Gisèle"\n', encoding="utf-8")
    after = built(run, source)
    assert UNCHANGED not in after.result.out, after.result.out
    assert shown(after.page("/posts/note/")) == "Par Gisèle."


def test_a_figure_link_under_a_base_path_points_into_it(tmp_path: Path, run: Runner) -> None:
    config = HUGO_CONFIG.replace("https://h.example/", "https://h.example/blog/")
    figure = '{{< figure src="/images/a.png" link="/images/a.png" alt="A" >}}'
    text = f"---\ntitle: Figure\ndate: 2024-03-04\n---\n{figure}\n"
    files: dict[str, str | bytes] = {"content/posts/figure.md": text, "static/images/a.png": PNG}
    site = build(run, hugo(tmp_path, files, config), base="/blog/")
    assert site.result.code == 0, site.result.err
    link = one(site.page("/blog/posts/figure/"), f"{BODY}//figure//a[img]")
    assert link.get("href") == "/blog/images/a.png"


def test_a_figure_caption_is_markdown(tmp_path: Path, run: Runner) -> None:
    """Hugo renders a figure's caption as Markdown."""
    figure = '{{< figure src="/images/a.png" alt="A" caption="Une *belle* image" >}}'
    text = f"---\ntitle: Figure\ndate: 2024-03-04\n---\n{figure}\n"
    files: dict[str, str | bytes] = {"content/posts/figure.md": text, "static/images/a.png": PNG}
    site = built(run, hugo(tmp_path, files))
    caption = one(site.page("/posts/figure/"), f"{BODY}//figure/figcaption")
    assert plain(text_of(caption)) == "Une belle image"
    assert [plain(text_of(em)) for em in elements(caption, ".//em")] == ["belle"]


def test_an_ambiguous_ref_is_reported_at_the_shortcode(tmp_path: Path, run: Runner) -> None:
    """Two sections hold an `intro.md`: Hugo refuses to guess which one `ref "intro"` is."""
    rel = "content/posts/source.md"
    files = {
        "content/posts/intro.md": NOTE.replace("Une note", "Intro des billets"),
        "content/notes/intro.md": NOTE.replace("Une note", "Intro des notes"),
        rel: SOURCE + 'Voir [l\'intro]({{< ref "intro" >}}).\n',
    }
    source = hugo(tmp_path, files)
    site = build(run, source)
    line, col = line_in(source / rel, "{{< ref")
    found = [s for s in site.said if s.about(rel) and (s.line, s.col) == (line, col)]
    assert found, site.result.err


def test_a_percent_ref_leads_to_the_post(tmp_path: Path, run: Runner) -> None:
    text = SOURCE + 'Voir [la cible]({{% ref "cible.md" %}}).\n'
    files = {"content/posts/cible.md": CIBLE, "content/posts/source.md": text}
    site = built(run, hugo(tmp_path, files))
    href = one(site.page("/posts/source/"), f"{BODY}//a[normalize-space()='la cible']").get("href")
    assert urlsplit(urljoin("/posts/source/", href)).path == "/posts/cible/", href
    assert "ref" not in shown(site.page("/posts/source/"))


def test_a_ref_keeps_its_anchor(tmp_path: Path, run: Runner) -> None:
    text = SOURCE + '[Là]({{< ref "cible.md#section" >}}).\n'
    files = {"content/posts/cible.md": CIBLE, "content/posts/source.md": text}
    site = built(run, hugo(tmp_path, files))
    href = one(site.page("/posts/source/"), f"{BODY}//a[normalize-space()='Là']").get("href")
    parts = urlsplit(urljoin("/posts/source/", href))
    assert (parts.path, parts.fragment) == ("/posts/cible/", "section"), href


def test_a_figure_under_a_base_path_points_into_it(tmp_path: Path, run: Runner) -> None:
    config = HUGO_CONFIG.replace("https://h.example/", "https://h.example/blog/")
    text = '---\ntitle: Figure\ndate: 2024-03-04\n---\n{{< figure src="/images/a.png" alt="A" >}}\n'
    files: dict[str, str | bytes] = {"content/posts/figure.md": text, "static/images/a.png": PNG}
    site = built(run, hugo(tmp_path, files, config), base="/blog/")
    src = one(site.page("/blog/posts/figure/"), f"{BODY}//figure//img[@alt='A']").get("src")
    assert src == "/blog/images/a.png"
    assert site.file(src).read_bytes() == PNG


def test_the_default_language_in_a_subfolder(tmp_path: Path, run: Runner) -> None:
    config = HUGO_CONFIG + "defaultContentLanguageInSubdir = true\n"
    site = built(run, hugo(tmp_path, {"content/posts/note.md": NOTE}, config))
    page = site.page("/fr/posts/note/")
    assert page.get("lang") == "fr"
    assert shown(page, f"{POST}/header//h1") == "Une note"
    assert not site.file("/posts/note/").exists()
    root = site.page("/")
    choices = {urlsplit(href).path for href in strings(root, "//main//a/@href")}
    assert "/fr/" in choices, choices
    assert site.cards("/fr/") == [("Une note", "/fr/posts/note/")]


def test_the_permalinks_page_table(tmp_path: Path, run: Runner) -> None:
    config = HUGO_CONFIG + '[permalinks.page]\n  posts = "/:section/:year/:filename/"\n'
    site = built(run, hugo(tmp_path, {"content/posts/note.md": NOTE}, config))
    assert site.cards() == [("Une note", "/posts/2024/note/")]
    assert shown(site.page("/posts/2024/note/"), f"{POST}/header//h1") == "Une note"


def test_a_hugo_json_configuration(tmp_path: Path, run: Runner) -> None:
    config = (
        '{"baseURL": "https://j.example/", "title": "Notes en JSON",\n'
        ' "permalinks": {"posts": "/:year/:month/:filename/"}}\n'
    )
    source = tree(tmp_path, {"hugo.json": config, "content/posts/note.md": NOTE})
    site = built(run, source)
    page = site.page("/2024/03/note/")
    assert shown(page, "//a[@class='site-title']") == "Notes en JSON"
    (canonical,) = strings(page, "//link[@rel='canonical']/@href")
    assert canonical == "https://j.example/2024/03/note/"


TOML_ERRORS = {
    "bare-word": ('title = "Mauvais"\ndate = 2024-03-05\ntitre = Sans guillemets\n', "titre ="),
    "open-array": ('title = "Mauvais"\ndate = 2024-03-05\ntags = ["ia", "vision"\n', "tags ="),
}


@pytest.mark.parametrize("case", list(TOML_ERRORS))
def test_invalid_toml_front_matter_is_located(tmp_path: Path, run: Runner, case: str) -> None:
    block, bad = TOML_ERRORS[case]
    rel = "content/posts/mauvais.md"
    source = hugo(tmp_path, {rel: f"+++\n{block}+++\nTexte.\n", "content/posts/note.md": NOTE})
    site = build(run, source)
    assert site.result.code == 1, site.result.err
    line, _ = line_in(source / rel, bad)
    toml = [s.line for s in site.errors_about(rel) if "TOML" in s.message]
    assert toml == [line], site.result.err


def test_invalid_toml_front_matter_is_the_only_complaint(tmp_path: Path, run: Runner) -> None:
    """The title and the date are written: the file's one problem is its TOML."""
    rel = "content/posts/mauvais.md"
    block = TOML_ERRORS["bare-word"][0]
    source = hugo(tmp_path, {rel: f"+++\n{block}+++\nTexte.\n"})
    site = build(run, source)
    assert site.result.code == 1, site.result.err
    about = [s.message for s in site.said if s.about(rel)]
    assert len(about) == 1 and "TOML" in about[0], about


def test_languages_are_ordered_by_weight(tmp_path: Path, run: Runner) -> None:
    config = HUGO_CONFIG + (
        "[languages.en]\n  weight = 3\n[languages.fr]\n  weight = 1\n[languages.es]\n  weight = 2\n"
    )
    files = {
        "content/posts/note.md": NOTE,
        "content/posts/note.en.md": NOTE.replace("Une note", "A note"),
        "content/posts/note.es.md": NOTE.replace("Une note", "Una nota"),
    }
    site = built(run, hugo(tmp_path, files, config))
    nav = strings(site.page("/posts/note/"), "//nav[@class='languages']//a/@hreflang")
    assert nav == ["fr", "es", "en"]
    # The theme has words for fr and en only: Spanish pages are worded in English.
    assert site.warnings_about("templates/i18n/es.yaml"), site.result.err
    assert site.page("/es/posts/note/").get("lang") == "es"


def test_an_undated_post_is_published_with_a_warning(tmp_path: Path, run: Runner) -> None:
    rel = "content/posts/sans-date.md"
    source = hugo(tmp_path, {rel: '+++\ntitle = "Sans date"\n+++\nÉcrit un jour.\n'})
    site = built(run, source)
    assert [w for w in site.warnings_about(rel) if "no date" in w.message], site.result.err
    assert shown(site.page("/posts/sans-date/"), f"{POST}/header//h1") == "Sans date"
    assert site.cards() == [("Sans date", "/posts/sans-date/")]


def test_a_hugo_file_name_keeps_its_date_in_the_address(tmp_path: Path, run: Runner) -> None:
    """Hugo reads no date from a file name unless `[frontmatter]` asks it to: the address
    of `2024-03-01-vision.md` is `/posts/2024-03-01-vision/`."""
    text = NOTE.replace("Une note", "La vision")
    site = built(run, hugo(tmp_path, {"content/posts/2024-03-01-vision.md": text}))
    assert site.cards() == [("La vision", "/posts/2024-03-01-vision/")]


def test_a_leaf_bundle_at_the_top_of_content_is_a_page(tmp_path: Path, run: Runner) -> None:
    """`content/about/index.md` is a page of no section, as `content/about.md` would be."""
    rel = "content/about/index.md"
    files = {
        "content/posts/note.md": NOTE,
        rel: "---\ntitle: À propos\n---\nBasile Morvan, lecteur.\n",
    }
    site = built(run, hugo(tmp_path, files))
    assert site.cards() == [("Une note", "/posts/note/")]
    assert site.warnings_about(rel) == [], site.result.err
    article = one(site.page("/about/"), "//main//article")
    assert "page" in article.get("class", "").split()


# ============================================================ Jekyll's and Hugo's markup


MISSING_POSTS = {
    "jekyll": (
        "_posts/2024-05-03-renvoi.md",
        """\
        ---
        title: Un renvoi
        ---
        Un paragraphe d'abord.

        {% comment %}
          Trois lignes de note,
          retirées du billet.
        {% endcomment %}
        Voir [un billet à venir]({% post_url 2099-01-01-rien %}).
        """,
        "{% post_url",
    ),
    "hugo": (
        "content/posts/source.md",
        SOURCE + 'Intro.\n\nVoir [rien]({{< ref "absent.md" >}}).\n',
        "{{< ref",
    ),
}
"""(a post, its text, and the tool's tag that links it to a post that does not exist)."""


@pytest.mark.parametrize("tool", list(MISSING_POSTS))
def test_a_link_to_a_missing_post_fails_at_the_tag(tmp_path: Path, run: Runner, tool: str) -> None:
    rel, text, tag = MISSING_POSTS[tool]
    source = blog(tool, tmp_path, {rel: text})
    site = build(run, source)
    assert site.result.code == 1, site.result.err
    line, col = line_in(source / rel, tag)
    found = [(s.line, s.col) for s in site.errors_about(rel) if "no post is named" in s.message]
    assert found == [(line, col)], site.result.err
    assert not site.out.exists()


HEADING_IDS = {
    "jekyll": (
        "_posts/2024-05-05-ancres.md",
        "---\ntitle: Des ancres\n---\nIntro.\n\n## Les couches {#couches}\n\nTexte.\n",
        "/2024/05/05/ancres.html",
        ("couches", "Les couches"),
    ),
    "hugo": ("content/posts/cible.md", CIBLE, "/posts/cible/", ("section", "Une section")),
}
"""(a post, its text with `## Titre {#id}`, its address, and the heading's id and text)."""


@pytest.mark.parametrize("tool", list(HEADING_IDS))
def test_a_heading_attribute_names_the_heading(tmp_path: Path, run: Runner, tool: str) -> None:
    """kramdown and Hugo's Markdown (Goldmark) both read `## Titre {#id}` as the heading's id."""
    rel, text, url, (name, title) = HEADING_IDS[tool]
    site = built(run, blog(tool, tmp_path, {rel: text}))
    heading = one(site.page(url), f"{BODY}//h2")
    assert heading.get("id") == name
    assert "{#" not in plain(text_of(heading))
    assert plain(text_of(heading)).removesuffix("#").strip() == title


# ============================================================ sitegen's own keys


def test_a_url_in_front_matter_is_the_posts_address(make_site: MakeSite, run: Runner) -> None:
    files = {"content/posts/nous.md": post("Qui sommes-nous", url="/a-propos-de-nous/")}
    site = built(run, make_site(files))
    assert shown(site.page("/a-propos-de-nous/"), f"{POST}/header//h1") == "Qui sommes-nous"
    assert site.cards() == [("Qui sommes-nous", "/a-propos-de-nous/")]


def test_an_alias_is_a_redirect_to_the_post(make_site: MakeSite, run: Runner) -> None:
    text = post("Qui sommes-nous", url="/a-propos-de-nous/", aliases="[/ancien/]")
    site = built(run, make_site({"content/posts/nous.md": text}))
    page = site.page("/ancien/")
    assert not elements(page, POST)
    (refresh,) = strings(page, "//meta[@http-equiv='refresh']/@content")
    delay, _, target = refresh.partition(";")
    assert delay.strip() == "0" and target.strip().lower().startswith("url=")
    assert urlsplit(urljoin("/ancien/", target.strip()[4:])).path == "/a-propos-de-nous/"
    (canonical,) = strings(page, "//link[@rel='canonical']/@href")
    assert canonical == "https://example.org/a-propos-de-nous/"


def test_extra_keys_are_accepted_silently(make_site: MakeSite, run: Runner) -> None:
    text = post("Couleurs", extra="{couleur: bleu}")
    site = built(run, make_site({"content/posts/couleurs.md": text}))
    assert site.warnings_about("content/posts/couleurs.md") == [], site.result.err
    assert site.cards() == [("Couleurs", "/2026/01/couleurs/")]


def test_a_bundle_takes_its_image_along(make_site: MakeSite, run: Runner) -> None:
    files: dict[str, str | bytes] = {
        "content/posts/2024-05-01-vision/index.md": post(
            "Les modèles qui voient", date="2024-05-01", body="![Schéma](schema.png)"
        ),
        "content/posts/2024-05-01-vision/schema.png": PNG,
    }
    site = built(run, make_site(files))
    url = "/2024/05/vision/"
    assert site.cards() == [("Les modèles qui voient", url)]
    src = one(site.page(url), f"{BODY}//img[@alt='Schéma']").get("src")
    assert site.file(urljoin(url, src)).read_bytes() == PNG


def test_a_url_outside_the_site_is_an_error_at_its_line(make_site: MakeSite, run: Runner) -> None:
    rel = "content/posts/dehors.md"
    source = make_site({rel: post("Dehors", url="../dehors/")})
    site = build(run, source)
    assert site.result.code == 1, site.result.err
    line, col = line_in(source / rel, "url:")
    found = [(s.line, s.col) for s in site.errors_about(rel) if "url" in s.message]
    assert found == [(line, col)], site.result.err


def test_an_alias_on_another_posts_address_names_both(make_site: MakeSite, run: Runner) -> None:
    files = {
        "content/posts/vision.md": post("La vision", date="2024-05-01"),
        "content/posts/vol.md": post("Le vol", date="2024-06-02", aliases="[/2024/05/vision/]"),
    }
    site = build(run, make_site(files))
    assert site.result.code == 1, site.result.err
    both = [
        s
        for s in site.said
        if not s.warning and all(n in f"{s.path} {s.message}" for n in ("vision.md", "vol.md"))
    ]
    assert both, site.result.err


# ------------------------------------------------------------------ the old tools' own addresses


def redirect_of(site: Built, path: str) -> str | None:
    """Where the page at `path` sends its reader, if it is a redirect page."""
    target = site.file(path)
    if not target.is_file():
        return None
    refresh = strings(parse_html(target), "//meta[@http-equiv='refresh']/@content")
    return refresh[0].split("url=", 1)[1] if refresh else None


def test_jekylls_own_addresses_lead_to_the_posts(tmp_path: Path, run: Runner) -> None:
    """Jekyll adds no language folder and keeps a name's `-fr`: those links still work."""
    posts = {
        "_posts/2024-05-01-modele-fr.md": "---\ntitle: Le modèle\n---\nTexte.\n",
        "_posts/2024-05-01-modele-en.md": "---\ntitle: The model\n---\nText.\n",
        "_posts/en/2024-06-10-tokens.md": "---\ntitle: Tokens\n---\nText.\n",
    }
    site = built(run, jekyll(tmp_path, posts))
    assert redirect_of(site, "/2024/05/01/modele-fr.html") == "/2024/05/01/modele.html"
    assert redirect_of(site, "/2024/05/01/modele-en.html") == "/en/2024/05/01/modele.html"
    assert redirect_of(site, "/2024/06/10/tokens.html") == "/en/2024/06/10/tokens.html"


def test_hugos_accented_addresses_lead_to_the_posts(tmp_path: Path, run: Runner) -> None:
    files = {
        "hugo.toml": 'title = "Notes"\ndefaultContentLanguage = "fr"\n'
        '[permalinks]\nposts = "/:year/:slug/"\n',
        "content/posts/reseaux.md": "---\ntitle: Les réseaux\ndate: 2024-04-01\n---\nTexte.\n",
    }
    write_files(tmp_path / "blog", files)
    result = run("build", "--source", tmp_path / "blog", "--output", tmp_path / "out")
    assert result.code == 0, result.err
    # Hugo's own address is the post's, not a redirect that would lose `#anchors`.
    page = parse_html(tmp_path / "out/2024/les-réseaux/index.html")
    assert plain(text_of(one(page, f"{POST}/header//h1"))) == "Les réseaux"


def test_a_hugo_slug_with_two_dots_in_a_row_is_published(tmp_path: Path, run: Runner) -> None:
    """Hugo publishes `slug: mise à jour 1..2`; sitegen's addresses hold no `..`, so the
    post is published under sitegen's own slug of it instead of failing the build."""
    post = "---\ntitle: Mise à jour\ndate: 2024-04-01\nslug: mise à jour 1..2\n---\nTexte.\n"
    files = {"hugo.toml": 'title = "Notes"\n', "content/posts/maj.md": post}
    site = built(run, tree(tmp_path, files))
    page = parse_html(site.out / "posts/mise-a-jour-1-2/index.html")
    assert plain(text_of(one(page, f"{POST}/header//h1"))) == "Mise à jour"


def test_a_hugo_slug_sitegen_writes_otherwise_keeps_hugos_address(
    tmp_path: Path, run: Runner
) -> None:
    """Hugo 0.168 published `slug: mise à jour 1..2` at /posts/mise-%C3%A0-jour-1..2/ (its
    `hugo list all`): that old address leads to the post sitegen publishes."""
    post = "---\ntitle: Mise à jour\ndate: 2024-04-01\nslug: mise à jour 1..2\n---\nTexte.\n"
    files = {"hugo.toml": 'title = "Notes"\n', "content/posts/maj.md": post}
    site = built(run, tree(tmp_path, files))
    assert redirect_of(site, "/posts/mise-à-jour-1..2/") == "/posts/mise-a-jour-1-2/"
