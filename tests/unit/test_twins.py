"""Markdown twins of many posts are converted on every core, to the same text."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from sitegen.markdown.bodies import PARALLEL_FROM
from sitegen.publish.twinmarkdown import body_markdown
from sitegen.publish.twins import bodies_markdown
from tests.conftest import DEFAULT_CONFIG, elements, fragment, write_files

POST = "---\ntitle: Un billet\n---\n\nUn texte écrit à la main.\n"


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
    [link] = elements(fragment(MarkdownIt("commonmark").render(body_markdown(html))), "//a")
    # The browser trims the address and drops its line breaks; its inner spaces stay.
    assert link.get("href") == "/fichiers/mon%20compte%20rendu%20%28v2%29.pdf"


def test_a_blog_without_twins_never_loads_their_converter(tmp_path: Path) -> None:
    """The converter and BeautifulSoup cost every build's start-up; only `llms_txt` needs them."""
    site = tmp_path / "site"
    write_files(site, {"sitegen.yaml": DEFAULT_CONFIG, "content/posts/2026-03-01-a.md": POST})
    script = (
        "import sys\n"
        "from sitegen.cli.main import main\n"
        f"code = main(['build', '--source', {str(site)!r}, '-q'])\n"
        "print(code, sorted(m for m in ('bs4', 'markdownify') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert result.stdout.split() == ["0", "[]"], result.stderr
    assert (site / "public/2026/03/a/index.html").is_file()
