"""`sitegen check`: each rule finds what it should, where the author wrote it, and only that."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import DEFAULT_CONFIG, REPO, Run, parse_html, post, write_files

Site = Callable[..., Path]
Runner = Callable[..., Run]

POST = "content/posts/2026-01-15-billet.md"
PAGE = "content/pages/contact.md"
OUT = "public/2026/01/billet/index.html"
LOCAL = {"no_proxy": "127.0.0.1,localhost", "NO_PROXY": "127.0.0.1,localhost"}
"""The test server is on this machine: never through a proxy."""


def check(run: Runner, site: Path, *args: str) -> Run:
    """`sitegen check` from the site's folder, so paths read `content/…`."""
    return run("check", *args, cwd=site, env=LOCAL)


def findings(run: Runner, site: Path, *args: str) -> list[dict[str, Any]]:
    result = check(run, site, "--format", "json", *args)
    assert result.code in (0, 1), result.err
    found: list[dict[str, Any]] = json.loads(result.out)
    return found


def places(found: list[dict[str, Any]], code: str) -> list[str]:
    """`path:line:col` of each finding of `code`."""
    return [f"{f['path']}:{f['line']}:{f['col']}" for f in found if f["code"] == code]


def at(site: Path, rel: str, needle: str, nth: int = 1) -> str:
    """`rel:line:col` of the `nth` `needle` in the file, counted by hand."""
    lines = (site / rel).read_text(encoding="utf-8").split("\n")
    seen = 0
    for number, line in enumerate(lines, start=1):
        for match in re.finditer(re.escape(needle), line):
            seen += 1
            if seen == nth:
                return f"{rel}:{number}:{match.start() + 1}"
    raise AssertionError(f"{needle!r} is not in {rel}")


def one_post(make_site: Site, body: str, *, images: tuple[str, ...] = (), **extra: str) -> Path:
    """A site of one post, POST, with front-matter lines `extra`, and `images` in static/."""
    files: dict[str, str | bytes] = {POST: post("Un billet", "2026-01-15", body, **extra)}
    return make_site(files | {f"static/{name}": b"png" for name in images})


# --- image-alt -------------------------------------------------------------------------


def test_an_image_without_alt_text_is_an_error_at_its_line(make_site: Site, run: Runner) -> None:
    body = 'Un schéma :\n\n![](/schema.png)\n\nEt en HTML : <img src="/schema.png">\n'
    site = one_post(make_site, body, images=("schema.png",))
    found = findings(run, site)
    assert places(found, "image-alt") == [at(site, POST, "![]"), at(site, POST, "<img")]
    assert all(f["severity"] == "error" for f in found if f["code"] == "image-alt")


def test_described_and_decorative_images_are_fine(make_site: Site, run: Runner) -> None:
    body = '![Un schéma de l’attention](/schema.png)\n\n<img src="/schema.png" alt="">\n'
    site = one_post(make_site, body, images=("schema.png",))
    assert places(findings(run, site), "image-alt") == []


# --- empty-link ------------------------------------------------------------------------


def test_a_link_without_text_is_an_error(make_site: Site, run: Runner) -> None:
    site = one_post(make_site, "Voir [](/) pour le reste.\n")
    assert places(findings(run, site), "empty-link") == [at(site, POST, "[](/)")]


def test_links_with_text_or_an_image_alt_are_fine(make_site: Site, run: Runner) -> None:
    body = "Voir [l’accueil](/) ou [![Le logo](/logo.png)](/).\n"
    site = one_post(make_site, body, images=("logo.png",))
    assert places(findings(run, site), "empty-link") == []


# --- heading-jump ----------------------------------------------------------------------


def test_a_skipped_heading_level_is_a_warning(make_site: Site, run: Runner) -> None:
    body = "## Partie\n\nTexte.\n\n#### Détail\n\nTexte.\n"
    site = one_post(make_site, body)
    found = findings(run, site)
    assert places(found, "heading-jump") == [at(site, POST, "#### Détail")]
    assert {f["severity"] for f in found if f["code"] == "heading-jump"} == {"warning"}


def test_headings_in_order_are_fine(make_site: Site, run: Runner) -> None:
    body = "## Partie\n\n### Détail\n\n## Autre partie\n\n### Détail\n"
    assert places(findings(run, one_post(make_site, body)), "heading-jump") == []


# --- the templates' own markup, at the built page's line -------------------------------

TEMPLATE = """\
<p class="translations">
  <img src="{{ url('/logo.png') }}">
  <a href="{{ url('/') }}"></a>
  <a href="{{ url('/nulle-part/') }}">Ailleurs</a>
  <a href="#absente">Plus bas</a>
  <h3>Un titre trop bas</h3>
</p>
"""


