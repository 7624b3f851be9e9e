"""Updates, corrections and dated reviews: the block at the top of the text, the dated
review in the notice, JSON-LD (`dateModified`, `correction`, `lastReviewed`), the feeds'
updated times, the sitemap's `lastmod`, and the warnings `--strict` and `check` act on."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from tests.conftest import (
    Run,
    elements,
    parse_html,
    post,
    raw_text,
    sitegen,
    strings,
    text_of,
    write_files,
)

MakeSite = Callable[..., Path]
Runner = Callable[..., Run]

CONFIG = """\
title: Blog de test
author: Équipe de test
base_url: https://example.org/blog/
language: fr
languages: [fr, en]
"""
ORIGIN = "https://example.org/blog/"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

CORRECTED = """\
---
title: Un billet corrigé
date: 2026-01-15
generated:
  model: Mistral Large
  reviewed_by: Marie Curie
  reviewed_on: 2026-02-12
updated:
  - {date: 2026-02-01, note: "ajout d’une [source](/a-propos/) et de <b>gras</b>"}
  - 2026-02-10
corrections:
  - date: 2026-02-05
    note: "le modèle date de 2024 ; pas de 2023."
---

Du texte.
"""
FIXED_EN = """\
---
title: A fixed post
date: 2026-01-16
translated:
  from: fr
  reviewed_by: Ada Lovelace
  reviewed_on: 2026-03-03
updated: 2026-03-01
corrections: [{date: 2026-03-02, note: "The model dates from *2024*."}]
---

Some text.
"""
PAGE = """\
---
title: À propos
generated:
  reviewed_by: Marie Curie
  reviewed_on: 2026-04-02
corrections: [{date: 2026-04-01, note: "Notre [adresse](javascript:alert(1)) a changé."}]
---

