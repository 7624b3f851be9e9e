"""The sample blog says the same thing everywhere: what its about and principles pages promise
about reviewed text is what each post's notice says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import REPO, elements, parse_html, sitegen, text_of

WHOLE_TEXT = ("disclosure-generated", "disclosure-translated", "disclosure-generated-translated")
REVIEWER = re.compile(r"(?:^|\. )([^.]+?) (?:l’a relu|a relu)")
COUNTS = {"three": 3, "four": 4, "five": 5, "six": 6}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample") / "out"
    result = sitegen("build", "--source", REPO, "--output", out)
    assert result.code == 0, result.err
    return out


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