def test_the_templates_markup_is_checked_at_the_built_page(
    make_site: Site, run: Runner, tmp_path: Path
) -> None:
    site = make_site(
        {
            POST: post("Un billet", "2026-01-15", "Du texte."),
            "templates/partials/translations.html": TEMPLATE,
        }
    )
    found = findings(run, site)
    built = run("build", "--source", site, "--output", tmp_path / "public", "--no-cache")
    assert built.code == 0, built.err  # the build itself does not see these
    page = (tmp_path / "public/2026/01/billet/index.html").read_text(encoding="utf-8")
    site_page = site / OUT
    site_page.parent.mkdir(parents=True)
    site_page.write_text(page, encoding="utf-8")  # to count lines and columns by hand
    assert places(found, "image-alt") == [at(site, OUT, "<img")]
    assert places(found, "empty-link") == [at(site, OUT, '<a href="/"></a>')]
    assert at(site, OUT, '<a href="/nulle-part/">') in places(found, "broken-link")
    assert at(site, OUT, "<img") in places(found, "broken-link")
    assert places(found, "broken-anchor") == [at(site, OUT, '<a href="#absente">')]
    assert places(found, "heading-jump") == [at(site, OUT, "<h3>")]


def test_an_html_file_of_static_is_checked_at_its_own_lines(make_site: Site, run: Runner) -> None:
    demo = '<!doctype html>\n<html lang="fr">\n<title>Démo</title>\n<p><img src="a.png"></p>\n'
    site = make_site({POST: post("Un billet"), "static/demo.html": demo, "static/a.png": b"png"})
    assert places(findings(run, site), "image-alt") == [at(site, "static/demo.html", "<img")]


def test_the_default_theme_has_nothing_to_report(make_site: Site, run: Runner) -> None:
    site = make_site(
        {
            POST: post("Un billet", "2026-01-15", "## Une partie\n\nDu texte.", tags="[ia]"),
            "content/posts/2026-01-15-billet.en.md": post("A post", "2026-01-15", "Some text."),
            "content/pages/a-propos.md": "---\ntitle: À propos\n---\n\nQui nous sommes.\n",
        }
    )
    result = check(run, site)
    assert result.code == 0 and result.out == "", result.out
    assert result.err.strip() == "0 error(s), 0 warning(s)"


# --- broken-link / broken-anchor -------------------------------------------------------


def test_broken_links_and_anchors_are_errors_at_the_target(make_site: Site, run: Runner) -> None:
    body = (
        "Voir [ceci](/2025/01/absent/), [cela](#nulle-part) et [là](/2026/01/billet/#rien).\n\n"
        '<p>En HTML : <a href="/2025/02/absent/">par ici</a>.</p>\n'
    )
    site = one_post(make_site, body)
    found = findings(run, site)
    assert places(found, "broken-link") == [
        at(site, POST, "/2025/01/absent/"),
        at(site, POST, "/2025/02/absent/"),
    ]
    assert places(found, "broken-anchor") == [
        at(site, POST, "#nulle-part"),
        at(site, POST, "/2026/01/billet/#rien"),
    ]
    # The build reports the same broken link; it is said once, by the rule.
    assert places(found, "build") == []


def test_links_to_pages_files_and_headings_are_fine(make_site: Site, run: Runner) -> None:
    body = (
        "## La formule\n\nVoir [plus haut](#la-formule), [l’autre billet](/2026/01/autre/#suite),"
        " [l’accueil](/), [le flux](/feed.xml) et [un site](https://example.net/page).\n"
    )
    other = post("Autre", "2026-01-10", "## Suite\n\nTexte.")
    site = make_site(
        {POST: post("Un billet", "2026-01-15", body), "content/posts/2026-01-10-autre.md": other}
    )
    found = findings(run, site)
    assert places(found, "broken-link") == [] and places(found, "broken-anchor") == []


def test_a_broken_site_path_in_the_front_matter_is_reported_at_its_line(
    make_site: Site, run: Runner
) -> None:
    see_also = '\n  - title: "Ailleurs"\n    url: "/2024/01/disparu/"'
    site = one_post(make_site, "Du texte.", see_also=see_also)
    assert places(findings(run, site), "broken-link") == [at(site, POST, "/2024/01/disparu/")]


def test_the_sites_own_address_over_http_or_without_www_is_checked_as_its_own(
    make_site: Site, run: Runner
) -> None:
    body = (
        "Voir [l’accueil](http://example.org), [ce billet](http://www.example.org/2026/01/billet/)"
        " et [un billet perdu](https://www.example.org/2026/01/absent/).\n"
    )
    site = one_post(make_site, body)
    found = findings(run, site)
    assert places(found, "broken-link") == [at(site, POST, "https://www.example.org/2026/01/")]


def test_another_path_of_the_sites_host_is_another_site(make_site: Site, run: Runner) -> None:
    config = DEFAULT_CONFIG.replace("https://example.org/", "https://example.org/carnet/")
    body = "Mon [site principal](https://example.org/) et [son CV](http://example.org/cv/).\n"
    site = make_site({POST: post("Un billet", "2026-01-15", body)}, config=config)
    assert places(findings(run, site), "broken-link") == []


def test_a_github_pages_project_beside_the_site_is_another_site(
    make_site: Site, run: Runner
) -> None:
    config = DEFAULT_CONFIG.replace("https://example.org/", "https://camille.github.io/")
    body = "Le [projet d’exemple](https://camille.github.io/jeu-de-la-vie/) tourne en ligne.\n"
    site = make_site({POST: post("Un billet", "2026-01-15", body)}, config=config)
    assert places(findings(run, site), "broken-link") == []


