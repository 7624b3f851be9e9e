"""Hugo's shortcodes in a post's body, `{{< … >}}` and `{{% … %}}` alike: the built-in ones
become Markdown or HTML (embeds as links, see embeds.py), a site's own paired ones keep
their text in an element named after them, a site's own single ones are done from their
template when it is plain HTML (see hugotemplates.py). Nothing of them is left for a reader
to see: what sitegen cannot follow goes, with a warning at its place."""

from __future__ import annotations

import re
import shlex
from html import escape
from typing import Any

from sitegen.foreign.code import code_regions, inline_code
from sitegen.foreign.embeds import embed_link
from sitegen.foreign.figures import CAPTION, figure_html, image_html
from sitegen.foreign.hugotemplates import own_paired, own_shortcode
from sitegen.foreign.leftovers import sweep
from sitegen.foreign.markup import Markup
from sitegen.settings.inputs import configuration

_SHORTCODE = re.compile(
    r"\{\{(?P<open>[<%])\s*/\*(?P<comment>(?:(?!\{\{[<%]\s*/\*).)*?)\*/\s*(?P=open)?[>%]\}\}"
    r"|\{\{(?P<kind>[<%])-?\s*(?P<closing>/)?\s*(?P<name>[\w./-]+)(?P<args>(?:\s*+(?!\{\{)\S)*?)\s*-?[>%]\}\}",
    re.DOTALL,
)
_EMBEDS = {"youtube": "youtube", "vimeo": "vimeo", "x": "x", "tweet": "x", "instagram": "instagram"}
_PAIRED_BUILT_IN = {"highlight", "comment", "details"}
_HINT = "write the HTML or Markdown it stood for"


def translate_shortcodes(markup: Markup) -> str:
    """The body with its shortcodes made Markdown or HTML."""
    body = markup.body
    matches = list(_SHORTCODE.finditer(body))
    closers = _closers(matches)
    matched = set(closers.values())
    wrappers: dict[int, str] = {}  # where a site's paired shortcode closes -> its closing HTML
    out: list[str] = []
    position = 0
    skip_to = 0
    for index, match in enumerate(matches):
        if match.start() < skip_to:
            continue
        out.append(body[position : match.start()])
        position = match.end()
        name = match.group("name")
        if name == "comment" and index in closers and not match.group("closing"):
            end = matches[closers[index]]
            out.append("\n" * body.count("\n", match.start(), end.end()))
            position = skip_to = end.end()
            continue
        closed = match.group("closing") and index in matched
        if name not in _PAIRED_BUILT_IN and (index in closers or closed):
            made = _own_paired(markup, match, closers.get(index, index), wrappers)
        else:
            made = _shortcode(markup, match)
        if isinstance(made, Block):
            made = _placed(out, body[match.end() :], made)
        # What spanned lines leaves their breaks: later lines keep their numbers.
        out.append(made + "\n" * (match.group(0).count("\n") - made.count("\n")))
    out.append(body[position:])
    return sweep(markup, "".join(out))


class Block(str):
    """The HTML opening or closing an element around Markdown, on a line of its own."""

    __slots__ = ("opening",)
    opening: bool

    def __new__(cls, html: str, opening: bool) -> Block:
        made = super().__new__(cls, html)
        made.opening = opening
        return made


def _placed(out: list[str], after: str, block: Block) -> str:
    """`block` where its Markdown is read as Markdown, without moving the lines after: an
    opening tag takes the blank line above (the tag's own line is then the blank one that
    Markdown needs), a closing one the tag's line (HTML ends a paragraph, but then runs to
    the next blank line)."""
    blank_after = after.startswith(("\n\n", "\r\n\r\n")) or not after.strip()
    if block.opening and out[-1].endswith("\n\n"):
        out[-1] = out[-1][:-1] + block + "\n"
        return ""
    return str(block) if blank_after else block + "\n"


def _closers(matches: list[re.Match[str]]) -> dict[int, int]:
    """Opening shortcode -> its closing one (`{{< note >}}` … `{{< /note >}}`)."""
    pairs: dict[int, int] = {}
    open_ones: list[int] = []
    for index, match in enumerate(matches):
        if match.group("name") is None or match.group("args").rstrip().endswith("/"):
            continue
        if not match.group("closing"):
            open_ones.append(index)
            continue
        for at in range(len(open_ones) - 1, -1, -1):
            if matches[open_ones[at]].group("name") == match.group("name"):
                pairs[open_ones[at]] = index
                del open_ones[at:]
                break
    return pairs


