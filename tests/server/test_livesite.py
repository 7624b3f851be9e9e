"""What each open page is told after a rebuild, and what survives a failed one."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import sitegen.markdown.bodies
from sitegen.build import Build
from sitegen.markdown.renderer import render_markdown
from sitegen.model import Document, OutputFile, Rendered
from sitegen.project.errors import Diagnostic, Problems
from sitegen.server.livesite import LiveSite
from sitegen.state.cache import CACHE_FOLDER, StageCache
from tests.conftest import DEFAULT_CONFIG, parse_html, post, text_of, write_files

Site = Callable[..., Path]
POST = "content/posts/2026-01-15-bonjour.md"
INDEXING = 60.0
"""Seconds Pagefind may take on a site of one post, on a busy machine."""
OTHER = "content/posts/2026-01-16-autre.md"
PAGE = "2026/01/bonjour/index.html"


def live_site(make_site: Site) -> tuple[Path, LiveSite]:
    """A served site without search: each rebuild is one piece of news, its pages'."""
    files = {POST: post("Bonjour"), OTHER: post("Autre", date="2026-01-16")}
    site = make_site(files, config=DEFAULT_CONFIG + "search: false\n")
    live = LiveSite(site, {})
    assert live.rebuild()
    return site, live


def test_the_news_lists_the_pages_whose_html_changed(make_site: Site) -> None:
    site, live = live_site(make_site)
    (site / OTHER).write_text(post("Autre", date="2026-01-16", body="Neuf."), encoding="utf-8")
    assert live.rebuild()
    news = live.news()
    assert news["build"] == 2 and news["errors"] == [] and not news["css_only"]
    assert "2026/01/autre/index.html" in news["changed"]
    assert PAGE not in news["changed"]


def test_a_stylesheet_change_is_news_for_css_only(make_site: Site) -> None:
    site, live = live_site(make_site)
    (site / "static/css").mkdir(parents=True)
    (site / "static/css/extra.css").write_text("body { color: red }", encoding="utf-8")
    assert live.rebuild()
    assert live.news()["changed"] == ["css/extra.css"]
    assert live.news()["css_only"] is True


