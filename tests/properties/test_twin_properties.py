"""A Markdown twin never carries anything that runs script, whatever its page holds: shown by
a Markdown viewer that passes raw HTML through and follows any link (the most trusting one),
then read as a browser reads the result."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from sitegen.publish.twinmarkdown import body_markdown
from sitegen.publish.twins import one_line
from tests.conftest import elements, fragment, render, script_runners
from tests.properties.strategies import MARKDOWN

# Each piece is something a page's body may hold, hostile or not; an attribute's value and an
# element's text are drawn from the same pieces, so markup ends up where it should not.
PAYLOADS = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&lt;img src=x onerror=alert(1)&gt;",
        "[x](javascript:alert(1))",
        "<javascript:alert(1)>",
        "](javascript:alert(1))",
        "`",
        "```",
        "~~~",
        "\n```\n",
        "\n    ",
        "\\",
        '"',
        "'",
        ")",
        "]",
        "[",
        "<",
        "&",
        "\n\n",
        "\n- ",
        "\n> ",
        "\n# ",
        "\n1. ",
        "$",
        "texte ordinaire",
        "java\tscript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "https://example.org/a(b)c",
        "/blog/ok/",
    ]
)
TEXT = st.lists(PAYLOADS, max_size=5).map("".join)


@st.composite
def _element(draw: st.DrawFn) -> str:
    value = draw(TEXT).replace('"', "&quot;")
    inner = draw(TEXT).replace("<", "&lt;") if draw(st.booleans()) else draw(TEXT)
    shapes = [
        f'<a href="{value}">{inner}</a>',
        f'<img src="{value}" alt="{value}">',
        f"<pre><code>{inner}</code></pre>",
        f"<code>{inner}</code>",
        f'<math alttext="{value}" display="block"><mi>x</mi></math>',
        f'<math alttext="{value}"><mi>x</mi></math>',
        f'<figure class="generated-passage"><figcaption>{inner}</figcaption>'
        f"<blockquote><p>{inner}</p></blockquote></figure>",
        f'<video src="{value}" poster="{value}">{inner}</video>',
        f'<iframe src="{value}"></iframe>',
        f'<p onclick="{value}">{inner}</p>',
        f"<table><tr><th>{inner}</th></tr><tr><td>{inner}</td></tr></table>",
        f"<h2>{inner}</h2>",
        f"<ul><li>{inner}</li></ul>",
        f"<blockquote>{inner}</blockquote>",
        f"<p>{inner}</p>",
        inner,
    ]
    return draw(st.sampled_from(shapes))


_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
HOSTILE_HTML = st.lists(_element(), min_size=1, max_size=6).map("".join)


def shown(markdown: str) -> list[str]:
    """What runs script once a trusting viewer shows the twin."""
    viewer = MarkdownIt("commonmark")
    viewer.validateLink = lambda url: True  # type: ignore[method-assign]  # follows javascript: links too
    # Control characters are only text to a browser, and lxml cannot hold them.
    return script_runners(fragment(_CONTROLS.sub("", viewer.render(markdown))))


@given(HOSTILE_HTML)
# Two code spans side by side: their backticks once joined and left the script outside both.
@example("<code>```</code><code>&lt;script>alert(1)&lt;/script></code>")
@example("<span><code>a`</code></span><code>&lt;img src=x onerror=alert(1)></code>")
def test_a_twin_of_hostile_html_runs_nothing(html: str) -> None:
    assert shown(body_markdown(html)) == []


@given(MARKDOWN)
def test_a_twin_of_any_body_runs_nothing(body: str) -> None:
    rendered, _ = render(body)
    assert shown(body_markdown(rendered.html)) == []


@given(TEXT)
def test_a_title_or_a_disclosure_stays_one_line_of_text(text: str) -> None:
    line = one_line(text)
    assert "\n" not in line
    assert shown(line) == []
    html = _CONTROLS.sub("", MarkdownIt("commonmark").render(f"# {line}" if line else ""))
    assert not elements(fragment(html), ".//*[not(self::h1)]")  # text only: no link, no mark