def _shortcode(markup: Markup, match: re.Match[str]) -> str:
    if match.group("comment") is not None:
        # `{{</* figure */>}}` is how Hugo shows a shortcode as text.
        kind = match.group("open")
        close = ">" if kind == "<" else "%"
        shown = f"{{{{{kind}{match.group('comment')}{close}}}}}"
        if match.start() in code_regions(markup.body):
            return shown
        # Hugo shows it as text; here as code, so that no reader takes it for a leftover.
        return inline_code(shown)
    name = match.group("name")
    closing = bool(match.group("closing"))
    positional, named = _arguments(match.group("args").rstrip().removesuffix("/"))
    if name == "highlight":
        return "```" if closing else "```" + next(iter(positional), "")
    if name == "details":
        return _details(named, closing)
    if closing:
        return _unsupported(markup, match, "closes no shortcode")
    if name == "figure":
        return _figure(markup, named)
    if name in ("ref", "relref"):
        target = named.get("path") or next(iter(positional), "")
        url = markup.resolve(target, match.start(), f"{{{{< {name} >}}}}")
        return markup.site_path(url, match.start()) if url else ""
    if name == "param":
        return _param(markup, match, named.get("name") or next(iter(positional), ""))
    if name in _EMBEDS:
        return _embed(markup, match, _EMBEDS[name], positional, named)
    if name == "gist":
        parts = [named.get("user", ""), named.get("id", ""), named.get("file", "")]
        found = embed_link("gist", markup.doc.meta.lang, [p for p in positional or parts if p])
        return found or _unsupported(markup, match, "names no gist")
    return own_shortcode(markup, match.start(), name, positional, named)


def _embed(
    markup: Markup, match: re.Match[str], kind: str, positional: list[str], named: dict[str, str]
) -> str:
    if kind == "x":
        user = named.get("user") or (positional[0] if len(positional) > 1 else "")
        parts = [user, named.get("id") or (positional[-1] if positional else "")]
    else:
        parts = [named.get("id") or next(iter(positional), "")]
    title = named.get("title", "")
    found = embed_link(kind, markup.doc.meta.lang, parts, title)
    return found or _unsupported(markup, match, "names nothing to link to")


def _arguments(text: str) -> tuple[list[str], dict[str, str]]:
    """`go "linenos=table"`, `src="a.png" alt="Un schéma"` or `` id=`x` `` -> positional
    and named."""
    text = re.sub(r"`([^`]*)`", lambda m: shlex.quote(m.group(1)), text)
    try:
        words = shlex.split(text)
    except ValueError:
        words = text.split()
    positional = [w for w in words if not re.match(r"^[\w-]+=", w)]
    named = dict(w.split("=", 1) for w in words if w not in positional)
    return positional, named


def _details(named: dict[str, str], closing: bool) -> Block:
    if closing:
        return Block("</details>", opening=False)
    summary = CAPTION.renderInline(named.get("summary", "Details"))
    shown = " open" if named.get("open", "false") in ("true", "1") else ""
    return Block(f"<details{shown}><summary>{summary}</summary>", opening=True)


def _own_paired(
    markup: Markup, match: re.Match[str], closing_at: int, wrappers: dict[int, str]
) -> str:
    """A site's own paired shortcode: its text stays Markdown, inside what its template
    writes around `.Inner` when that template only shows its parameters; otherwise inside a
    `shortcode-<name>` element (a `<div>` when the tag is a line of its own, else a
    `<span>`), with a warning."""
    body = markup.body
    alone = (match.start() == 0 or body[match.start() - 1] == "\n") and (
        match.end() == len(body) or body[match.end()] in "\r\n"
    )
    if match.group("closing"):
        html = wrappers.pop(closing_at, "</div>" if alone else "</span>")
        return Block(html, opening=False) if alone else html
    name = match.group("name")
    positional, named = _arguments(match.group("args"))
    found = own_paired(markup, name, positional, named)
    if found is None:
        markup.warn_once(
            match.start(),
            f"Hugo shortcode `{name}` is the site's own: its text is kept, in an element of "
            f"class `shortcode-{name}`",
            "style that class in the theme, or write the HTML it stood for",
        )
        css = escape(re.sub(r"[^\w-]", "-", name))
        element = "div" if alone else "span"
        found = (f'<{element} class="shortcode-{css}">', f"</{element}>")
    wrappers[closing_at] = found[1]
    return Block(found[0], opening=True) if alone else found[0]


def _param(markup: Markup, match: re.Match[str], key: str) -> str:
    """The post's front matter value, else the site's `params` one, as Hugo looks."""
    site = configuration(markup.config)
    found: Any = next((v for k, v in site.items() if k.lower() == "params"), None)
    params: dict[str, Any] = found if isinstance(found, dict) else {}
    extra = {k.lower(): v for k, v in params.items()} | {
        k.lower(): v for k, v in markup.doc.meta.extra
    }
    value = extra.get(key.lower())
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return escape(str(value))
    return _unsupported(markup, match, f"finds no front matter key {key!r}")


def _figure(markup: Markup, named: dict[str, str]) -> str:
    src = named.get("src", "")
    alt = named.get("alt") or named.get("caption") or named.get("title") or ""
    link = named.get("link", "")
    sizes: dict[str, str] = {k: named[k] for k in ("width", "height") if k in named}
    image = image_html(_local(markup, src), alt, _local(markup, link), sizes)
    caption = " ".join(filter(None, (named.get("title"), named.get("caption"))))
    return figure_html(markup, image, caption, named.get("class", ""))


def _local(markup: Markup, url: str) -> str:
    """Hugo writes a site path under the base path, and any other address as it is."""
    return markup.urls(url) if url.startswith("/") else url


def _unsupported(markup: Markup, match: re.Match[str], why: str) -> str:
    shown = " ".join(match.group(0).split())
    message = f"Hugo shortcode `{shown}` {why}: left out"
    return markup.unsupported(match.start(), match.group(0), message, _HINT)