HTACCESS = """\
RewriteEngine on
RewriteCond %{HTTP_HOST} ^www\\.carnet\\.example$
RewriteRule ^(.*)$ https://carnet.example/$1 [R=301,L]
# The old domain's visitors are sent elsewhere; this site's are not.
RewriteCond %{HTTP_HOST} ^ancien\\.example$ [NC]
RewriteRule ^(.*)$ https://ailleurs.example/$1 [R=301,L]
Redirect 301 /archives/billet https://carnet.example/2024/05/01/billet.html
RewriteRule ^2010/05/vieux-billet[/]?$ https://carnet.example/2024/05/01/billet.html [R=301,L]
RewriteCond %{HTTP_HOST} ^ancien\\.example$ [OR]
RewriteCond %{HTTP_HOST} ^carnet\\.example$
RewriteRule questions[/]?$ https://formulaire.example/questions [R=301,L]
RewriteRule ^perdu/?$ /2009/nulle-part/ [R=301,L]
RewriteRule ^interne$ /2024/05/01/billet.html [L]
"""


def test_an_old_address_the_sites_htaccess_redirects_to_a_page_is_not_broken(
    tmp_path: Path, run: Runner
) -> None:
    body = (
        "Lire [l’ancien billet](/2010/05/vieux-billet/), [les archives](/archives/billet),"
        " [vos questions](/questions) et [sur l’ancien domaine](http://carnet.example/2010/05/"
        "vieux-billet/).\n\nMais [ceci](/perdu/), [cela](/interne) et [là](/2010/05/autre/)"
        " ne mènent nulle part.\n"
    )
    tree = tmp_path / "carnet"
    billet = "_posts/2024-05-01-billet.md"
    config = "title: Carnet\nurl: https://carnet.example\nlang: fr\n"
    files = {
        "_config.yml": config,
        ".htaccess": HTACCESS,
        billet: post(date="2024-05-01", body=body),
    }
    write_files(tree, files)
    found = findings(run, tree)
    assert places(found, "broken-link") == [
        at(tree, billet, "/perdu/"),
        at(tree, billet, "/interne"),
        at(tree, billet, "/2010/05/autre/"),
    ]
    assert places(found, "build") == []  # nor does the build warn of the redirected ones


# --- lang-mismatch ---------------------------------------------------------------------

ENGLISH = (
    "This paragraph was written in English by someone who forgot to say so, and it is long "
    "enough for the check to be sure of it: it has all the little words of the language, "
    "the ones that are in every sentence, and there is no doubt about which one it is."
)
FRENCH = (
    "Ce paragraphe est écrit en français, et il est assez long pour que la vérification "
    "puisse en être sûre : il a tous les petits mots de la langue, ceux qui sont dans "
    "chaque phrase, et il n’y a aucun doute sur la langue dans laquelle il est écrit."
)


def test_a_post_whose_text_is_in_another_language_is_reported_at_lang(
    make_site: Site, run: Runner
) -> None:
    site = one_post(make_site, f"{ENGLISH}\n\n{ENGLISH}\n", lang="fr")
    found = [f for f in findings(run, site) if f["code"] == "lang-mismatch"]
    assert places(found, "lang-mismatch") == [at(site, POST, "lang: fr")]
    assert "English" in found[0]["message"] and found[0]["severity"] == "warning"


def test_an_unmarked_paragraph_in_another_language_is_reported(
    make_site: Site, run: Runner
) -> None:
    site = one_post(make_site, f"{FRENCH}\n\n{FRENCH}\n\n{ENGLISH}\n")
    assert places(findings(run, site), "lang-mismatch") == [at(site, POST, "This paragraph")]


def test_marked_quoted_short_and_code_passages_are_fine(make_site: Site, run: Runner) -> None:
    body = (
        f"{FRENCH}\n\n{{lang=en}}\n{ENGLISH}\n\n> {ENGLISH}\n\n"
        f"Une citation : [{ENGLISH}]{{lang=en}}\n\n```\n{ENGLISH}\n```\n\nThe end, in English.\n"
    )
    assert places(findings(run, one_post(make_site, body)), "lang-mismatch") == []


def test_web_addresses_in_a_french_paragraph_are_not_english_prose(
    make_site: Site, run: Runner
) -> None:
    address = (
        "https://exemple.com/2024/03/19/the-new-plugin-is-out-and-it-is-the-best-of-all-the-"
        "plugins-that-you-can-find-for-the-editor-of-the-year/"
    )
    body = (
        f"Le greffon sort enfin\n[{address}]({address})\n\n"
        f"Et une fois encore : <{address}>, à lire.\n"
    )
    assert places(findings(run, one_post(make_site, body)), "lang-mismatch") == []


def test_a_formulas_letters_do_not_make_a_paragraph_french(make_site: Site, run: Runner) -> None:
    czech = (
        "Na zahradě je \\(n\\) stromů a \\(k\\) keřů. Každý strom \\(i\\) má \\(a_i\\) jablek"
        " a každý keř \\(j\\) má \\(b_j\\) malin, takže \\(c = \\sum_i a_i + \\sum_j b_j\\)."
        " Zahradník chce vědět, jestli mu ovoce vydrží do zimy a jestli bude mít dost na"
        " marmeládu, když každý den sní \\(d\\) kusů a \\(n\\) ani \\(k\\) nerostou.\n"
    )
    site = one_post(make_site, f"{ENGLISH}\n\n{czech}", lang="en")
    assert places(findings(run, site), "lang-mismatch") == []


