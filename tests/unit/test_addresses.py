"""Where the site's own pages are: every listing, feed and site-wide file has one address,
spelled in `sitegen/urls.py` alone, and a tag's page is where the posts' tag links go."""

from __future__ import annotations

import ast
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from sitegen.content.addresses import SiteUrls, language_prefix
from sitegen.content.frontmatter import parse_all
from sitegen.content.sources import discover
from sitegen.model import Rendered
from sitegen.project.errors import Problems
from sitegen.settings.config import SiteConfig, load_config
from sitegen.site.assemble import assemble
from sitegen.urls import (
    ALL_LANGUAGES_FILE,
    FEED_FILES,
    LISTING_FOLDERS,
    NOT_FOUND_PAGE,
    RSS_FILE,
    SEARCH_INDEX,
    archives_page,
    feed_page,
    home_page,
    llms_page,
    output_path,
    search_index_file,
    search_page,
    site_path_of,
    tag_feed,
    tag_page,
    tags_page,
    twin_page,
    year_page,
)
from tests.conftest import post, write_files

SITEGEN = Path(__file__).resolve().parents[2] / "sitegen"
TEMPLATES = SITEGEN.parent / "templates"
OWNER = SITEGEN / "urls.py"
SPELLED = re.compile(
    r"(?:^|/)(?:page|tags|archives|search|pagefind)/"
    r"|(?:^|/)(?:feed\.xml|rss\.xml|feed\.json|all\.xml|sitemap\.xml|robots\.txt|llms\.txt|404\.html"
    r"|share-card\.png)$"
)
"""A listing's or the search index's folder, a feed's or a site-wide file's name, as a string
or a part of an f-string: what would be a second place saying where those pages are."""
SPELLED_IN_TEMPLATE = re.compile(
    r"(?<![\w.-])(?:page|tags|archives|search|pagefind)/"
    r"|(?<![\w.-])(?:feed\.xml|rss\.xml|feed\.json|all\.xml|sitemap\.xml|robots\.txt|llms\.txt|404\.html"
    r"|share-card\.png)(?![\w.-])"
)
"""The same, in a template's text: `{{ site.home }}tags/` joins an address the views give."""
TEMPLATE_NAMES = re.compile(r"\{#.*?#\}|\{%-?\s*(?:extends|include|import|from)\b.*?%\}", re.S)
"""Comments, and the statements naming other templates: `{% include "404.html" %}` names a
file of the theme, not a page of the site."""


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            found.add(id(body[0].value))
    return found


def _template_names(tree: ast.AST) -> set[int]:
    """The strings passed as `template=`: `"404.html"` is then the theme's file, not the page."""
    return {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.keyword) and node.arg == "template"
    }


def _spellings(path: Path, root: Path = SITEGEN.parent) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _docstrings(tree) | _template_names(tree)
    return [
        f"{path.relative_to(root)}:{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skipped
        and SPELLED.search(node.value)
    ]


def _template_spellings(path: Path, root: Path = SITEGEN.parent) -> list[str]:
    text = path.read_text(encoding="utf-8")
    # Blanked out, not removed: the line numbers stay those of the file.
    shown = TEMPLATE_NAMES.sub(lambda m: re.sub(r"[^\n]", " ", m[0]), text)
    return [
        f"{path.relative_to(root)}:{shown.count(chr(10), 0, m.start()) + 1}: {m[0]!r}"
        for m in SPELLED_IN_TEMPLATE.finditer(shown)
    ]


def test_only_urls_py_spells_where_the_sites_own_pages_are() -> None:
    others = [path for path in sorted(SITEGEN.rglob("*.py")) if path != OWNER]
    assert [found for path in others for found in _spellings(path)] == []


def test_the_templates_take_the_sites_own_addresses_from_the_views() -> None:
    templates = sorted(TEMPLATES.rglob("*.html"))
    assert templates
    assert [found for path in templates for found in _template_spellings(path)] == []


def test_the_scan_finds_a_path_spelled_in_an_f_string_but_not_in_prose(tmp_path: Path) -> None:
    module = tmp_path / "listing.py"
    module.write_text(
        '"""Lists a tag at `/tags/ia/`."""\n'
        'def tag(prefix, key):\n    return f"{prefix}tags/{key}/"\n'
        'MISSING = "/404.html"\nFEED = "rss.xml"\nNOTE = "the page/post pair"\n'
        'INDEX = "/pagefind/"\nWRITTEN = "404.html"\nCARD = f"{url}share-card.png"\n'
        'render(path, template="404.html")\n',
        encoding="utf-8",
    )
    found = [line.split(": ", 1)[1] for line in _spellings(module, tmp_path)]
    assert sorted(found) == [
        "'/404.html'",
        "'/pagefind/'",
        "'404.html'",
        "'rss.xml'",
        "'share-card.png'",
        "'tags/'",
    ]


