"""kramdown's own syntax in a Jekyll post: attribute lists become sitegen's `{.class}`
attributes where kramdown applied them, its extensions are followed or removed, so that no
`{:` is ever shown to a reader.

Only `class`, `id`, `lang` and `dir` are kept (what sitegen's Markdown accepts anywhere):
`width`, `height` and `style` only fitted the old theme, and an event handler would run
someone's script in the reader's browser.
"""

from __future__ import annotations

import re
import shlex

from sitegen.foreign.code import code_regions, plain_markdown
from sitegen.foreign.markup import Markup
from sitegen.settings.inputs import configuration

_KEPT = ("lang", "dir")
_BLOCK_IAL = re.compile(r"^ {0,3}\{:(?!:)(?P<attrs>[^}\n]*)\}[ \t]*$", re.M)
_SPAN_IAL = re.compile(r"(?<![_^])\{:(?!:)(?P<attrs>[^{}\n]*)\}")
"""Not after `_` or `^`: `$M_{:,j}$` is a column in TeX."""
_AFTER_LINK = re.compile(r"\]\([^()\s]*(?:\s+\"[^\"\n]*\")?\)$|\]\[[^\]\n]*\]$|`$")
_DEFINITION = re.compile(r"^\w[\w-]*:")
_TOC = re.compile(r"^ {0,3}(?:[*+-]|\d+\.)[ \t]+\S.*\n {0,3}\{:\s*toc\s*\}[ \t]*$", re.M)
_EXTENSION = re.compile(
    r"\{::(?P<name>comment|nomarkdown)\b[^{}\n]*\}(?P<inner>(?:(?!\{::(?P=name)\b).)*?)\{:/(?:(?P=name))?\}"
    r"|\{::(?P<single>\w+)[^{}\n]*/\}",
    re.S,
)
_QUIET = {"options"}
_MARKDOWN_IN_HTML = re.compile(r"\{::options\b[^{}]*parse_block_html=\"?true")
_OPENING = re.compile(
    r"^ {0,3}<(div|article|section|aside|figure|header|footer|nav|details|center|table"
    r"|blockquote|ul|ol|dl|form|main)\b",
    re.I,
)
_SAFE_NAME = re.compile(r"^[\w-]+$")


def translate_kramdown(markup: Markup, body: str) -> str:
    """The body with kramdown's extensions, tables of contents and attribute lists done,
    and its HTML elements read whole, as kramdown reads them."""
    options = configuration(markup.config).get("kramdown")
    markdown_in_html = _MARKDOWN_IN_HTML.search(body) or (
        isinstance(options, dict) and options.get("parse_block_html") is True
    )
    body = _EXTENSION.sub(lambda match: _extension(markup, body, match), body)
    body = _TOC.sub(lambda match: _toc(body, match), body)
    body = _block_attributes(body)
    body = _SPAN_IAL.sub(lambda match: _span(body, match), body)
    return body if markdown_in_html else _whole_elements(body)


def _whole_elements(body: str) -> str:
    """kramdown takes an HTML element from its tag to the matching closing tag, blank lines
    and indented lines included; CommonMark ends it at the first blank line and takes the
    indented lines after for code. An invisible comment on each blank line inside keeps it
    whole, and every line where it was."""
    lines = body.split("\n")
    for token in plain_markdown().parse(body):
        opening = _OPENING.match(token.content) if token.type == "html_block" else None
        if not opening or not token.map or token.level:
            continue
        last = _closing_line(lines, token.map[0], opening.group(1).lower())
        for number in range(token.map[0], last if last is not None else token.map[0]):
            if not lines[number].strip():
                lines[number] = "<!---->"
    return "\n".join(lines)


def _closing_line(lines: list[str], first: int, tag: str) -> int | None:
    """The line where the element opened on line `first` closes, if it does."""
    depth = 0
    pattern = re.compile(rf"<(/?){tag}\b[^<>]*?(/?)>", re.I)
    for number in range(first, len(lines)):
        for found in pattern.finditer(lines[number]):
            depth += -1 if found.group(1) else (0 if found.group(2) else 1)
            if depth == 0:
                return number
    return None


def _extension(markup: Markup, body: str, match: re.Match[str]) -> str:
    if match.start() in code_regions(body):
        return match.group(0)
    if match.group("name") == "nomarkdown":
        return match.group("inner")
    name = match.group("single")
    if name and name not in _QUIET:
        markup.warn(
            match.start(),
            f"kramdown extension `{{::{name}}}` is not supported: left out",
            "write the HTML or Markdown it stood for",
            body,
        )
    return "\n" * match.group(0).count("\n")  # a comment, as kramdown hides it


def _toc(body: str, match: re.Match[str]) -> str:
    """kramdown's `* TOC` + `{:toc}`: sitegen's theme gives a long post its own."""
    if match.start() in code_regions(body):
        return match.group(0)
    return "\n" * match.group(0).count("\n")


def _attributes(text: str) -> str:
    """kramdown's `.note #here width="45%"` as sitegen writes it: `.note #here`, or ""."""
    try:
        words = shlex.split(text)
    except ValueError:
        words = text.split()
    kept = []
    for word in words:
        key, equals, value = word.partition("=")
        if word[:1] in ".#" and _SAFE_NAME.match(word[1:]):
            kept.append(word)
        elif equals and key in _KEPT and _SAFE_NAME.match(value):
            kept.append(f"{key}={value}")
    return " ".join(kept)


def _block_attributes(body: str) -> str:
    """A block IAL right under a block is that block's; otherwise the next block's, which is
    where sitegen's `{.class}` line applies."""
    found = [m for m in _BLOCK_IAL.finditer(body) if m.start() not in code_regions(body)]
    if not found:
        return body
    lines: list[str | None] = list(body.split("\n"))
    starts = _block_starts(body, found)
    moved: dict[int, list[str]] = {}
    for match in found:
        number = body.count("\n", 0, match.start())
        ours = "" if _DEFINITION.match(match.group("attrs")) else _attributes(match["attrs"])
        start = starts.get(number)
        if start is not None and ours:
            moved.setdefault(start, []).append("{" + ours + "}")
            lines[number] = None
        else:
            # sitegen's line gives the next block its attributes, unless text is right above.
            above = lines[number - 1] if number else ""
            lines[number] = "{" + ours + "}" if ours and not (above or "").strip() else ""
    # Put before the block and taken from under it: the lines after keep their numbers.
    out: list[str] = []
    for number, line in enumerate(lines):
        out += moved.get(number, [])
        out += [] if line is None else [line]
    return "\n".join(out)


def _block_starts(body: str, found: list[re.Match[str]]) -> dict[int, int]:
    """IAL line -> the first line of the block right above it, for those under a block."""
    lines = body.split("\n")
    for match in found:
        lines[body.count("\n", 0, match.start())] = ""
    ends = {}
    for token in plain_markdown().parse("\n".join(lines)):
        if token.level == 0 and token.nesting >= 0 and token.map:
            first, end = token.map
            while end > first and not lines[end - 1].strip():
                end -= 1  # a list's map takes in the blank line under it
            ends[end] = first
    starts = {}
    for match in found:
        number = body.count("\n", 0, match.start())
        if number in ends and number > 0 and lines[number - 1].strip():
            starts[number] = ends[number]
    return starts


def _span(body: str, match: re.Match[str]) -> str:
    if match.start() in code_regions(body):
        return match.group(0)
    ours = _attributes(match.group("attrs"))
    if ours and _AFTER_LINK.search(body[max(0, match.start() - 300) : match.start()]):
        return "{" + ours + "}"
    return ""