def test_an_english_post_in_english_is_fine(make_site: Site, run: Runner) -> None:
    site = make_site({"content/posts/2026-01-15-post.en.md": post("A post", body=ENGLISH)})
    assert places(findings(run, site), "lang-mismatch") == []


def built_lang(run: Runner, tree: Path) -> str | None:
    """The `lang` of the home page of `tree`, built as it is."""
    built = run("build", "--source", tree, "--output", tree.parent / "public", "--no-cache")
    assert built.code == 0, built.err
    lang: str | None = parse_html(tree.parent / "public/index.html").get("lang")
    return lang


@pytest.mark.parametrize(
    ("files", "lang"),
    [
        # Hugo's language is `en` when nothing names one; this blog is written in French.
        ({"hugo.toml": "title = 'Carnet'\nbaseURL = 'https://example.org/'\n"}, "fr"),
        ({"_config.yml": "title: Carnet\nurl: https://example.org\n"}, "en"),
        # minimal-mistakes and jekyll-seo-tag print `locale`.
        ({"_config.yml": "title: Carnet\nlocale: en_GB\n"}, "en"),
    ],
)
def test_a_tree_that_names_no_language_is_in_the_language_of_its_posts(
    tmp_path: Path, run: Runner, files: dict[str, str], lang: str
) -> None:
    body = FRENCH if lang == "fr" else ENGLISH
    folder = "content/posts" if "hugo.toml" in files else "_posts"
    posts = {f"{folder}/2026-01-{day}-billet-{day}.md": post(body=body) for day in (10, 11, 12)}
    tree = tmp_path / "arbre"
    write_files(tree, files | posts)
    assert places(findings(run, tree), "lang-mismatch") == []
    assert built_lang(run, tree) == lang


# --- phone-number / email-address ------------------------------------------------------


def test_phone_numbers_and_addresses_are_errors_in_body_and_front_matter(
    make_site: Site, run: Runner
) -> None:
    body = (
        "Appelez Inès au 06 12 34 56 78 ou au +33 6 12 34 56 79.\n\n"
        "Écrivez à ines.martin@gmail.com, ou [par ici](mailto:bastien@orange.fr).\n"
    )
    site = one_post(make_site, body, description='"Contact : julien [at] free [dot] fr"')
    found = findings(run, site)
    assert places(found, "phone-number") == [
        at(site, POST, "06 12 34 56 78"),
        at(site, POST, "+33 6 12 34 56 79"),
    ]
    assert places(found, "email-address") == [
        at(site, POST, "julien [at] free [dot] fr"),
        at(site, POST, "ines.martin@gmail.com"),
        at(site, POST, "bastien@orange.fr"),
    ]
    assert {f["severity"] for f in found if f["code"].endswith(("-number", "-address"))} == {
        "error"
    }


def test_quantities_papers_examples_and_a_pages_own_contact_are_fine(
    make_site: Site, run: Runner
) -> None:
    body = (
        "Le modèle a 1 760 000 000 paramètres (arXiv 2201.02177, "
        "https://arxiv.org/abs/1706.03762), en 2023 2024. Écrire à jean@example.com.\n"
    )
    page = (
        "---\ntitle: Contact\n---\n\n"
        "Écrivez-nous à [redaction@monblog.fr](mailto:redaction@monblog.fr) ou appelez le "
        "[01 23 45 67 89](tel:+33123456789).\n\n"
        '<p><a href="mailto:presse@monblog.fr">presse@monblog.fr</a></p>\n'
    )
    site = make_site({POST: post("Un billet", "2026-01-15", body), PAGE: page})
    found = findings(run, site)
    assert places(found, "phone-number") == [] and places(found, "email-address") == []


def test_a_formulas_digits_are_not_a_phone_number(make_site: Site, run: Runner) -> None:
    # The build typesets `$ … $` with inner spaces as a formula: the reader sees no number.
    body = "Soit $ S = 01 23 45 67 89 $ la suite des chiffres, lue de gauche à droite.\n"
    assert places(findings(run, one_post(make_site, body)), "phone-number") == []


def test_french_numbers_however_written_are_found(make_site: Site, run: Runner) -> None:
    numbers = [
        "+33 6 12 34 56 78",
        "06.12.34.56.78",
        "06-12-34-56-78",
        "0612345678",
        "01 42 68 53 00",
        "+33 (0)1 42 68 53 00",
        "0033 1 42 68 53 00",
        "514 555 0123",
    ]
    body = "Appelez Camille au " + ", au ".join(numbers) + ".\n"
    site = one_post(make_site, body)
    assert places(findings(run, site), "phone-number") == [at(site, POST, n) for n in numbers]


def test_a_number_in_a_tel_link_is_found_whole_and_once(make_site: Site, run: Runner) -> None:
    body = (
        'Appelez la mairie au <a href="tel://02 47 00 12 34">02 47 00 12 34</a>, le musée au'
        ' <a href="tel:+33247005678">02 47 00 56 78</a> ou Camille au'
        " [07 12 34 56 78](tel://0712345678).\n"
    )
    found = findings(run, one_post(make_site, body))
    shown = [f["message"] for f in found if f["code"] == "phone-number"]
    assert shown == [
        f"phone number `{number}` in published text"
        for number in ("02 47 00 12 34", "02 47 00 56 78", "07 12 34 56 78")
    ]


