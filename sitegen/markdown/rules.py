"""markdown-it core rules for the blog: line numbers, links, references, headings."""

from __future__ import annotations

import re

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from sitegen.model import Heading, LinkRef
from sitegen.project.errors import Diagnostic, Severity

REFERENCE_LABEL = re.compile(
    r"^(sources?|voir aussi|lire aussi|pour aller plus loin|see also|further reading)\s*:\s*(.*)$",
    re.I | re.S,
)


def line_numbers_rule(state: StateCore) -> None:
    """Give each inline child the Markdown line it came from (in `meta["line"]`), unless
    its parser knew it (comrak's positions, `compiled.py`)."""
    for block in state.tokens:
        known = block.children and "line" in block.children[0].meta
        if block.type == "inline" and block.children and block.map and not known:
            _number_lines(block)


def _number_lines(block: Token) -> None:
    """The lines of one inline token's children.

    Inline tokens carry no position, and code spans fold their newlines into spaces, so
    each token is found again in the paragraph's source, in order, by its first word.
    """
    source, cursor, counted, line = block.content, 0, 0, (block.map or [0])[0]
    for child in block.children or []:
        words = child.content.split(maxsplit=1)
        found = source.find(words[0], cursor) if words else -1
        if found >= 0:
            cursor = found
        elif child.type in ("softbreak", "hardbreak"):
            cursor = source.find("\n", cursor) + 1 or cursor
        line += source.count("\n", counted, cursor)
        counted = cursor
        child.meta["line"] = line
        if found >= 0:
            cursor += len(words[0])


def links_rule(state: StateCore) -> None:
    """Record every link and image target; root-relative ones get the site's base path."""
    base_path = str(state.env.get("base_path", "/"))
    found: list[LinkRef] = state.env.setdefault("links", [])
    for block in state.tokens:
        for token in [block, *(block.children or [])]:
            attr = {"link_open": "href", "image": "src"}.get(token.type)
            target = token.attrGet(attr) if attr else None
            if not isinstance(target, str):
                continue
            line = token.meta.get("line", (block.map or [0])[0])
            found.append(LinkRef(target, line, 1, token.type == "image"))
            if target.startswith("/") and not target.startswith("//"):
                token.attrSet(attr, base_path.rstrip("/") + target)  # type: ignore[arg-type]
            if token.type == "image":
                token.attrSet("loading", "lazy")


def references_rule(state: StateCore) -> None:
    """`Source : …` and `Voir aussi :` + a list become a styled references block."""
    tokens = state.tokens
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        label = _reference_label(tokens, i)
        if label is None:
            out.append(token)
            i += 1
            continue
        end = i + 3
        if end < len(tokens) and tokens[end].type in ("bullet_list_open", "ordered_list_open"):
            end = closing(tokens, end) + 1
        out.append(Token("references_open", "div", 1, attrs={"class": "references"}, block=True))
        tokens[i].attrJoin("class", "references-label")
        out.extend(tokens[i:end])
        out.append(Token("references_close", "div", -1, block=True))
        i = end
    state.tokens = out


def _reference_label(tokens: list[Token], i: int) -> str | None:
    if tokens[i].type != "paragraph_open" or tokens[i].level != 0 or i + 1 >= len(tokens):
        return None
    children = tokens[i + 1].children or []
    if not children or children[0].type != "text":
        return None
    match = REFERENCE_LABEL.match(children[0].content)
    return match.group(1) if match else None


def closing(tokens: list[Token], start: int) -> int:
    """The index of the token that closes the block opened at `start`."""
    depth = 0
    for j in range(start, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


_HEADING_ID = re.compile(r"(?<![ \t])[ \t]*\{#([A-Za-z][\w.:-]*)\}[ \t]*$")


def heading_ids_rule(state: StateCore) -> None:
    """`## Les couches {#couches}`: the author's own anchor (kramdown's, Hugo's and
    Pandoc's syntax), kept stable when the heading's words change."""
    chosen: dict[str, int] = {}
    for i, token in enumerate(state.tokens):
        if token.type != "heading_open":
            continue
        inline = state.tokens[i + 1]
        if not inline.children or inline.children[-1].type != "text":
            continue
        last = inline.children[-1]
        found = _HEADING_ID.search(last.content)
        if found is None:
            continue
        anchor, line = found.group(1), (token.map or [0])[0] + state.env.get("offset", 0)
        if anchor in chosen and "diagnostics" in state.env:
            state.env["diagnostics"].append(
                Diagnostic(
                    state.env["path"],
                    line,
                    1,
                    f"`{{#{anchor}}}` is already the anchor of the heading at line "
                    f"{chosen[anchor]}: links to #{anchor} reach that one",
                    "give each heading an anchor of its own",
                    Severity.WARNING,
                )
            )
        chosen.setdefault(anchor, line)
        token.attrSet("id", anchor)
        last.content = last.content[: found.start()]
        inline.content = _HEADING_ID.sub("", inline.content)


def headings_rule(state: StateCore) -> None:
    """Collect the table of contents and give each heading a visible anchor link."""
    toc: list[Heading] = state.env.setdefault("toc", [])
    for i, token in enumerate(state.tokens):
        anchor = token.attrGet("id") if token.type == "heading_open" else None
        if not isinstance(anchor, str):
            continue
        inline = state.tokens[i + 1]
        text = "".join(
            c.content for c in inline.children or [] if c.type in ("text", "code_inline")
        )
        level = int(token.tag[1])
        if level <= 3:
            toc.append(Heading(level, anchor, text.strip()))
        # Hidden from assistive technology: it would otherwise join the heading's name.
        link = Token("html_inline", "", 0, meta={"heading_anchor": True})
        link.content = (
            f' <a class="heading-anchor" href="#{anchor}" aria-hidden="true" tabindex="-1">#</a>'
        )
        (inline.children or []).append(link)
