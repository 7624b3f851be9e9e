"""Plain text written as Markdown that shows exactly that text.

Imported text is not Markdown: a line `2024. Une année` would become a list, `<b>` HTML, a
`[1]: …` line a link definition, `$x$` math. Each such character is escaped; web addresses
are left as they are so that they stay clickable. Lists typed with `-`, `•` or `1.` stay
lists, and bullets typed under a numbered item are nested under it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote

from sitegen.foreign.code import inline_code

LIST_ITEM = re.compile(r"^\s*(?:(?P<bullet>[-*•·▪◦–])|(?P<number>\d{1,3})[.)])\s+(?P<text>\S.*)$")
# Without `\`: an address ending in one would take the backslash that escapes what follows.
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"\\]+", re.I)
# `:` before `//`: any `scheme://` left in the text would start a link that runs on
# over the backslashes escaping what follows it.
_INLINE = re.compile(r"([\\<>\[\]$|{}])|&(?=#?\w+;)|:(?=//)")
_LINE_START = re.compile(r"^(?:#|>|[-+*](?=\s|$)|[-*_=\s]+$|`{3}|~{3}|\d+(?=[.)](?:\s|$)))")
_ADDRESS_SAFE = "".join(
    c for c in map(chr, range(0x21, 0x7F)) if c not in '<>\\|"`{}^' and not c.isalnum()
)
"""Printable characters an address keeps as they are; `quote` keeps letters and digits."""
_WHATSAPP_BOLD = re.compile(r"(?<![*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![*\w])")
_WHATSAPP_STRIKE = re.compile(r"(?<![~\w])~(?=\S)([^~\n]+?)(?<=\S)~(?![~\w])")


def escape(text: str, emphasis: bool = False) -> str:
    """`text` as a line of Markdown that renders it as written; with `emphasis`, WhatsApp's
    `*gras*` and `~barré~` become Markdown's, and `_italique_` stays italic."""
    return guard_line_start(escape_fragment(text, emphasis).strip())


def escape_fragment(text: str, emphasis: bool = False, linked: bool = False) -> str:
    """Inline text escaped, web addresses left clickable; whitespace kept. In a link's text
    (`linked`) addresses are escaped too: Markdown makes no link there."""
    if linked:
        return _escape_prose(text, emphasis)
    parts, last = [], 0
    for url in _URL.finditer(text):
        parts.append(_escape_prose(text[last : url.start()], emphasis))
        parts.append(_address(url.group(), text[url.end() : url.end() + 1]))
        last = url.end()
    parts.append(_escape_prose(text[last:], emphasis))
    return "".join(parts)


def _address(url: str, after: str) -> str:
    """An address in the text, closed by `<…>` unless a space follows it: Markdown's link
    finder would take the backslashes escaping what follows (or the backtick opening the
    code that follows the text), letting HTML through. A final full stop or comma stays out."""
    if after.isspace() or "://" not in url:
        return url
    address = url.rstrip(".,;:!?")
    return f"<{address}>{url[len(address) :]}"


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


def link(text: str, href: str) -> str:
    """A Markdown link to `href` whose address no character can end early: it is written
    in `<…>`, what would close it or break a table's row percent-encoded as a browser sends
    it, and `&` escaped so that no entity is read in it."""
    trimmed = re.sub(r"[\t\n\r]", "", href).strip("".join(map(chr, range(0x21))))
    address = quote(trimmed, safe=_ADDRESS_SAFE).replace("&", "\\&")
    return f"[{text}](<{address}>)"


def code_span(text: str) -> str:
    """`text` as inline code on one line: a page's line breaks in it are spaces."""
    return inline_code(re.sub(r"\s+", " ", text))


def code_block(text: str) -> str:
    """`text` as a fenced code block whose fence is longer than any line of backticks inside."""
    longest = max(map(len, re.findall(r"^[ \t]*(`+)", text, re.M)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}\n{text}\n{fence}"


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
