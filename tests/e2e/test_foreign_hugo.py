"""Hugo blogs, as they are, built by the real `sitegen` command without a sitegen.yaml.

Two trees from tests/fixtures/foreign/:

- `hugo/`: `config.toml`, translations by file-name suffix (`attention.en.md`), a page
  bundle with its image, TOML and YAML front matter, shortcodes, aliases, a draft, a
  section's `_index.md` and a page outside the sections;
- `hugo-dirs/`: `hugo.yaml` with one content folder per language, a base path, Hugo's
  default addresses and a `translationKey`.

Every check reads the built pages as a browser would, or the build's messages as its user
would.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest

from tests.conftest import parse_html, text_of
from tests.e2e.foreign_sites import (
    POST,
    Built,
    Tree,
    alternates,
    body_of,
    build,
    date_of,
    one,
    plain,
    title_of,
)

HUGO = Tree("hugo", "notes.example.org", "/")
DIRS = Tree("hugo-dirs", "dirs.example.org", "/blog/")


@pytest.fixture(scope="module")
def hugo(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(tmp_path_factory, HUGO)


@pytest.fixture(scope="module")
def hugo_drafts(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(tmp_path_factory, HUGO, "--drafts")


@pytest.fixture(scope="module")
def dirs(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(tmp_path_factory, DIRS)


def assert_translations(built: Built, french_url: str, english_url: str) -> None:
    """Each version is in its language and links the other, in <head> and on the page."""
    french, english = built.page(french_url), built.page(english_url)
    assert (french.get("lang"), english.get("lang")) == ("fr", "en")
    for page in (french, english):
        found = alternates(page)
        assert set(found) >= {"fr", "en"}, found
        assert built.same_page(found["fr"], french_url), found
        assert built.same_page(found["en"], english_url), found
    for page, lang, other in ((french, "en", english_url), (english, "fr", french_url)):
        shown = one(page, f"{POST}//p[@class='translations']").xpath("./a")
        assert [(a.get("hreflang"), urlsplit(a.get("href")).path) for a in shown] == [(lang, other)]


def broken_links(built: Built) -> list[tuple[str, str]]:
    """Links of the site's pages that leave its base path or lead to no built file."""
    origin = f"https://{built.tree.host}"
    broken = []
    for url, page in built.pages():
        targets = page.xpath("//a/@href | //link/@href | //img/@src | //script/@src")
        targets += [
            content.split("url=", 1)[1]
            for content in page.xpath("//meta[@http-equiv='refresh']/@content")
        ]
        for target in targets:
            parts = urlsplit(urljoin(origin + url, target))
            if parts.scheme not in ("http", "https") or parts.netloc != built.tree.host:
                continue
            inside = parts.path.startswith(built.tree.base)
            if not inside or not built.file(parts.geturl()).is_file():
                broken.append((url, target))
    return broken


# ============================================================ hugo/: suffixes and bundles

URL = {
    "attention": "/2024/03/attention/",
    "attention.en": "/en/2024/03/attention/",
    "reseaux": "/2024/04/les-réseaux-de-neurones/",  # Hugo's own address, accents kept
    "vision": "/2024/05/vision/",
    "vision.en": "/en/2024/05/vision/",
    "outils": "/2024/06/outils/",
}
TITLE = {
    "attention": "L'attention expliquée",
    "attention.en": "Attention explained",
    "reseaux": "Les réseaux de neurones",
    "vision": "Les modèles qui voient",
    "vision.en": "Models that see",
    "outils": "Petit inventaire des shortcodes",
}
OUTILS = "content/posts/outils.md"
HEADLESS = "content/posts/sans-en-tete.md"
HEADLESS_TITLE = "Sans en-tête"
DRAFT = ("/2024/07/brouillon/", "Un brouillon d'essai")


