"""Every URL of every page that points into the site leads to a written file, under the base path.

Checked: `href`, `src`, `srcset`, `poster`, `action`, `cite` on any element (so `<link
rel="alternate">` and `rel="canonical"` too), `og:url`/`og:image`/`twitter:image` meta content,
and the site's own URLs in JSON-LD. A URL points into the site when it is root-relative,
relative, or absolute with the site's origin; `#fragment`s must name an element of the target.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from lxml import etree

from tests.conftest import elements, parse_html, strings
from tests.quality.conftest import Site, Unresolved, ids_in

URL_ATTRIBUTES = ("href", "src", "poster", "action", "cite")
META_URLS = ("og:url", "og:image", "og:image:url", "og:image:secure_url", "twitter:image")
OTHER_SCHEMES = ("mailto:", "tel:", "data:", "javascript:", "about:")


@dataclass(frozen=True)
class Link:
    page: Path
    where: str  # e.g. `<a href>`
    url: str  # as written in the page
    fragment_matters: bool = True


def json_ld_urls(data: Any) -> Iterator[str]:
    if isinstance(data, dict):
        for value in data.values():
            yield from json_ld_urls(value)
    elif isinstance(data, list):
        for value in data:
            yield from json_ld_urls(value)
    elif isinstance(data, str) and data.startswith(("http://", "https://")):
        yield data


def links_of(page: Path, html: etree._Element) -> Iterator[Link]:
    for attribute in URL_ATTRIBUTES:
        for element in elements(html, f"//*[@{attribute}]"):
            if element.tag == "base":
                continue
            yield Link(page, f"<{element.tag} {attribute}>", element.get(attribute, "").strip())
    for element in elements(html, "//*[@srcset]"):
        for candidate in element.get("srcset", "").split(","):
            if candidate.strip():
                yield Link(page, f"<{element.tag} srcset>", candidate.split()[0])
    for meta in elements(html, "//meta[@content][@property or @name]"):
        if (meta.get("property") or meta.get("name")) in META_URLS:
            where = f"<meta {meta.get('property') or meta.get('name')}>"
            yield Link(page, where, meta.get("content", "").strip())
    for script in elements(html, "//script[@type='application/ld+json']"):
        for url in json_ld_urls(json.loads(script.text or "null")):
            # JSON-LD `@id`s like `…/#blog` name nodes of the graph, not elements of the page.
            yield Link(page, "JSON-LD", url, fragment_matters=False)


def page_base(site: Site, page: Path, html: etree._Element) -> str:
    """The URL relative links of a page resolve against (its address, or its `<base href>`)."""
    address = site.url_of(page)
    bases = strings(html, "//base/@href")
    return site.resolve(bases[0], address) if bases else address


def check(site: Site, link: Link, base: str) -> str | None:
    """None when the link is fine or leaves the site; else what is wrong with it."""
    url = link.url
    if url.lower().startswith(OTHER_SCHEMES):
        return None
    parts = urlsplit(url)
    if parts.scheme and not site.is_internal(url):
        return None
    if parts.netloc and not site.is_internal(site.resolve(url)):
        return None  # protocol-relative URL of another host
    if url.startswith("/") and not url.startswith("//") and not url.startswith(site.base_path):
        return f"{url} does not start with the base path {site.base_path}"
    absolute = site.resolve(url, base)
    try:
        target = site.locate(absolute)
    except Unresolved as problem:
        return str(problem) if absolute == url else f"{url}: {problem}"
    fragment = unquote(urlsplit(absolute).fragment)
    if (
        link.fragment_matters
        and fragment not in ("", "top")
        and target.suffix == ".html"
        and fragment not in ids_in(target)
    ):
        return f"{url}: no element with id {fragment!r} in {site.rel(target)}"
    return None


def is_checked(site: Site, link: Link) -> bool:
    """Whether a link points into the site (and so was checked)."""
    if link.url.lower().startswith(OTHER_SCHEMES):
        return False
    parts = urlsplit(link.url)
    return not (parts.scheme or parts.netloc) or site.is_internal(site.resolve(link.url))


def test_every_link_into_the_site_resolves(site: Site) -> None:
    problems: list[str] = []
    checked = 0
    for page in site.pages():
        html = parse_html(page)
        base = page_base(site, page, html)
        for link in links_of(page, html):
            if not is_checked(site, link):
                continue
            checked += 1
            problem = check(site, link, base)
            if problem:
                problems.append(f"{site.rel(page)}: {link.where} {problem}")
    print(f"{checked} links into the {site.base_url} build checked")
    assert not problems, f"{len(problems)} broken links of {checked}:\n" + "\n".join(problems)
    assert checked > 200, f"only {checked} links into the site were found"


def test_the_404_page_links_work_from_any_address(site: Site) -> None:
    """404.html is served at every missing address, so its relative URLs would break."""
    page = site.out / "404.html"
    html = parse_html(page)
    relative = [
        f"{link.where} {link.url}"
        for link in links_of(page, html)
        if is_checked(site, link)
        and not urlsplit(link.url).scheme
        and not link.url.startswith(("/", "#"))
    ]
    assert not relative, "relative URLs in 404.html:\n" + "\n".join(relative)


def test_metadata_urls_are_absolute_and_canonical_is_the_page_itself(site: Site) -> None:
    """Search engines and social sites need absolute URLs in these; canonical names the page."""
    problems: list[str] = []
    for page in site.pages():
        html = parse_html(page)
        urls = [
            (f"<link rel={link.get('rel')}>", link.get("href"))
            for link in elements(
                html, "//link[@rel='canonical' or (@rel='alternate' and @hreflang)]"
            )
        ]
        urls += [
            (f"<meta {meta.get('property')}>", meta.get("content"))
            for meta in elements(html, "//meta[@property='og:url' or @property='og:image']")
        ]
        for where, url in urls:
            if not (url or "").startswith(site.base_url):
                problems.append(f"{site.rel(page)}: {where} {url} is not under {site.base_url}")
        for canonical in strings(html, "//link[@rel='canonical']/@href"):
            if canonical != site.url_of(page):
                problems.append(f"{site.rel(page)}: canonical {canonical} is another page")
        if page.name == "404.html" and elements(html, "//link[@rel='canonical']"):
            problems.append("404.html names a canonical page")
    assert not problems, "\n".join(problems)
