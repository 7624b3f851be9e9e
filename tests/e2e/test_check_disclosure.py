"""`sitegen check` guards the disclosures: values of the W3C vocabulary only, the notice
before the text, and a principles page for every language an AI wrote or translated in."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import REPO, Run, elements, parse_html, post
from tests.e2e.test_check import at, findings, places

Site = Callable[..., Path]
Runner = Callable[..., Run]

FR_POST = "content/posts/2026-01-15-billet.md"
EN_POST = "content/posts/2026-01-16-post.en.md"
FR_OUT = "public/2026/01/billet/index.html"
EN_OUT = "public/en/2026/01/post/index.html"
GENERATED = "\n  model: Mistral Large\n  prompted_by: Camille"
PRINCIPLES = {
    "content/pages/principes.md": "---\ntitle: Nos principes\nlayout: principles\n---\n\nTexte.\n"
}
SOURCES = "\n  - {title: Une étude, url: 'https://example.net/etude'}"
THEME = REPO / "templates"
OUR_CODES = ("disclosure-value", "notice-placement", "missing-principles")


def generated_post(title: str = "Un billet", day: str = "2026-01-15", **extra: str) -> str:
    body = "## Une partie\n\nDu texte.\n\n> [!generated]\n> Un résumé.\n"
    return post(title, day, body, generated=GENERATED, sources=SOURCES, **extra)


def built(run: Runner, site: Path) -> None:
    """Build the site into its `public/`, to count lines and columns by hand."""
    result = run("build", cwd=site)
    assert result.code == 0, result.err


# --- disclosure-value ------------------------------------------------------------------


def test_a_template_writing_an_old_value_is_an_error_at_the_built_page(
    make_site: Site, run: Runner
) -> None:
    marks = (THEME / "partials/marks.html").read_text(encoding="utf-8")
    old = marks.replace("{{ page.ai_disclosure }}", "ai-generated")
    assert old != marks
    page = (THEME / "page.html").read_text(encoding="utf-8")
    tagged = page.replace('<article class="page"', '<article class="page" data-ai-disclosure="ai"')
    site = make_site(
        {
            FR_POST: generated_post(),
            "content/pages/contact.md": "---\ntitle: Contact\n---\n\nÉcrivez-nous.\n",
            "templates/partials/marks.html": old,
            "templates/page.html": tagged,
        }
        | PRINCIPLES
    )
    found = findings(run, site)
    built(run, site)
    wrong = [f for f in found if f["code"] == "disclosure-value"]
    assert [f"{f['path']}:{f['line']}:{f['col']}" for f in wrong] == [
        at(site, FR_OUT, '<meta name="ai-disclosure"'),
        at(site, "public/contact/index.html", '<article class="page"'),
    ]
    assert {f["severity"] for f in wrong} == {"error"}
    assert [f["message"] for f in wrong] == [
        '<meta name="ai-disclosure"> says `ai-generated`, not a value of the W3C AI Content'
        " Disclosure report (and on 2 other pages)",
        "data-ai-disclosure says `ai`, not a value of the W3C AI Content Disclosure report"
        " (and on 1 other page)",
    ]
    assert "human-only, ai-assisted, ai-autonomous" in wrong[0]["hint"]


def test_the_default_theme_writes_only_current_values(make_site: Site, run: Runner) -> None:
    translated = post("A post", "2026-01-16", "Text.", lang="en", translated="{from: de}")
    site = make_site({FR_POST: generated_post(), EN_POST: translated} | PRINCIPLES)
    assert places(findings(run, site), "disclosure-value") == []


# --- notice-placement ------------------------------------------------------------------


def notice_below_the_text() -> str:
    """The theme's post template with the notice moved after the post's text."""
    template = (THEME / "post.html").read_text(encoding="utf-8")
    include = '  {% include "partials/notices.html" %}\n'
    assert include in template
    moved = template.replace(include, "").replace(
        "{{ page.content }}\n  </div>\n", "{{ page.content }}\n  </div>\n" + include
    )
    assert moved.count("notices.html") == 1
    return moved


def test_a_notice_below_the_text_of_an_ai_post_is_an_error(make_site: Site, run: Runner) -> None:
    human = post("Mon billet", "2026-01-10", "Écrit à la main.")
    person = post(
        "A post", "2026-01-16", "Text.", lang="en", translated="{from: de, machine: false}"
    )
    site = make_site(
        {
            FR_POST: generated_post(),
            "content/posts/2026-01-10-mon-billet.md": human,
            "content/posts/2026-01-12-traduit.md": post(
                "Traduit",
                "2026-01-12",
                "Texte.",
                translated="{from: en, url: 'https://example.net/x'}",
            ),
            EN_POST: person,
            "templates/post.html": notice_below_the_text(),
        }
        | PRINCIPLES
    )
    found = findings(run, site)
    built(run, site)
    moved = [f for f in found if f["code"] == "notice-placement"]
    # The author's own text has no notice, nor is a person's translation AI at work.
    assert [f"{f['path']}:{f['line']}:{f['col']}" for f in moved] == [
        at(site, FR_OUT, '<aside class="notice disclosure')
    ]
    assert moved[0]["severity"] == "error"
    assert moved[0]["message"] == (
        "the `post` template shows the disclosure notice after the post's text"
        " (and on 1 other page)"
    )
    assert 'include "partials/notices.html" before the content' in moved[0]["hint"]


def test_a_layout_extending_the_post_template_is_told_where_the_notice_may_be(
    make_site: Site, run: Runner
) -> None:
    chat = generated_post(layout="conversation")
    site = make_site({FR_POST: chat, "templates/post.html": notice_below_the_text()} | PRINCIPLES)
    [moved] = [f for f in findings(run, site) if f["code"] == "notice-placement"]
    assert moved["message"].startswith("the `conversation` template shows the disclosure notice")
    # The notice is placed by post.html, which conversation.html extends.
    assert moved["hint"] == (
        'include "partials/notices.html" before the content in templates/conversation.html'
        " or the template it extends"
    )


def test_the_default_theme_shows_the_notice_first(make_site: Site, run: Runner) -> None:
    site = make_site({FR_POST: generated_post()} | PRINCIPLES)
    assert places(findings(run, site), "notice-placement") == []


# --- missing-principles ----------------------------------------------------------------


def test_ai_posts_without_a_principles_page_are_said_once_per_language(
    make_site: Site, run: Runner
) -> None:
    site = make_site(
        {
            FR_POST: generated_post(),
            "content/posts/2026-01-10-autre.md": generated_post("Autre", "2026-01-10"),
            "content/posts/2026-01-11-mien.md": post("Le mien", "2026-01-11", "À la main."),
            EN_POST: post("A post", "2026-01-16", "Text.", lang="en", translated="{from: de}"),
        }
    )
    found = [f for f in findings(run, site) if f["code"] == "missing-principles"]
    assert places(found, "missing-principles") == [
        at(site, "content/posts/2026-01-10-autre.md", "generated:"),
        at(site, EN_POST, "translated:"),
    ]
    assert {f["severity"] for f in found} == {"warning"}
    assert found[0]["message"].startswith("2 texts say in `fr` that an AI took part")
    assert found[1]["message"].startswith("1 text says in `en`")
    assert "sitegen new --layout principles --lang en" in found[1]["hint"]


def test_the_default_languages_page_serves_every_language(make_site: Site, run: Runner) -> None:
    english = post("A post", "2026-01-16", "Text.", lang="en", translated="{from: de}")
    site = make_site({FR_POST: generated_post(), EN_POST: english} | PRINCIPLES)
    assert places(findings(run, site), "missing-principles") == []


def test_another_languages_page_serves_a_language_with_none(make_site: Site, run: Runner) -> None:
    own = "---\ntitle: Principles\nlayout: principles\nlang: en\n---\n\nText.\n"
    site = make_site({FR_POST: generated_post(), "content/pages/principles.en.md": own})
    assert places(findings(run, site), "missing-principles") == []
    built(run, site)
    [link] = elements(parse_html(site / FR_OUT), "//aside[@data-disclosure]//p[2]/a")
    assert (link.get("href"), link.get("hreflang")) == ("/en/principles/", "en")


def test_a_draft_principles_page_is_to_be_published_not_written_again(
    make_site: Site, run: Runner
) -> None:
    draft = "---\ntitle: Nos principes\nlayout: principles\ndraft: true\n---\n\nTexte.\n"
    site = make_site({FR_POST: generated_post(), "content/pages/principes.md": draft})
    [found] = [f for f in findings(run, site) if f["code"] == "missing-principles"]
    assert found["hint"] == "publish content/pages/principes.md: remove its `draft: true`"
    assert "sitegen new" not in found["hint"]


# --- the sample blog -------------------------------------------------------------------


def test_the_sample_blog_passes_the_disclosure_rules(run: Runner, sample_blog: Path) -> None:
    found = findings(run, sample_blog)
    assert [f for f in found if f["code"] in OUR_CODES] == []


def test_the_help_lists_the_rules_in_aligned_columns(run: Runner) -> None:
    shown = run("check", "--help").out.split("`check: {disable: [code]}`):\n")[1]
    rows = [line for line in shown.splitlines() if line.startswith("  ")]
    assert {"disclosure-value", "notice-placement", "missing-principles"} <= {
        row.split()[0] for row in rows
    }
    # The severity starts in one column, even after the longest code.
    assert len({row.index(row.split()[1]) for row in rows}) == 1
