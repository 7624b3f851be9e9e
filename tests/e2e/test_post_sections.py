"""One generated passage in a human text, and the sections after a post's body, end to end.

`generated: {part: …}` says only the passage marked `> [!generated]` was written by an AI:
the notice, the badge and the page's machine-readable marks say so, and a build warns when
the front matter and the text disagree. `sources:`, `discussion:` and `see_also:` are the
sections readers find after the text, in that order.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from tests.conftest import (
    DEFAULT_CONFIG,
    Run,
    elements,
    parse_html,
    post,
    sitegen,
    strings,
    text_of,
    write_files,
)

MakeSite = Callable[..., Path]
Runner = Callable[..., Run]

AI_SOURCE = "https://schema.org/TrainedAlgorithmicMediaDigitalSource"
PART = "le résumé partagé à 12:10"

CHAT_BODY = """\
**Inès** (12:08) : Quelqu’un a lu le rapport ?

**Marc** (12:10) : J’ai demandé un résumé :

> [!generated] Perplexity
> Le rapport retient trois points [1][2].

**Inès** (12:11) : Merci !"""

POSTS: dict[str, str | bytes] = {
    "content/posts/2026-01-10-resume.md": post(
        "Le résumé",
        date="2026-01-10",
        layout="chat",
        generated=f'{{part: "{PART}", model: Perplexity}}',
        sources='[{title: "Le rapport", url: "https://example.net/rapport"}]',
        discussion='["Et vous, lisez-vous les résumés ?", "Faut-il les signaler ?"]',
        see_also="[https://example.com/suite]",
        body=CHAT_BODY,
    ),
    "content/posts/2026-01-11-relu.md": post(
        "Relu",
        date="2026-01-11",
        generated='{part: "la synthèse finale", reviewed_by: Camille Rousseau, '
        "reviewed_on: 2026-01-11, prompted_by: Jules Bernard}",
        body="Mon texte.\n\n> [!generated]\n> La synthèse.",
    ),
    "content/posts/2026-01-12-traduit.md": post(
        "Traduit",
        date="2026-01-12",
        translated="{from: en}",
        generated=f'{{part: "{PART}", model: Perplexity}}',
        body="Le texte traduit.\n\n> [!generated] Perplexity\n> Le résumé.",
    ),
    "content/posts/2026-01-13-question.md": post(
        "Une question", date="2026-01-13", discussion='"Qu’en pensez-vous ?"'
    ),
    "content/posts/2026-01-14-ordinaire.md": post("Ordinaire", date="2026-01-14"),
    "content/posts/2026-01-15-oubli.md": post(
        "Oubli", date="2026-01-15", generated='{part: "le tableau"}', body="Pas de passage marqué."
    ),
    "content/posts/2026-01-16-summary.en.md": post(
        "Summary",
        date="2026-01-16",
        generated='{part: "the shared summary"}',
        discussion='["Do you read summaries?"]',
        body="My text.\n\n> [!generated]\n> The summary.",
    ),
    "content/pages/a-propos.md": post("À propos", body="Qui écrit ici."),
}
URL = {
    "resume": "2026/01/resume/",
    "relu": "2026/01/relu/",
    "traduit": "2026/01/traduit/",
    "question": "2026/01/question/",
    "ordinaire": "2026/01/ordinaire/",
    "oubli": "2026/01/oubli/",
    "summary": "en/2026/01/summary/",
    "a-propos": "a-propos/",
}


def plain(text: str) -> str:
    """French no-break spaces (U+00A0, U+202F) read as ordinary spaces; runs collapsed."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


@dataclass(frozen=True)
class Built:
    out: Path
    result: Run

    def page(self, key: str) -> etree._Element:
        path = self.out / URL[key] / "index.html"
        assert path.is_file(), f"{URL[key]} was not built"
        return parse_html(path)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("sections") / "site"
    write_files(root, {"sitegen.yaml": DEFAULT_CONFIG, **POSTS})
    result = sitegen("build", "--source", root)
    assert result.code == 0, result.err
    return Built(root / "public", result)


@dataclass(frozen=True)
class Diag:
    path: str
    line: int
    warning: bool
    message: str


