"""The dev server makes again only the post pages around an edited text, and every page it
serves is still the one a build from nothing makes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sitegen.build import Build
from sitegen.model import Entry, OutputFile
from sitegen.project.errors import Problems
from sitegen.publish import postpages, postworkers
from sitegen.server.livesite import LiveSite
from tests.conftest import DEFAULT_CONFIG, parse_html, post, text_of

Site = Callable[..., Path]
DAYS = ("10", "11", "12", "13", "14")
TAGS = {"10": "[ia]", "11": "[autre]", "12": "[ia]", "13": "[ia]", "14": "[autre]"}
NEIGHBOURS = (
    '{% extends "base.html" %}{% block main %}<h1>{{ page.title }}</h1>{{ page.content }}'
    '{% for p in [newer, older] if p %}<p class="voisin">{{ p.title }} : {{ p.words }} mots</p>'
    '{% endfor %}{% for p in related %}<div class="lie">{{ p.summary }}</div>{% endfor %}'
    "{% endblock %}\n"
)
"""A post page that shows its neighbours' and related posts' texts, as a theme may."""


def _served(make_site: Site) -> tuple[Path, LiveSite]:
    files = {
        f"content/posts/2026-03-{day}-billet-{day}.md": post(
            f"Billet {day}", date=f"2026-03-{day}", body=f"Texte {day}.", tags=TAGS[day]
        )
        for day in DAYS
    }
    files["templates/post.html"] = NEIGHBOURS
    site = make_site(files, config=DEFAULT_CONFIG + "search: false\n")
    live = LiveSite(site, {})
    assert live.rebuild()
    return site, live


def _fresh(site: Path) -> dict[str, bytes]:
    return {f.path: f.data for f in Build(site, Problems()).generate()}


def _made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The posts whose page is made from now on (the others are taken as they were)."""
    made: list[str] = []
    original = postpages.PostPages._post_at

    def recorded(
        self: postpages.PostPages, posts: tuple[Entry, ...], related: postworkers.Related, i: int
    ) -> Iterator[OutputFile]:
        made.append(posts[i].meta.title)
        return original(self, posts, related, i)

    monkeypatch.setattr(postpages.PostPages, "_post_at", recorded)
    return made


def test_an_edited_text_reaches_the_pages_around_its_post(
    make_site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, live = _served(make_site)
    made = _made(monkeypatch)
    edited = site / "content/posts/2026-03-12-billet-12.md"
    longer = "Un texte bien plus long, de onze mots en tout ici."
    edited.write_text(post("Billet 12", date="2026-03-12", body=longer, tags="[ia]"), "utf-8")
    assert live.rebuild()
    made_by_the_server = list(made)
    assert live.snapshot is not None
    assert live.snapshot.files == _fresh(site)
    newer = parse_html(live.snapshot.files["2026/03/billet-13/index.html"])
    assert "Billet 12 : 11 mots" in [text_of(p) for p in newer.iter("p")]
    related = parse_html(live.snapshot.files["2026/03/billet-10/index.html"])
    assert longer in [text_of(d) for d in related.iter("div")]
    # Its page, its neighbours' (11, 13), those listing it as related (10, 13); not 14's.
    assert sorted(made_by_the_server) == ["Billet 10", "Billet 11", "Billet 12", "Billet 13"]


def test_a_post_page_template_changed_makes_every_post_page_again(
    make_site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, live = _served(make_site)
    made = _made(monkeypatch)
    (site / "templates/post.html").write_text(NEIGHBOURS.replace("mots", "mots QA"), "utf-8")
    assert live.rebuild()
    assert sorted(made) == sorted(f"Billet {day}" for day in DAYS)
    assert live.snapshot is not None
    assert live.snapshot.files == _fresh(site)


def test_nothing_edited_makes_no_post_page_and_says_the_same_warnings(
    make_site: Site, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site, live = _served(make_site)
    generated = site / "content/posts/2026-03-11-billet-11.md"
    body = post("Billet 11", date="2026-03-11", body="Texte 11.", tags="[ia]", generated="true")
    generated.write_text(body, "utf-8")
    assert live.rebuild()
    first = capsys.readouterr().err
    assert "does not show this post's `generated` disclosure" in first
    made = _made(monkeypatch)
    (site / "content/posts/2026-03-14-billet-14.md").touch()
    assert live.rebuild()
    assert made == []
    again = capsys.readouterr().err
    assert [line for line in again.splitlines() if "disclosure" in line] == [
        line for line in first.splitlines() if "disclosure" in line
    ]