def test_a_change_too_large_to_list_says_so(
    make_site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, live = live_site(make_site)
    monkeypatch.setattr("sitegen.server.livesite.MAX_LISTED_CHANGES", 3)
    config = (site / "sitegen.yaml").read_text(encoding="utf-8")
    (site / "sitegen.yaml").write_text(config.replace("Blog de test", "Autre nom"), "utf-8")
    assert live.rebuild()
    assert len(live.changed) > 3
    assert live.news()["changed"] is None


def test_a_failed_build_keeps_the_last_good_site_and_reports(
    make_site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site, live = live_site(make_site)
    good = dict(live.snapshot.files)  # type: ignore[union-attr]
    (site / POST).write_text("---\ntitle: a: b\n---\n", encoding="utf-8")
    assert not live.rebuild()
    assert live.snapshot.files == good  # type: ignore[union-attr]
    news = live.news()
    assert news["build"] == 1
    assert news["errors"][0].startswith(f"{POST}:2:")
    assert not live.rebuild()  # the same error again: the terminal is told once
    assert capsys.readouterr().err.count(f"{POST}:2:") == 1
    (site / POST).write_text(post("Bonjour", body="Réparé."), encoding="utf-8")
    assert live.rebuild()
    assert live.errors == ()
    assert b"R\xc3\xa9par\xc3\xa9" in live.snapshot.files[PAGE]  # type: ignore[union-attr]


def test_unchanged_bodies_are_not_rendered_again(
    make_site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, live = live_site(make_site)
    rendered: list[str] = []

    def recorded(doc: Document, *rest: Any) -> tuple[Rendered, list[Diagnostic]]:
        rendered.append(doc.source.rel)
        return render_markdown(doc, *rest)

    monkeypatch.setattr(sitegen.markdown.bodies, "render_markdown", recorded)
    (site / POST).write_text(post("Bonjour", body="Modifié."), encoding="utf-8")
    assert live.rebuild()
    assert rendered == [POST]


def test_serve_after_a_build_renders_no_body_again_and_leaves_the_state_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        "sitegen.yaml": DEFAULT_CONFIG + "search: false\n",
        POST: post("Bonjour"),
        OTHER: post("Autre", date="2026-01-16"),
    }
    site, fresh = tmp_path / "construit", tmp_path / "neuf"
    write_files(site, files)
    write_files(fresh, files)
    Build(site, Problems()).write()
    state = {p: p.read_bytes() for p in (site / CACHE_FOLDER).iterdir() if p.is_file()}
    rendered: list[str] = []

    def recorded(doc: Document, *rest: Any) -> tuple[Rendered, list[Diagnostic]]:
        rendered.append(doc.source.rel)
        return render_markdown(doc, *rest)

    monkeypatch.setattr(sitegen.markdown.bodies, "render_markdown", recorded)
    served = LiveSite(site, {"base_url": "http://127.0.0.1:8000/", "drafts": True})
    assert served.rebuild()
    assert rendered == []
    assert {p: p.read_bytes() for p in (site / CACHE_FOLDER).iterdir() if p.is_file()} == state
    (site / POST).write_text(post("Bonjour", body="Modifié."), encoding="utf-8")
    assert served.rebuild()
    assert rendered == [POST]
    (fresh / POST).write_text(post("Bonjour", body="Modifié."), encoding="utf-8")
    from_nothing = LiveSite(fresh, {"base_url": "http://127.0.0.1:8000/", "drafts": True})
    assert from_nothing.rebuild()
    assert served.snapshot is not None and from_nothing.snapshot is not None
    assert served.snapshot.files == from_nothing.snapshot.files


def _search_index(live: LiveSite) -> dict[str, bytes]:
    assert live.snapshot is not None
    return {p: data for p, data in live.snapshot.files.items() if p.startswith("pagefind/")}


def _searchable(make_site: Site) -> tuple[Path, LiveSite]:
    site = make_site({POST: post("Bonjour")}, config=DEFAULT_CONFIG + "search: true\n")
    live = LiveSite(site, {})
    assert live.rebuild()
    assert "pagefind/pagefind-ui.js" in _search_index(live)
    return site, live


def test_a_saved_post_is_served_before_the_search_index_is_made_again(
    make_site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, live = _searchable(make_site)
    first_index = _search_index(live)
    served: list[tuple[int, bytes, dict[str, bytes]]] = []
    make_index = Build.index

    def index(build: Build, files: list[OutputFile], cache: StageCache | None = None) -> Any:
        assert live.snapshot is not None  # what a reader gets while the index is made
        served.append((live.generation, live.snapshot.files[PAGE], _search_index(live)))
        return make_index(build, files, cache)

    monkeypatch.setattr(Build, "index", index)
    before = live.generation
    (site / POST).write_text(post("Bonjour", body="Le zéphyr souffle."), encoding="utf-8")
    assert live.rebuild()
    assert live.wait(before + 1, INDEXING) == before + 2, "no new index"
    [(told, page, index_meanwhile)] = served
    assert told == before + 1  # the browsers were told of the new page
    assert "zéphyr" in text_of(parse_html(page))
    assert index_meanwhile == first_index  # the last index still answers searches
    new_index = _search_index(live)
    assert new_index.keys() >= {"pagefind/pagefind-ui.js", "pagefind/fr-2026/pagefind-entry.json"}
    assert new_index != first_index
    changed = live.news()["changed"]
    assert changed and all(path.startswith("pagefind/") for path in changed)


def test_a_save_while_an_index_is_made_waits_for_nothing(
    make_site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, live = _searchable(make_site)
    held, release = threading.Event(), threading.Event()
    made: list[tuple[str, tuple[OutputFile, ...]]] = []
    make_index = Build.index

    def index(build: Build, files: list[OutputFile], cache: StageCache | None = None) -> Any:
        held.set()
        assert release.wait(INDEXING)
        page = next(f.data for f in files if f.path == PAGE)
        made.append((text_of(parse_html(page)), make_index(build, files, cache)))
        return made[-1][1]

    monkeypatch.setattr(Build, "index", index)
    (site / POST).write_text(post("Bonjour", body="Premier jet."), encoding="utf-8")
    assert live.rebuild()
    assert held.wait(INDEXING)  # the first save's index is being made…
    (site / POST).write_text(post("Bonjour", body="Second jet."), encoding="utf-8")
    assert live.rebuild()  # …and the next save is built and served meanwhile
    assert live.snapshot is not None
    assert "Second jet" in text_of(parse_html(live.snapshot.files[PAGE]))
    seen = live.generation
    release.set()
    assert live.wait(seen, INDEXING) > seen, "no new index"
    *_, (newest_text, newest_index) = made
    assert "Second jet" in newest_text  # the index in the end is the newest pages'
    assert _search_index(live) == {f.path: f.data for f in newest_index}


def test_a_server_stopped_while_its_index_is_made_says_nothing_of_it(
    make_site: Site, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site, live = _searchable(make_site)
    held, release = threading.Event(), threading.Event()
    threads: list[threading.Thread] = []
    make_index = Build.index

    def index(build: Build, files: list[OutputFile], cache: StageCache | None = None) -> Any:
        threads.append(threading.current_thread())
        held.set()
        assert release.wait(INDEXING)
        return make_index(build, files, cache)  # its pages are gone by then

    monkeypatch.setattr(Build, "index", index)
    (site / POST).write_text(post("Bonjour", body="Dernier jet."), encoding="utf-8")
    assert live.rebuild()
    assert held.wait(INDEXING)
    seen = live.generation
    live.close()
    release.set()
    [thread] = threads
    thread.join(INDEXING)
    assert not thread.is_alive()
    assert live.generation == seen and live.errors == ()
    assert "error" not in capsys.readouterr().err


def test_an_originals_new_title_reaches_its_translations_page(make_site: Site) -> None:
    """The site's shape and the page keys a rebuild keeps while no front matter changed are
    dropped as soon as one does: a translation's notice names its original by its title."""
    en = "content/posts/2026-01-15-bonjour.en.md"
    site, live = live_site(make_site)
    write_files(site, {en: post("Hello", translated="{from: fr}")})
    assert live.rebuild()
    (site / POST).write_text(post("Bonjour", body="Un autre texte."), encoding="utf-8")
    assert live.rebuild()
    (site / POST).write_text(post("Bonjour, encore", body="Un autre."), encoding="utf-8")
    assert live.rebuild()
    served = live.snapshot.files  # type: ignore[union-attr]
    Build(site, Problems(), output_dir=site / "fresh").write(use_cache=False)
    for path in (PAGE, "en/2026/01/bonjour/index.html", "index.html"):
        assert served[path] == (site / "fresh" / path).read_bytes(), path
    notice = parse_html(served["en/2026/01/bonjour/index.html"])
    assert "Bonjour, encore" in text_of(notice)


def test_a_catalog_word_reaches_the_bodies_that_show_it(make_site: Site) -> None:
    """A catalog edit changes no front matter (the site's shape stands) but the bodies that
    show its words: the footnotes' title of a post is the new one."""
    site, live = live_site(make_site)
    (site / POST).write_text(post("Bonjour", body="Un mot[^1].\n\n[^1]: Une note."), "utf-8")
    write_files(site, {"templates/i18n/fr.yaml": "footnotes_title: Notes\n"})
    assert live.rebuild()
    write_files(site, {"templates/i18n/fr.yaml": "footnotes_title: Remarques\n"})
    assert live.rebuild()
    served = live.snapshot.files  # type: ignore[union-attr]
    Build(site, Problems(), output_dir=site / "fresh").write(use_cache=False)
    assert served[PAGE] == (site / "fresh" / PAGE).read_bytes()
    assert "Remarques" in text_of(parse_html(served[PAGE]))