_LOCATED = re.compile(r"^(?P<path>\S.*?):(?P<line>\d+):\d+: (?P<w>warning: )?(?P<msg>.*)$")


def diagnostics(stderr: str) -> list[Diag]:
    """The `path:line:col: [warning: ]message` lines of stderr (paths site-relative)."""
    found = []
    for text in stderr.splitlines():
        if m := _LOCATED.match(text):
            path = m["path"][m["path"].find("content/") :]
            found.append(Diag(path, int(m["line"]), bool(m["w"]), m["msg"]))
    return found


def one(root: etree._Element, xpath: str) -> etree._Element:
    found = elements(root, xpath)
    assert len(found) == 1, f"{xpath}: {len(found)} matches"
    element: etree._Element = found[0]
    return element


def notice(page: etree._Element) -> str:
    return plain(text_of(one(page, "//main//aside[@data-disclosure]")))


def badge(page: etree._Element) -> str:
    return text_of(one(page, "//main//p[@class='post-meta']/span[contains(@class, 'badge')]"))


def json_ld(page: etree._Element) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(one(page, "//script[@type='application/ld+json']").text or "")
    return data


def ai_meta(page: etree._Element) -> list[str]:
    values: list[str] = strings(page, "//head/meta[@name='ai-disclosure']/@content")
    return values


def sections(page: etree._Element) -> list[tuple[str | None, str | None, str]]:
    """(class, aria-labelledby, heading) of each section after the post's body, in order."""
    article = one(page, "//main/article")
    body = one(article, "./div[contains(@class, 'post-body')]")
    found = []
    for section in elements(article, "./section"):
        assert article.index(section) > article.index(body)
        heading = one(section, "./h2")
        assert heading.get("id") == section.get("aria-labelledby")
        found.append((section.get("class"), section.get("aria-labelledby"), text_of(heading)))
    return found


# ------------------------------------------------------------------ a generated passage


def test_the_notice_names_the_passage_and_says_no_one_checked_it(site: Built) -> None:
    page = site.page("resume")
    assert notice(page) == (
        "Un passage de ce texte, signalé comme tel, a été généré par une intelligence "
        "artificielle (Perplexity) : le résumé partagé à 12:10. "
        "Personne n’a vérifié ce passage avant sa publication."
    )
    assert one(page, "//main//aside[@data-disclosure]").get("data-disclosure") == ("generated-part")
    assert badge(page) == "Passage généré par IA"


def test_the_notice_names_who_asked_for_the_passage_and_who_reviewed_it(site: Built) -> None:
    assert notice(site.page("relu")) == (
        "Un passage de ce texte, signalé comme tel, a été généré par une intelligence "
        "artificielle : la synthèse finale. Ce passage a été demandé par Jules Bernard. "
        "Camille Rousseau a relu ce passage le 11 janvier 2026."
    )


def test_a_translated_text_with_a_generated_passage(site: Built) -> None:
    page = site.page("traduit")
    assert notice(page).startswith(
        "Ce texte a été traduit automatiquement de l’anglais ; un passage, signalé comme tel, "
        "a été généré par une intelligence artificielle (Perplexity) : le résumé partagé à 12:10."
    )
    assert badge(page) == "Traduit automatiquement, passage généré par IA"
    # The page as a whole is a machine translation no one reviewed; the passage carries its
    # own mark, from its own review (none either).
    assert ai_meta(page) == ["ai-autonomous"]
    figure = one(page, "//main//figure[@class='generated-passage']")
    assert figure.get("data-ai-disclosure") == "ai-autonomous"
    data = json_ld(page)
    assert data["digitalSourceType"] == AI_SOURCE  # the machine translation's
    assert data["hasPart"]["digitalSourceType"] == AI_SOURCE


def test_the_notice_is_in_the_post_language(site: Built) -> None:
    page = site.page("summary")
    assert notice(page) == (
        "A passage of this text, marked as such, was generated by artificial intelligence: "
        "the shared summary. No one checked this passage before publication."
    )
    assert badge(page) == "AI-generated passage"
    assert text_of(one(page, "//main//figure/figcaption")) == "Text generated by an AI"


