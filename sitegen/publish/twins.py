"""The Markdown twin of a post or page (llms.txt v2): what its page publishes, as Markdown,
for the agents that read the blog through `llms.txt`.

It is made from the body's HTML, never from the source: the source may hold what the page
hides or transforms (comments, a Jekyll or Hugo tree's Liquid and shortcodes, a generated
passage's caption, formulas). Its first line is the text's disclosure, as the notice at the
top of the page says it, so that no copy of an AI text travels without it.

`twinmarkdown.py` converts the body (markdownify, loaded only when a blog asks for twins:
it and BeautifulSoup would cost every build 50 ms of start-up). Nothing in a twin can run
script in a viewer that shows Markdown's raw HTML: text is escaped, a code block's fence is
longer than any run of backticks in it, and an address that is not http(s), mailto or the
site's own is dropped with its link.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sitegen.markdown.bodies import PARALLEL_FROM
from sitegen.project.forked import worker_count
from sitegen.text.i18n import Catalog
from sitegen.theme.views import EntryView, Link

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_SAFE_SCHEMES = ("http", "https", "mailto")
_BLANKS = re.compile(r"[\x00-\x20\x7f]+")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
_BREAKS = re.compile(r"[\t\n\r]")
_ENCODED = frozenset(" <>()[]\\`\"'\x7f") | frozenset(_C0_AND_SPACE)
_INLINE_MARKS = re.compile(r"([\\`*_\[\]<>&|~])")
_BLOCK_START = re.compile(r"^(\d{1,9})([.)])|^([#+=-])", re.M)


def markdown_twin(page: EntryView, body: str, t: Catalog, absolute: Callable[[str], str]) -> bytes:
    """The twin's text, in the page's order: the disclosure, the title, the date, the updates
    and corrections, the body (`body_markdown` of the page's), then the sources and the
    further reading; `absolute` gives the site's addresses their origin."""
    parts = [disclosure_line(page, t, absolute), f"# {one_line(page.title)}"]
    if page.date_text:
        parts.append(one_line(page.date_text))
    if page.changes:  # the lines the page shows, converted: never worded a second time
        from sitegen.publish.twinmarkdown import body_markdown

        parts.append(
            body_markdown(f"<ul>{''.join(f'<li>{c.html}</li>' for c in page.changes)}</ul>")
        )
    parts.append(body)
    parts.append(_references(t("sources_title"), page.sources))
    parts.append(_references(t("see_also_title"), page.see_also))
    return ("\n\n".join(part for part in parts if part) + "\n").encode("utf-8")


def _references(title: str, links: tuple[Link, ...]) -> str:
    """A list of sources as the page titles it: each linked where its address is safe."""
    if not links:
        return ""
    items = [
        f"- [{one_line(link.title)}]({markdown_address(link.url)})"
        if link.url and allowed(link.url)
        else f"- {one_line(link.title)}"
        for link in links
    ]
    return "\n".join([f"## {one_line(title)}", "", *items])


def bodies_markdown(bodies: list[str]) -> list[str]:
    """Each body's HTML as Markdown, on every core when there are enough of them (a body
    takes some 7 ms: 1 000 of them, 7 s on one core)."""
    from sitegen.publish.twinmarkdown import body_markdown

    workers = worker_count()
    if workers < 2 or len(bodies) < PARALLEL_FROM:
        return [body_markdown(body) for body in bodies]
    chunk = max(1, len(bodies) // (workers * 8))
    from concurrent.futures import ProcessPoolExecutor  # multiprocessing: when it is used

    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(body_markdown, bodies, chunksize=chunk))


def disclosure_line(page: EntryView, t: Catalog, absolute: Callable[[str], str]) -> str:
    """How the text was made, in the page's words; the author's own text says so too."""
    disclosure = page.disclosure
    if disclosure is None:
        return one_line(t("twin_human_only"))
    line = one_line(disclosure.text)
    original = disclosure.original
    if original is not None and original.url and allowed(original.url):
        address = markdown_address(absolute(original.url))
        line += f" [{one_line(disclosure.read_original)}]({address})"
    if original is not None and original.title:
        line += f" ({one_line(original.title)})"
    return line


def one_line(text: str) -> str:
    """Text as a single Markdown line that no viewer reads as markup: inline marks escaped,
    and what would start a heading, a list or a quote at its start."""
    return escaped(" ".join(text.split()))


def escaped(text: str) -> str:
    text = _INLINE_MARKS.sub(r"\\\1", text)
    return _BLOCK_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)


def allowed(url: str) -> bool:
    scheme = _SCHEME.match(_BLANKS.sub("", url))
    return scheme is None or scheme.group(1).lower() in _SAFE_SCHEMES


def markdown_address(url: str) -> str:
    """An address as a Markdown link destination, followed where a browser follows it: the
    blanks around it trimmed, its line breaks and tabs dropped, then what would end the
    destination or break the link (spaces, brackets, parentheses, quotes) encoded."""
    url = _BREAKS.sub("", url.strip(_C0_AND_SPACE))
    return "".join(f"%{ord(c):02X}" if c in _ENCODED else c for c in url)