def test_the_hugo_fixture_holds_what_the_tests_rely_on() -> None:
    posts = HUGO.folder / "content/posts"
    assert not (HUGO.folder / "sitegen.yaml").exists()
    assert (posts / "attention.md").read_text(encoding="utf-8").startswith("+++\n")
    assert (posts / "vision/index.md").read_text(encoding="utf-8").startswith("---\n")
    assert (posts / "sans-en-tete.md").read_text(encoding="utf-8").startswith("# Sans en-tête\n")
    assert "slug" not in (posts / "reseaux.md").read_text(encoding="utf-8")
    assert (posts / "vision/schema.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_a_hugo_tree_builds_with_defaults_and_says_so(hugo: Built) -> None:
    notes = [line for line in hugo.result.err.splitlines() if line.startswith("note:")]
    assert [n for n in notes if "Hugo" in n and "sitegen.yaml" in n], hugo.result.err
    assert not (hugo.source / "sitegen.yaml").exists()


def test_every_post_file_becomes_exactly_one_page(hugo: Built) -> None:
    """The file without front matter has no date: whether it is published is left open,
    but it is one page at most."""
    expected = sorted((URL[key], TITLE[key]) for key in URL)
    found = hugo.post_pages()
    assert [entry for entry in found if entry[1] != HEADLESS_TITLE] == expected
    assert len([entry for entry in found if entry[1] == HEADLESS_TITLE]) <= 1


def test_post_pages_speak_their_language_and_show_their_date(hugo: Built) -> None:
    for key, url in URL.items():
        page = hugo.page(url)
        assert page.get("lang") == ("en" if key.endswith(".en") else "fr"), url
        assert title_of(page) == TITLE[key], url
        year, month = url.removeprefix("/en").split("/")[1:3]
        assert date_of(page).startswith(f"{year}-{month}-"), url
    assert date_of(hugo.page(URL["attention"])).startswith("2024-03-10")


def test_every_link_stays_under_the_base_path_and_leads_to_a_built_file(hugo: Built) -> None:
    assert broken_links(hugo) == []


def test_a_hugo_translation_pair_by_suffix_is_linked(hugo: Built) -> None:
    assert_translations(hugo, URL["attention"], URL["attention.en"])


def test_a_bundle_in_two_languages_is_linked(hugo: Built) -> None:
    assert_translations(hugo, URL["vision"], URL["vision.en"])


def test_the_slug_falls_back_to_the_title(hugo: Built) -> None:
    page = hugo.page(URL["reseaux"])
    assert title_of(page) == "Les réseaux de neurones"
    assert not (hugo.out / "2024/04/reseaux").exists()


def test_hugo_aliases_become_redirect_pages(hugo: Built) -> None:
    file = hugo.out / "ancien/attention/index.html"
    assert file.is_file()
    page = parse_html(file)
    assert not page.xpath(POST)
    (refresh,) = page.xpath("//meta[@http-equiv='refresh']/@content")
    delay, _, target = refresh.partition(";")
    assert delay.strip() == "0"
    target = target.strip()
    assert target.lower().startswith("url=")
    target = target[4:]
    assert hugo.same_page(target, URL["attention"]), target
    (canonical,) = page.xpath("//link[@rel='canonical']/@href")
    assert hugo.same_page(canonical, URL["attention"]), canonical
    assert title_of(hugo.page(urljoin("/ancien/attention/", target))) == TITLE["attention"]


@pytest.mark.parametrize(
    ("key", "alt", "caption"),
    [("vision", "Un schéma", "Vue d'ensemble"), ("vision.en", "A diagram", "Overview")],
)
def test_bundle_images_are_published_next_to_the_page(
    hugo: Built, key: str, alt: str, caption: str
) -> None:
    figure = one(body_of(hugo.page(URL[key])), ".//figure")
    img = one(figure, f".//img[@alt='{alt}']")
    published = hugo.file(urljoin(URL[key], img.get("src")))
    bundled = HUGO.folder / "content/posts/vision/schema.png"
    assert published.is_file(), img.get("src")
    assert published.read_bytes() == bundled.read_bytes()
    assert plain(text_of(one(figure, ".//figcaption"))) == caption
    assert "{{" not in text_of(body_of(hugo.page(URL[key])))


def test_the_highlight_shortcode_becomes_highlighted_code(hugo: Built) -> None:
    code = one(body_of(hugo.page(URL["outils"])), ".//pre/code[contains(@class, 'go')]")
    text = "".join(code.itertext())
    assert text.startswith("func softmax(xs []float64) []float64 {")
    assert "out[i] = math.Exp(x) / total" in text
    shown = plain(text_of(body_of(hugo.page(URL["outils"]))))
    assert "{{< highlight" not in shown and "{{< /highlight" not in shown


def test_ref_and_relref_resolve_to_the_posts_addresses(hugo: Built) -> None:
    body = body_of(hugo.page(URL["outils"]))
    links = {plain(text_of(a)): a.get("href") for a in body.xpath(".//a")}
    assert hugo.same_page(urljoin(URL["outils"], links["voir"]), URL["attention"]), links
    assert hugo.same_page(urljoin(URL["outils"], links["les réseaux"]), URL["reseaux"]), links
    shown = plain(text_of(body))
    assert "{{< ref" not in shown and "{{< relref" not in shown


def test_the_youtube_shortcode_becomes_a_link_to_the_video(hugo: Built) -> None:
    body = body_of(hugo.page(URL["outils"]))
    hrefs = body.xpath(".//a/@href")
    assert "https://www.youtube.com/watch?v=dQw4w9WgXcQ" in hrefs
    assert "{{< youtube" not in plain(text_of(body))


def test_a_tweet_shortcode_becomes_a_link_to_the_post(hugo: Built) -> None:
    body = body_of(hugo.page(URL["outils"]))
    assert "https://x.com/exemple/status/123" in body.xpath(".//a/@href")
    assert not body.xpath(".//iframe | .//script")
    assert "{{<" not in plain(text_of(body)).replace('{{< figure src="x" >}}', "")


def test_an_escaped_shortcode_is_shown_as_written_without_a_warning(hugo: Built) -> None:
    blocks = body_of(hugo.page(URL["outils"])).xpath(".//pre")
    shown = ["".join(pre.itertext()).strip() for pre in blocks]
    assert '{{< figure src="x" >}}' in shown
    assert not [s for s in shown if "/*" in s or "*/" in s]
    line = HUGO.line_of(OUTILS, "{{</* figure")
    about_it = [
        w
        for w in hugo.warnings
        if (w.about(OUTILS) and (w.line == line or "figure" in w.text)) or 'src="x"' in w.text
    ]
    assert about_it == []


def test_the_more_comment_ends_the_summary_on_the_home_page(hugo: Built) -> None:
    cards = [
        card
        for card in hugo.home_cards("/")
        if hugo.same_page(one(card, ".//h2/a").get("href"), URL["reseaux"])
    ]
    assert len(cards) == 1
    summary = plain(text_of(one(cards[0], ".//div[@class='summary']")))
    assert summary == (
        "Un réseau de neurones est une suite de calculs très simples, empilés en couches."
    )
    whole = plain(text_of(body_of(hugo.page(URL["reseaux"]))))
    assert "Chaque couche multiplie les nombres" in whole


def test_each_language_home_lists_its_posts(hugo: Built) -> None:
    def titles(home: str) -> list[str]:
        return sorted(plain(text_of(one(c, ".//h2/a"))) for c in hugo.home_cards(home))

    french = sorted(TITLE[key] for key in URL if not key.endswith(".en"))
    english = sorted(TITLE[key] for key in URL if key.endswith(".en"))
    assert [t for t in titles("/") if t != HEADLESS_TITLE] == french
    assert titles("/en/") == english


def test_drafts_are_left_out_by_default(hugo: Built) -> None:
    url, title = DRAFT
    assert not hugo.file(url).exists()
    assert title not in [t for _, t in hugo.post_pages()]


def test_drafts_are_built_with_the_drafts_flag(hugo_drafts: Built) -> None:
    url, title = DRAFT
    page = hugo_drafts.page(url)
    assert title_of(page) == title
    assert page.get("lang") == "fr"
    assert "apprentissage par renforcement" in plain(text_of(body_of(page)))


def test_a_section_index_is_not_a_page(hugo: Built) -> None:
    for url, page in hugo.pages():
        headings = [plain(text_of(h1)) for h1 in page.xpath("//main//h1")]
        assert "Tous les billets" not in headings, url
        assert "rangés du plus récent au plus ancien" not in plain(text_of(page)), url


def test_a_page_outside_the_sections_is_published_at_its_name(hugo: Built) -> None:
    page = hugo.page("/about/")
    article = one(page, "//main//article")
    assert "page" in article.get("class", "").split()
    assert plain(text_of(one(article, ".//h1"))) == "À propos"
    assert "Marius Téhoux" in plain(text_of(article))


def test_a_file_without_front_matter_is_named_in_a_warning(hugo: Built) -> None:
    assert hugo.warnings_for(HEADLESS), hugo.result.err


def test_keys_of_other_tools_are_accepted_silently(hugo: Built) -> None:
    assert hugo.warnings_for("content/posts/reseaux.md") == []
    keys = re.compile(r"\b(weight|series|images)\b")
    assert [w for w in hugo.warnings if keys.search(w.text)] == []


# ============================================================ hugo-dirs/: a folder per language

DIRS_URL = {
    "fr/embeddings": "/blog/posts/embeddings/",
    "en/embeddings": "/blog/en/posts/embeddings/",
    "fr/apprentissage": "/blog/posts/apprentissage/",
    "en/learning": "/blog/en/posts/learning/",
}
DIRS_TITLE = {
    "fr/embeddings": "Les plongements, des mots aux vecteurs",
    "en/embeddings": "Embeddings, from words to vectors",
    "fr/apprentissage": "Comment une machine apprend",
    "en/learning": "How a machine learns",
}


def test_the_dirs_fixture_holds_what_the_tests_rely_on() -> None:
    assert not (DIRS.folder / "sitegen.yaml").exists()
    draft = (DIRS.folder / "content/fr/posts/brouillon.md").read_text(encoding="utf-8")
    assert "draft: true" in draft and "date:" not in draft


def test_a_hugo_tree_with_language_folders_builds_and_says_so(dirs: Built) -> None:
    notes = [line for line in dirs.result.err.splitlines() if line.startswith("note:")]
    assert [n for n in notes if "Hugo" in n and "sitegen.yaml" in n], dirs.result.err


def test_every_post_file_of_the_language_folders_becomes_exactly_one_page(dirs: Built) -> None:
    expected = sorted((DIRS_URL[key], DIRS_TITLE[key]) for key in DIRS_URL)
    assert dirs.post_pages() == expected


def test_posts_take_the_language_of_their_folder(dirs: Built) -> None:
    for key, url in DIRS_URL.items():
        page = dirs.page(url)
        assert page.get("lang") == key.split("/")[0], url
        assert title_of(page) == DIRS_TITLE[key], url
    assert date_of(dirs.page(DIRS_URL["en/embeddings"])).startswith("2024-02-14")


@pytest.mark.parametrize(
    ("french", "english"),
    [("fr/embeddings", "en/embeddings"), ("fr/apprentissage", "en/learning")],
    ids=["same-file-name", "translation-key"],
)
def test_posts_of_the_language_folders_are_linked_as_translations(
    dirs: Built, french: str, english: str
) -> None:
    assert_translations(dirs, DIRS_URL[french], DIRS_URL[english])


def test_an_undated_draft_is_left_out(dirs: Built) -> None:
    assert not (dirs.out / "posts/brouillon").exists()
    titles = [plain(text_of(h1)) for _, page in dirs.pages() for h1 in page.xpath("//main//h1")]
    assert "Notes en chantier" not in titles


def test_every_link_of_the_language_folders_site_stays_under_its_base_path(dirs: Built) -> None:
    assert broken_links(dirs) == []
