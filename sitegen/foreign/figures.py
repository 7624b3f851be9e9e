"""A figure as the other tool's figure markup wrote it (Hugo's `figure` shortcode, a Jekyll
theme's `figure` and `gallery` includes): images, an optional link, a caption in Markdown.

Every value comes from a post's parameters and reaches the page as HTML, so each is
escaped, and a caption's Markdown is rendered with raw HTML off: a caption is words."""

from __future__ import annotations

from html import escape

from markdown_it import MarkdownIt

from sitegen.foreign.markup import Markup

CAPTION = MarkdownIt("commonmark", {"html": False})
"""Inline Markdown written in a shortcode's or an include's parameter, raw HTML escaped."""


def image_html(src: str, alt: str, link: str = "", sizes: dict[str, str] | None = None) -> str:
    """`<img>` (inside a link to `link` when there is one); `src` and `link` are URLs."""
    extra = "".join(f' {key}="{escape(value)}"' for key, value in (sizes or {}).items())
    image = f'<img src="{escape(src)}" alt="{escape(alt)}"{extra} loading="lazy">'
    return f'<a href="{escape(link)}">{image}</a>' if link else image


def figure_html(markup: Markup, images: str, caption: str, css: str) -> str:
    """`<figure>` around `images` (HTML from `image_html`), with its caption's Markdown."""
    shown = f"<figcaption>{caption_html(markup, caption)}</figcaption>" if caption else ""
    classes = f' class="{escape(css)}"' if css.strip() else ""
    return f"<figure{classes}>{images}{shown}</figure>"


def caption_html(markup: Markup, caption: str) -> str:
    """A caption's Markdown as inline HTML; its links to the site get the base path, as
    the post's own links do."""
    tokens = CAPTION.parseInline(caption)
    for token in tokens:
        for child in token.children or []:
            href = child.attrGet("href")
            if child.type == "link_open" and isinstance(href, str) and href.startswith("/"):
                child.attrSet("href", markup.urls(href))
    return str(CAPTION.renderer.render(tokens, CAPTION.options, {}))