def test_an_svg_drawing_is_not_text_but_raw_htmls_text_and_links_are(
    make_site: Site, run: Runner
) -> None:
    body = (
        '<svg viewBox="0 0 16 16"><path d="M8,0.5c0.1-0.5,0.314-0.159,0.265-0.358 c0,0,'
        '0.979-0.323,1.846-0.264"/></svg>\n\n'
        '<p>Appelez le 06 12 34 56 78 ou <a href="mailto:camille@orange.fr">écrivez</a>.</p>\n'
    )
    site = one_post(make_site, body)
    found = findings(run, site)
    assert places(found, "phone-number") == [at(site, POST, "06 12 34 56 78")]
    assert places(found, "email-address") == [at(site, POST, "camille@orange.fr")]


def test_addresses_dates_ranges_and_identifiers_are_not_phone_numbers(
    make_site: Site, run: Runner
) -> None:
    body = (
        "Le serveur répond sur 192.168.1.10 et sur 10.0.0.254 ; l’inode 33725146 le suit.\n\n"
        "Les épisodes 19-21 2010 et 80-82 2013, les journées du 20-22 2022 (pp. 437-446. 2015)."
        "\n\nNature 529.7587 (2016), arXiv 1805.08318 (2018), SIRET 424 761 419 00045.\n\n"
        "Les mots de passe les plus courants : 12345678 et 123456789.\n\n"
        "Le plateau vide s’écrit 00000000 depuis le 23. 10. 2019 ; les scores de la semaine :"
        " +420.38    21.53    84.0, puis +0.9   -6.1   -0.3.\n"
    )
    site = make_site({POST: post("2026 07 15 Notes de version", "2026-07-15", body)})
    assert places(findings(run, site), "phone-number") == []


def test_versions_remotes_handles_and_archives_are_not_addresses(
    make_site: Site, run: Runner
) -> None:
    body = (
        "KaTeX : https://cdn.jsdelivr.net/npm/katex@0.16.9/dist/katex.min.css, ou [sa feuille]"
        "(https://cdn.jsdelivr.net/npm/katex@0.16.9/dist/katex.min.css) et logo@2x.png.\n\n"
        "Clonez git@github.com:camille/carnet.git (testez `ssh -T git@github.com`) puis suivez"
        " @camille@mastodon.social.\n\n"
        "Le [fil](https://listes.exemple.fr/archives/entraide@listes.exemple.fr/msg/12/) et "
        "https://archives.exemple.fr/message-id/CAK7x9@mail.gmail.com en parlent, comme les"
        " branches `correctif/sshd@playbook_acces.yml` et `correctif/sshd@playbook-acces.yml`.\n\n"
        "```sh\ngit remote add origin git@gitlab.com:camille/carnet.git\n```\n\n"
        "Mais écrivez à camille.durand@orange.fr ([ici](mailto:camille.durand@orange.fr%7C"
        "jules@free.fr)).\n"
    )
    found = findings(run, one_post(make_site, body))
    shown = [f["message"] for f in found if f["code"] == "email-address"]
    assert shown == [
        f"e-mail address `{address}` in published text"
        for address in ("camille.durand@orange.fr", "jules@free.fr")
    ]


# --- scraper-leftover ------------------------------------------------------------------


def test_a_scrapers_leftovers_are_warnings(make_site: Site, run: Runner) -> None:
    body = (
        "Post Thumbnail\n\nUn vrai paragraphe de l’article.\n\nPartager sur Facebook\n\n"
        "5 min de lecture\n\nLire la suite\n\n"
        "Последние новости технологий и искусственного интеллекта\n"
    )
    site = one_post(make_site, body)
    found = findings(run, site)
    assert places(found, "scraper-leftover") == [
        at(site, POST, "Post Thumbnail"),
        at(site, POST, "Partager sur Facebook"),
        at(site, POST, "5 min de lecture"),
        at(site, POST, "Lire la suite"),
        at(site, POST, "Последние"),
    ]
    assert {f["severity"] for f in found if f["code"] == "scraper-leftover"} == {"warning"}


def test_prose_and_marked_quotations_in_another_script_are_fine(
    make_site: Site, run: Runner
) -> None:
    body = (
        "L’article partagé était très court, et sans légende.\n\n"
        "Le titre russe : [Последние новости технологий и искусственного интеллекта]{lang=ru}.\n"
    )
    assert places(findings(run, one_post(make_site, body)), "scraper-leftover") == []


def test_code_blocks_quotations_and_an_authors_links_are_not_leftovers(
    make_site: Site, run: Runner
) -> None:
    body = (
        "Le fichier :\n\n```yaml\nservices:\n  web:\n    image: nginx:1.25\n# Partager\n```\n\n"
        "Le robot écrivait :\n\n> ભેઇસગઘવ૦ૣૃૈઍ્ઑષસ૮ડ૪ળઆઆઍઅૉનૠૌઇઙ\n\n"
        "Camille sur [Twitter](https://twitter.com/camille)\n\n[LinkedIn](https://linkedin.com)\n\n"
        '* <a href="https://www.facebook.com/salon-camille/">Facebook</a>\n\n'
        "[Partager sur Facebook](https://www.facebook.com/sharer/sharer.php?u=example.org)\n"
    )
    site = one_post(make_site, body)
    found = findings(run, site)
    assert places(found, "scraper-leftover") == [at(site, POST, "Partager sur Facebook")]


