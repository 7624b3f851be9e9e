"""The sample blog in content/ builds into the site a reader expects."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import (
    REPO,
    elements,
    first_in,
    parse_html,
    raw_text,
    sitegen,
    strings,
    text_of,
    unexpected_scripts,
)

BASE_PATH = "/sitegen/"  # from sitegen.yaml's base_url
FRENCH_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                 "septembre", "octobre", "novembre", "décembre")  # fmt: skip
POSTS = sorted((REPO / "content" / "posts").glob("*.md")) + sorted(
    (REPO / "content" / "posts").glob("*/index*.md")  # a post written as a folder
)
DATED = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+?)(?:\.(en))?\.md$")


def name_of(source: Path) -> str:
    """A post's file name as a single file would have it: `2026-01-20-x.en.md`."""
    if not source.name.startswith("index."):
        return source.name
    return source.parent.name + source.name.removeprefix("index")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, sample_blog: Path) -> Path:
    out = tmp_path_factory.mktemp("sample") / "public"
    result = sitegen("build", "--source", sample_blog, "--output", out)
    assert result.code == 0, result.err
    return out


def front_matter(path: Path) -> dict[str, str]:
    text = path.read_text(encoding="utf-8").split("---")[1]
    pairs = (line.split(":", 1) for line in text.splitlines() if re.match(r"^\w+:", line))
    return {k.strip(): v.strip().strip('"') for k, v in pairs}


def page_for(site: Path, source: Path) -> Path:
    year, month, _, slug, lang = DATED.match(name_of(source)).groups()  # type: ignore[union-attr]
    prefix = f"{lang}/" if lang else ""
    return site / f"{prefix}{year}/{month}/{slug}/index.html"


PUBLISHED = [p for p in POSTS if front_matter(p).get("draft") != "true"]


def test_the_sample_blog_has_the_posts_the_issue_asks_for() -> None:
    metas = [front_matter(p) for p in POSTS]
    assert len(PUBLISHED) >= 8
    assert any(
        m.get("layout") == "conversation" and {"generated", "translated"} <= m.keys() for m in metas
    )
    assert any(m.get("layout") == "chat" for m in metas)
    assert any(m.get("draft") == "true" for m in metas)
    assert any(m.get("lang") == "en" for m in metas)
    assert (REPO / "content" / "pages" / "a-propos.md").is_file()


@pytest.mark.parametrize("source", PUBLISHED, ids=lambda p: p.stem)
def test_every_post_has_its_title_language_and_french_date(site: Path, source: Path) -> None:
    meta = front_matter(source)
    html = parse_html(page_for(site, source))
    lang = meta.get("lang", "fr")
    assert html.get("lang") == lang
    title = raw_text(first_in(html, ".//h1")).strip()
    assert title.replace("\u00a0", " ").replace("\u202f", " ") == meta["title"]
    if lang == "fr" and "?" in title:
        assert "\u202f?" in title
    year, month, day = (int(x) for x in DATED.match(name_of(source)).groups()[:3])  # type: ignore[union-attr]
    shown = text_of(first_in(html, ".//article//time"))
    if lang == "fr":
        assert shown == f"{'1er' if day == 1 else day} {FRENCH_MONTHS[month - 1]} {year}"
    else:
        assert re.fullmatch(rf"\w+ {day}, {year}", shown)


def test_the_dialogue_post_is_one_dialogue_of_alternating_turns(site: Path) -> None:
    html = parse_html(site / "2025/09/conversation-plongements/index.html")
    assert "layout-conversation" in first_in(html, "body").get("class", "")
    dialogues = elements(html, "//div[@class='dialogue']")
    turns = [t for d in dialogues for t in elements(d, "./p[contains(@class, 'turn')]")]
    speakers = [text_of(first_in(t, "b[@class='speaker']")) for t in turns]
    assert len(turns) >= 20
    assert set(speakers) == {"A", "B"}
    assert speakers[:4] == ["A", "B", "A", "B"]
    assert not elements(html, "//article//dl")
    first_turn_text = text_of(turns[0]).split(":", 1)[1]
    assert not first_turn_text.lstrip().startswith("A")


def test_the_dialogue_post_shows_its_generation_and_translation_notices(site: Path) -> None:
    html = parse_html(site / "2025/09/conversation-plongements/index.html")
    [notice] = elements(html, "//article//aside[@data-disclosure]")
    assert notice.get("data-disclosure") == "generated-translated"
    said = text_of(notice).replace("\u00a0", " ")
    assert "généré par une intelligence artificielle" in said
    assert "puis traduit automatiquement de l’anglais" in said
    badges = elements(html, "//p[@class='post-meta']/span[contains(@class, 'badge')]")
    assert [text_of(b) for b in badges] == ["Généré par IA, traduit automatiquement"]
    assert not elements(html, "//audio")


