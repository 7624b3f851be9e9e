"""Markdown -> HTML: one MarkdownIt configuration and the blog's rules."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from html import escape
from typing import Any, NamedTuple

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token
from markdown_it.utils import OptionsDict
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.footnote import footnote_plugin

from sitegen.markdown import compiled
from sitegen.markdown.chat import chat_rule
from sitegen.markdown.dialogue import asked_dialogues, dialogue_rule
from sitegen.markdown.headingids import tool_heading_ids
from sitegen.markdown.highlight import highlight_code
from sitegen.markdown.mathrender import add_math_renderers
from sitegen.markdown.mathsyntax import math_plugin
from sitegen.markdown.passages import generated_passages_rule
from sitegen.markdown.rules import (
    heading_ids_rule,
    headings_rule,
    line_numbers_rule,
    links_rule,
    references_rule,
)
from sitegen.model import Document, Rendered
from sitegen.project.errors import Diagnostic, Severity
from sitegen.text.typography import typography_rule
from sitegen.urls import slugify

WORDS_PER_MINUTE = 230
PASSAGE_ATTRIBUTES = ("lang", "dir", "class", "id")
MORE = re.compile(r"^<!--\s*more\s*-->\s*$", re.I)
_WORD = re.compile(r"\w+")


class ThemeWords(NamedTuple):
    """The words Markdown rendering writes itself, from the theme's catalog."""

    title: str
    """The footnotes' heading."""
    back: str
    """The label of a footnote's link back to the text."""
    generated: str
    """The caption of a generated passage."""


class Flavour(NamedTuple):
    """How a Jekyll or Hugo blog's own tool read its Markdown, where sitegen differs: the
    ids it gave headings (`markdown/headingids.py`) and whether a line break is a break."""

    headings: str = ""
    hard_wraps: bool = False
    own_syntax: bool = True
    """sitegen's own blocks: `A : …` turns make a dialogue, `Source : …` a references block.
    Jekyll and Hugo have neither: their posts' glossaries (`**Terme** : …`) stay paragraphs,
    unless the post's layout asks for a conversation."""


SITEGEN_FLAVOUR = Flavour()
"""sitegen's own way: its heading ids, a line break that is only a space."""


@lru_cache(maxsize=4)
def markdown_parser(flavour: Flavour = SITEGEN_FLAVOUR) -> MarkdownIt:
    """The MarkdownIt instance: CommonMark + tables, footnotes, math, anchors, rules."""
    md = plugins_parser()
    md.options.highlight = highlight_code
    md.options.breaks = flavour.hard_wraps
    md.core.ruler.before("anchor", "sitegen_heading_ids", heading_ids_rule)
    if flavour.headings:  # before `text_join`: `-\-` is no dash for the typographer
        ids = tool_heading_ids(flavour.headings)
        md.core.ruler.before("text_join", "sitegen_tool_heading_ids", ids)
    md.core.ruler.push("sitegen_lines", line_numbers_rule)
    md.core.ruler.push("sitegen_chat", chat_rule)
    md.core.ruler.push("sitegen_dialogue", dialogue_rule if flavour.own_syntax else asked_dialogues)
    md.core.ruler.push("sitegen_generated", generated_passages_rule)
    if flavour.own_syntax:
        md.core.ruler.push("sitegen_references", references_rule)
    md.core.ruler.push("sitegen_typography", typography_rule)
    md.core.ruler.push("sitegen_links", links_rule)
    md.core.ruler.push("sitegen_headings", headings_rule)
    add_math_renderers(md)
    md.add_render_rule("footnote_block_open", _footnotes_open)
    md.add_render_rule("footnote_anchor", _footnote_back)
    md.add_render_rule("table_open", _table_open)
    md.add_render_rule("table_close", _table_close)
    return md


def plugins_parser() -> MarkdownIt:
    """CommonMark and the plugins the blog writes with, without its own rules and renderers:
    markdown-it-py's own HTML, which the tests compare with the CommonMark spec."""
    md = MarkdownIt("commonmark", {"html": True, "linkify": True})
    md.enable(["table", "strikethrough", "linkify"])
    # Only links with a scheme or www.: "main.py" in a sentence is a file name, not a site.
    if md.linkify is not None:
        md.linkify.set({"fuzzy_link": False})
        md.linkify.pretest = _may_link(md.linkify.pretest)
    md.use(footnote_plugin)
    # `[texte]{lang=en}` and a `{lang=en}` line before a block mark a passage in another
    # language; only harmless attributes are kept.
    md.use(attrs_plugin, spans=True, allowed=PASSAGE_ATTRIBUTES)
    md.use(attrs_block_plugin, allowed=PASSAGE_ATTRIBUTES)
    # `$x$`, `$ x $`, `$$x$$`, `\(x\)`, `\[x\]`; amounts ("5 $ et 10 $") stay text.
    md.use(math_plugin)
    md.use(anchors_plugin, min_level=2, max_level=4, slug_func=heading_id)
    return md


def _may_link(pretest: Callable[[str], bool]) -> Callable[[str], bool]:
    """A link needs a scheme (`:`, `//`) or an e-mail's `@`: text without them skips
    linkify-it's pretest, whose pattern also looks for bare host names we do not link."""

    def quick(text: str) -> bool:
        return (":" in text or "@" in text or "//" in text) and pretest(text)

    return quick


