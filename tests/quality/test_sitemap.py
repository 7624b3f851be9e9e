"""sitemap.xml and robots.txt as a search engine reads them."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from urllib.robotparser import RobotFileParser

from lxml import etree

from tests.conftest import elements, parse_html, strings
from tests.quality.conftest import Site, Unresolved, xml_tree

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def url_entries(site: Site) -> list[etree._Element]:
    """The `<url>`s of sitemap.xml, following a sitemap index if it is one."""
    path = site.out / "sitemap.xml"
    assert path.is_file(), f"no sitemap.xml at {site.base_url}"
    root = xml_tree(path)
    entries: list[etree._Element] = []
    if root.tag == f"{{{NS['sm']}}}sitemapindex":
        for loc in strings(root, "sm:sitemap/sm:loc/text()", NS):
            entries += elements(xml_tree(site.locate(loc.strip())), "sm:url", NS)
        return entries
    assert root.tag == f"{{{NS['sm']}}}urlset", f"sitemap.xml is a {root.tag}"
    entries += elements(root, "sm:url", NS)
    return entries


def loc_of(entry: etree._Element) -> str:
    return "".join(strings(entry, "sm:loc/text()", NS)).strip()


def indexable(site: Site) -> dict[str, str]:
    """URL -> file of every page a search engine should find (not 404.html, not noindex)."""
    pages = {}
    for page in site.pages():
        robots = " ".join(strings(parse_html(page), "//meta[@name='robots']/@content")).lower()
        if page.name != "404.html" and "noindex" not in robots:
            pages[site.url_of(page)] = site.rel(page)
    return pages


def test_sitemap_lists_every_indexable_page_once(site: Site) -> None:
    locs = [loc_of(entry) for entry in url_entries(site)]
    outside = [loc for loc in locs if not loc.startswith(site.base_url)]
    problems = [f"{loc!r} is not under {site.base_url}" for loc in outside]
    for loc in locs:
        try:
            site.locate(loc)
        except Unresolved as problem:
            problems.append(str(problem))
    problems += [f"{loc} is listed {n} times" for loc, n in Counter(locs).items() if n > 1]
    pages = indexable(site)
    problems += [f"{file} ({url}) is missing" for url, file in pages.items() if url not in locs]
    problems += [f"{loc} is listed but not indexable" for loc in set(locs) - set(pages)]
    assert not problems, "\n".join(problems)


def is_w3c_date(value: str) -> bool:
    try:
        (date.fromisoformat if len(value) == 10 else datetime.fromisoformat)(value)
    except ValueError:
        return False
    return True


def test_sitemap_dates_are_w3c_dates(site: Site) -> None:
    wrong = [
        f"{loc_of(entry)}: {lastmod!r}"
        for entry in url_entries(site)
        for lastmod in strings(entry, "sm:lastmod/text()", NS)
        if not is_w3c_date(lastmod.strip())
    ]
    assert not wrong, "lastmod values that are not W3C dates:\n" + "\n".join(wrong)


def test_sitemap_alternates_match_the_pages_hreflang_links(site: Site) -> None:
    problems = []
    entries = url_entries(site)
    for entry in entries:
        loc = loc_of(entry)
        listed = {
            (link.get("hreflang"), link.get("href"))
            for link in elements(entry, "xhtml:link[@rel='alternate']", NS)
        }
        html = parse_html(site.locate(loc))
        in_page = {
            (link.get("hreflang"), site.resolve(link.get("href", ""), loc))
            for link in elements(html, "//head/link[@rel='alternate'][@hreflang]")
        }
        if listed != in_page:
            problems.append(f"{loc}:\n  sitemap {sorted(listed)}\n  page    {sorted(in_page)}")
    assert any(elements(entry, "xhtml:link", NS) for entry in entries), "no hreflang"
    assert not problems, "\n".join(problems)


def test_robots_txt_names_the_sitemap_and_allows_its_pages(site: Site) -> None:
    path = site.out / "robots.txt"
    assert path.is_file(), f"no robots.txt at {site.base_url}"
    lines = path.read_text(encoding="utf-8").splitlines()
    sitemaps = [
        line.split(":", 1)[1].strip() for line in lines if line.lower().startswith("sitemap:")
    ]
    assert sitemaps == [site.base_url + "sitemap.xml"], f"robots.txt names {sitemaps}"
    robots = RobotFileParser()
    robots.parse(lines)
    blocked = [loc for loc in map(loc_of, url_entries(site)) if not robots.can_fetch("*", loc)]
    assert not blocked, f"robots.txt disallows pages of the sitemap: {blocked}"
