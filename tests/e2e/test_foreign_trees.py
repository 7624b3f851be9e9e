"""A Jekyll or Hugo blog builds as it is, without a sitegen.yaml, by `sitegen build` run in the test
process (`main` with the arguments, environment and streams a new process would have,
tests/inprocess.py): every post becomes one page at the tool's own address, in its language, linked
to its translations; the tool's markup (highlighting, summaries, links between posts, escapes) shows
what the tool would show; drafts stay out unless asked for.

Each check runs on the fixture blogs of foreign_blogs.py (`jekyll`, `hugo`, and `hugo-dirs`
where it has what the check needs), with a small table of each tool's own inputs beside the
check. What only one tool has is checked in test_foreign_jekyll.py and test_foreign_hugo.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import pytest

from tests.conftest import elements, raw_text, strings, text_of
from tests.e2e.foreign_blogs import BLOGS, Blog
from tests.e2e.foreign_sites import (
    POST,
    Built,
    FixtureBuilds,
    alternates,
    body_of,
    date_of,
    one,
    plain,
    title_of,
)

PNG = b"\x89PNG\r\n\x1a\n"
EVERY_BLOG = pytest.mark.parametrize("tree", ["jekyll", "hugo", "hugo-dirs"])
BOTH_TOOLS = pytest.mark.parametrize("tree", ["jekyll", "hugo"])


@pytest.fixture
def blog(tree: str) -> Blog:
    return BLOGS[tree]


@pytest.fixture
def site(fixture_builds: FixtureBuilds, blog: Blog) -> Built:
    return fixture_builds(blog.tree)


@pytest.fixture
def with_drafts(fixture_builds: FixtureBuilds, blog: Blog) -> Built:
    return fixture_builds(blog.tree, "--drafts")


# ------------------------------------------------------------------ the fixtures

OPENINGS: dict[str, dict[str, bytes]] = {
    "jekyll": {
        "_posts/2024-09-04-crlf.md": b"---\r\ntitle:",
        "_posts/2024-09-05-bom.md": b"\xef\xbb\xbf---\n",
        "_posts/2024-09-03-espaces.md": b"---   \n",
        "_posts/2024-09-06-sans-en-tete.md": b"# Un titre\n",
        "assets/img/schema.png": PNG,
    },
    "hugo": {
        "content/posts/attention.md": b"+++\n",
        "content/posts/vision/index.md": b"---\n",
        "content/posts/sans-en-tete.md": "# Sans en-tête\n".encode(),
        "content/posts/vision/schema.png": PNG,
    },
    "hugo-dirs": {},
}
"""How the files whose bytes are the point begin."""
WRITTEN: dict[str, list[tuple[str, str, bool]]] = {
    "jekyll": [],
    "hugo": [("content/posts/reseaux.md", "slug", False)],
    "hugo-dirs": [
        ("content/fr/posts/brouillon.md", "draft: true", True),
        ("content/fr/posts/brouillon.md", "date:", False),
    ],
}
"""(file, text, whether the file holds it) for the front matter the checks rely on."""


@EVERY_BLOG
def test_the_fixture_holds_what_the_tests_rely_on(tree: str, blog: Blog) -> None:
    """Editors and git must not have smoothed the files whose bytes are the point."""
    folder = blog.tree.folder
    assert not (folder / "sitegen.yaml").exists()
    for rel, opening in OPENINGS[tree].items():
        assert (folder / rel).read_bytes().startswith(opening), rel
    for rel, text, held in WRITTEN[tree]:
        assert (text in (folder / rel).read_text(encoding="utf-8")) == held, (rel, text)
    if tree == "jekyll":
        crlf = (folder / "_posts/2024-09-04-crlf.md").read_bytes()
        assert b"\n" not in crlf.replace(b"\r\n", b"")
        comments = (folder / "_posts/2024-09-02-commentaires-yaml.md").read_text(encoding="utf-8")
        assert re.search(r"^# .*\n", comments.split("---\n")[1], re.MULTILINE)


# ------------------------------------------------------------------ the build


@EVERY_BLOG
def test_the_blog_builds_with_defaults_and_says_so(blog: Blog, site: Built) -> None:
    notes = [line for line in site.result.err.splitlines() if line.startswith("note:")]
    assert [n for n in notes if blog.tool in n and "sitegen.yaml" in n], site.result.err
    assert not (site.source / "sitegen.yaml").exists()


@EVERY_BLOG
def test_every_post_file_becomes_exactly_one_page(blog: Blog, site: Built) -> None:
    """A file without front matter has no date: whether it is published is left open, but
    it is one page at most."""
    expected = sorted((post.url, post.title) for post in blog.posts.values())
    found = site.post_pages()
    assert [entry for entry in found if entry[1] != blog.undated] == expected
    assert len([entry for entry in found if entry[1] == blog.undated]) <= 1


@EVERY_BLOG
def test_post_pages_speak_their_language_and_show_their_date(blog: Blog, site: Built) -> None:
    for post in blog.posts.values():
        page = site.page(post.url)
        assert page.get("lang") == post.lang, post.url
        assert one(page, POST).get("lang") in (None, post.lang), post.url
        assert title_of(page) == post.title, post.url
        assert date_of(page).startswith(post.date), post.url


def broken_links(built: Built) -> list[tuple[str, str]]:
    """Links of the site's pages, redirects included, that leave its base path or lead to no
    built file."""
    origin = f"https://{built.tree.host}"
    broken: list[tuple[str, str]] = []
    for url, page in built.pages():
        targets = strings(page, "//a/@href | //link/@href | //img/@src | //script/@src")
        targets += [
            content.split("url=", 1)[1]
            for content in strings(page, "//meta[@http-equiv='refresh']/@content")
        ]
        for target in targets:
            parts = urlsplit(urljoin(origin + url, target))
            if parts.scheme not in ("http", "https") or parts.netloc != built.tree.host:
                continue
            inside = parts.path.startswith(built.tree.base)
            if not inside or not built.file(parts.geturl()).is_file():
                broken.append((url, target))
    return broken


@EVERY_BLOG
def test_every_link_stays_under_the_base_path_and_leads_to_a_built_file(site: Built) -> None:
    assert broken_links(site) == []


# ------------------------------------------------------------------ translations, languages


@pytest.mark.parametrize(
    ("tree", "french", "english"),
    [
        ("jekyll", "premier", "first"),
        ("hugo", "attention", "attention.en"),
        ("hugo", "vision", "vision.en"),
        ("hugo-dirs", "fr/embeddings", "en/embeddings"),
        ("hugo-dirs", "fr/apprentissage", "en/learning"),
    ],
    ids=["jekyll-suffix", "hugo-suffix", "hugo-bundle", "hugo-same-file-name", "hugo-key"],
)
def test_a_translation_pair_is_linked(blog: Blog, site: Built, french: str, english: str) -> None:
    """Each version is in its language and links the other, in <head> and on the page."""
    french_url, english_url = blog.url(french), blog.url(english)
    pages = site.page(french_url), site.page(english_url)
    assert (pages[0].get("lang"), pages[1].get("lang")) == ("fr", "en")
    for page in pages:
        found = alternates(page)
        assert set(found) >= {"fr", "en"}, found
        assert site.same_page(found["fr"], french_url), found
        assert site.same_page(found["en"], english_url), found
    for page, lang, other in zip(pages, ("en", "fr"), (english_url, french_url), strict=True):
        shown = elements(one(page, f"{POST}//p[@class='translations']"), "./a")
        links = [(a.get("hreflang"), urlsplit(str(a.get("href"))).path) for a in shown]
        assert links == [(lang, other)]


@EVERY_BLOG
def test_each_language_home_lists_its_posts(blog: Blog, site: Built) -> None:
    for lang, home in blog.homes.items():
        listed = site.home_titles(home)
        if lang == blog.undated_lang:
            listed = [title for title in listed if title != blog.undated]
        expected = sorted(p.title for p in blog.posts.values() if p.lang == lang)
        assert sorted(listed) == expected, home


# ------------------------------------------------------------------ the tool's markup


@dataclass(frozen=True)
class Highlighted:
    """A block of code the tool highlights, and the markup it is written in."""

    post: str
    language: str
    first_line: str
    later_line: str
    markup: tuple[str, ...]


HIGHLIGHTED = {
    "jekyll": Highlighted(
        "premier", "python", "def attention(q, k, v):", "return poids @ v", ("{%",)
    ),
    "hugo": Highlighted(
        "outils",
        "go",
        "func softmax(xs []float64) []float64 {",
        "out[i] = math.Exp(x) / total",
        ("{{< highlight", "{{< /highlight"),
    ),
}


@BOTH_TOOLS
def test_the_tools_highlighting_becomes_highlighted_code(
    tree: str, blog: Blog, site: Built
) -> None:
    it = HIGHLIGHTED[tree]
    body = body_of(site.page(blog.url(it.post)))
    code = one(body, f".//pre/code[contains(@class, '{it.language}')]")
    text = raw_text(code)
    assert text.startswith(it.first_line)
    assert it.later_line in text
    shown = plain(text_of(body))
    assert [markup for markup in it.markup if markup in shown] == []


SUMMARIES = {
    "jekyll": (
        "premier",
        "Entraîner un petit modèle de langue chez soi est plus simple qu'on ne le croit : "
        "quelques mégaoctets de texte et une carte graphique modeste suffisent pour voir "
        "apparaître des phrases presque correctes.",
        "<!--suite-->",
        "Le cœur du modèle tient en quelques lignes.",
    ),
    "hugo": (
        "reseaux",
        "Un réseau de neurones est une suite de calculs très simples, empilés en couches.",
        "<!--more-->",
        "Chaque couche multiplie les nombres",
    ),
}
"""(post, its summary, the separator that ends it, a sentence after it)."""


@BOTH_TOOLS
def test_the_separator_ends_the_summary_on_the_home_page(
    tree: str, blog: Blog, site: Built
) -> None:
    post, summary, separator, after = SUMMARIES[tree]
    cards = [
        card
        for card in site.home_cards()
        if site.same_page(str(one(card, ".//h2/a").get("href")), blog.url(post))
    ]
    assert len(cards) == 1
    shown = plain(text_of(one(cards[0], ".//div[@class='summary']")))
    assert shown == summary
    assert after not in shown and separator not in shown
    assert after in plain(text_of(body_of(site.page(blog.url(post)))))


LINKING = {
    "jekyll": ("liens", {"le premier modèle": "premier", "tokens": "tokens"}, ("post_url",)),
    "hugo": ("outils", {"voir": "attention", "les réseaux": "reseaux"}, ("{{< ref", "{{< relref")),
}
"""(post, the text of each link to another post and that post, the tags that wrote them)."""


@BOTH_TOOLS
def test_links_to_other_posts_lead_to_their_addresses(tree: str, blog: Blog, site: Built) -> None:
    post, targets, tags = LINKING[tree]
    url = blog.url(post)
    body = body_of(site.page(url))
    links = {plain(text_of(a)): str(a.get("href")) for a in elements(body, ".//a")}
    for text, target in targets.items():
        assert site.same_page(urljoin(url, links[text]), blog.url(target)), links
    shown = plain(text_of(body))
    assert [tag for tag in tags if tag in shown] == []


@dataclass(frozen=True)
class Escaped:
    """Markup escaped so that the page shows it as written, and what a warning about it says."""

    post: str
    rel: str
    shown: str
    escape: str
    said_nearby: str
    said_anywhere: str


ESCAPED = {
    "jekyll": Escaped(
        "liens",
        "_posts/2024-07-02-liens.md",
        "{{ pas_une_variable }}",
        "{% raw %}",
        "pas_une_variable|endraw",
        "pas_une_variable|endraw",
    ),
    "hugo": Escaped(
        "outils",
        "content/posts/outils.md",
        '{{< figure src="x" >}}',
        "{{</* figure",
        "figure",
        'src="x"',
    ),
}


@BOTH_TOOLS
def test_escaped_markup_is_shown_as_written_without_a_warning(
    tree: str, blog: Blog, site: Built
) -> None:
    it = ESCAPED[tree]
    blocks = elements(body_of(site.page(blog.url(it.post))), ".//pre")
    shown = [raw_text(pre).strip() for pre in blocks]
    assert it.shown in shown
    assert not [s for s in shown if "/*" in s or "*/" in s or "raw %}" in s]
    if tree == "jekyll":
        assert shown == [it.shown]
    line = blog.tree.line_of(it.rel, it.escape)
    about_it = [
        w
        for w in site.warnings
        if (w.about(it.rel) and (w.line == line or re.search(it.said_nearby, w.text)))
        or re.search(it.said_anywhere, w.text)
    ]
    assert about_it == []


# ------------------------------------------------------------------ addresses and pages

ADDRESSES = {"jekyll": ("clair", "2024/07/20"), "hugo": ("reseaux", "2024/04/reseaux")}
"""(post, the address its file name alone would give it, inside the output)."""


@BOTH_TOOLS
def test_a_post_is_published_at_the_address_the_tool_gives_it(
    tree: str, blog: Blog, site: Built
) -> None:
    """Jekyll's `permalink:`, Hugo's slug made of the title."""
    post, not_there = ADDRESSES[tree]
    assert title_of(site.page(blog.url(post))) == blog.title(post)
    assert not (site.out / not_there).exists()


ROOT_PAGES = {
    "jekyll": ("/carnet/a-propos/", "Ce carnet rassemble les notes d'Inès Caradec"),
    "hugo": ("/about/", "Marius Téhoux"),
}


@BOTH_TOOLS
def test_a_page_outside_the_posts_is_published_at_its_address(tree: str, site: Built) -> None:
    url, words = ROOT_PAGES[tree]
    article = one(site.page(url), "//main//article")
    assert "page" in article.get("class", "").split()
    assert plain(text_of(one(article, ".//h1"))) == "À propos"
    assert words in plain(text_of(article))


HEADLESS = {"jekyll": "_posts/2024-09-06-sans-en-tete.md", "hugo": "content/posts/sans-en-tete.md"}


@BOTH_TOOLS
def test_a_file_without_front_matter_is_named_in_a_warning(
    tree: str, blog: Blog, site: Built
) -> None:
    warned = site.warnings_for(HEADLESS[tree])
    assert warned, site.result.err
    if tree == "jekyll":
        assert [w for w in warned if "front matter" in w.text], site.result.err
        page = site.page(blog.url("sans"))
        assert "La distillation consiste" in plain(text_of(body_of(page)))


OTHER_KEYS = {
    "jekyll": ("_posts/2024-09-07-autres-outils.md", r"\b(author|image|comments|layout)\b"),
    "hugo": ("content/posts/reseaux.md", r"\b(weight|series|images)\b"),
}
"""(a post, the keys of other tools its front matter holds)."""


@BOTH_TOOLS
def test_keys_of_other_tools_are_accepted_silently(tree: str, site: Built) -> None:
    rel, keys = OTHER_KEYS[tree]
    assert site.warnings_for(rel) == []
    assert [w for w in site.warnings if re.search(keys, w.text)] == []


# ------------------------------------------------------------------ drafts


@EVERY_BLOG
def test_drafts_are_left_out_by_default(blog: Blog, site: Built) -> None:
    assert blog.draft.title not in site.headings()
    assert blog.draft.title not in [title for _, title in site.post_pages()]
    assert blog.draft.title not in site.home_titles()
    assert not (site.out / blog.draft.folder).exists()


DRAFTS = {"jekyll": "la quantification", "hugo": "apprentissage par renforcement"}
"""Words of each tool's draft."""


@BOTH_TOOLS
def test_drafts_are_built_with_the_drafts_flag(tree: str, blog: Blog, with_drafts: Built) -> None:
    draft = blog.draft
    assert draft.title in with_drafts.home_titles()
    found = [url for url, title in with_drafts.post_pages() if title == draft.title]
    assert len(found) == 1
    assert draft.url in (None, found[0]), found
    page = with_drafts.page(found[0])
    assert page.get("lang") == "fr"
    assert DRAFTS[tree] in plain(text_of(body_of(page)))
    others = [
        entry for entry in with_drafts.post_pages() if entry[1] not in (draft.title, blog.undated)
    ]
    assert others == sorted((post.url, post.title) for post in blog.posts.values())
