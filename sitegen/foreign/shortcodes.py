"""Hugo's shortcodes in a post's body: the common ones (`figure`, `highlight`, `ref`,
`relref`, `youtube`) become Markdown or HTML, the others stay visible with a warning."""

from __future__ import annotations

import re
import shlex
from html import escape

from markdown_it import MarkdownIt

from sitegen.foreign.markup import Markup

_SHORTCODE = re.compile(
    r"\{\{(?P<open>[<%])\s*/\*(?P<comment>.*?)\*/\s*(?P=open)?[>%]\}\}"
    r"|\{\{(?P<kind>[<%])\s*(?P<closing>/)?\s*(?P<name>[\w./-]+)(?P<args>.*?)\s*[>%]\}\}",
    re.DOTALL,
)
_CAPTION = MarkdownIt("commonmark", {"html": False})
_VIDEO = {"fr": "Voir la vidéo sur YouTube", "en": "Watch the video on YouTube"}


def translate_shortcodes(markup: Markup) -> str:
    """The body with its shortcodes made Markdown or HTML."""
    return _SHORTCODE.sub(lambda match: _shortcode(markup, match), markup.body)


def _shortcode(markup: Markup, match: re.Match[str]) -> str:
    if match.group("comment") is not None:
        # `{{</* figure */>}}` is how Hugo shows a shortcode as text.
        kind = match.group("open")
        close = ">" if kind == "<" else "%"
        return f"{{{{{kind}{match.group('comment')}{close}}}}}"
    name = match.group("name")
    if name == "highlight":
        if match.group("closing"):
            return "```"
        return "```" + next(iter(_arguments(match.group("args"))[0]), "")
    if match.group("closing"):
        return _unsupported(markup, match)
    positional, named = _arguments(match.group("args"))
    if name == "figure":
        return _figure(markup, named)
    if name in ("ref", "relref"):
        target = named.get("path") or next(iter(positional), "")
        url = markup.resolve(target, match.start(), f"{{{{< {name} >}}}}")
        return markup.site_path(url, match.start()) if url else match.group(0)
    if name == "youtube":
        video = named.get("id") or next(iter(positional), "")
        if video:
            text = named.get("title") or _VIDEO.get(markup.doc.meta.lang, _VIDEO["en"])
            return f"[{text}](https://www.youtube.com/watch?v={video})"
    return _unsupported(markup, match)


def _arguments(text: str) -> tuple[list[str], dict[str, str]]:
    """`go "linenos=table"` or `src="a.png" alt="Un schéma"` -> positional and named."""
    try:
        words = shlex.split(text)
    except ValueError:
        words = text.split()
    positional = [w for w in words if "=" not in w or w.startswith(("http:", "https:"))]
    named = dict(w.split("=", 1) for w in words if w not in positional)
    return positional, named


def _figure(markup: Markup, named: dict[str, str]) -> str:
    src = named.get("src", "")
    if src.startswith("/"):
        src = markup.urls(src)
    alt = named.get("alt") or named.get("caption") or named.get("title") or ""
    image = f'<img src="{escape(src)}" alt="{escape(alt)}" loading="lazy">'
    link = named.get("link", "")
    if link:
        image = (
            f'<a href="{escape(markup.urls(link) if link.startswith("/") else link)}">{image}</a>'
        )
    caption = " ".join(filter(None, (named.get("title"), named.get("caption"))))
    # Hugo renders a caption's Markdown (`Une *belle* image`); raw HTML in it stays text.
    shown = f"<figcaption>{_CAPTION.renderInline(caption)}</figcaption>" if caption else ""
    return f"<figure>{image}{shown}</figure>"


def _unsupported(markup: Markup, match: re.Match[str]) -> str:
    shown = " ".join(match.group(0).split())
    markup.warn(
        match.start(),
        f"Hugo shortcode `{shown}` is not supported: left as it is",
        "write the HTML or Markdown it stood for",
    )
    return markup.left_visible(match.start(), match.group(0))