Qui sommes-nous ?
"""


def layout_post(layout: str, day: str) -> str:
    return post(
        f"Un billet {layout}",
        date=f"2026-01-{day}",
        layout=layout,
        body="Alice : bonjour.\n\nBob : salut !",
        corrections=f"[{{date: 2026-02-{day}, note: Une erreur de nom.}}]",
    )


FILES: dict[str, str | bytes] = {
    "sitegen.yaml": CONFIG,
    "content/posts/2026-01-15-corrige.md": CORRECTED,
    "content/posts/2026-01-16-fixed.en.md": FIXED_EN,
    "content/posts/2026-01-17-ordinaire.md": post("Ordinaire", date="2026-01-17"),
    "content/posts/2026-01-18-dialogue.md": layout_post("conversation", "18"),
    "content/posts/2026-01-19-discussion.md": layout_post("chat", "19"),
    "content/pages/a-propos.md": PAGE,
}
URL = {
    "corrige": "2026/01/corrige/",
    "fixed": "en/2026/01/fixed/",
    "ordinaire": "2026/01/ordinaire/",
    "dialogue": "2026/01/dialogue/",
    "discussion": "2026/01/discussion/",
    "page": "a-propos/",
}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("changes")
    write_files(root, FILES)
    result = sitegen("build", "--source", root, "--strict")
    assert result.code == 0, result.err
    return root / "public"


def page(out: Path, key: str) -> etree._Element:
    return parse_html(out / URL[key] / "index.html")


def json_ld(html: etree._Element) -> dict[str, Any]:
    [script] = elements(html, "//script[@type='application/ld+json']")
    data: dict[str, Any] = json.loads(script.text or "")
    return data


def changes_block(html: etree._Element) -> list[etree._Element]:
    found: list[etree._Element] = elements(html, "//article//aside[contains(@class, 'changes')]")
    return found


def changes(html: etree._Element) -> list[tuple[str | None, str, str]]:
    """(class, text, the <time>'s datetime) of each line of the block."""
    [block] = changes_block(html)
    return [
        (li.get("class"), text_of(li), str(li.xpath("string(.//time/@datetime)")))
        for li in elements(block, ".//ul/li")
    ]


def plain(text: str) -> str:
    """French spacing shown as plain spaces, to compare with what is written here."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


# ------------------------------------------------------------------ the visible block


def test_corrections_come_first_then_updates_the_newest_first(out: Path) -> None:
    shown = [(kind, plain(text), day) for kind, text, day in changes(page(out, "corrige"))]
    assert shown == [
        (
            "change change-correction",
            "Correction du 5 février 2026 : le modèle date de 2024 ; pas de 2023.",
            "2026-02-05",
        ),
        ("change change-update", "Mis à jour le 10 février 2026", "2026-02-10"),
        (
            "change change-update",
            "Mis à jour le 1er février 2026 : ajout d’une source et de <b>gras</b>",
            "2026-02-01",
        ),
    ]


def test_the_block_is_labelled_and_follows_the_disclosure_notice(out: Path) -> None:
    html = page(out, "corrige")
    [block] = changes_block(html)
    assert block.get("aria-label") == "Mises à jour et corrections"
    before = elements(block, "preceding-sibling::*[1]")[0]
    assert before.get("data-disclosure") == "generated"
    # The time says the day alone, as the text around it does.
    assert text_of(elements(block, ".//time")[0]) == "5 février 2026"


def test_french_spacing_is_set_in_the_note_and_around_the_colon(out: Path) -> None:
    [block] = changes_block(page(out, "corrige"))
    first = raw_text(elements(block, ".//li")[0])
    assert "2026\u00a0: le modèle" in first
    assert "2024\u202f; pas" in first


def test_a_note_is_inline_markdown_its_links_under_the_base_path_and_no_raw_html(
    out: Path,
) -> None:
    [block] = changes_block(page(out, "corrige"))
    assert [a.get("href") for a in elements(block, ".//a")] == ["/blog/a-propos/"]
    assert not elements(block, ".//b")


def test_a_note_cannot_link_to_a_script(out: Path) -> None:
    [block] = changes_block(page(out, "page"))
    assert elements(block, ".//a") == []
    assert "Notre [adresse](javascript:alert(1)) a changé." in plain(text_of(block))


def test_the_english_wording(out: Path) -> None:
    shown = changes(page(out, "fixed"))
    assert shown == [
        (
            "change change-correction",
            "Correction of March 2, 2026: The model dates from 2024.",
            "2026-03-02",
        ),
        ("change change-update", "Updated on March 1, 2026", "2026-03-01"),
    ]
    [block] = changes_block(page(out, "fixed"))
    assert strings(block, ".//em/text()") == ["2024"]
    assert block.get("aria-label") == "Updates and corrections"


@pytest.mark.parametrize("key", ["dialogue", "discussion", "page"])
def test_every_layout_shows_the_block(out: Path, key: str) -> None:
    [(kind, _, _)] = changes(page(out, key))
    assert kind == "change change-correction"


def test_a_text_never_changed_has_no_block(out: Path) -> None:
    assert changes_block(page(out, "ordinaire")) == []


def test_an_empty_key_means_no_change(make_site: MakeSite, run: Runner) -> None:
    site = make_site(
        {"content/posts/2026-01-15-billet.md": dated_post("updated:\ncorrections: ''")}
    )
    result = run("build", "--source", site, "--strict")
    assert result.code == 0, result.err
    assert changes_block(parse_html(site / "public/2026/01/billet/index.html")) == []


# ------------------------------------------------------------------ JSON-LD and meta


def test_json_ld_says_when_the_text_last_changed_and_each_correction(out: Path) -> None:
    data = json_ld(page(out, "corrige"))
    assert data["dateModified"] == "2026-02-10T00:00:00+00:00"
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "datePublished": "2026-02-05T00:00:00+00:00",
            "text": "le modèle date de 2024\u202f; pas de 2023.",
        }
    ]
    english = json_ld(page(out, "fixed"))
    assert english["dateModified"] == "2026-03-02T00:00:00+00:00"
    assert [c["text"] for c in english["correction"]] == ["The model dates from 2024."]


def test_a_text_never_changed_has_no_modification_marks(out: Path) -> None:
    html = page(out, "ordinaire")
    data = json_ld(html)
    assert "dateModified" not in data and "correction" not in data
    assert elements(html, "//meta[@property='article:modified_time']") == []


def test_the_article_meta_gives_the_modified_time(out: Path) -> None:
    html = page(out, "corrige")
    [published] = strings(html, "//meta[@property='article:published_time']/@content")
    [modified] = strings(html, "//meta[@property='article:modified_time']/@content")
    assert (published, modified) == ("2026-01-15T00:00:00+00:00", "2026-02-10T00:00:00+00:00")


def test_a_change_on_the_day_of_a_timed_post_never_dates_it_before_its_publication(
    make_site: MakeSite, run: Runner
) -> None:
    """`updated: 2026-03-01` is that day's midnight in UTC: before a post of 09:30 that day,
    which it cannot have changed. Only a change after the publication is a modification."""
    timed = "date: 2026-03-01T09:30:00+01:00\n"
    site = make_site(
        {
            "content/posts/2026-03-01-matin.md": f"---\ntitle: Matin\n{timed}"
            "updated: 2026-03-01\n---\n\nDu texte.\n",
            "content/posts/2026-03-01-soir.md": f"---\ntitle: Soir\n{timed}"
            "updated: 2026-03-02\n---\n\nDu texte.\n",
        },
        config=CONFIG,
    )
    result = run("build", "--source", site, "--strict")
    assert result.code == 0, result.err
    out = site / "public"
    entries = atom_entries(out, "feed.xml")
    feed = {
        item["url"]: item
        for item in json.loads((out / "feed.json").read_text(encoding="utf-8"))["items"]
    }
    modified = {}
    for name in ("matin", "soir"):
        data = json_ld(parse_html(out / f"2026/03/{name}/index.html"))
        published, updated = entries[f"{ORIGIN}2026/03/{name}/"]
        assert datetime.fromisoformat(updated) >= datetime.fromisoformat(published)
        assert published == data["datePublished"]
        if "dateModified" in data:
            modified_at = datetime.fromisoformat(data["dateModified"])
            assert modified_at > datetime.fromisoformat(data["datePublished"])
            assert feed[f"{ORIGIN}2026/03/{name}/"]["date_modified"] == data["dateModified"]
        modified[name] = data.get("dateModified")
    assert modified == {"matin": None, "soir": "2026-03-02T00:00:00+00:00"}
    assert atom_entries(out, "feed.xml")[f"{ORIGIN}2026/03/matin/"][1] == (
        "2026-03-01T09:30:00+01:00"
    )


def test_a_dated_review_is_the_pages_last_review(out: Path) -> None:
    data = json_ld(page(out, "corrige"))
    assert data["mainEntityOfPage"] == {
        "@type": "WebPage",
        "@id": f"{ORIGIN}{URL['corrige']}",
        "lastReviewed": "2026-02-12",
        "reviewedBy": {"@type": "Person", "name": "Marie Curie"},
    }
    translated = json_ld(page(out, "fixed"))["mainEntityOfPage"]
    assert (translated["lastReviewed"], translated["reviewedBy"]["name"]) == (
        "2026-03-03",
        "Ada Lovelace",
    )


def test_a_page_is_the_webpage_that_was_reviewed(out: Path) -> None:
    data = json_ld(page(out, "page"))
    assert data["@type"] == "WebPage"
    assert data["mainEntityOfPage"] == f"{ORIGIN}{URL['page']}"
    assert (data["lastReviewed"], data["reviewedBy"]["name"]) == ("2026-04-02", "Marie Curie")


def test_a_text_without_a_dated_review_says_no_review_date(out: Path) -> None:
    data = json_ld(page(out, "ordinaire"))
    assert data["mainEntityOfPage"] == f"{ORIGIN}{URL['ordinaire']}"
    assert "lastReviewed" not in data


# ------------------------------------------------------------------ the dated notice


def test_the_notice_says_who_reviewed_and_when(out: Path) -> None:
    [french] = elements(page(out, "corrige"), "//aside[@data-disclosure]/p[1]")
    assert text_of(french).endswith(
        "Marie Curie l’a relu le 12 février 2026 et en assume la responsabilité éditoriale."
    )
    [english] = elements(page(out, "fixed"), "//aside[@data-disclosure]/p[1]")
    assert text_of(english).endswith("Ada Lovelace reviewed the translation on March 3, 2026.")


# ------------------------------------------------------------------ feeds and sitemap


def atom_entries(out: Path, feed: str) -> dict[str, tuple[str, str]]:
    root = ET.parse(out / feed).getroot()
    return {
        entry.findtext(f"{ATOM}id", ""): (
            entry.findtext(f"{ATOM}published", ""),
            entry.findtext(f"{ATOM}updated", ""),
        )
        for entry in root.iter(f"{ATOM}entry")
    }


def test_the_atom_entry_is_updated_when_the_text_last_changed(out: Path) -> None:
    entries = atom_entries(out, "feed.xml")
    assert entries[ORIGIN + URL["corrige"]] == (
        "2026-01-15T00:00:00+00:00",
        "2026-02-10T00:00:00+00:00",
    )
    assert entries[ORIGIN + URL["ordinaire"]] == (
        "2026-01-17T00:00:00+00:00",
        "2026-01-17T00:00:00+00:00",
    )
    english = atom_entries(out, "en/feed.xml")
    assert english[ORIGIN + URL["fixed"]][1] == "2026-03-02T00:00:00+00:00"


def test_the_atom_feed_is_updated_when_any_entry_was(out: Path) -> None:
    root = ET.parse(out / "feed.xml").getroot()
    assert root.findtext(f"{ATOM}updated") == "2026-02-19T00:00:00+00:00"


def test_the_feeds_newest_time_compares_instants_not_text_in_two_zones(
    make_site: MakeSite, run: Runner
) -> None:
    """23:00 in New York is 04:00 the next day in UTC: later than 02:00 that day in Paris,
    though its text sorts first. A correction is the feed's newest change too."""
    new_york, paris = "2026-03-01T23:00:00-05:00", "2026-03-02T02:00:00+01:00"
    corrected = "2026-03-03T10:00:00+09:00"
    site = make_site(
        {
            "content/posts/new-york.md": post("New York", date=new_york),
            "content/posts/paris.md": post("Paris", date=paris),
            "content/posts/old.en.md": post(
                "Old", date="2026-01-10", corrections=f"[{{date: '{corrected}', note: Fixed.}}]"
            ),
            "content/posts/other.en.md": post("Other", date="2026-02-01"),
        },
        config=CONFIG,
    )
    result = run("build", "--source", site, "--strict")
    assert result.code == 0, result.err
    out = site / "public"
    atom = ET.parse(out / "feed.xml").getroot()
    assert atom.findtext(f"{ATOM}updated") == new_york
    for rss, newest in (("rss.xml", new_york), ("en/rss.xml", corrected)):
        said = ET.parse(out / rss).getroot().findtext("channel/lastBuildDate", "")
        assert parsedate_to_datetime(said) == datetime.fromisoformat(newest), rss
    everything = ET.parse(out / "all.xml").getroot()
    titles = [entry.findtext(f"{ATOM}title") for entry in everything.iter(f"{ATOM}entry")]
    assert titles == ["New York", "Paris", "Other", "Old"]


def test_the_json_feed_item_has_date_modified_only_when_changed(out: Path) -> None:
    items = {
        item["url"]: item
        for item in json.loads((out / "feed.json").read_text(encoding="utf-8"))["items"]
    }
    assert items[ORIGIN + URL["corrige"]]["date_modified"] == "2026-02-10T00:00:00+00:00"
    assert "date_modified" not in items[ORIGIN + URL["ordinaire"]]


def test_the_sitemap_gives_the_day_of_the_last_change(out: Path) -> None:
    root = ET.parse(out / "sitemap.xml").getroot()
    lastmod = {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in root.iter(f"{SITEMAP}url")
    }
    assert lastmod[ORIGIN + URL["corrige"]] == "2026-02-10"
    assert lastmod[ORIGIN + URL["fixed"]] == "2026-03-02"
    assert lastmod[ORIGIN + URL["ordinaire"]] == "2026-01-17"
    assert lastmod[ORIGIN + URL["page"]] == "2026-04-01"


# ------------------------------------------------------------------ warnings

_LOCATED = re.compile(r"^(?P<path>\S*?content/\S+?):(?P<line>\d+):\d+: (?P<rest>.*)$")


def located(output: str) -> list[tuple[str, int, str]]:
    found = []
    for line in output.splitlines():
        if m := _LOCATED.match(line):
            path = m["path"][m["path"].find("content/") :]
            found.append((path, int(m["line"]), m["rest"]))
    return found


WARNINGS = [
    pytest.param(
        "generated:\n  model: Mistral\n  reviewed_by: Marie Curie",
        6,
        "`reviewed_by` has no `reviewed_on`",
        id="reviewer without date",
    ),
    pytest.param(
        "translated:\n  from: en\n  reviewed_on: 2026-01-20",
        6,
        "`reviewed_on` says when, not who",
        id="date without reviewer",
    ),
    pytest.param(
        "generated: {reviewed_by: Marie Curie, reviewed_on: 2026-01-20}\n"
        "corrections: [{date: 2026-02-01, note: Une erreur.}]",
        4,
        "the review (2026-01-20) is older than the text's last change (2026-02-01)",
        id="review before the last change",
    ),
    pytest.param(
        "generated: {reviewed_by: Marie Curie, reviewed_on: 2999-01-01}",
        4,
        "the review is dated in the future (2999-01-01)",
        id="review in the future",
    ),
    pytest.param(
        "tags: [a]\nupdated: [{date: 2026-01-10, note: Plus tôt.}]",
        5,
        "a change dated 2026-01-10 comes before the post's date (2026-01-15)",
        id="change before the post",
    ),
    pytest.param(
        "corrections:\n  - {date: 2026-02-01, note: À temps.}\n"
        "  - {date: 2999-01-01, note: Trop tôt.}",
        6,
        "a change dated 2999-01-01 is in the future",
        id="change in the future",
    ),
]


def dated_post(extra: str) -> str:
    return f"---\ntitle: Un billet\ndate: 2026-01-15\n{extra}\n---\n\nDu texte.\n"


@pytest.mark.parametrize(("extra", "line", "message"), WARNINGS)
def test_a_misdated_change_or_review_is_a_warning_strict_fails_on_and_check_reports(
    make_site: MakeSite, run: Runner, extra: str, line: int, message: str
) -> None:
    name = "content/posts/2026-01-15-billet.md"
    site = make_site({name: dated_post(extra)})
    built = run("build", "--source", site)
    assert built.code == 0, built.err
    ours = [(path, at) for path, at, rest in located(built.err) if message in rest]
    assert ours == [(name, line)], built.err
    assert "warning" in next(rest for _, _, rest in located(built.err) if message in rest)
    strict = run("build", "--source", site, "--strict")
    assert strict.code == 1
    assert [(p, at) for p, at, rest in located(strict.err) if message in rest] == [(name, line)]
    checked = run("check", "--source", site)
    assert [(p, at) for p, at, rest in located(checked.out) if message in rest] == [(name, line)]


@pytest.mark.parametrize(
    "extra",
    [
        pytest.param("corrections: [{date: 2026-06-01, note: Une erreur.}]", id="change"),
        pytest.param("generated: {reviewed_by: Marie Curie, reviewed_on: 2026-05-30}", id="review"),
    ],
)
def test_a_date_in_the_future_is_no_longer_said_once_it_has_passed(
    make_site: MakeSite, run: Runner, extra: str
) -> None:
    """A build with nothing changed repeats the last one's warnings: not past the day that
    made one of them true no more."""
    site = make_site({"content/posts/2026-01-15-billet.md": dated_post(extra)})
    before = run("build", "--source", site, env={"SOURCE_DATE_EPOCH": "1780000000"})
    assert before.code == 0 and "in the future" in before.err, before.err  # 2026-05-28
    after = run("build", "--source", site, "--strict", env={"SOURCE_DATE_EPOCH": "1780400000"})
    assert after.code == 0, after.err  # 2026-06-02
    assert "in the future" not in after.err


def test_a_review_after_the_last_change_or_before_publication_is_fine(
    make_site: MakeSite, run: Runner
) -> None:
    before = dated_post("generated: {reviewed_by: Marie Curie, reviewed_on: 2026-01-14}")
    same_day = dated_post(
        "translated: {from: en, reviewed_by: Ada Lovelace, reviewed_on: 2026-01-20}\n"
        "updated: [{date: 2026-01-20T18:00:00+01:00, note: Le soir même.}]"
    )
    # 15 minutes after a post of 00:30 in Paris, though on the day before in UTC.
    night = (
        "---\ntitle: La nuit\ndate: 2026-03-03T00:30:00+01:00\n"
        "updated: [{date: '2026-03-02T23:45:00+00:00', note: Un ajout.}]\n---\n\nDu texte.\n"
    )
    # Read 15 minutes after that change, though on the day before it in UTC.
    reread = dated_post(
        "generated: {reviewed_by: Marie Curie, reviewed_on: '2026-03-02T23:30:00+00:00'}\n"
        "updated: [{date: '2026-03-03T00:15:00+01:00', note: Un ajout.}]"
    )
    site = make_site(
        {
            "content/posts/2026-01-15-billet.md": before,
            "content/posts/2026-01-15-autre.md": same_day,
            "content/posts/2026-03-03-nuit.md": night,
            "content/posts/2026-01-15-relu.md": reread,
        }
    )
    result = run("build", "--source", site, "--strict")
    assert result.code == 0, result.err


# ------------------------------------------------------------------ errors

ERRORS = [
    pytest.param(
        "corrections: [2026-02-01]", 4, "correction 1 has no note", "what was wrong", id="no note"
    ),
    pytest.param(
        "updated: [{date: 2026-02-01, nte: x}]",
        4,
        "unknown key `nte` in an entry of `updated`",
        "note",
        id="unknown key",
    ),
    pytest.param(
        "updated: [{note: Sans date.}]",
        4,
        "an entry of `updated` has no `date`",
        "date:",
        id="dateless",
    ),
    pytest.param(
        "updated: hier", 4, "`hier` is neither a date nor", "date: 2026-03-03", id="not a date"
    ),
    pytest.param(
        "corrections: [{date: '2026-02-30', note: x}]",
        4,
        "`2026-02-30` is not a date",
        "ISO 8601",
        id="impossible date",
    ),
    pytest.param(
        "generated: {reviewed_on: lundi}",
        4,
        "`lundi` is not a date",
        "ISO 8601",
        id="review not a date",
    ),
    pytest.param(
        "updated:\n  - 2026-02-01\n  -\n  - 2026-02-03",
        6,
        "an empty entry is neither a date nor",
        "date: 2026-03-03",
        id="empty entry",
    ),
    pytest.param("updated: true", 4, "`true` is neither a date nor", "date: 2026-03-03", id="true"),
    pytest.param(
        "updated:\n  - 2026-02-01\n  - [2026-02-02]",
        6,
        "a list is neither a date nor",
        "date: 2026-03-03",
        id="a list in the list",
    ),
    pytest.param(
        "corrections:\n  - {date: 2026-02-01, note: Nom.}\n  - {date: 2026-02-02, note: Date.}"
        "\n  - 2026-02-03",
        7,
        "correction 3 has no note",
        "what was wrong",
        id="third correction without note",
    ),
    pytest.param(
        "updated:\n  - 2026-02-01\n  - {date: 2026-02-02, nte: x}",
        6,
        "unknown key `nte` in an entry of `updated`",
        "note",
        id="unknown key in the second entry",
    ),
    pytest.param(
        "generated:\n  model: Mistral\n  reviewed_by: Marie Curie\n  reviewed_on: true",
        7,
        "`reviewed_on` in `generated`: `true` is not a date",
        "ISO 8601",
        id="review dated true",
    ),
    pytest.param(
        "translated:\n  from: en\n  machine: [oui]",
        6,
        "`machine` in `translated`: expected true or false, not a list",
        "machine: false",
        id="machine a list",
    ),
    pytest.param(
        "updated: [{date: 2026-02-01, note: [a, b]}]",
        4,
        "`note` in an entry of `updated`: expected text",
        "quotes",
        id="note not text",
    ),
]


@pytest.mark.parametrize(("extra", "line", "message", "hint"), ERRORS)
def test_an_unreadable_change_is_an_error_at_its_key(
    make_site: MakeSite, run: Runner, extra: str, line: int, message: str, hint: str
) -> None:
    name = "content/posts/2026-01-15-billet.md"
    site = make_site({name: dated_post(extra)})
    result = run("build", "--source", site)
    assert result.code == 1
    [(path, at, rest)] = [f for f in located(result.err) if message in f[2]]
    assert (path, at) == (name, line)
    assert not re.search(r"None|True|datetime\.", rest)  # as written in YAML, not Python
    after = result.err.split(rest, 1)[1].splitlines()[1]
    assert "hint:" in after and hint in after


# ------------------------------------------------------------------ Jekyll and Hugo


@pytest.mark.parametrize(
    ("files", "post_path"),
    [
        pytest.param(
            {
                "_config.yml": "title: Blog\nurl: https://example.org\nlang: fr\n",
                "_posts/2026-01-10-un.md": (
                    "---\ntitle: Un\nlast_modified_at: 2026-02-03\n---\n\nT.\n"
                ),
                "_posts/2026-01-11-deux.md": (
                    "---\ntitle: Deux\nlast_modified_at: 2026-01-11 10:00:00 +0100\n---\n\nT.\n"
                ),
            },
            "_site/2026/01/10/un.html",
            id="jekyll last_modified_at",
        ),
        pytest.param(
            {
                "hugo.toml": 'title = "Blog"\nbaseURL = "https://example.org/"\n'
                'languageCode = "fr"\n',
                "content/posts/un.md": (
                    "---\ntitle: Un\ndate: 2026-01-10\nlastMod: 2026-02-03\n---\n\nT.\n"
                ),
                "content/posts/deux.md": (
                    '+++\ntitle = "Deux"\ndate = 2026-01-11\nlastmod = 2026-01-11\n+++\n\nT.\n'
                ),
            },
            "public/posts/un/index.html",
            id="hugo lastmod",
        ),
    ],
)
def test_the_other_tools_last_change_is_an_update_without_note(
    tmp_path: Path, run: Runner, files: dict[str, str | bytes], post_path: str
) -> None:
    write_files(tmp_path, files)
    result = run("build", "--source", tmp_path)
    assert result.code == 0, result.err
    out = tmp_path / post_path.split("/")[0]
    assert [plain(text) for _, text, _ in changes(parse_html(tmp_path / post_path))] == [
        "Mis à jour le 3 février 2026"
    ]
    # Set to the publication day, it says nothing changed since: no block.
    others = [p for p in out.rglob("*.html") if "deux" in p.as_posix()]
    assert others and all(changes_block(parse_html(p)) == [] for p in others)


@pytest.mark.parametrize(
    ("files", "key"),
    [
        pytest.param(
            {
                "_config.yml": "title: Blog\nurl: https://example.org\nlang: fr\n",
                "_posts/2026-01-10-un.md": "---\ntitle: Un\nlast_modified_at: hier\n---\n\nT.\n",
            },
            "last_modified_at",
            id="jekyll",
        ),
        pytest.param(
            {
                "hugo.toml": 'title = "Blog"\nbaseURL = "https://example.org/"\n',
                "content/posts/un.md": "---\ntitle: Un\ndate: 2026-01-10\nlastmod: [hier]\n---\n",
            },
            "lastmod",
            id="hugo",
        ),
    ],
)
def test_the_other_tools_last_change_is_reported_under_its_own_key(
    tmp_path: Path, run: Runner, files: dict[str, str | bytes], key: str
) -> None:
    write_files(tmp_path, files)
    result = run("build", "--source", tmp_path)
    assert result.code == 1
    [(rel, line, rest)] = [f for f in located_anywhere(result.err) if "date" in f[2]]
    assert rel.endswith("un.md") and line == (3 if key == "last_modified_at" else 4)
    assert rest.startswith(f"`{key}`: "), rest
    assert "updated" not in result.err


def test_an_entry_of_a_hugo_posts_corrections_is_pointed_at_as_in_sitegens(
    tmp_path: Path, run: Runner
) -> None:
    corrections = "corrections:\n  - {date: 2026-02-01, note: Nom.}\n  - 2026-02-03\n"
    write_files(
        tmp_path,
        {
            "hugo.toml": 'title = "Blog"\nbaseURL = "https://example.org/"\n',
            "content/posts/un.md": f"---\ntitle: Un\ndate: 2026-01-10\n{corrections}---\n",
        },
    )
    result = run("build", "--source", tmp_path)
    assert result.code == 1
    [(_, line, _)] = [f for f in located_anywhere(result.err) if "correction 2 has no note" in f[2]]
    assert line == 6


def located_anywhere(output: str) -> list[tuple[str, int, str]]:
    return [(m[1], int(m[2]), m[3]) for m in re.finditer(r"(?m)^(\S+?):(\d+):\d+: (.*)$", output)]


def test_jekylls_last_change_is_dated_in_the_sites_time_zone_as_its_date_is(
    tmp_path: Path, run: Runner
) -> None:
    """Jekyll reads a time without a zone as UTC and shows it in the site's `timezone`: 02:00
    in UTC on the 13th is the 12th in New York, the day the post says it was updated."""
    config = "title: Blog\nurl: https://example.org\nlang: fr\ntimezone: America/New_York\n"
    written = "date: 2026-01-10 20:00:00\nlast_modified_at: 2026-01-13 02:00:00\n"
    post_file = f"---\ntitle: Un\n{written}---\n\nT.\n"
    write_files(tmp_path, {"_config.yml": config, "_posts/2026-01-10-un.md": post_file})
    result = run("build", "--source", tmp_path, "--strict")
    assert result.code == 0, result.err
    html = parse_html(tmp_path / "_site/2026/01/10/un.html")
    assert [(plain(text), day) for _, text, day in changes(html)] == [
        ("Mis à jour le 12 janvier 2026", "2026-01-12")
    ]
    data = json_ld(html)
    assert (data["datePublished"], data["dateModified"]) == (
        "2026-01-10T15:00:00-05:00",
        "2026-01-12T21:00:00-05:00",
    )


def test_check_reads_the_notes_like_any_text_the_page_shows(
    make_site: MakeSite, run: Runner
) -> None:
    name = "content/posts/2026-01-15-billet.md"
    note = "appelez le 06 12 34 56 78 ou écrivez à jean.dupont@gmail.com"
    site = make_site({name: dated_post(f'corrections:\n  - {{date: 2026-02-01, note: "{note}"}}')})
    result = run("check", "--source", site)
    found = [(path, line, rest.split(":")[0]) for path, line, rest in located(result.out)]
    assert found == [(name, 5, "phone-number"), (name, 5, "email-address")]


# ------------------------------------------------------------------ the cache


def test_a_changed_post_is_reused_from_the_cache_when_another_is_edited(tmp_path: Path) -> None:
    write_files(tmp_path, FILES)
    first = sitegen("build", "--source", tmp_path)
    assert first.code == 0, first.err
    edited = post("Ordinaire, bis", date="2026-01-17")
    write_files(tmp_path, {"content/posts/2026-01-17-ordinaire.md": edited})
    second = sitegen("build", "--source", tmp_path)
    assert second.code == 0, second.err
    assert "damaged" not in second.err
    assert changes(page(tmp_path / "public", "corrige"))[0][0] == "change change-correction"
