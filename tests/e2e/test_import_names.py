"""People in an imported chat are shown by first name and initials unless `--keep-names`,
and `sitegen check` reports a full name in such a chat.

tests/fixtures/imports/noms-fr.txt is a fictional French chat: two Maries whose family
names start alike, a name with particles, one written LASTNAME Firstname, a nickname with an
emoji, a number as the name, mentions of saved contacts (`@⁨Nom⁩`, one who never speaks)
and full names written in messages, with another apostrophe or the family name first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import frontmatter
import pytest
from lxml import etree

from tests.conftest import DEFAULT_CONFIG, Run, elements, parse_html, sitegen, text_of, write_files
from tests.e2e.test_import_whatsapp import FIXTURES, Imported, at, do_import, messages, readable

MakeSite = Callable[..., Path]

EXPORT = FIXTURES / "noms-fr.txt"
FAMILY_NAMES = ("Berthou", "Bellec", "Bonnet", "Tour", "Gall", "Rivière", "Diaye")
SHORT = [
    "Pierrick B.",
    "Marie Be.",
    "Marie Bo.",
    "Jean-Marc T.",
    "Anne-Sophie G.",
    "Noa 🌸",
    "Lucas B.",
    "Participant 1",
    "Marie Be.",
    "Pierrick B.",
]


@dataclass
class Chats:
    """The export imported into two sites: by default, and with --keep-names."""

    short: Imported
    full: Imported

    @staticmethod
    def page(imported: Imported) -> etree._Element:
        root = imported.draft.parents[2]
        found = list((root / "public").rglob(f"{imported.slug}/index.html"))
        assert len(found) == 1, found
        return parse_html(found[0])


def imported_and_built(root: Path, *options: str) -> Imported:
    write_files(root, {"sitegen.yaml": DEFAULT_CONFIG})
    imported = do_import(root, EXPORT, *options)
    built = sitegen("build", "--source", root, "--drafts")
    assert built.code == 0, built.err
    return imported


@pytest.fixture(scope="module")
def chats(tmp_path_factory: pytest.TempPathFactory) -> Chats:
    short = imported_and_built(tmp_path_factory.mktemp("short") / "site")
    full = imported_and_built(tmp_path_factory.mktemp("full") / "site", "--keep-names")
    return Chats(short, full)


# --- the import ---------------------------------------------------------------------------


def test_speakers_are_shown_by_first_name_and_initials(chats: Chats) -> None:
    page = chats.page(chats.short)
    assert [m.speaker for m in messages(page)] == SHORT
    intro = text_of(elements(page, "//main//div[contains(@class, 'post-body')]/p")[0])
    assert "Les noms de famille sont réduits à leur initiale." in intro
    assert "6 participants shown by first name and initials" in chats.short.result.out


def test_mentions_and_names_in_messages_are_shortened_the_same_way(chats: Chats) -> None:
    page = chats.page(chats.short)
    assert "Merci Pierrick B., je regarde ce soir." in at(page, "19:04").text
    assert "@Jean-Marc T. tu avais des notes ?" in at(page, "19:05").text
    # The initial's full stop ends the sentence: no second one.
    assert at(page, "19:07").text.endswith("je les envoie à @Marie Be. et à @Marie Bo.")
    # The name in capitals in a message is the same person.
    assert "j’étais avec Jean-Marc T. hier" in at(page, "19:08").text
    # A saved contact mentioned who never speaks.
    assert "Et merci @Élodie R. pour la salle." in at(page, "19:11").text
    # Written with another apostrophe than the export's, or the family name first.
    assert "à @Awa N. pour la salle" in at(page, "19:13").text
    assert "Awa N. est d’accord, et Marie Bo. aussi." in at(page, "19:14").text


def test_no_family_name_is_in_the_draft_nor_anywhere_in_the_site(chats: Chats) -> None:
    root = chats.short.draft.parents[2]
    pattern = re.compile("|".join(FAMILY_NAMES), re.I)
    files = [p for p in (root / "public").rglob("*") if p.is_file()]
    assert {".html", ".xml", ".json"} <= {p.suffix for p in files}
    found = {str(p): pattern.findall(readable(p)) for p in [*files, chats.short.draft]}
    assert {path: names for path, names in found.items() if names} == {}


def test_keep_names_keeps_them_as_written(chats: Chats) -> None:
    page = chats.page(chats.full)
    assert [m.speaker for m in messages(page)][:5] == [
        "Pierrick Berthou",
        "Marie Bellec",
        "Marie Bonnet",
        "Jean-Marc de La Tour",
        "LE GALL Anne-Sophie",
    ]
    assert "@Élodie Rivière" in at(page, "19:11").text
    assert "réduits à leur initiale" not in text_of(page)


def test_the_draft_records_how_people_are_named(chats: Chats) -> None:
    short = frontmatter.load(chats.short.draft).metadata
    full = frontmatter.load(chats.full.draft).metadata
    assert short["imported"] == {"from": "whatsapp", "names": "shortened"}
    assert full["imported"] == {"from": "whatsapp", "names": "full"}


def chat_of(site: Path, *lines: str) -> tuple[Imported, etree._Element]:
    """An export of `lines` (after the date) imported into `site` and built: the import and
    the chat's page."""
    export = site.parent / "chat.txt"
    export.write_text("".join(f"14/02/2025, {line}\n" for line in lines), encoding="utf-8")
    imported = do_import(site, export)
    built = sitegen("build", "--source", site, "--drafts")
    assert built.code == 0, built.err
    found = list((site / "public").rglob(f"{imported.slug}/index.html"))
    assert len(found) == 1, found
    return imported, parse_html(found[0])