def test_an_authors_own_invitation_to_follow_with_its_link_is_not_a_leftover(
    make_site: Site, run: Runner
) -> None:
    body = (
        "Suivez-nous sur Mastodon [@carnet](https://mastodon.example/@carnet) ou sur le forum\n\n"
        "Un vrai paragraphe de l’article.\n\nSuivez-nous sur Twitter\n\n"
        "Partager sur [Facebook](https://www.facebook.com/sharer/sharer.php?u=example.org)\n"
    )
    site = one_post(make_site, body)
    assert places(findings(run, site), "scraper-leftover") == [
        at(site, POST, "Suivez-nous sur Twitter"),
        at(site, POST, "Partager sur"),
    ]


# --- missing-source --------------------------------------------------------------------


def test_generated_or_translated_posts_without_a_source_are_warned(
    make_site: Site, run: Runner
) -> None:
    site = make_site(
        {
            POST: post("Un billet", body="Du texte.", generated="true"),
            "content/posts/2026-01-16-traduit.md": post(
                "Traduit", "2026-01-16", "Du texte.", translated="{from: en}"
            ),
        }
    )
    found = findings(run, site)
    assert places(found, "missing-source") == [
        at(site, POST, "generated"),
        at(site, "content/posts/2026-01-16-traduit.md", "translated"),
    ]
    assert {f["severity"] for f in found if f["code"] == "missing-source"} == {"warning"}


def test_posts_that_name_their_sources_are_fine(make_site: Site, run: Runner) -> None:
    sources = '\n  - {title: "L’article", url: "https://example.net/a"}'
    site = make_site(
        {
            POST: post("Un billet", body="Du texte.", generated="true", sources=sources),
            "content/posts/2026-01-16-a.md": post(
                "A", "2026-01-16", "Texte.", translated="{from: en, url: https://example.net/b}"
            ),
            "content/posts/2026-01-17-b.md": post(
                "B",
                "2026-01-17",
                "Texte.\n\nSource : [un article](https://example.net/c)",
                generated="{model: Mistral Large}",
            ),
            "content/posts/2026-01-18-c.md": post(
                "C", "2026-01-18", "> [!generated]\n> Un résumé.", generated="{part: le résumé}"
            ),
            # A translation whose original is on the site links to it.
            "content/posts/2026-01-19-d.md": post(
                "D", "2026-01-19", "Texte.", translated="{from: en}"
            ),
            "content/posts/2026-01-19-d.en.md": post("D", "2026-01-19", "Text."),
        }
    )
    assert places(findings(run, site), "missing-source") == []


# --- placeholder -----------------------------------------------------------------------


def test_unfilled_placeholders_are_errors(make_site: Site, run: Runner) -> None:
    body = (
        "Le lien : <URL>. Merci à [Nom] pour [TODO].\n\n"
        "TODO relire la fin. Bonjour {{ title }}.\n\nLorem ipsum dolor sit amet.\n"
    )
    site = one_post(make_site, body, description='"XXX"')
    found = findings(run, site)
    assert places(found, "placeholder") == [
        at(site, POST, "XXX"),
        at(site, POST, "<URL>"),
        at(site, POST, "[Nom]"),
        at(site, POST, "[TODO]"),
        at(site, POST, "TODO", nth=2),
        at(site, POST, "{{ title }}"),
        at(site, POST, "Lorem ipsum"),
    ]


def test_placeholders_in_code_and_ordinary_words_are_fine(make_site: Site, run: Runner) -> None:
    body = (
        "Au XXe siècle, la liste des tâches (todo) et `{{ title }}` en Jinja.\n\n"
        "```jinja\n<title>{{ title }}</title> TODO\n```\n"
    )
    assert places(findings(run, one_post(make_site, body)), "placeholder") == []


def test_a_front_matter_key_sitegens_theme_never_shows_is_read_only_on_a_sitegen_site(
    make_site: Site, run: Runner, tmp_path: Path
) -> None:
    front = "---\ntitle: Un billet\ndescription: TODO résumer\ntweet: TODO\n---\n\nDu texte.\n"
    jekyll = tmp_path / "jekyll"
    write_files(
        jekyll,
        {
            "_config.yml": "title: Carnet\nurl: https://example.org\nlang: fr\n",
            "_posts/2026-01-15-billet.md": front,
        },
    )
    found = findings(run, jekyll)
    assert [f["line"] for f in found if f["code"] == "placeholder"] == [3]
    site = make_site({POST: front})
    assert [f["line"] for f in findings(run, site) if f["code"] == "placeholder"] == [3, 4]


def test_a_go_template_in_prose_and_a_todo_list_are_not_placeholders(
    make_site: Site, run: Runner
) -> None:
    body = (
        "Remplacez __{{ .Site.BaseURL }}__ par __{{ .Site.BaseURL | relLangURL }}__, et "
        "{{ $titre }} aussi. Ma TODO list déborde, comme vos TODO-listes.\n"
    )
    assert places(findings(run, one_post(make_site, body)), "placeholder") == []


