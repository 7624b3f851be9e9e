"""Rules on what a post says: `phone-number`, `email-address`, `placeholder`,
`scraper-leftover`, in the body and the front matter's text.

Phone numbers and addresses are what the blog must never publish from a chat. On a page
(`content/pages/`), a `mailto:` or `tel:` link is the author's own contact, written on
purpose, and allowed with its text; in a post it is reported like any other. Addresses at
the domains kept for examples (example.com, .test…) are allowed everywhere. Code is read
for addresses only: its digits are too often not phone numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from sitegen.check.body import Piece, Source
from sitegen.check.rules import Finding, finding
from sitegen.content.changes import CHANGES
from sitegen.content.keys import REFERENCE_KEYS
from sitegen.model import FrontMatter
from sitegen.text.contacts import EMAIL, URL, digits, phone_numbers
from sitegen.text.leftovers import READ_MORE, leftover_kind, script_of, script_of_language

PLACEHOLDER = re.compile(
    r"(?i:<(?:url|lien|link|nom|name|prénom|titre|title|date|source|texte|text|e-?mail)>)"
    r"|(?i:\[(?:todo|tbd|à compléter|à faire|nom|prénom|name|titre|title|url|lien|link|source"
    r"|date|citation|insérer[^\]\[]*|insert[^\]\[]*|ajouter[^\]\[]*)\])"
    # `{{ .Site.BaseURL }}` is a Go template quoted in prose (Hugo shows it as written), and
    # a "TODO list" is a kind of list.
    r"|\{\{(?!\{?\s*[.$])(?:(?!\{\{).)*?\}\}|\{%(?:(?!\{%).)*?%\}"
    r"|\b(?:TODO(?![ -]?list)|FIXME|TBD|XXX)\b"
    r"|(?i:\blorem ipsum\b)"
)
EXAMPLE_DOMAINS = re.compile(
    r"@(?:[\w-]+\.)*(?:example\.(?:com|org|net)|[\w-]+\.(?:example|test|invalid))$", re.I
)
"""The domains reserved for examples (RFC 2606): an address there reaches nobody."""
LONG_RUN = 20
"""Letters of another script in a row that make a leftover (a heading over headlines)."""
_WORD = re.compile(r"[^\W\d_]+")
_NOT_LATIN = re.compile(r"[^\W\d_\u0000-\u024f\u1e00-\u1eff]")
"""A letter of another script than Latin: most lines have none, and need no closer look."""
_CONTACT_LINKS = ("mailto:", "tel:")
_AT_WRITTEN = re.compile(r"[\[(](?:at|arobase)[\])]", re.I)
_DIGITS = re.compile(r"\d.*\d", re.S)
_WEB = re.compile(r"https?://|www\.", re.I)
_CHAT_HOSTS = ("wa.me", "t.me", "api.whatsapp.com")
_SHARE_LINK = re.compile(r"share|intent/tweet|^mailto:\?", re.I)
"""The address of a share button: `facebook.com/sharer`, `twitter.com/intent/tweet`…"""
_HREF = re.compile(r"""href\s*=\s*["']([^"']*)""", re.I)
_ATTRIBUTE = re.compile(r"""(?<![\w:-])([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_TEL = re.compile(r"tel:/*", re.I)
_REMOTE = re.compile(r":[\w~/.-]")
"""What follows `git@github.com` in a Git remote: `:dépôt.git`."""


def source_findings(src: Source) -> Iterator[Finding]:
    """Contacts and placeholders in the body, and a scraper's leftovers."""
    on_page = src.entry.kind == "page"
    found = [
        (src.locate(piece.line, text, text.strip()[:20]), code, text, address)
        for piece in src.pieces
        for code, text, address in _found(piece, on_page)
    ]
    # `[07 12 34 56 78](tel:+33712345678)` is one number, said once, as its reader sees it:
    # a link's address is left out when its text on the same line says the same number (the
    # last nine digits agree, with or without the country code).
    said = {
        (where[0], digits(text)[-9:])
        for where, code, text, address in found
        if code == "phone-number" and not address
    }
    for where, code, text, address in found:
        if not (address and code == "phone-number" and (where[0], digits(text)[-9:]) in said):
            yield _finding(code, src.path, where, text)
    yield from _leftovers(src)


def meta_findings(src: Source, shows_extra: bool) -> Iterator[Finding]:
    """The same in the front matter's text: title, description, tags, sources… and, when
    the site's templates may show them (`shows_extra`), the keys sitegen does not know."""
    for key, text in meta_texts(src.entry.meta, shows_extra):
        for code, found in _in_text(text):
            line = src.entry.meta.line_of(key)
            where = src.locate(line, found, stop=src.entry.doc.body_line)
            yield _finding(code, src.path, where, found)


def meta_texts(meta: FrontMatter, shows_extra: bool) -> Iterator[tuple[str, str]]:
    """(key, text) of every text of the front matter that a page may show."""
    yield "title", meta.title
    yield from (("description", t) for t in [meta.description] if t)
    yield from (("tags", tag) for tag in meta.tags)
    yield from (("discussion", question) for question in meta.discussion)
    for key in REFERENCE_KEYS:
        for ref in getattr(meta, key):
            yield from ((key, t) for t in (ref.title, ref.url) if t)
    for key in ("translated", "generated"):
        flag = getattr(meta, key)
        for name in ("title", "url", "by", "model", "reviewed_by", "prompted_by", "part"):
            value = getattr(flag, name, None)
            if isinstance(value, str):
                yield key, value
    for key in CHANGES:
        yield from ((key, change.note) for change in getattr(meta, key) if change.note)
    if shows_extra:
        yield from ((key, value) for key, value in meta.extra if isinstance(value, str))


def _finding(code: str, path: str, where: tuple[int, int], found: str) -> Finding:
    if code == "phone-number":
        message = f"phone number `{found}` in published text"
        hint = "remove it (sitegen import does): a number must never be published from a chat"
    elif code == "email-address":
        message = f"e-mail address `{found}` in published text"
        hint = "remove it, or write an address at example.com in an example"
    else:
        message = f"unfilled placeholder `{found}`"
        hint = "replace it with the real text, or delete it"
    return finding(code, path, where, message, hint)


def _found(piece: Piece, on_page: bool) -> Iterator[tuple[str, str, bool]]:
    """(code, text, whether in a link's address) of each contact or placeholder in a piece
    of the body."""
    own_contact = on_page and piece.link.startswith(_CONTACT_LINKS)
    if piece.kind == "math" or own_contact:
        return
    if piece.kind == "code":
        yield from ((c, t, False) for c, t in _in_text(piece.text) if c == "email-address")
    elif piece.kind == "href":
        yield from ((c, t, True) for c, t in _in_href(piece.text, on_page))
    elif piece.kind == "html":
        html = _without_contact_links(piece.text) if on_page else piece.text
        yield from ((c, t, False) for c, t in _in_text(_html_text(html)))
        yield from ((c, t, True) for c, t in _in_text(_html_addresses(html)))
    else:
        yield from ((c, t, False) for c, t in _in_text(piece.text))


def _in_text(text: str) -> Iterator[tuple[str, str]]:
    # The pretests spare the full patterns most of the text: they cost most of a check.
    has_at = "@" in text or _AT_WRITTEN.search(text)
    has_digits = _DIGITS.search(text)
    # A web address's digits (an arXiv number, a date) are not a phone number, nor is its
    # `@` an address's (`/@nom@instance.social/`, a message id in a mailing list's archive).
    web = has_at or has_digits
    masked = URL.sub(lambda m: " " * len(m.group()), text) if web and _WEB.search(text) else text
    if has_at:
        yield from (("email-address", text[s:e]) for s, e in _addresses(masked))
    if has_digits:
        yield from (("phone-number", text[s:e]) for s, e in phone_numbers(masked))
    for match in PLACEHOLDER.finditer(text):
        yield "placeholder", match.group()


def _addresses(text: str) -> Iterator[tuple[int, int]]:
    """Where the e-mail addresses are, less those kept for examples and those that reach
    no mailbox."""
    for match in EMAIL.finditer(text):
        start, end = match.span()
        if not (EXAMPLE_DOMAINS.search(match.group()) or _not_a_mailbox(text, start, end)):
            yield start, end


def _not_a_mailbox(text: str, start: int, end: int) -> bool:
    """A fediverse handle (`@nom@instance.social`), a Git remote (`git@github.com:dépôt`)
    or Git's SSH login (`ssh -T git@github.com`)."""
    handle = text[start - 1 : start] == "@"
    return handle or text.startswith("git@", start) or bool(_REMOTE.match(text, end))


def _in_href(href: str, on_page: bool) -> Iterator[tuple[str, str]]:
    if href.startswith("tel:"):
        if not on_page:
            yield "phone-number", href.removeprefix("tel:").lstrip("/")
        return
    if href.startswith("mailto:") and on_page:
        return
    parts = urlsplit(href)
    # A web address holds an address only in its query (`?email=…`); a mailto's may be
    # percent-encoded (`%7C` between two of them).
    searched = parts.query if parts.scheme in ("http", "https") else href
    unquoted = unquote(searched)
    yield from (("email-address", unquoted[s:e]) for s, e in _addresses(unquoted))
    chat_link = parts.netloc.lower().removeprefix("www.") in _CHAT_HOSTS
    if chat_link and len(digits(parts.path + parts.query)) >= 8:
        yield "phone-number", href


def _html_text(html: str) -> str:
    """Raw HTML as its reader meets it: its text and the words of its `alt` and `title`.
    Other attributes (an SVG path's `d="…0.271-0.843…"`, a style) are not published text."""
    return _ATTRIBUTE.sub(_read_value, html)


def _read_value(attribute: re.Match[str]) -> str:
    if attribute.group(1).lower() not in ("alt", "title"):
        return " "
    return f" {attribute.group(2) or attribute.group(3) or ''} "


def _html_addresses(html: str) -> str:
    """The addresses of raw HTML's links, a `tel:` link's number whole (`tel://02 47 …`)."""
    return " ".join(_TEL.sub(" ", href) for href in _HREF.findall(html))


def _without_contact_links(html: str) -> str:
    """Raw HTML of a page with its `mailto:`/`tel:` links' addresses and text blanked."""
    for match in re.finditer(r'href="(?:mailto|tel):([^"?]+)', html):
        html = html.replace(match.group(1), " " * len(match.group(1)))
    return html


def _leftovers(src: Source) -> Iterator[Finding]:
    """Lines a scraper copied with the article: captions, share buttons, "read more"…"""
    script = script_of_language(src.entry.lang)
    for line in _lines(src):
        text = line.text
        kind = leftover_kind(text) or ("« read more » line" if READ_MORE.match(text) else None)
        if kind and not (kind == "share line" and line.own_links):
            yield finding(
                "scraper-leftover",
                src.path,
                src.locate(line.number, text[:30]),
                f"looks like a scraper leftover ({kind}): `{text}`",
                "delete it: it belongs to the page the text was copied from",
            )
        elif not (kind or line.marked or line.quoted) and (
            script != "LATIN" or _NOT_LATIN.search(text)
        ):
            yield from _other_script(src, line.number, text, script)


class _Line(NamedTuple):
    """A line of prose, as a reader sees it."""

    number: int
    text: str
    marked: bool
    """A language is marked on part of it."""
    quoted: bool
    """It is a quotation (in a blockquote), in whatever script it was written."""
    own_links: bool
    """It links to pages (never to a share button's address): an author's
    "[Twitter](https://twitter.com/nom)" or "Suivez-nous sur [@nom](…)" leads the reader
    somewhere, where a scraper's copy of a button keeps its label and loses its link."""


def _lines(src: Source) -> Iterator[_Line]:
    """Each line of prose: text and inline code, never a code block."""
    lines: dict[tuple[int, int], list[Piece]] = {}
    for piece in src.pieces:
        inline = src.tokens[piece.block].type == "inline"
        if piece.kind == "text" or (piece.kind in ("code", "html") and inline):
            lines.setdefault((piece.block, piece.line), []).append(piece)
    for (_, number), pieces in lines.items():
        words = [p for p in pieces if p.kind != "html"]
        text = "".join(p.text for p in words).strip()
        if text:
            marked = any(p.lang and p.lang != src.entry.lang for p in words)
            quoted = all(p.quoted for p in words)
            yield _Line(number, text, marked, quoted, _own_links(pieces))


def _own_links(pieces: list[Piece]) -> bool:
    """Whether a line has links (Markdown's, or raw `<a href>`), none of them a share
    button's."""
    anchors = [a for p in pieces if p.kind == "html" for a in _HREF.findall(p.text)]
    links = [p.link for p in pieces if p.kind != "html" and p.link] + anchors
    return bool(links) and not any(_SHARE_LINK.search(link) for link in links)


def _other_script(src: Source, line: int, text: str, script: str) -> Iterator[Finding]:
    run: list[re.Match[str]] = []
    for word in [*_WORD.finditer(text), None]:
        other = word is not None and script_of(word.group()) not in (script, "")
        if other and word is not None:
            run.append(word)
            continue
        letters = sum(len(w.group()) for w in run)
        if letters >= LONG_RUN:
            shown = text[run[0].start() : run[-1].end()]
            yield finding(
                "scraper-leftover",
                src.path,
                src.locate(line, run[0].group()),
                f"a long run in {script_of(shown).title()} script: `{shown[:40]}`",
                "a scraper's leftover (headlines of another site)? Delete it, or mark a real"
                " quotation with its language: [texte]{lang=ru}",
            )
        run = []
