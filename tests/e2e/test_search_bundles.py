"""Site search in bundles, one per language and year: the search page names them, together they
index what one whole index would, and an edited post re-indexes its own bundle only."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from sitegen.model import OutputFile
from sitegen.publish import search, searchbundles
from sitegen.publish.search import pagefind
from tests.conftest import Run, elements, parse_html, post

Site = Callable[..., Path]
Runner = Callable[..., Run]

POSTS = {
    "content/posts/2024-03-01-neurone.md": post(
        "Le neurone", date="2024-03-01", body="Un neurone artificiel calcule une somme pondérée."
    ),
    "content/posts/2025-05-01-gradient.md": post(
        "La descente", date="2025-05-01", body="La descente de gradient règle chaque neurone."
    ),
    "content/posts/2025-06-01-attention.md": post(
        "L'attention", date="2025-06-01", body="L'attention relie les mots entre eux."
    ),
    "content/posts/2024-03-01-neurone.en.md": post(
        "The neuron", date="2024-03-01", body="An artificial neuron computes a weighted sum."
    ),
    "content/posts/2025-05-01-gradient.en.md": post(
        "Gradient descent", date="2025-05-01", body="Gradient descent tunes every neuron."
    ),
    "content/pages/a-propos.md": post("À propos", body="Qui écrit ce blog sur les neurones."),
}
BUNDLES = {"en-2024", "en-2025", "fr", "fr-2024", "fr-2025"}


@pytest.fixture(autouse=True)
def _pagefind_installed() -> None:
    if pagefind() is None:
        pytest.fail("pagefind_bin is a dependency of the tests: pip install -e '.[dev]'")


def bundle_files(out: Path) -> dict[str, dict[str, bytes]]:
    """Each bundle's files (by their path in the bundle), as the search page finds them."""
    for prefix in ("", "en/"):
        box = elements(parse_html(out / prefix / "search/index.html"), "//div[@id='search']")[0]
        assert box.get("data-bundle") == "/pagefind/"
    listed = json.loads((out / "pagefind/bundles.json").read_bytes())["bundles"]
    found = {}
    for bundle in listed:
        found[bundle["path"].rstrip("/")] = files_in(out / "pagefind" / bundle["path"])
    return found


def files_in(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def indexed(files: dict[str, bytes]) -> set[tuple[str, str]]:
    """The pages an index holds: (language, address), read from its fragments."""
    pages = set()
    for name, data in files.items():
        if name.startswith("fragment/"):
            content = gzip.decompress(data).removeprefix(b"pagefind_dcd")
            lang = name.removeprefix("fragment/").split("_", 1)[0]
            pages.add((lang, json.loads(content)["url"]))
    return pages


def one_whole_index(out: Path, scratch: Path) -> set[tuple[str, str]]:
    """What Pagefind indexes when it reads every page of the site at once."""
    site = scratch / "site"
    shutil.copytree(out, site, ignore=shutil.ignore_patterns("pagefind"))
    executable = pagefind()
    assert executable is not None
    command = [str(executable), "--site", str(site), "--output-path", str(scratch / "index")]
    subprocess.run([*command, "--silent"], check=True)
    return indexed(files_in(scratch / "index"))


def test_the_bundles_hold_what_one_index_would(
    make_site: Site, run: Runner, tmp_path: Path
) -> None:
    site = make_site(POSTS)
    assert run("build", "--source", site).code == 0
    out = site / "public"
    bundles = bundle_files(out)
    assert set(bundles) == BUNDLES
    for name, files in bundles.items():
        assert {"pagefind.js", "pagefind-entry.json"} <= files.keys()
        entry = json.loads(files["pagefind-entry.json"])
        assert set(entry["languages"]) == {name.split("-")[0]}
    assert indexed(bundles["fr-2025"]) == {
        ("fr", "/2025/05/gradient/"),
        ("fr", "/2025/06/attention/"),
    }
    assert indexed(bundles["en-2024"]) == {("en", "/en/2024/03/neurone/")}
    assert indexed(bundles["fr"]) == {("fr", "/a-propos/")}
    # The search page loads the interface from the index's root, once for every bundle.
    assert (out / "pagefind/pagefind-ui.js").is_file()
    assert not any("pagefind-ui.js" in files for files in bundles.values())
    whole = one_whole_index(out, tmp_path / "whole")
    assert set().union(*map(indexed, bundles.values())) == whole
    assert len(whole) == 6  # the posts and the page; no listing


def test_an_edited_post_changes_only_its_own_bundle(
    make_site: Site, run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(POSTS)
    assert run("build", "--source", site).code == 0
    out = site / "public"
    before = bundle_files(out)
    root = {p.name: p.read_bytes() for p in (out / "pagefind").iterdir() if p.is_file()}
    edited = "content/posts/2025-06-01-attention.md"
    (site / edited).write_text(POSTS[edited] + "\nUn mot neuf : transformeur.\n")
    indexed_pages: list[list[str]] = []
    index = search._index

    def spied(pages: Sequence[OutputFile], executable: Path) -> search.Made:
        indexed_pages.append([page.path for page in pages])
        return index(pages, executable)

    monkeypatch.setattr(search, "_index", spied)
    assert run("build", "--source", site).code == 0
    assert indexed_pages == [["2025/05/gradient/index.html", "2025/06/attention/index.html"]]
    after = bundle_files(out)
    assert after.keys() == before.keys()
    assert {name for name in after if after[name] != before[name]} == {"fr-2025"}
    assert after["fr-2025"]["pagefind-entry.json"] != before["fr-2025"]["pagefind-entry.json"]
    assert {p.name: p.read_bytes() for p in (out / "pagefind").iterdir() if p.is_file()} == root


def test_a_busy_year_is_indexed_month_by_month(
    make_site: Site, run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(searchbundles, "YEAR_PAGES", 1)
    site = make_site(POSTS)
    assert run("build", "--source", site).code == 0
    bundles = bundle_files(site / "public")
    assert set(bundles) == {"en-2024", "en-2025", "fr", "fr-2024", "fr-2025-05", "fr-2025-06"}
    assert indexed(bundles["fr-2025-06"]) == {("fr", "/2025/06/attention/")}


def test_a_result_is_shown_by_its_prose_not_its_code(make_site: Site, run: Runner) -> None:
    body = (
        "La fonction zzprose calcule une moyenne.\n\n"
        "```python\ndef zzcode(valeurs):\n    return sum(valeurs) / len(valeurs)\n```\n\n"
        "Puis `zzinline` la résume."
    )
    site = make_site(
        {"content/posts/2025-07-01-moyenne.md": post("Moyenne", date="2025-07-01", body=body)}
    )
    assert run("build", "--source", site).code == 0
    [fragment] = [
        json.loads(gzip.decompress(data).removeprefix(b"pagefind_dcd"))
        for name, data in files_in(site / "public/pagefind/fr-2025").items()
        if name.startswith("fragment/")
    ]
    # What a result's excerpt is cut from: the prose, inline code included, no code block.
    words = fragment["content"].split()
    assert "zzprose" in words and "zzinline" in words
    assert not any("zzcode" in word or "valeurs" in word for word in words)
