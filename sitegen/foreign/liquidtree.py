"""Jekyll's Liquid read into a tree: text, tags, and blocks (`if`, `for`, `capture`…) with
their branches, each tag with its place in the text for messages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sitegen.foreign.markup import Markup

TAG = re.compile(
    r"(?P<raw>\{%-?\s*raw\s*-?%\}(?P<verbatim>(?:(?!\{%-?\s*raw\b).)*?)\{%-?\s*endraw\s*-?%\})"
    r"|(?P<comment>\{%-?\s*comment\s*-?%\}(?:(?!\{%-?\s*comment\b).)*?\{%-?\s*endcomment\s*-?%\})"
    r"|\{%-?\s*(?P<name>\w+)(?P<args>(?:(?!\{%).)*?)-?%\}"
    r"|\{\{-?\s*+(?P<output>(?:\s*+(?!\{\{)\S)*?)\s*-?\}\}",
    re.DOTALL,
)
BLOCKS = {
    "if": "endif",
    "unless": "endunless",
    "case": "endcase",
    "capture": "endcapture",
    "for": "endfor",
    "tablerow": "endtablerow",
}
_BRANCHES = {
    "if": ("elsif", "else"),
    "unless": ("elsif", "else"),
    "case": ("when", "else"),
    "for": ("else",),
}


@dataclass
class Node:
    """A tag and, for a block, the text of each branch."""

    match: re.Match[str]
    branches: list[tuple[re.Match[str], list[Node | str]]] = field(default_factory=list)
    end: int = 0
    """Where the block's closing tag ends."""


def parse(markup: Markup, text: str, at: int | None) -> list[Node | str]:
    stack: list[tuple[str, Node]] = []
    top: list[Node | str] = []
    children = top
    position = 0
    trim = False
    for match in TAG.finditer(text):
        before = text[position : match.start()]
        before = before.lstrip() if trim else before
        # `{%-` and `-%}` eat the white space (line breaks too) on their side, as in Liquid.
        children.append(before.rstrip() if match.group(0)[2] == "-" else before)
        trim = match.group(0)[-3] == "-"
        position = match.end()
        name = match.group("name") or ""
        if name in BLOCKS:
            node = Node(match, [(match, [])])
            children.append(node)
            stack.append((name, node))
            children = node.branches[-1][1]
        elif stack and name in _BRANCHES.get(stack[-1][0], ()):
            stack[-1][1].branches.append((match, []))
            children = stack[-1][1].branches[-1][1]
        elif stack and name == BLOCKS[stack[-1][0]]:
            stack.pop()[1].end = match.end()
            children = stack[-1][1].branches[-1][1] if stack else top
        else:
            children.append(Node(match))
    children.append(text[position:].lstrip() if trim else text[position:])
    for name, node in stack:  # Jekyll stops on it; the rest of the post is still there
        node.end = len(text)
        markup.warn(
            at if at is not None else node.match.start(),
            f"Liquid `{{% {name} %}}` is never closed",
            f"close it with {{% {BLOCKS[name]} %}}",
        )
    return top
