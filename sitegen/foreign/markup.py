"""What translating Liquid tags and shortcodes needs: each document's text and where a
problem is in its file, and every document's address under the names the tools use."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

from sitegen.config import SiteConfig
from sitegen.errors import Problems, did_you_mean
from sitegen.model import Document
from sitegen.views import Urls

_FENCE = re.compile(r"^ {0,3}(?:```|~~~)")
_IN_ATTRIBUTE = re.compile(r"""(?:href|src|srcset|action|poster)\s*=\s*["']?$""")


@dataclass(frozen=True, slots=True)
class Markup:
    """One document being translated: where its pieces are, and how to name a problem."""

    doc: Document
    body: str
    """The text being translated: the body, after any first pass that keeps its lines."""
    config: SiteConfig
    urls: Urls
    addresses: Addresses
    problems: Problems

    def where(self, offset: int) -> tuple[int, int]:
        body = self.body
        line = self.doc.body_line + body.count("\n", 0, offset)
        return line, offset - (body.rfind("\n", 0, offset) + 1) + 1

    def warn(self, offset: int, message: str, hint: str) -> None:
        self.problems.warn(self.doc.source.rel, *self.where(offset), message, hint)

    def left_visible(self, offset: int, text: str) -> str:
        """`text` as the reader should see it: a line that starts with `{` would be read
        as a block's attributes and vanish, so its brace is escaped, outside code."""
        body = self.body
        starts_line = offset == 0 or body[offset - 1] == "\n"
        before = body[:offset].split("\n")
        in_code = sum(1 for line in before[:-1] if _FENCE.match(line)) % 2 == 1
        return "\\" + text if starts_line and not in_code else text

    def site_path(self, path: str, offset: int) -> str:
        """A site path as it must be written here: Markdown links get the base path from
        the renderer, an HTML attribute needs it written out."""
        if _IN_ATTRIBUTE.search(self.body[max(0, offset - 12) : offset]):
            return self.urls(path)
        return path

    def resolve(self, name: str, offset: int, what: str) -> str | None:
        """The address of the post `name` names, or an error at the tag."""
        found = self.addresses.find(name, self.doc.meta.lang)
        if isinstance(found, str):
            return found
        if found:
            message = f"{what}: {name!r} names several posts ({', '.join(found)})"
            hint = "write the path from the content folder, e.g. " + found[0]
        else:
            message = f"{what}: no post is named {name!r}"
            hint = did_you_mean(self.addresses.key(name), self.addresses.by_key) or (
                "name the file as it is in the tree, without its extension"
            )
        self.problems.error(self.doc.source.rel, *self.where(offset), message, hint)
        return None


class Addresses:
    """Every document's site path under the names the other tools refer to it by."""

    def __init__(
        self, docs: list[Document], url_of: Callable[[Document], str], languages: tuple[str, ...]
    ) -> None:
        self.languages = languages
        self.by_key: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for doc in docs:
            url = url_of(doc)
            within = PurePosixPath(doc.source.within)
            names = {doc.source.rel, str(within), within.name}
            if doc.source.is_bundle:
                names |= {str(within.parent), within.parent.name}
            for name in names:
                self.by_key[self.key(name)].append((doc.meta.lang, url, self.key(str(within))))

    def find(self, name: str, lang: str) -> str | list[str]:
        """The address (the version in `lang` when there are several), or the posts a
        name could mean: none, or more than one (Hugo refuses to guess, and so do we)."""
        found = self.by_key.get(self.key(name.split("#")[0]), [])
        posts = sorted({post for _, _, post in found})
        if len(posts) != 1:
            return posts
        url = next((u for lang_, u, _ in found if lang_ == lang), found[0][1])
        anchor = name.partition("#")[2]
        return f"{url}#{anchor}" if anchor else url

    def key(self, name: str) -> str:
        """`/posts/vision/index.en.md`, `posts/vision` and `vision` -> comparable names."""
        name = name.strip().strip("/")
        for suffix in (".md", ".markdown", ".html"):
            name = name.removesuffix(suffix)
        stem, dot, lang = name.rpartition(".")
        if dot and lang in self.languages:
            name = stem
        for index in ("/index", "/_index"):
            name = name.removesuffix(index)
        return name