def heading_id(text: str) -> str:
    """The slug of a heading, kept clear of the footnotes' `fn1`/`fnref1` ids."""
    slug = slugify(text)
    return f"section-{slug}" if re.fullmatch(r"fn(?:ref)?\d+", slug) else slug


def render_markdown(
    doc: Document,
    base_path: str,
    labels: ThemeWords,
    flavour: Flavour = SITEGEN_FLAVOUR,
) -> tuple[Rendered, list[Diagnostic]]:
    """Render one document's body. Pure: same body, language, labels and base path, same result."""
    md = markdown_parser(flavour)
    env: dict[str, Any] = {
        "generated_passages": [],
        # A passage's mark follows the review the front matter declares (`generated.reviewed_by`).
        "passage_reviewed": bool(doc.meta.generated and doc.meta.generated.reviewed_by),
        "labels": labels,
        "lang": doc.meta.lang,
        "layout": doc.meta.layout,
        "base_path": base_path,
        "path": doc.source.rel,
        "offset": doc.body_line,
        "diagnostics": [],
    }
    tokens = compiled.parse(md, doc.body, env)
    more = next((i for i, t in enumerate(tokens) if _is_more(t)), None)
    html = md.renderer.render(tokens, md.options, env)
    summary = _summary(md, tokens, more, env)
    links = tuple(
        type(link)(link.target, link.line + doc.body_line, link.col, link.is_image)
        for link in env["links"]
    )
    rendered = Rendered(
        html=html,
        summary_html=summary,
        has_more=more is not None,
        toc=tuple(env["toc"]),
        words=_count_words(tokens),
        links=links,
        images=tuple(link.target for link in links if link.is_image),
    )
    _check_disclosure(doc, env)
    return rendered, env["diagnostics"]


def failing_line(exc: BaseException, body_line: int) -> int:
    """The file line of the Markdown being read when `exc` was raised, 0 when unknown.

    The innermost frame that holds a located token (or the block parser's state) says
    where the rule was: enough for an author to find the lines that trigger a bug.
    """
    frames = []
    tb = exc.__traceback__
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    for frame in reversed(frames):
        for value in frame.f_locals.values():
            if isinstance(value, Token) and value.map:
                return value.map[0] + body_line
            if isinstance(value, StateBlock):
                return value.line + body_line
    return 0


def _check_disclosure(doc: Document, env: dict[str, Any]) -> None:
    """A generated passage and the front matter must agree, so the notice tells the truth."""
    passages, generated = env["generated_passages"], doc.meta.generated
    if passages and generated is None:
        env["diagnostics"].append(
            Diagnostic(
                doc.source.rel,
                passages[0] + doc.body_line,
                1,
                "this quote is marked `[!generated]` but the front matter does not say the post "
                "has generated text",
                "add `generated: {part: …}` saying what the passage is",
                Severity.WARNING,
            )
        )
    elif generated is not None and generated.part and not passages:
        env["diagnostics"].append(
            Diagnostic(
                doc.source.rel,
                doc.meta.line_of("generated"),
                1,
                "`generated.part` names a generated passage, but no quote is marked as one",
                "start the passage's quote with `> [!generated]`",
                Severity.WARNING,
            )
        )


def reading_minutes(words: int) -> int:
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def _is_more(token: Token) -> bool:
    return token.type == "html_block" and token.level == 0 and bool(MORE.match(token.content))


def _summary(md: MarkdownIt, tokens: list[Token], more: int | None, env: dict[str, Any]) -> str:
    """The part before `<!--more-->`, else the first paragraph, fit for a listing page.

    Listings show several summaries on one page, so they carry no ids, heading anchors or
    footnote references (the notes are not on that page).
    """
    if more is not None:
        part = tokens[:more]
    else:
        start = next((i for i, t in enumerate(tokens) if t.type == "paragraph_open"), None)
        if start is None:
            return ""
        end = next(i for i in range(start, len(tokens)) if tokens[i].type == "paragraph_close")
        part = tokens[start : end + 1]
    for token in part:
        if token.type == "heading_open":
            token.attrs.pop("id", None)
        if token.children:
            token.children = [c for c in token.children if not _listing_noise(c)]
    quiet = {**env, "diagnostics": []}
    return str(md.renderer.render(part, md.options, quiet))


def _listing_noise(token: Token) -> bool:
    return token.type == "footnote_ref" or bool(token.meta.get("heading_anchor"))


def _count_words(tokens: list[Token]) -> int:
    prose = (
        child.content
        for t in tokens
        if t.type == "inline"
        for child in t.children or []
        if child.type in ("text", "code_inline")
    )
    return len(_WORD.findall(" ".join(prose)))


def _footnotes_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: Any
) -> str:
    # A titled section (not a bare <hr>) so screen readers can jump to the notes.
    title = f'<h2 class="footnotes-title">{escape(env["labels"].title)}</h2>'
    return f'<section class="footnotes">\n{title}\n<ol class="footnotes-list">\n'


def _footnote_back(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: Any
) -> str:
    meta = tokens[idx].meta
    ref = f"fnref{meta['id'] + 1}" + (f":{meta['subId']}" if meta.get("subId", 0) > 0 else "")
    label = escape(env["labels"].back)
    return f' <a href="#{ref}" class="footnote-backref" aria-label="{label}">↩︎</a>'


def _table_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: Any
) -> str:
    # Wide tables scroll inside their own focusable box; the table keeps its semantics.
    return '<div class="table-wrap" tabindex="0">\n<table>\n'


def _table_close(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: Any
) -> str:
    return "</table>\n</div>\n"
