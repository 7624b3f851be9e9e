"""Plain text written as Markdown that shows exactly that text.

Imported text is not Markdown: a line `2024. Une année` would become a list, `<b>` HTML, a
`[1]: …` line a link definition, `$x$` math. Each such character is escaped; web addresses
are left as they are so that they stay clickable. Lists typed with `-`, `•` or `1.` stay
lists, and bullets typed under a numbered item are nested under it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

LIST_ITEM = re.compile(r"^\s*(?:(?P<bullet>[-*•·▪◦–])|(?P<number>\d{1,3})[.)])\s+(?P<text>\S.*)$")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.I)
_INLINE = re.compile(r"([\\<>\[\]$|{}])|&(?=#?\w+;)")
_LINE_START = re.compile(r"^(?:#|>|[-+*](?=\s|$)|[-*_=\s]+$|`{3}|~{3}|\d+(?=[.)](?:\s|$)))")
_WHATSAPP_BOLD = re.compile(r"(?<![*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![*\w])")
_WHATSAPP_STRIKE = re.compile(r"(?<![~\w])~(?=\S)([^~\n]+?)(?<=\S)~(?![~\w])")


def escape(text: str, emphasis: bool = False) -> str:
    """`text` as a line of Markdown that renders it as written; with `emphasis`, WhatsApp's
    `*gras*` and `~barré~` become Markdown's, and `_italique_` stays italic."""
    return guard_line_start(escape_fragment(text, emphasis).strip())


def escape_fragment(text: str, emphasis: bool = False) -> str:
    """Inline text escaped, web addresses left clickable; whitespace kept."""
    parts, last = [], 0
    for url in _URL.finditer(text):
        parts.append(_escape_prose(text[last : url.start()], emphasis))
        parts.append(url.group())
        last = url.end()
    parts.append(_escape_prose(text[last:], emphasis))
    return "".join(parts)


def guard_line_start(line: str) -> str:
    """A line that would start a heading, list, quote, rule or fence, escaped."""
    match = _LINE_START.match(line)
    if match is None:
        return line
    end = match.end()
    return f"{line[:end]}\\{line[end:]}" if line[0].isdigit() else f"\\{line}"


def _escape_prose(text: str, emphasis: bool) -> str:
    text = _INLINE.sub(lambda m: "\\" + m.group(), text)
    if not emphasis:
        return re.sub(r"([*_~`])", r"\\\1", text)
    text = _WHATSAPP_BOLD.sub(r"**\1**", text)
    return _WHATSAPP_STRIKE.sub(r"~~\1~~", text)


def text_blocks(lines: list[str], inline: Callable[[str], str]) -> list[str]:
    """Markdown blocks for lines of plain text: paragraphs (lines kept together) and lists."""
    blocks: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []
    numbered = False  # the list's last top-level item had a number
    for line in [*lines, ""]:
        item = LIST_ITEM.match(line)
        if item is None and items:
            blocks.append("\n".join(items))
            items, numbered = [], False
        if item is not None:
            if paragraph:
                blocks.append("\n".join(paragraph))
                paragraph = []
            nested = numbered and item.group("bullet") is not None
            numbered = item.group("number") is not None or nested
            marker = f"{item.group('number')}." if item.group("number") else "-"
            items.append(f"{'   ' if nested else ''}{marker} {inline(item.group('text'))}")
        elif line.strip():
            paragraph.append(inline(line))
        elif paragraph:
            blocks.append("\n".join(paragraph))
            paragraph = []
    return blocks


def quoted(blocks: list[str]) -> str:
    """Blocks inside one `>` quote."""
    text = "\n\n".join(blocks)
    return "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))