def intro(page: etree._Element) -> str:
    return text_of(elements(page, "//main//div[contains(@class, 'post-body')]/p")[0])


def test_a_chat_with_only_names_shortened_says_only_that(make_site: MakeSite) -> None:
    imported, page = chat_of(
        make_site(),
        "19:02 - Pierrick Berthou: Bonsoir !",
        "19:04 - Marie Bellec: Merci Pierrick Berthou, à demain.",
    )
    assert "Merci Pierrick B., à demain." in at(page, "19:04").text
    assert "removed: nothing private found" in imported.result.out
    assert "1 full name in messages shortened" in imported.result.out
    said = intro(page)
    assert "Les noms de famille sont réduits à leur initiale." in said
    assert "retirés" not in said and "pseudonyme" not in said, said


def test_a_family_name_alone_or_in_capitals_is_left_as_written_and_reported(
    make_site: MakeSite,
) -> None:
    """Family names are often words (Petit, Blanc): alone, they are kept, and the report
    says where, without them."""
    imported, page = chat_of(
        make_site(),
        "19:02 - Jean Dubois: Bonsoir, Dubois ici.",
        "19:03 - Léa Petit: Madame Dubois, vous venez ? Un petit mot pour BERNARD.",
        "19:05 - Jean Dubois: Le PDF sur le RGPD est prêt. C’EST ENFIN FINI.",
        "19:06 - Léa Petit: Merci Jean, à demain.",
    )
    assert [m.speaker for m in messages(page)] == ["Jean D.", "Léa P.", "Jean D.", "Léa P."]
    assert "Bonsoir, Dubois ici." in at(page, "19:02").text
    assert "Madame Dubois, vous venez ? Un petit mot pour BERNARD." in at(page, "19:03").text
    report = imported.result.out
    assert not re.search("Dubois|BERNARD|Petit", report), report
    alone = re.search(r"^  2 family names written alone\b.*; look at (.*)$", report, re.M)
    assert alone, report
    assert alone[1] == "2025-02-14 19:02, 19:03"
    capitals = re.search(r"^  1 all-capitals word\b.*; look at (.*)$", report, re.M)
    assert capitals, report
    assert capitals[1] == "2025-02-14 19:03"


# --- sitegen check --------------------------------------------------------------------------


def full_names(result: Run) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(result.out)
    return [f for f in found if f["code"] == "full-name"]


def imported_site(make_site: MakeSite, *options: str) -> tuple[Path, Path]:
    site = make_site()
    return site, do_import(site, EXPORT, *options).draft


def check(site: Path) -> Run:
    return sitegen("check", "--source", site, "--drafts", "--format", "json")


def line_and_col(path: Path, needle: str) -> tuple[int, int]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(needle)


def test_an_imported_chat_as_written_by_the_import_is_not_reported(make_site: MakeSite) -> None:
    site, _ = imported_site(make_site)
    result = check(site)
    assert result.code == 0, result.err
    assert full_names(result) == []


def test_a_full_name_written_by_hand_since_the_import_is_reported(make_site: MakeSite) -> None:
    site, draft = imported_site(make_site)
    text = draft.read_text(encoding="utf-8")
    draft.write_text(text.replace("**Marie Bo.** (19:05)", "**Marie Bonnet** (19:05)"))
    found = full_names(check(site))
    assert len(found) == 1, found
    line, col = line_and_col(draft, "Marie Bonnet")
    assert (found[0]["line"], found[0]["col"], found[0]["severity"]) == (line, col, "warning")
    assert found[0]["path"].endswith(draft.name)
    assert "`Marie Bonnet` is a full name" in found[0]["message"]
    assert "« Marie B. »" in found[0]["hint"]