# --- external-link ---------------------------------------------------------------------


@dataclass
class Server:
    """A local web server: what it was asked, and the handlers it holds back."""

    url: str
    asked: list[tuple[str, str]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    pair: threading.Barrier = field(default_factory=lambda: threading.Barrier(2, timeout=10))


@pytest.fixture
def server() -> Iterator[Server]:
    state = Server("")

    class Handler(BaseHTTPRequestHandler):
        def do_HEAD(self) -> None:
            self.answer()

        def do_GET(self) -> None:
            self.answer()

        def answer(self) -> None:
            state.asked.append((self.command, self.path))
            status = 200
            if self.path.startswith("/slow"):
                state.release.wait(30)  # until the test has seen the check give up
            elif self.path.startswith("/pair"):
                # Both requests must be in flight at once, or neither gets past this.
                try:
                    state.pair.wait()
                except threading.BrokenBarrierError:
                    status = 500
            elif self.path == "/gone":
                status = 404
            elif self.path == "/no-head" and self.command == "HEAD":
                status = 405
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield state
    state.release.set()
    httpd.shutdown()
    httpd.server_close()


def linking(make_site: Site, server: Server, *paths: str) -> Path:
    body = "\n\n".join(f"Voir [la page {p}]({server.url}{p})." for p in paths)
    return one_post(make_site, body)


def test_web_links_are_only_fetched_with_external(
    make_site: Site, run: Runner, server: Server
) -> None:
    site = linking(make_site, server, "/gone")
    assert places(findings(run, site), "external-link") == []
    assert server.asked == []


def test_a_missing_page_is_an_error_and_head_falls_back_to_get(
    make_site: Site, run: Runner, server: Server
) -> None:
    site = linking(make_site, server, "/ok", "/gone", "/no-head")
    result = check(run, site, "--external", "--format", "json")
    assert result.code == 1, result.err
    found = json.loads(result.out)
    gone = f"{server.url}/gone"
    assert places(found, "external-link") == [at(site, POST, gone)]
    assert found[0]["severity"] == "error" and "404" in found[0]["message"]
    assert ("HEAD", "/no-head") in server.asked and ("GET", "/no-head") in server.asked
    assert ("GET", "/ok") not in server.asked


def test_a_slow_server_is_a_warning_after_the_timeout(
    make_site: Site, run: Runner, server: Server
) -> None:
    site = linking(make_site, server, "/slow")
    result = check(run, site, "--external", "--timeout", "0.5", "--format", "json")
    server.release.set()
    assert result.code == 0, result.err
    [found] = json.loads(result.out)
    assert found["code"] == "external-link" and found["severity"] == "warning"
    assert "0.5 s" in found["message"]


def test_web_links_are_fetched_in_parallel(make_site: Site, run: Runner, server: Server) -> None:
    site = linking(make_site, server, "/pair/a", "/pair/b")
    result = check(run, site, "--external", "--timeout", "20")
    assert result.code == 0 and result.out == "", result.out
    assert sorted(path for _, path in server.asked) == ["/pair/a", "/pair/b"]


def test_answers_are_kept_a_day_so_a_second_check_asks_nothing(
    make_site: Site, run: Runner, server: Server
) -> None:
    site = linking(make_site, server, "/ok", "/gone")
    first = check(run, site, "--external")
    asked = list(server.asked)
    assert asked and (site / ".sitegen-cache/external-links.json").is_file()
    second = check(run, site, "--external")
    assert server.asked == asked
    assert first.code == second.code == 1 and first.out == second.out


def test_a_link_planted_where_answers_are_kept_is_never_written_through(
    make_site: Site, run: Runner, server: Server, tmp_path: Path
) -> None:
    site = linking(make_site, server, "/ok")
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("à moi\n", encoding="utf-8")
    (site / ".sitegen-cache").mkdir()
    (site / ".sitegen-cache/external-links.json").symlink_to(secret)  # read, then replaced
    assert check(run, site, "--external").code == 0
    assert secret.read_text(encoding="utf-8") == "à moi\n"
    assert (site / ".sitegen-cache/external-links.json").is_file()
    assert not (site / ".sitegen-cache/external-links.json").is_symlink()


def test_the_timeout_must_be_a_number_of_seconds(make_site: Site, run: Runner) -> None:
    site = one_post(make_site, "Du texte.")
    result = check(run, site, "--external", "--timeout", "soon")
    assert result.code == 2 and "--timeout" in result.err


# --- configuration, output and exit codes ----------------------------------------------


def test_a_rule_can_be_turned_off_in_sitegen_yaml(make_site: Site, run: Runner) -> None:
    config = DEFAULT_CONFIG + "check:\n  disable: [placeholder, heading-jump]\n"
    site = make_site(
        {POST: post("Un billet", body="[TODO]\n\n#### Détail\n\n![](/x.png)")}, config=config
    )
    codes = {f["code"] for f in findings(run, site)}
    assert "placeholder" not in codes and "heading-jump" not in codes
    assert "image-alt" in codes


def test_an_unknown_code_in_disable_is_a_usage_error_at_its_line(
    make_site: Site, run: Runner
) -> None:
    config = DEFAULT_CONFIG + "check:\n  disable:\n    - placeholder\n    - imag-alt\n"
    site = make_site({POST: post("Un billet")}, config=config)
    result = check(run, site)
    line = len(DEFAULT_CONFIG.splitlines()) + 4
    assert result.code == 2 and result.out == ""
    assert f"sitegen.yaml:{line}:7: `check.disable`: there is no rule `imag-alt`" in result.err
    assert "did you mean `image-alt`?" in result.err
    assert "Traceback" not in result.err


def test_text_output_is_one_line_per_finding_then_a_summary(make_site: Site, run: Runner) -> None:
    site = one_post(make_site, "[TODO]\n\n#### Détail\n")
    result = check(run, site)
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines == [
        f"{at(site, POST, '[TODO]')}: placeholder: unfilled placeholder `[TODO]`",
        "  hint: replace it with the real text, or delete it",
        f"{at(site, POST, '####')}: heading-jump: warning: the first heading is h4, but the "
        "title is the page's h1",
        "  hint: make it ## (h2)",
    ]
    assert result.err.strip().splitlines()[-1] == "1 error(s), 1 warning(s)"


def test_json_output_is_an_array_of_findings_and_nothing_else(make_site: Site, run: Runner) -> None:
    site = one_post(make_site, "[TODO]\n\n#### Détail\n")
    result = check(run, site, "--format", "json")
    found = json.loads(result.out)
    assert [set(f) for f in found] == [
        {"path", "line", "col", "code", "severity", "message", "hint"}
    ] * 2
    assert [(f["code"], f["severity"]) for f in found] == [
        ("placeholder", "error"),
        ("heading-jump", "warning"),
    ]
    assert result.err.strip() == "1 error(s), 1 warning(s)"


def test_a_large_blog_is_read_on_every_core_with_the_same_findings(
    make_site: Site, run: Runner
) -> None:
    """From 64 posts the posts are read in a process pool: nothing found may change. In a
    process of its own: a pool forked from pytest would copy pytest's threads and state."""
    files: dict[str, str | bytes] = {
        f"content/posts/2026-01-{n % 28 + 1:02d}-billet-{n}.md": post(
            f"Billet {n}", f"2026-01-{n % 28 + 1:02d}", f"Appelez le 06 12 34 56 {n % 90 + 10}.\n"
        )
        for n in range(70)
    }
    site = make_site(files)

    def found(jobs: str) -> list[tuple[str, int, int, str]]:
        env = {**LOCAL, "SITEGEN_JOBS": jobs}
        result = run("check", "--format", "json", cwd=site, env=env, process=True)
        assert result.code == 1, result.err
        return [(f["path"], f["line"], f["col"], f["code"]) for f in json.loads(result.out)]

    alone = found("1")
    assert [code for *_, code in alone].count("phone-number") == 70
    assert found("2") == alone


def test_warnings_alone_exit_0_and_nothing_is_written(make_site: Site, run: Runner) -> None:
    site = one_post(make_site, "#### Détail\n\nDu texte.")
    result = check(run, site)
    assert result.code == 0 and "heading-jump" in result.out
    assert not (site / "public").exists()


def test_the_builds_own_problems_are_findings_with_code_build(make_site: Site, run: Runner) -> None:
    site = one_post(make_site, "Du texte.", colour="rouge")
    [found] = findings(run, site)
    assert found["code"] == "build" and found["severity"] == "warning"
    assert found["path"] == POST and "colour" in found["message"]


def test_drafts_are_checked_only_with_drafts(make_site: Site, run: Runner) -> None:
    site = one_post(make_site, "[TODO]", draft="true")
    assert findings(run, site) == []
    assert places(findings(run, site, "--drafts"), "placeholder") == [at(site, POST, "[TODO]")]


def test_paths_are_relative_to_the_current_folder(make_site: Site, run: Runner) -> None:
    site = one_post(make_site, "[TODO]")
    result = run("check", "--source", site.name, cwd=site.parent)
    assert result.out.startswith(f"{site.name}/{POST}:")


def test_usage_problems_exit_2_without_a_traceback(
    make_site: Site, run: Runner, tmp_path: Path
) -> None:
    nowhere = run("check", "--source", tmp_path / "nowhere")
    assert nowhere.code == 2 and "sitegen.yaml" in nowhere.err
    assert "Traceback" not in nowhere.err
    assert run("check", "--format", "xml", cwd=one_post(make_site, "x")).code == 2


def test_the_sample_blog_has_no_errors(run: Runner, sample_blog: Path) -> None:
    result = run("check", "--source", sample_blog)
    assert result.code == 0, result.out + result.err
    assert result.err.strip().startswith("0 error(s)")


def test_the_pages_workflow_checks_the_blog_before_building_it() -> None:
    workflow = yaml.safe_load((REPO / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    commands = [s.get("run", "") for s in workflow["jobs"]["build"]["steps"]]
    checked = next(i for i, c in enumerate(commands) if c.startswith("sitegen check"))
    built = next(i for i, c in enumerate(commands) if c.startswith("sitegen build"))
    assert checked < built
