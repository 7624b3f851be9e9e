"""An article copied from the web as a draft post: leftovers out, closing sections structured.

"Source :" lines become front matter `sources`, a "Voir aussi :" list `see_also`, an
"Et vous ?" block `discussion`; the theme renders the three as sections of their own. What
was removed is reported line by line, so the author can check nothing of the article went.

Whatever the page holds, the draft runs no script: text is escaped, raw HTML sanitized.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sitegen.importers.htmlpage import read_html
from sitegen.importers.inert import inert_markdown
from sitegen.importers.pages import Block, read_markdown, read_plain
from sitegen.project.errors import ContentError, Diagnostic, Severity, UsageError
from sitegen.text.leftovers import (
    DISCUSSION,
    READ_MORE,
    SEE_ALSO,
    SOURCE,
    in_another_script,
    leftover_kind,
)

READERS = (".txt", ".md", ".markdown", ".html", ".htm")
_TITLE_LENGTH = 150
_HEADING_LENGTH = 90
_SENTENCE = 60
_URL = re.compile(r"https?://\S+[^\s.,;:!?)\]»]")


@dataclass
class ArticleDraft:
    meta: dict[str, Any]
    body: str
    report: list[str] = field(default_factory=list)


@dataclass
class _Sections:
    body: list[Block] = field(default_factory=list)
    sources: list[dict[str, str]] = field(default_factory=list)
    see_also: list[dict[str, str]] = field(default_factory=list)
    discussion: list[str] = field(default_factory=list)
    report: list[str] = field(default_factory=list)


def article_draft(
    path: Path,
    text: str,
    lang: str,
    title: str | None,
    from_lang: str | None,
    url: str | None,
) -> ArticleDraft:
    """The draft of one copied article, and what was done to it, line by line."""
    suffix = path.suffix.lower()
    if suffix not in READERS:
        raise UsageError(f"{path}: sitegen import article reads {', '.join(READERS)} files")
    found_title, read = "", []
    if suffix in (".html", ".htm"):
        blocks, found_title, element = read_html(text)
        read = [f"read the page's <{element}>; its navigation, asides and footer left out"]
    elif suffix in (".md", ".markdown"):
        blocks = read_markdown(text)
    else:
        blocks = read_plain(text)
    if not blocks:
        raise ContentError([_located(path, 1, "no text found", "is this the saved article?")])
    if not found_title:
        found_title, blocks = _first_line_title(blocks)
    if title is None and not found_title:
        raise ContentError(
            [
                _located(
                    path,
                    blocks[0].line,
                    "the first line reads as a paragraph, not a title",
                    "give the title with --title",
                )
            ]
        )
    sections = _sections(blocks, lang, path.name)
    if not sections.body:
        raise ContentError([_located(path, 1, "nothing of the article is left", "")])
    meta = _front_matter(title or found_title, lang, sections, from_lang, url)
    report = read + sections.report + _summary(sections, from_lang, url)
    if title and found_title and title != found_title:
        report.insert(0, f"title given with --title; the page's was “{found_title}”")
    body = "\n\n".join(_markdown(block) for block in _headings(sections.body, suffix))
    return ArticleDraft(meta, inert_markdown(body) + "\n", report)


def _located(path: Path, line: int, message: str, hint: str) -> Diagnostic:
    return Diagnostic(str(path.absolute()), line, 1, message, hint, Severity.ERROR)


def _first_line_title(blocks: list[Block]) -> tuple[str, list[Block]]:
    """A short first line without a final full stop is the title (a `#` one in Markdown)."""
    first = blocks[0]
    if first.kind == "heading" and first.level == 1:
        return first.text, blocks[1:]
    one_line = first.kind in ("paragraph", "heading") and "\n" not in first.text
    if one_line and len(first.text) <= _TITLE_LENGTH and not first.text.endswith("."):
        return first.text, blocks[1:]
    return "", blocks


def _sections(blocks: list[Block], lang: str, name: str) -> _Sections:
    found = _Sections()
    state = "body"
    for index, block in enumerate(blocks):
        text = block.text.strip()
        kind = "image caption" if block.kind == "caption" else leftover_kind(text)
        if kind:
            shown = " · ".join(text.split("\n"))
            found.report.append(f"removed {kind} “{shown}” ({name}:{block.line})")
            continue
        cut = _cut_reason(block, lang, has_body=bool(found.body))
        if cut:
            rest = blocks[index:]
            lines = sum(b.text.count("\n") + 1 for b in rest)
            found.report.append(f"cut {lines} trailing lines from {name}:{block.line}: {cut}")
            break
        state = _section_line(found, block, text, state)
    return found


def _cut_reason(block: Block, lang: str, has_body: bool) -> str:
    if not has_body or block.kind == "code":
        return ""
    script = in_another_script(block.text, lang)
    if script and len(block.text) <= _HEADING_LENGTH:
        return f"“{block.text.strip()}” is in another script ({script.title()}) than the post"
    if READ_MORE.match(block.text.strip()):
        return f"“{block.text.strip()}” starts what follows the article"
    return ""


def _section_line(found: _Sections, block: Block, text: str, state: str) -> str:
    """Files the block where it belongs; returns the state for the next one."""
    if source := SOURCE.match(text):
        if source.group(1):
            found.sources.append(_reference(source.group(1), block.links))
            return state
        return "sources"
    if question := DISCUSSION.match(text):
        found.discussion.extend([question.group(1)] if question.group(1) else [])
        return "discussion"
    if SEE_ALSO.match(text):
        return "see_also"
    if state != "body" and _is_prose(block):
        state = "body"  # a section label in the middle of the article: the text goes on
    entries = text.split("\n") if block.kind == "list" or state != "body" else [text]
    if state == "sources":
        found.sources.extend(_reference(entry, block.links) for entry in entries)
    elif state == "see_also":
        found.see_also.extend(_reference(entry, block.links) for entry in entries)
    elif state == "discussion":
        found.discussion.extend(entries)
    else:
        found.body.append(block)
    return state


def _is_prose(block: Block) -> bool:
    """A heading or a sentence of the article; headlines, sources and questions do not end
    with a full stop."""
    text = block.text.strip()
    return block.kind == "heading" or (len(text) > _SENTENCE and text.endswith((".", "!", "…")))


def _reference(text: str, links: list[tuple[str, str]]) -> dict[str, str]:
    """`{title, url}` of one source or related article, from its text or its link."""
    text = re.sub(r"^[-•*]\s+", "", text.strip())
    link = next((href for words, href in links if words and words in text), None)
    found = _URL.search(text)
    url = link or (found.group() if found else None)
    title = _URL.sub("", text).strip(" -–—:()[]") if found else text
    entry = {"title": title or (url or text)}
    if url and url.startswith(("http://", "https://")):
        entry["url"] = url
    return entry


def _headings(blocks: list[Block], suffix: str) -> list[Block]:
    """In plain text, a short line between paragraphs, without a full stop, is a heading."""
    if suffix != ".txt":
        return blocks
    for before, block, after in zip(blocks, blocks[1:], blocks[2:], strict=False):
        text = block.text
        if (
            block.kind == "paragraph"
            and before.kind == after.kind == "paragraph"
            and len(text) <= _HEADING_LENGTH
            and not re.search(r"[.,;:!…»\"]$", text)
            and len(after.text) > len(text)
        ):
            block.kind, block.level = "heading", 2
    return blocks


def _markdown(block: Block) -> str:
    if block.kind == "heading":
        return f"{'#' * max(2, block.level)} {block.markdown}"
    return block.markdown


def _front_matter(
    title: str,
    lang: str,
    sections: _Sections,
    from_lang: str | None,
    url: str | None,
) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "title": title,
        "date": datetime.now().astimezone().replace(microsecond=0),
        "lang": lang,
        "draft": True,
    }
    if from_lang or url:
        meta["translated"] = {k: v for k, v in (("from", from_lang), ("url", url)) if v is not None}
    for key in ("sources", "discussion", "see_also"):
        if getattr(sections, key):
            meta[key] = getattr(sections, key)
    return meta


def _summary(sections: _Sections, from_lang: str | None, url: str | None) -> list[str]:
    said = [
        f"{key}: {len(items)}"
        for key, items in (
            ("sources", sections.sources),
            ("discussion", sections.discussion),
            ("see_also", sections.see_also),
        )
        if items
    ]
    lines = [f"front matter {', '.join(said)}"] if said else []
    if from_lang or url:
        lines.append(f"translated from {from_lang or '?'}{f' ({url})' if url else ''}")
    if url and not from_lang:
        lines.append("add --from-lang so that the notice names the original's language")
    return lines