def test_the_passage_not_the_page_carries_the_ai_mark(site: Built) -> None:
    page = site.page("resume")
    # The author's page around it involves AI all the same: never declared human-only.
    assert ai_meta(page) == ["ai-assisted"]
    assert not elements(page, "//head/meta[@name='ai-model']")
    figure = one(page, "//main//div[contains(@class, 'post-body')]//figure")
    # No one reviewed the passage.
    assert figure.get("data-ai-disclosure") == "ai-autonomous"
    assert text_of(one(figure, "./figcaption")) == "Texte généré par une IA (Perplexity)"
    assert text_of(one(figure, "./blockquote")) == "Le rapport retient trois points [1][2]."
    # It is part of Marc's message in the chat.
    message = one(figure, "./parent::div")
    assert text_of(one(message, "./p[@class='turn']/b[@class='speaker']")) == "Marc"


def test_json_ld_marks_the_part_not_the_post(site: Built) -> None:
    data = json_ld(site.page("resume"))
    assert data["@type"] == "BlogPosting"
    assert "digitalSourceType" not in data and "contributor" not in data
    assert data["hasPart"] == {
        "@type": "CreativeWork",
        "description": PART,
        "digitalSourceType": AI_SOURCE,
        "contributor": {"@type": "SoftwareApplication", "name": "Perplexity"},
    }


def test_a_reviewed_passage_is_ai_assisted_in_an_ai_assisted_page(site: Built) -> None:
    page = site.page("relu")
    assert ai_meta(page) == ["ai-assisted"]
    figure = one(page, "//main//figure[@class='generated-passage']")
    assert figure.get("data-ai-disclosure") == "ai-assisted"


def test_a_page_declares_its_text_the_authors_own(site: Built) -> None:
    page = site.page("a-propos")
    assert ai_meta(page) == ["human-only"]
    data = json_ld(page)
    assert data["@type"] == "WebPage"
    assert "digitalSourceType" not in data
    # The `author` setting names who answers for the blog.
    assert data["publisher"] == {
        "@type": "Person",
        "name": "Équipe de test",
        "url": "https://example.org/",
    }


def test_a_review_added_later_changes_the_passages_mark(make_site: MakeSite, run: Runner) -> None:
    """The rendered body is cached: the review it depends on must be part of its key."""
    body = "Mon texte.\n\n> [!generated]\n> La synthèse."
    path = "content/posts/2026-01-10-x.md"
    site = make_site({path: post(generated='{part: "la synthèse"}', body=body)})
    figure = "//main//figure[@class='generated-passage']/@data-ai-disclosure"
    assert run("build", "--source", site).code == 0
    assert parse_html(site / "public/2026/01/x/index.html").xpath(figure) == ["ai-autonomous"]
    reviewed = post(generated='{part: "la synthèse", reviewed_by: Ada Martin}', body=body)
    (site / path).write_text(reviewed, encoding="utf-8")
    assert run("build", "--source", site).code == 0
    assert parse_html(site / "public/2026/01/x/index.html").xpath(figure) == ["ai-assisted"]


def test_a_blog_without_an_author_is_its_own_publisher(make_site: MakeSite, run: Runner) -> None:
    config = DEFAULT_CONFIG.replace("author: Équipe de test\n", "")
    site = make_site({"content/posts/2026-01-10-x.md": post("Sans auteur")}, config=config)
    result = run("build", "--source", site)
    assert result.code == 0, result.err
    data = json_ld(parse_html(site / "public/2026/01/x/index.html"))
    assert data["publisher"] == {
        "@type": "Organization",
        "name": "Blog de test",
        "url": "https://example.org/",
    }


def test_json_ld_names_the_reviewer_of_the_part(site: Built) -> None:
    data = json_ld(site.page("relu"))
    assert "editor" not in data
    assert data["hasPart"]["editor"] == {"@type": "Person", "name": "Camille Rousseau"}
    assert data["hasPart"]["digitalSourceType"] == AI_SOURCE


