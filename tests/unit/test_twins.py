"""Markdown twins of many posts are converted on every core, to the same text."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from sitegen.bodies import PARALLEL_FROM
from sitegen.twins import bodies_markdown, body_markdown
from tests.conftest import fragment


def test_many_bodies_convert_in_parallel_to_what_one_process_writes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SITEGEN_JOBS", "2")
    bodies = [
        f'<h2 id="x">Partie {n} <a class="heading-anchor" aria-hidden="true" href="#x">#</a></h2>'
        f"<p>Texte <em>{n}</em> &lt;b&gt;</p><pre><code>print({n})</code></pre>"
        for n in range(PARALLEL_FROM + 6)
    ]
    assert bodies_markdown(bodies) == [body_markdown(body) for body in bodies]
    assert body_markdown(bodies[3]) == "## Partie 3\n\nTexte *3* \\<b\\>\n\n```\nprint(3)\n```"


def test_an_embedded_video_becomes_a_link_unless_its_address_runs_script() -> None:
    html = (
        '<iframe src="//www.youtube.com/embed/zz" title="La démo"></iframe>'
        '<video controls><source src="/v.mp4" type="video/mp4">Pas de vidéo</video>'
        '<p>Écouter <audio src="javascript:alert(1)">la version audio</audio></p>'
    )
    assert body_markdown(html).split("\n\n") == [
        "[La démo](//www.youtube.com/embed/zz)",
        "[/v.mp4](/v.mp4)",
        "Écouter la version audio",
    ]


def test_a_link_keeps_the_spaces_of_its_address_as_a_browser_follows_it() -> None:
    html = '<p><a href=" /fichiers/mon compte rendu (v2).pdf\n">le compte rendu</a></p>'
    [link] = fragment(MarkdownIt("commonmark").render(body_markdown(html))).xpath("//a")
    # The browser trims the address and drops its line breaks; its inner spaces stay.
    assert link.get("href") == "/fichiers/mon%20compte%20rendu%20%28v2%29.pdf"
