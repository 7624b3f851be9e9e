"""jekyll-polyglot's fallback copies. Polyglot builds a Jekyll site once per language of
`languages:`, the default one at the root and each other under `/<lang>/`; each build holds
every document, unless a document of a better language has the same address once language
folders are taken out of it (its own language first, then the default one). So a page with no
`lang` (`/cv/`) was also published at `/en/cv/`, and links to that copy exist."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sitegen.foreign.permalinks import published_at
from sitegen.model import Document
from sitegen.settings.config import SiteConfig
from sitegen.settings.inputs import configuration
from sitegen.urls import FEED_FILES, LISTING_FOLDERS

_SITEGEN_OWN = frozenset({"", *LISTING_FOLDERS, *FEED_FILES})
"""What sitegen writes in every language's folder, from that language's posts: a copy
there would take the place of a page the readers of that language need."""


def fallback_copies(config: SiteConfig, docs: Sequence[Document]) -> list[list[str]]:
    """For each document, the addresses where polyglot published it as another language's
    fallback (none for a tree without polyglot and its `languages:`)."""
    copies: list[list[str]] = [[] for _ in docs]
    site = configuration(config)
    if not config.foreign.language_folders or not _declared(site.get("languages")):
        return copies
    paths = [published_at(config, doc, "/") for doc in docs]
    pattern = _language_folders(config.languages)
    ids = [_page_id(doc, path, pattern) for doc, path in zip(docs, paths, strict=True)]
    for lang in config.languages:
        chosen: dict[str, int] = {}
        for index, doc in enumerate(docs):
            if not _built_in(doc, lang):
                continue
            held = chosen.get(ids[index])
            if held is None or _rank(config, doc, lang) < _rank(config, docs[held], lang):
                chosen[ids[index]] = index
        prefix = "" if lang == config.language else f"/{lang}"
        for index in chosen.values():
            if docs[index].meta.lang != lang and _free(paths[index]):
                copies[index].append(prefix + paths[index])
    return copies


def _declared(languages: Any) -> bool:
    return isinstance(languages, list) and len(languages) > 1


def _language_folders(languages: Sequence[str]) -> re.Pattern[str]:
    """Polyglot's `document_url_regex`: `/fr/` or `.fr.` anywhere in an address."""
    names = "|".join(re.escape(lang) for lang in languages)
    return re.compile(rf"[/.](?:{names})[/.]")


def _page_id(doc: Document, path: str, pattern: re.Pattern[str]) -> str:
    """What polyglot takes for the same page in two languages: `page_id`, else the address
    with its language folders taken out (`/posts/fr/x/` and `/posts/en/x/` are one)."""
    own = dict(doc.meta.extra).get("page_id")
    return str(own) if own is not None else pattern.sub("/", path)


def _built_in(doc: Document, lang: str) -> bool:
    """`lang-exclusive: [fr]` keeps a document out of the other languages' builds."""
    only = dict(doc.meta.extra).get("lang-exclusive")
    return not isinstance(only, list) or not only or lang in map(str, only)


def _rank(config: SiteConfig, doc: Document, lang: str) -> int:
    """Which of two documents with one address a language's build keeps: its own
    language's, then the default language's, then the first met."""
    return 0 if doc.meta.lang == lang else 1 if doc.meta.lang == config.language else 2


def _free(path: str) -> bool:
    return path.strip("/").split("/")[0] not in _SITEGEN_OWN
