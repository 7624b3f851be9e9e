"""A bug of sitegen's, should one still happen: it names the file (and line) it met, exits 3,
says how to report it, and the dev server shows it like any other error and keeps serving.

Every known crash is fixed, so the bugs here are planted: a Markdown rule, the front-matter
reader or a whole stage is replaced by one that fails on a marked input.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from markdown_it.rules_core import StateCore

import sitegen.content.frontmatter
import sitegen.content.schema
import sitegen.markdown.renderer
from sitegen.cli.main import main
from sitegen.model import SourceFile
from sitegen.server.livesite import LiveSite
from tests.conftest import elements, parse_html, post, text_of

Site = Callable[..., Path]
GOOD = "content/posts/2026-01-15-bonjour.md"
BAD = "content/posts/2026-01-16-panne.md"
WORSE = "content/posts/2026-01-17-autre-panne.md"
MARK = "BOUM"
# Front matter of `post()`: `---`, title, date, `---`, a blank line; the body starts at line 6.
BODY_LINE = 6


def _failing_rule(state: StateCore) -> None:
    for token in state.tokens:
        if token.type == "inline" and MARK in token.content:
            raise ValueError("planted bug")


@pytest.fixture
def buggy_markdown(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The dialogue rule fails on any paragraph holding MARK."""
    sitegen.markdown.renderer.markdown_parser.cache_clear()
    monkeypatch.setattr(sitegen.markdown.renderer, "dialogue_rule", _failing_rule)
    yield
    sitegen.markdown.renderer.markdown_parser.cache_clear()


def _site(make_site: Site) -> Path:
    return make_site(
        {
            GOOD: post("Bonjour"),
            BAD: post("Panne", date="2026-01-16", body=f"Un.\n\nDeux {MARK}."),
            WORSE: post("Autre", date="2026-01-17", body=f"{MARK} d’emblée."),
        }
    )


def _build(site: Path, *flags: str) -> int:
    return main(["build", "--source", str(site), *flags])


def test_a_bug_in_a_markdown_rule_names_each_file_and_line_and_exits_3(
    make_site: Site, buggy_markdown: None, capsys: pytest.CaptureFixture[str]
) -> None:
    site = _site(make_site)
    assert _build(site) == 3
    err = capsys.readouterr().err
    lines = err.splitlines()
    bad, worse = (str(site / rel) for rel in (BAD, WORSE))
    assert any(
        line.startswith(f"{bad}:{BODY_LINE + 2}:1: internal error: ValueError: planted bug")
        for line in lines
    ), err
    assert any(line.startswith(f"{worse}:{BODY_LINE}:1: internal error") for line in lines), err
    assert any("please report it" in line and "--debug" in line for line in lines), err
    assert "Traceback" not in err
    assert lines[-1].endswith("(exit 3); the previous output was left untouched.")


def test_debug_shows_the_traceback_of_the_bug(
    make_site: Site, buggy_markdown: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _build(_site(make_site), "--debug") == 3
    err = capsys.readouterr().err
    assert "Traceback" in err and "_failing_rule" in err


def test_a_failed_body_is_not_cached_and_the_previous_site_stays(
    make_site: Site, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site({GOOD: post("Bonjour", body=f"Texte {MARK}.")})
    assert _build(site) == 0
    page = site / "public/2026/01/bonjour/index.html"
    before = page.read_bytes()
    sitegen.markdown.renderer.markdown_parser.cache_clear()
    monkeypatch.setattr(sitegen.markdown.renderer, "dialogue_rule", _failing_rule)
    (site / GOOD).write_text(post("Bonjour", body=f"Autre texte {MARK}."), encoding="utf-8")
    assert _build(site) == 3
    assert page.read_bytes() == before
    monkeypatch.undo()
    sitegen.markdown.renderer.markdown_parser.cache_clear()
    capsys.readouterr()
    assert _build(site) == 0
    article = elements(parse_html(page), "//main//article")[0]
    assert f"Autre texte {MARK}." in text_of(article)


def test_a_bug_reading_front_matter_names_the_file(
    make_site: Site, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site = _site(make_site)
    real = sitegen.content.schema.validate

    def failing(source: SourceFile, *args: Any) -> Any:
        if source.rel in (BAD, WORSE):
            raise KeyError("planted")
        return real(source, *args)

    monkeypatch.setattr(sitegen.content.frontmatter, "validate", failing)
    assert _build(site, "--no-cache") == 3
    lines = capsys.readouterr().err.splitlines()
    for rel in (BAD, WORSE):
        assert f"{site / rel}: internal error: KeyError: 'planted'" in lines


def test_a_bug_in_a_stage_says_which_stage_and_exits_3(
    make_site: Site, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def failing(*args: object) -> None:
        raise RuntimeError("planted")

    monkeypatch.setattr("sitegen.site.lastsite.assembled", failing)
    assert _build(make_site({GOOD: post("Bonjour")})) == 3
    err = capsys.readouterr().err
    assert "sitegen: internal error (in the assemble stage): RuntimeError: planted" in err
    assert "please report it" in err and "Traceback" not in err


def test_the_dev_server_shows_a_bug_and_keeps_serving(
    make_site: Site, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site({GOOD: post("Bonjour"), BAD: post("Panne", date="2026-01-16")})
    live = LiveSite(site, {})
    assert live.rebuild()
    served = live.snapshot
    sitegen.markdown.renderer.markdown_parser.cache_clear()
    monkeypatch.setattr(sitegen.markdown.renderer, "dialogue_rule", _failing_rule)
    try:
        (site / BAD).write_text(post("Panne", date="2026-01-16", body=MARK), encoding="utf-8")
        assert not live.rebuild()
        assert live.snapshot is served
        assert any(
            e.startswith(f"{BAD}:{BODY_LINE}:1: internal error: ValueError")
            for e in live.news()["errors"]
        )
        monkeypatch.setattr("sitegen.site.lastsite.assembled", lambda *a: 1 / 0)
        (site / BAD).write_text(post("Panne", date="2026-01-16"), encoding="utf-8")
        assert not live.rebuild()
        assert live.news()["errors"][0].startswith(
            "internal error (in the assemble stage): ZeroDivisionError"
        )
        assert live.snapshot is served
        monkeypatch.undo()
        sitegen.markdown.renderer.markdown_parser.cache_clear()
        assert live.rebuild()
        assert live.news()["errors"] == []
    finally:
        sitegen.markdown.renderer.markdown_parser.cache_clear()
    assert "Build failed; still serving the last good site." in capsys.readouterr().err
