"""Any imported page makes a post that runs no script.

A page is built from hostile pieces: tags that run script (`<script>`, `<svg><script>`,
`<iframe srcdoc>`, `<base>`, `<meta http-equiv>`, `<form action>`, `on*` attributes,
`style`, a formula's `\\href`), addresses with `)`, `<`, `>`, backticks and `javascript:`
in mixed case, with entities or blanks, text with backticks, fences, escapes and entities,
inside links, code, code blocks, tables, lists, quotes and headings. It is read as a saved
web page, a Markdown file or a text file by `article_draft`, as `sitegen import article`
reads it, and the draft's body is rendered as a build renders a post: nothing in the HTML
may run script (`script_runners`), and the front matter links only to web addresses. A
page read as HTML or text is escaped, not sanitized: its Markdown holds no raw HTML at all.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st
from lxml import etree

from sitegen.importers.article import article_draft
from sitegen.markdown.renderer import plugins_parser
from sitegen.project.errors import ContentError
from tests.conftest import fragment, render, script_runners

ALERT = "alert(1)"
SCHEMES = st.sampled_from(
    [
        "javascript:",
        "JaVaScRiPt:",
        "jav&#x61;script:",
        "&#106;avascript:",
        " \t javascript:",
        "java\nscript:",
        "java&#9;script:",
        "\x01javascript:",
        "vbscript:",
        "data:text/html,",
        "data:image/svg+xml,",
        "https://exemple.fr/a) <img src=x onerror=alert(1)> (",
        "https://exemple.fr/a`b`<",
        "https://exemple.fr/|a\\",
        "https://exemple.fr/",
    ]
)
TEXTS = st.sampled_from(
    [
        "Du texte. ",
        "`",
        "``",
        "```",
        "~~~",
        "\n```\n",
        "\n\n",
        "\\",
        "<",
        ">",
        "&lt;img src=x onerror=alert(1)&gt;",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&amp;lt;",
        "&#60;",
        "[lien](javascript:alert(1))",
        "![i](data:image/svg+xml,x)",
        "<javascript:alert(1)>",
        "{onclick=alert(1)}",
        "$x$",
        "$\\href{javascript:alert(1)}{x}$",
        "$\\style{background:url(javascript:alert(1))}{x}$",
        "|",
        "*",
        "_",
        "[",
        "]",
        "(",
        ")",
        "!",
        "https://exemple.fr/x",
        "ftp://exemple.fr/y",
        "<!--",
        "-->",
        "--!>",
        "<![CDATA[",
        "\n- ",
        "\n> ",
        "\n# ",
        "\n    ",
        "\n\nSource : ",
        "\n\nVoir aussi :\n",
    ]
)


def _attribute(name: str, value: str) -> str:
    """`name="value"`, the value's entities left for the page's parser to decode."""
    return f'{name}="{value.replace(chr(34), "&quot;")}"'


def _script_tags(addresses: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.just(f"<img src=x onerror={ALERT}>"),
        st.just(f"<svg><script>{ALERT}</script></svg>"),
        st.just(f"<svg><a xlink:href='javascript:{ALERT}'><text>x</text></a></svg>"),
        st.just(f"<iframe srcdoc='<script>{ALERT}</script>'></iframe>"),
        st.just(f"<style>*{{background:url(javascript:{ALERT})}}</style>"),
        st.just(f"<script>{ALERT}</script>"),
        st.just(f"<math><mtext><table><mglyph><style><img src=x onerror={ALERT}>"),
        st.just(f"<p style='x:expression({ALERT})' onmouseover='{ALERT}'>p</p>"),
        addresses.map(lambda a: f"<base {_attribute('href', a)}>"),
        addresses.map(lambda a: f"<meta http-equiv=refresh {_attribute('content', '0;url=' + a)}>"),
        addresses.map(lambda a: f"<form {_attribute('action', a)}><button>b</button></form>"),
        addresses.map(lambda a: f"<button {_attribute('formaction', a)}>b</button>"),
        addresses.map(lambda a: f"<object {_attribute('data', a)}></object>"),
        addresses.map(lambda a: f"<embed {_attribute('src', a)}>"),
        addresses.map(lambda a: f"<img {_attribute('src', a)}>"),
    )


ADDRESSES = st.tuples(SCHEMES, st.sampled_from(["", ALERT, "x//%0a" + ALERT])).map("".join)
LEAVES = st.one_of(
    TEXTS.map(html.escape),  # text that reads as hostile once unescaped
    TEXTS,  # the same, as raw HTML
    _script_tags(ADDRESSES),
)


def _wrapped(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    tags = st.sampled_from(
        ["p", "code", "pre", "strong", "em", "h2", "blockquote", "li", "td", "div", "figure"]
    )

    def wrap(tag: str, content: str) -> str:
        if tag == "li":
            return f"<ul><li>{content}</li></ul>"
        if tag == "td":
            return f"<table><tr><th>a</th></tr><tr><td>{content}</td></tr></table>"
        if tag == "div":
            return f"<div>{content}<br>{content}</div>"
        return f"<{tag}>{content}</{tag}>"

    links = st.tuples(ADDRESSES, inner).map(lambda p: f"<a {_attribute('href', p[0])}>{p[1]}</a>")
    wrapped = st.builds(wrap, tags, inner)
    return st.one_of(links, wrapped, st.lists(inner, min_size=2, max_size=4).map("".join))


_MARKDOWN = plugins_parser().disable("anchor")  # headings' anchors are not the page's HTML
PIECES = st.recursive(LEAVES, _wrapped, max_leaves=12)
KINDS = st.sampled_from(["article.html", "article.md", "article.txt"])


def _raw_html(body: str) -> list[str]:
    """The raw HTML Markdown reads in `body`."""
    tokens = _MARKDOWN.parse(body)
    inline = [child for token in tokens for child in token.children or []]
    return [t.content for t in tokens + inline if t.type in ("html_block", "html_inline")]


def _parsed(rendered: str) -> etree._Element:
    """The HTML as a browser parses it; control characters, which lxml cannot hold, read as
    the browser reads them: a form feed as a blank, any other as text."""
    rendered = re.sub(r"[\x00-\x08\x0b\x0e-\x1f\x7f]", "\ufffd", rendered.replace("\x0c", " "))
    return fragment(rendered)


@given(st.lists(PIECES, min_size=1, max_size=6), KINDS)
@example(["<p>https://exemple.fr/x<code>&lt;img src=x onerror=alert(1)&gt;</code></p>"], "a.html")
@example(["https://exemple.fr/x\\<img src=x onerror=alert(1)>"], "article.txt")
def test_no_imported_page_runs_script(pieces: list[str], name: str) -> None:
    text = "\n".join(pieces)
    if name.endswith(".html"):
        text = f"<html><body><article><h1>Titre</h1>{text}</article></body></html>"
    try:
        draft = article_draft(Path(name), text, "fr", "Titre", None, None)
    except ContentError:  # nothing of the article left: no post
        return
    if not name.endswith(".md"):  # text, escaped: Markdown reads no HTML in it at all
        assert _raw_html(draft.body) == [], draft.body
    rendered, _ = render(draft.body)
    assert script_runners(_parsed(rendered.html)) == [], draft.body
    assert script_runners(_parsed(rendered.summary_html)) == [], draft.body
    for key in ("sources", "see_also"):
        for entry in draft.meta.get(key, []):
            assert entry.get("url", "https://").startswith(("https://", "http://")), entry