def test_the_chat_excerpt_names_each_participant(site: Path) -> None:
    html = parse_html(site / "2025/12/discussion-grokking/index.html")
    turns = elements(
        html, "//div[@class='dialogue chat']/div[contains(@class, 'message')]/p[@class='turn']"
    )
    speakers = {text_of(first_in(turn, "b[@class='speaker']")) for turn in turns}
    assert all(turn.find("time") is not None for turn in turns)
    assert len(speakers) >= 3
    assert all(not re.search(r"\d{2}", name) for name in speakers)


def test_the_summary_pasted_in_the_chat_is_marked_as_generated(site: Path) -> None:
    html = parse_html(site / "2025/12/discussion-grokking/index.html")
    (passage,) = elements(html, "//div[contains(@class, 'message')]/figure")
    assert passage.get("data-ai-disclosure") == "ai-autonomous"  # no reviewer is named
    assert text_of(first_in(passage, "figcaption")) == "Texte généré par une IA"
    assert len(elements(passage, "blockquote/ol/li")) == 4
    (notice,) = elements(html, "//aside[@data-disclosure='generated-part']")
    assert "Inès" in text_of(notice)
    # The rest is the participants' own words, but the page holds AI text: not human-only.
    assert strings(html, "//meta[@name='ai-disclosure']/@content") == ["ai-assisted"]


def test_the_explainer_has_mathml_code_footnotes_and_references(site: Path) -> None:
    html = parse_html(site / "2025/11/attention-transformeur/index.html")
    maths = elements(html, "//*[local-name()='math']")
    assert any(m.get("display") == "block" for m in maths)
    assert any(m.get("display") == "inline" for m in maths)
    assert not elements(html, "//code[contains(@class, 'math-error')]")
    code = elements(html, "//pre[contains(@class, 'highlight')][@data-lang='python']")
    assert code and elements(code[0], ".//span[@class]")
    assert len(elements(html, "//section[contains(@class, 'footnotes')]//li")) >= 2
    assert elements(html, "//sup[contains(@class, 'footnote-ref')]/a")
    assert elements(html, "//table//th")
    labels = [text_of(p) for p in elements(html, "//div[@class='references']/p")]
    assert any(label.startswith("Source") for label in labels)
    assert any(label.startswith("Voir aussi") for label in labels)
    toc = strings(html, "//nav[contains(@class, 'toc')]//a/@href")
    assert len(toc) >= 3 and all(elements(html, f"//*[@id='{h[1:]}']") for h in toc)


def test_the_translated_digest_links_its_original(site: Path) -> None:
    html = parse_html(site / "2025/10/revue-de-presse-octobre-2025/index.html")
    notice = elements(html, "//aside[@data-disclosure='translated']")[0]
    assert "de l’anglais" in text_of(notice)
    original = strings(notice, ".//a[@hreflang='en']/@href")
    assert original == ["https://example.org/newsletters/ai-roundup-2025-10-06"]


def test_the_english_post_and_its_translation_link_each_other(site: Path) -> None:
    french = parse_html(site / "2026/01/tokenisation/index.html")
    english = parse_html(site / "en/2026/01/tokenisation/index.html")
    origin = "https://example.github.io"
    expected = {
        "fr": f"{origin}{BASE_PATH}2026/01/tokenisation/",
        "en": f"{origin}{BASE_PATH}en/2026/01/tokenisation/",
        "x-default": f"{origin}{BASE_PATH}2026/01/tokenisation/",
    }
    for page in (french, english):
        links = elements(page, "//link[@rel='alternate'][@hreflang]")
        assert {link.get("hreflang"): link.get("href") for link in links} == expected
        assert len(links) == 3
    notice = strings(french, "//aside[@data-disclosure='translated']//a[@hreflang='en']/@href")
    assert notice == [f"{BASE_PATH}en/2026/01/tokenisation/"]


def test_every_notice_links_to_the_principles_page_of_its_language(site: Path) -> None:
    noticed = [p for p in PUBLISHED if {"generated", "translated"} & front_matter(p).keys()]
    assert len(noticed) >= 4
    for source in noticed:
        html = parse_html(page_for(site, source))
        [link] = elements(html, "//aside[@data-disclosure]//a[.='Notre usage de l’IA']")
        assert link.get("href") == f"{BASE_PATH}nos-principes-de-publication/"
    principles = parse_html(site / "nos-principes-de-publication/index.html")
    assert "layout-principles" in strings(principles, "//body/@class")[0]
    english = parse_html(site / "en/our-publishing-principles/index.html")
    assert english.get("lang") == "en"
    assert strings(english, "//p[@class='translations']/a/@hreflang") == ["fr"]


def test_the_draft_is_published_nowhere(site: Path) -> None:
    drafts = [p for p in POSTS if front_matter(p).get("draft") == "true"]
    titles = {front_matter(p)["title"] for p in drafts}
    assert drafts
    for draft in drafts:
        assert not page_for(site, draft).exists()
    for page in site.rglob("*.html"):
        shown = {text_of(a) for a in elements(parse_html(page), "//a")}
        assert not shown & titles, page


