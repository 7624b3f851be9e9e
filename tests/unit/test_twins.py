"""Markdown twins of many posts are converted on every core, to the same text."""

from __future__ import annotations

import pytest

from sitegen.bodies import PARALLEL_FROM
from sitegen.twins import bodies_markdown, body_markdown


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
