"""What translating Liquid tags and shortcodes needs: each document's text and where a
problem is in its file, and every document's address under the names the tools use."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from sitegen.foreign.code import code_regions
from sitegen.model import Document
from sitegen.project.errors import Problems, did_you_mean
from sitegen.settings.config import SiteConfig
from sitegen.urls import Urls

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
    said: set[str] = field(default_factory=set)
    """What `warn_once` has already said about this document."""

    def where(self, offset: int, text: str | None = None) -> tuple[int, int]:
        """The line and column of `offset` in the body (or in `text`, a later pass of it
        that kept its lines)."""
        body = self.body if text is None else text
        line = self.doc.body_line + body.count("\n", 0, offset)
        return line, offset - (body.rfind("\n", 0, offset) + 1) + 1

    def warn(self, offset: int, message: str, hint: str, text: str | None = None) -> None:
        self.problems.warn(self.doc.source.rel, *self.where(offset, text), message, hint)

    def warn_once(self, offset: int, message: str, hint: str) -> None:
        """A warning at the first place only: the same shortcode used a hundred times in a
        post is one thing to fix."""
        if message not in self.said:
            self.said.add(message)
            self.warn(offset, message, hint)

    def unsupported(self, offset: int, text: str, message: str, hint: str) -> str:
        """What stands for markup sitegen cannot follow: a warning, then nothing, so that
        no reader sees it; in code it stays, as the example it is."""
        self.warn(offset, message, hint)
        if offset in code_regions(self.body):
            return text
        return "\n" * text.count("\n")  # the lines after it keep their numbers

    def site_path(self, path: str, offset: int, text: str | None = None) -> str:
        """A site path as it must be written at `offset` of the body (or of `text`, an
        included file): Markdown links get the base path from the renderer, an HTML
        attribute needs it written out."""
        text = self.body if text is None else text
        if _IN_ATTRIBUTE.search(text[max(0, offset - 12) : offset]):
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
        self.docs = docs
        self.url: dict[str, str] = {}
        """A document's file (`source.rel`) -> its site path."""
        self.by_key: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for doc in docs:
            url = self.url[doc.source.rel] = url_of(doc)
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