def test_home_lists_newest_first_with_summaries(site: Path) -> None:
    html = parse_html(site / "index.html")
    cards = elements(html, "//article[contains(@class, 'post-card')]")
    dates = [strings(c, ".//time/@datetime")[0] for c in cards]
    assert len(cards) == len([p for p in PUBLISHED if not p.name.endswith(".en.md")])
    assert dates == sorted(dates, reverse=True)
    assert all(elements(c, ".//div[@class='summary']//p") for c in cards)


def test_site_files_for_github_pages(site: Path) -> None:
    assert (site / ".nojekyll").is_file()
    assert elements(parse_html(site / "404.html"), "//h1")
    assert (site / "css" / "site.css").read_bytes() == (REPO / "static/css/site.css").read_bytes()
    assert (site / "a-propos" / "index.html").is_file()


def test_every_internal_link_resolves_to_a_written_file(site: Path) -> None:
    checked = 0
    for page in site.rglob("*.html"):
        html = parse_html(page)
        for url in strings(html, "//a/@href | //link/@href | //img/@src | //audio/@src"):
            if re.match(r"^(https?:|mailto:|data:|#)", url):
                continue
            assert url.startswith(BASE_PATH), f"{page}: {url} escapes the base path"
            path = url[len(BASE_PATH) :].split("#")[0]
            target = site / path / "index.html" if path.endswith("/") or not path else site / path
            assert target.is_file(), f"{page.relative_to(site)} links to {url}"
            checked += 1
    assert checked > 100


def test_the_only_scripts_are_the_theme_s_and_json_ld_data(site: Path) -> None:
    """The blog runs no JavaScript but its own from js/ (the light/dark switch on every page,
    Pagefind's box on the search page) and Pagefind's."""
    for page in site.rglob("*.html"):
        assert unexpected_scripts(parse_html(page), BASE_PATH) == [], page


def test_every_page_is_well_formed_html(site: Path) -> None:
    parser = etree.HTMLParser(recover=False)
    for page in site.rglob("*.html"):
        tree = etree.fromstring(page.read_bytes(), parser)
        assert tree.tag == "html"


# --- the about page and the notices say the same thing ------------------------------

WHOLE_TEXT = ("disclosure-generated", "disclosure-translated", "disclosure-generated-translated")
REVIEWER = re.compile(r"(?:^|\. )([^.]+?) (?:l’a relu|a relu)")
COUNTS = {"three": 3, "four": 4, "five": 5, "six": 6}


def notices(site: Path) -> dict[str, etree._Element]:
    """Each French post's notice on its whole text, by the post's slug."""
    found = {}
    for page in sorted(site.glob("20*/**/index.html")):
        for notice in elements(parse_html(page), "//aside[contains(@class, 'disclosure')]"):
            if set(str(notice.get("class")).split()) & set(WHOLE_TEXT):
                found[page.parent.name] = notice
    return found


def reviewers(notice: etree._Element) -> set[str]:
    """Who the notice says read the text (« Camille Rousseau l’a relu »)."""
    found = (m.group(1).strip().lower() for m in REVIEWER.finditer(text_of(notice)))
    return {name for name in found if not name.endswith(" ne")}  # « personne ne l’a relu »


def page_text(site: Path, path: str) -> str:
    return text_of(elements(parse_html(site / path), "//main")[0])


def named_in(slug: str, clause: str) -> bool:
    """Whether a clause names the post: every long word of its slug is in it."""
    return all(word in clause for word in slug.split("-") if len(word) >= 6)


def test_every_reviewer_a_notice_names_is_named_on_the_about_page(site: Path) -> None:
    about = page_text(site, "a-propos/index.html").lower()
    named = {name for notice in notices(site).values() for name in reviewers(notice)}
    assert named, "no notice names a reviewer"
    assert sorted(n for n in named if n.removeprefix("la ") not in about) == []


def test_the_texts_published_unreviewed_are_those_the_about_page_names(site: Path) -> None:
    about = page_text(site, "a-propos/index.html")
    said = [c.lower() for c in re.split(r"[.;,]", about) if "sans relecture" in c]
    assert said, "the about page says nothing of texts published without review"
    for slug, notice in notices(site).items():
        unreviewed = not reviewers(notice)
        assert any(named_in(slug, clause) for clause in said) == unreviewed, slug


def test_the_principles_count_the_posts_whose_notice_says_how_they_were_made(
    site: Path,
) -> None:
    principles = page_text(site, "en/our-publishing-principles/index.html")
    count = re.search(r"concerns (\w+) posts, all in French", principles)
    assert count is not None
    assert COUNTS[count.group(1)] == len(notices(site))
