"""The stage that turns Liquid tags (Jekyll) and shortcodes (Hugo) into Markdown, once every
document's address is known: `{% post_url %}` and `{{< ref >}}` name other posts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from sitegen.content.addresses import SiteUrls, address
from sitegen.content.frontmatter import body_key
from sitegen.foreign.liquid import prepare_liquid, translate_liquid
from sitegen.foreign.markup import Addresses, Markup
from sitegen.foreign.shortcodes import translate_shortcodes
from sitegen.model import Document
from sitegen.project.errors import Problems
from sitegen.settings.config import SiteConfig


def translate_markup(
    docs: list[Document],
    config: SiteConfig,
    problems: Problems,
    url_of: Callable[[Document], str] | None = None,
) -> list[Document]:
    """Each body with the other tool's markup made Markdown; sitegen's own bodies as they are.

    Links to other posts lead to `url_of(post)`: by default, where this build publishes it.
    """
    if config.dialect == "sitegen":
        return docs
    jekyll = config.dialect == "jekyll"
    addresses = Addresses(docs, url_of or (lambda doc: address(config, doc)[1]), config.languages)
    urls = SiteUrls(config)
    translated = []
    for doc in docs:
        with problems.reading(doc.source.rel):
            text = prepare_liquid(doc.body) if jekyll else doc.body
            markup = Markup(doc, text, config, urls, addresses, problems)
            body = translate_liquid(markup) if jekyll else translate_shortcodes(markup)
            if body != doc.body:
                doc = replace(doc, body=body, body_key=body_key(doc, body))
            translated.append(doc)
    return translated