def test_the_scan_finds_an_address_a_template_joins_but_not_a_template_it_names(
    tmp_path: Path,
) -> None:
    template = tmp_path / "tag.html"
    template.write_text(
        '{% extends "base.html" %}{# the tags/ page #}\n'
        '{% include "partials/search/404.html" %}\n'
        '<a href="{{ tag.url }}feed.xml">{{ site.tags_page }}</a>\n'
        "<script src=\"{{ url('/pagefind/pagefind-ui.js') }}\" data-pagefind-body></script>\n"
        '<a href="{{ site.home }}tags/">homepage/</a> {{ url("/404.html") }}\n',
        encoding="utf-8",
    )
    found = _template_spellings(template, tmp_path)
    assert found == [
        "tag.html:3: 'feed.xml'",
        "tag.html:4: 'pagefind/'",
        "tag.html:5: 'tags/'",
        "tag.html:5: '404.html'",
    ]


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        (home_page("/"), "/"),
        (home_page("/en/"), "/en/"),
        (home_page("/", 2), "/page/2/"),
        (home_page("/en/", 12), "/en/page/12/"),
        (tags_page("/"), "/tags/"),
        (tag_page("/en/", "ethique"), "/en/tags/ethique/"),
        (archives_page("/en/"), "/en/archives/"),
        (year_page("/", 2026), "/archives/2026/"),
        (search_page("/en/"), "/en/search/"),
        (feed_page("/en/", RSS_FILE), "/en/rss.xml"),
        (feed_page("/", ALL_LANGUAGES_FILE), "/all.xml"),
        (tag_feed(tag_page("/en/", "ethique")), "/en/tags/ethique/feed.xml"),
    ],
)
def test_listing_addresses_sit_in_their_languages_folder(address: str, expected: str) -> None:
    assert address == expected


def test_the_404_page_is_the_file_hosts_serve_for_a_missing_address() -> None:
    assert output_path(NOT_FOUND_PAGE) == "404.html"


def test_the_search_index_is_one_folder_at_the_root_for_every_language() -> None:
    assert SEARCH_INDEX == "/pagefind/"
    assert search_index_file("pagefind-ui.js") == output_path(SEARCH_INDEX + "pagefind-ui.js")


_NAMES = st.text(st.characters(exclude_characters="/%", exclude_categories=["Cs"]), min_size=1)
"""A folder's or a file's name in a site path written without escapes."""


@given(st.lists(_NAMES, min_size=1, max_size=4))
def test_a_written_file_is_at_the_address_it_was_written_for(names: list[str]) -> None:
    file = "/".join(names)
    assert output_path(site_path_of(file)) == file


@given(st.lists(_NAMES, max_size=4), st.booleans())
def test_an_address_is_read_back_from_the_file_written_for_it(
    names: list[str], folder: bool
) -> None:
    # `/a/index.html` is the page `/a/`: its file is read back as that address.
    assume(not names or names[-1] != "index.html")
    address = "/" + "/".join(names) + ("/" if folder and names else "")
    assert site_path_of(output_path(address)) == address


@pytest.mark.parametrize(
    ("file", "address"),
    [
        ("index.html", "/"),
        ("en/index.html", "/en/"),
        ("2026/01/ete/index.html", "/2026/01/ete/"),
        ("404.html", "/404.html"),
        ("en/feed.xml", "/en/feed.xml"),
        ("notes/myindex.html", "/notes/myindex.html"),
    ],
)
def test_a_file_of_the_output_folder_is_at_its_site_path(file: str, address: str) -> None:
    assert site_path_of(file) == address


def test_a_language_folder_holds_its_listings_and_feeds_beside_its_posts() -> None:
    firsts = {
        page.strip("/").split("/")[0]
        for page in (home_page("/", 2), tags_page("/"), archives_page("/"), search_page("/"))
    }
    assert firsts == LISTING_FOLDERS
    assert set(FEED_FILES) == {"feed.xml", "rss.xml", "feed.json"}


def _config(tmp_path: Path, at_root: bool = True) -> SiteConfig:
    write_files(
        tmp_path,
        {
            "sitegen.yaml": "title: Blog\nbase_url: https://u.github.io/repo/\n"
            "language: fr\nlanguages: [fr, en]\n"
            + ("" if at_root else "default_language_at_root: false\n"),
            "content/posts/2026-01-15-ete.md": post("L’été", tags="[L’Été, IA]"),
            "content/en/posts/2025-03-02-summer.md": post("Summer", date="2025-03-02", tags="[AI]"),
        },
    )
    return load_config(tmp_path)


def test_a_tag_link_is_where_the_tags_page_is_published(tmp_path: Path) -> None:
    config = _config(tmp_path)
    problems = Problems()
    docs = parse_all(discover(config, problems), config, problems)
    rendered = Rendered("", "", False, (), 0, ())
    site = assemble(config, [(doc, rendered) for doc in docs], datetime.now(UTC), problems)
    urls = SiteUrls(config)
    for edition in site.editions:
        for tag in edition.tags:
            assert urls.tag(edition.lang, tag.name) == urls(tag.url)
        assert [y.url for y in edition.years] == [
            year_page(edition.prefix, y.year) for y in edition.years
        ]
    tags = {tag.url for edition in site.editions for tag in edition.tags}
    assert tags == {"/tags/l-ete/", "/tags/ia/", "/en/tags/ai/"}
    assert urls.tag("en", "AI") == "/repo/en/tags/ai/"


def test_the_default_language_may_have_a_folder_of_its_own(tmp_path: Path) -> None:
    config = _config(tmp_path, at_root=False)
    assert language_prefix(config, "fr") == "/fr/"
    assert SiteUrls(config).tag("fr", "L’Été") == "/repo/fr/tags/l-ete/"


def test_a_languages_llms_txt_is_at_its_root_and_a_twin_beside_its_page() -> None:
    assert llms_page("/") == "/llms.txt"
    assert llms_page("/en/") == "/en/llms.txt"
    assert twin_page("/2026/03/attention/") == "/2026/03/attention/index.md"
    assert twin_page("/a-propos.html") == "/a-propos.md"
    assert twin_page("/flux.xml") == ""