def test_every_full_name_kept_by_keep_names_is_reported_once(make_site: MakeSite) -> None:
    site, draft = imported_site(make_site, "--keep-names")
    found = full_names(check(site))
    named = ["Pierrick Berthou", "Marie Bellec", "Marie Bonnet", "Jean-Marc de La Tour"]
    named += ["LE GALL Anne-Sophie", "Lucas Berthou"]
    assert [f["message"].split("`")[1] for f in found] == named
    lines = [line_and_col(draft, f"**{name}**") for name in named]
    # Each at its first speaker line, at the name inside the bold marks.
    assert [(f["line"], f["col"]) for f in found] == [(line, col + 2) for line, col in lines]
    assert all("--keep-names" in f["message"] and "consent" in f["hint"] for f in found)
    hints = {f["message"].split("`")[1]: f["hint"] for f in found}
    assert "« Marie Bo. »" in hints["Marie Bonnet"]


def test_full_names_in_a_chat_not_imported_are_not_reported(make_site: MakeSite) -> None:
    body = "**Pierrick Berthou** (19:02) : Bonsoir !\n\n**Marie Bonnet** (19:04) : Bonsoir."
    site = make_site({"content/posts/2026-01-15-chat.md": post_text(body)})
    result = check(site)
    assert result.code == 0, result.err
    assert full_names(result) == []


def post_text(body: str, *front: str) -> str:
    lines = ["title: Une discussion", "date: 2026-01-15", "layout: chat", *front]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body + "\n"


def test_an_unknown_names_value_is_a_located_error(make_site: MakeSite) -> None:
    front = "imported: {from: whatsapp, names: tous}"
    site = make_site({"content/posts/2026-01-15-chat.md": post_text("Bonjour.", front)})
    result = sitegen("build", "--source", site)
    assert result.code == 1
    assert "content/posts/2026-01-15-chat.md:5:1:" in result.err, result.err
    assert "expected shortened or full" in result.err


def test_the_hint_for_a_full_name_is_the_speaker_the_import_wrote(make_site: MakeSite) -> None:
    site, draft = imported_site(make_site)
    text = draft.read_text(encoding="utf-8")
    assert text.count("**Pierrick B.**") == 2
    draft.write_text(text.replace("**Pierrick B.** (19:02)", "**Pierrick Berthou** (19:02)"))
    found = full_names(check(site))
    assert [(f["message"].split("`")[1], f["line"]) for f in found] == [
        ("Pierrick Berthou", line_and_col(draft, "Pierrick Berthou")[0])
    ]
    assert "« Pierrick B. »" in found[0]["hint"], found[0]["hint"]


def test_a_full_name_in_a_message_or_a_mention_is_reported_where_written(
    make_site: MakeSite,
) -> None:
    site, draft = imported_site(make_site)
    text = draft.read_text(encoding="utf-8")
    text = text.replace("Merci Pierrick B., je", "merci Pierrick Berthou, je")
    draft.write_text(text.replace("et à @Marie Bo.", "et à @Marie Bonnet."))
    found = full_names(check(site))
    assert [(f["line"], f["col"], f["severity"]) for f in found] == [
        (*line_and_col(draft, "Pierrick Berthou"), "warning"),
        (*line_and_col(draft, "Marie Bonnet"), "warning"),
    ]
    assert [f["message"].split("`")[1] for f in found] == ["Pierrick Berthou", "Marie Bonnet"]
    assert "« Pierrick B. »" in found[0]["hint"] and "« Marie Bo. »" in found[1]["hint"]


def test_a_first_name_written_with_another_apostrophe_is_the_same_speaker(
    make_site: MakeSite,
) -> None:
    body = "**N'Golo K.** (19:02) : Bonsoir !\n\n**Lucas B.** (19:04) : Merci N’Golo Kanté."
    front = "imported: {from: whatsapp, names: shortened}"
    site = make_site({"content/posts/2026-01-15-chat.md": post_text(body, front)})
    found = full_names(check(site))
    where = line_and_col(site / "content/posts/2026-01-15-chat.md", "N’Golo Kanté")
    assert [(f["message"].split("`")[1], f["line"], f["col"]) for f in found] == [
        ("N’Golo Kanté", *where)
    ]
    assert "« N'Golo K. »" in found[0]["hint"]
