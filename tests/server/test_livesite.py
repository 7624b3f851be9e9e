"""What each open page is told after a rebuild, and what survives a failed one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import sitegen.markdown.bodies
from sitegen.markdown.renderer import render_markdown
from sitegen.model import Document, Rendered
from sitegen.project.errors import Diagnostic
from sitegen.server.livesite import LiveSite
from tests.conftest import post

Site = Callable[..., Path]
POST = "content/posts/2026-01-15-bonjour.md"
OTHER = "content/posts/2026-01-16-autre.md"
PAGE = "2026/01/bonjour/index.html"


def live_site(make_site: Site) -> tuple[Path, LiveSite]:
    site = make_site({POST: post("Bonjour"), OTHER: post("Autre", date="2026-01-16")})
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
