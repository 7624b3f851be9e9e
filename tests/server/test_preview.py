"""`sitegen serve` on a built blog answers at once with the pages `sitegen build` wrote,
made to point at the server, until its own first build replaces them."""

from __future__ import annotations

from pathlib import Path

from sitegen.build import Build
from sitegen.project.errors import Problems
from sitegen.server.livesite import LiveSite
from sitegen.server.preview import built_files
from tests.conftest import DEFAULT_CONFIG, first_in, parse_html, post, write_files
from tests.server.running import serving
from tests.server.test_http import fetch

POST = "content/posts/2026-01-15-bonjour.md"
PAGE = "2026/01/bonjour/index.html"
SERVED = "http://127.0.0.1:8123/"


def _built(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    write_files(site, {"sitegen.yaml": DEFAULT_CONFIG + "search: false\n", POST: post("Bonjour")})
    Build(site, Problems()).write()
    return site


def _canonical(page: bytes) -> str:
    link = first_in(parse_html(page), ".//link[@rel='canonical']")
    return link.get("href", "")


def test_the_built_pages_are_served_with_the_servers_address(tmp_path: Path) -> None:
    site = _built(tmp_path)
    files = built_files(Build(site, Problems()).config, SERVED)
    assert files is not None
    assert PAGE in files
    assert _canonical((site / "public" / PAGE).read_bytes()) == (
        "https://example.org/2026/01/bonjour/"
    )
    assert _canonical(files[PAGE]) == SERVED + "2026/01/bonjour/"
    feed = files["feed.xml"].decode()
    assert "https://example.org/" not in feed and SERVED in feed


def test_a_file_changed_since_the_build_is_not_served(tmp_path: Path) -> None:
    site = _built(tmp_path)
    (site / "public" / PAGE).write_text("<p>écrit à la main</p>", encoding="utf-8")
    files = built_files(Build(site, Problems()).config, SERVED)
    assert files is not None
    assert files.get(PAGE) is None
    assert files.get("index.html") is not None


def test_nothing_is_served_from_a_folder_no_build_wrote(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_files(site, {"sitegen.yaml": DEFAULT_CONFIG, POST: post("Bonjour")})
    write_files(site, {"public/index.html": "<p>pas de sitegen</p>"})
    assert built_files(Build(site, Problems()).config, SERVED) is None


def test_the_first_build_replaces_the_built_pages_and_the_pages_reload(tmp_path: Path) -> None:
    site = _built(tmp_path)
    config = Build(site, Problems()).config
    files = built_files(config, SERVED)
    assert files is not None
    live = LiveSite(site, {"base_url": SERVED})
    live.show_built(files, config)
    (site / POST).write_text(post("Bonjour", body="Écrit après la construction."), "utf-8")
    assert "Écrit après" not in files[PAGE].decode()
    assert live.rebuild()
    assert live.snapshot is not None
    assert "Écrit après" in live.snapshot.files[PAGE].decode()
    assert live.news()["build"] == 2 and live.news()["errors"] == []


def test_serve_answers_before_and_after_its_first_build(tmp_path: Path) -> None:
    site = _built(tmp_path)
    with serving(site) as running:
        running.wait_for(r"^Serving .*, the last build's pages until this one is done$")
        answer = fetch(running.url, "/2026/01/bonjour/")
        assert answer.status == 200
        assert _canonical(answer.body) == running.url + "2026/01/bonjour/"
        running.wait_for_output(r"^Built \d+ pages")
        after = fetch(running.url, "/2026/01/bonjour/")
        assert after.status == 200
        assert _canonical(after.body) == running.url + "2026/01/bonjour/"