def test_listings_show_the_passage_badge(site: Built) -> None:
    home = parse_html(site.out / "index.html")
    card = one(home, "//main//article[.//h2/a[normalize-space()='Le résumé']]")
    assert text_of(one(card, ".//span[contains(@class, 'badge')]")) == "Passage généré par IA"


def test_a_part_with_no_marked_quote_is_a_warning_at_the_generated_key(site: Built) -> None:
    """The marked posts agree with their front matter: only the one without a quote warns."""
    found = diagnostics(site.result.err)
    assert [(d.path, d.line, d.warning) for d in found] == [
        ("content/posts/2026-01-15-oubli.md", 4, True)
    ]
    assert "generated.part" in found[0].message


def test_a_marked_quote_with_no_generated_front_matter_is_a_warning(
    make_site: MakeSite, run: Runner
) -> None:
    body = "Intro.\n\n> [!generated] Perplexity\n> Le résumé."
    site = make_site({"content/posts/2026-01-10-x.md": post(body=body)})
    result = run("build", "--source", site)
    assert result.code == 0, result.err
    # title, date, ---, blank, "Intro.", blank, then the quote on line 8.
    assert [(d.path, d.line, d.warning) for d in diagnostics(result.err)] == [
        ("content/posts/2026-01-10-x.md", 8, True)
    ]
    strict = run("build", "--source", site, "--strict")
    assert strict.code == 1
    assert [(d.path, d.line, d.warning) for d in diagnostics(strict.err)] == [
        ("content/posts/2026-01-10-x.md", 8, False)
    ]


# ------------------------------------------------------------------ after the body


def test_sources_then_discussion_then_see_also(site: Built) -> None:
    page = site.page("resume")
    assert sections(page) == [
        ("references sources", "_sources", "Sources"),
        ("discussion", "_discussion", "Et vous ?"),
        ("references see-also", "_see-also", "Voir aussi"),
    ]
    questions = elements(page, "//main//section[@class='discussion']/p")
    assert [plain(text_of(p)) for p in questions] == [
        "Et vous, lisez-vous les résumés ?",
        "Faut-il les signaler ?",
    ]
    sources = elements(page, "//main//section[contains(@class, 'sources')]//li/a")
    assert [(a.get("href"), text_of(a)) for a in sources] == [
        ("https://example.net/rapport", "Le rapport")
    ]
    see_also = elements(page, "//main//section[contains(@class, 'see-also')]//li/a")
    assert [a.get("href") for a in see_also] == ["https://example.com/suite"]


def test_a_single_question(site: Built) -> None:
    page = site.page("question")
    assert sections(page) == [("discussion", "_discussion", "Et vous ?")]
    questions = elements(page, "//main//section[@class='discussion']/p")
    assert [plain(text_of(p)) for p in questions] == ["Qu’en pensez-vous ?"]


def test_the_discussion_heading_is_in_the_post_language(site: Built) -> None:
    assert sections(site.page("summary")) == [("discussion", "_discussion", "Over to you")]


def test_a_post_without_them_has_no_sections_and_no_notice(site: Built) -> None:
    page = site.page("ordinaire")
    assert sections(page) == []
    assert elements(page, "//main//aside[@data-disclosure]") == []


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("[42, {a: 1}]", "question 2"),
        ('["Une question ?", null]', "question 2"),
        ('""', "empty"),
        ("", "question 1"),
        ("{a: 1}", "question 1"),
    ],
    ids=["mapping-in-list", "null-in-list", "empty-text", "no-value", "mapping"],
)
def test_an_invalid_discussion_is_an_error_at_its_line(
    make_site: MakeSite, run: Runner, value: str, problem: str
) -> None:
    site = make_site(
        {
            "content/posts/2026-01-10-x.md": post(tags="[ia]", discussion=value),
            "content/posts/2026-01-11-ok.md": post("Correct", date="2026-01-11"),
        }
    )
    result = run("build", "--source", site)
    assert result.code == 1, result.err
    errors = [d for d in diagnostics(result.err) if not d.warning]
    assert [(d.path, d.line) for d in errors] == [("content/posts/2026-01-10-x.md", 5)]
    assert "`discussion`" in errors[0].message and problem in errors[0].message
    assert not (site / "public").exists()
