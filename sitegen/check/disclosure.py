"""Rules on how a text says it was made: `disclosure-value`, `notice-placement`,
`missing-principles`.

They read what is published: the marks as the templates wrote them (a theme older than the
W3C values, a hand-edited template), where the notice stands on the post's page, and
whether readers of each language can learn how the blog uses AI.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml.html import HtmlElement

from sitegen.build import BuiltSite
from sitegen.check.pages import Page, position
from sitegen.check.rules import Finding, finding
from sitegen.content.disclosure import AI_DISCLOSURE_VALUES
from sitegen.content.frontmatter import parse
from sitegen.content.principles import LAYOUT, principles_page
from sitegen.content.sources import discover
from sitegen.model import Entry
from sitegen.project.errors import Problems
from sitegen.settings.config import SiteConfig

_MARKS = "//meta[@name='ai-disclosure'] | //*[@data-ai-disclosure]"


def ai_involved(entry: Entry) -> bool:
    """Whether an AI wrote the text, a passage of it, or translated it."""
    translated = entry.meta.translated
    return entry.meta.generated is not None or (translated is not None and translated.machine)


def page_findings(page: Page) -> Iterator[Finding]:
    """A disclosure value outside the vocabulary; an AI notice after the post's text."""
    for element in page.tree.xpath(_MARKS):
        meta = element.tag == "meta"
        value = element.get("content" if meta else "data-ai-disclosure", "")
        if value not in AI_DISCLOSURE_VALUES:
            said = '<meta name="ai-disclosure">' if meta else "data-ai-disclosure"
            needle = 'name="ai-disclosure"' if meta else "data-ai-disclosure="
            yield finding(
                "disclosure-value",
                page.path,
                _start_of(page, element, needle),
                f"{said} says `{value}`, not a value of the W3C AI Content Disclosure report",
                f"write {', '.join(AI_DISCLOSURE_VALUES)}: the template or theme that wrote it"
                " is out of date",
            )
    if page.entry is not None and ai_involved(page.entry):
        yield from _placement(page, page.entry)


def _placement(page: Page, entry: Entry) -> Iterator[Finding]:
    """The notice must come before the text: a reader who stops early has been told."""
    notices = page.tree.xpath("//*[@data-disclosure]")
    body = entry.rendered.html
    text = "\n".join(page.lines)
    start = text.find(body) if body.strip() else -1
    if not notices or start < 0:
        return  # no notice at all is the build's own warning
    where = _start_of(page, notices[0], "data-disclosure=")
    line = text.count("\n", 0, start) + 1
    if where >= (line, start - text.rfind("\n", 0, start)):
        layout = entry.meta.layout
        yield finding(
            "notice-placement",
            page.path,
            where,
            f"the `{layout}` template shows the disclosure notice after the post's text",
            f'include "partials/notices.html" before the content in templates/{layout}.html'
            " or the template it extends",
        )


def _start_of(page: Page, element: HtmlElement, needle: str) -> tuple[int, int]:
    """Where the start tag holding `needle` begins: a line may hold several of its kind."""
    line, col = position(page, element)
    text = page.lines[line - 1] if 0 < line <= len(page.lines) else ""
    found = text.find(needle)
    return (line, text.rfind("<", 0, found) + 1) if found > 0 else (line, col)


def site_findings(built: BuiltSite) -> Iterator[Finding]:
    """Once per language: texts an AI took part in, and no principles page in any language
    to explain how (one in another language serves them)."""
    config, site = built.config, built.site
    if principles_page(site, config.language, config.languages):
        return
    drafts: list[str] | None = None
    for lang in config.languages:
        involved = sorted(
            (e for e in site.entries if e.lang == lang and ai_involved(e)),
            key=lambda e: e.doc.source.rel,
        )
        if not involved:
            continue
        drafts = _draft_principles(config) if drafts is None else drafts
        first = involved[0]
        key = "generated" if first.meta.generated is not None else "translated"
        count = "1 text says" if len(involved) == 1 else f"{len(involved)} texts say"
        yield finding(
            "missing-principles",
            first.doc.source.rel,
            (first.meta.line_of(key), 1),
            f"{count} in `{lang}` that an AI took part, and no page tells readers how the "
            "blog uses AI",
            f"publish {drafts[0]}: remove its `draft: true`"
            if drafts
            else f"write one with `sitegen new --layout principles --lang {lang}`, fill it in "
            "and publish it",
        )


def _draft_principles(config: SiteConfig) -> list[str]:
    """The principles pages not published yet: writing another would only clash with them."""
    quiet = Problems()
    pages = (source for source in discover(config, quiet) if source.kind == "page")
    docs = (parse(source, config, quiet) for source in pages)
    return [doc.source.rel for doc in docs if doc is not None and doc.meta.layout == LAYOUT]
