"""Every way a text can be made, followed through every place that says it.

The bilingual fixture holds the author's own texts, generated texts reviewed and not, machine
and person translations, and a recording read by a synthetic voice; this copy adds a post with
one generated passage, a publishing-principles page and `llms_txt`. For each post, what a
reader's browser, a crawler, a feed reader and an agent are told must agree: the page's
`ai-disclosure`, the passage's own value, JSON-LD, the JSON Feed and Atom entries, the
social preview, the Markdown twin's first line and its llms.txt entry.
"""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from markdown_it import MarkdownIt

from tests.conftest import REPO, elements, fragment, parse_html, sitegen, strings, text_of

BASE = "https://example.org/blog/"
ATOM = "{http://www.w3.org/2005/Atom}"
AI_SOURCE = "https://schema.org/TrainedAlgorithmicMediaDigitalSource"

PASSAGE_POST = """---
title: Compte rendu d’un atelier sur les résumés automatiques
date: 2026-03-12
tags: [assistants]
description: "Ce que nous avons appris en comparant des résumés écrits à la main et par un modèle."
generated:
  model: Aurora 7B
  part: le résumé de l’atelier proposé par un assistant
  reviewed_by: Camille Rousseau
  reviewed_on: 2026-03-12
---

Douze personnes ont comparé, pendant une matinée, des résumés écrits par des collègues et
d’autres produits par un assistant. Voici celui de l’assistant, publié tel quel.

> [!generated]
> L’atelier a montré que les résumés automatiques sont fidèles sur les faits, mais qu’ils
> perdent les nuances et les désaccords exprimés pendant la discussion.

Nous en retenons qu’un résumé automatique se relit toujours avec le compte rendu sous la main.
"""

PRINCIPLES = """---
title: Nos principes de publication
layout: principles
---

Ce blog dit pour chaque texte comment il a été écrit, traduit et relu.
"""


@dataclass(frozen=True)
class Case:
    path: str
    """The post's address under the blog's path."""
    value: str
    """Its `ai-disclosure`."""
    label: str
    """The short label its previews and summaries open with; empty for the author's own."""
    machine_made: bool
    """JSON-LD says a trained model made its words (`digitalSourceType`)."""


CASES = {
    "author's own": Case("2026/01/carnet-de-bord/", "human-only", "", False),
    "translated by a person": Case("2026/02/jeux-de-donnees/", "human-only", "Traduit", False),
    "generated, reviewed": Case("2026/01/petits-modeles/", "ai-assisted", "Généré par IA", True),
    "generated, not reviewed, synthetic voice": Case(
        "en/2026/02/assistant-memory/", "ai-autonomous", "AI-generated", True
    ),
    "machine-translated, not reviewed": Case(
        "2026/02/sobriete-des-modeles/", "ai-autonomous", "Traduit automatiquement", True
    ),
    "machine-translated, reviewed": Case(
        "en/2026/03/ai-at-school/", "ai-assisted", "Machine-translated", True
    ),
    "generated and machine-translated": Case(
        "2026/02/memoire-des-assistants/",
        "ai-autonomous",
        "Généré par IA, traduit automatiquement",
        True,
    ),
    "generated passage, reviewed": Case(
        "2026/03/atelier-resumes/", "ai-assisted", "Passage généré par IA", False
    ),
}


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("matrix") / "site"
    shutil.copytree(REPO / "tests/fixtures/bilingual", root)
    with (root / "sitegen.yaml").open("a", encoding="utf-8") as config:
        config.write("llms_txt: true\n")
    posts, pages = root / "content/posts", root / "content/pages"
    (posts / "2026-03-12-atelier-resumes.md").write_text(PASSAGE_POST, encoding="utf-8")
    pages.mkdir(parents=True, exist_ok=True)
    (pages / "principes.md").write_text(PRINCIPLES, encoding="utf-8")
    result = sitegen("build", "--source", root)
    assert result.code == 0, result.err
    return root / "public"


def page(public: Path, case: Case) -> etree._Element:
    return parse_html(public / case.path / "index.html")


def meta(html: etree._Element, name: str, attribute: str = "name") -> str:
    found = strings(html, f"//meta[@{attribute}='{name}']/@content")
    assert len(found) == 1, f"{len(found)} <meta {attribute}={name}>"
    return str(found[0])


def json_ld(html: etree._Element) -> dict[str, Any]:
    (script,) = elements(html, "//script[@type='application/ld+json']")
    data: dict[str, Any] = json.loads(script.text or "")
    return data


def feed_entries(public: Path, case: Case) -> tuple[dict[str, Any], ET.Element]:
    """The post's entry in its language's JSON Feed and Atom feed."""
    home = public / ("en" if case.path.startswith("en/") else "")
    url = BASE + case.path
    items = json.loads((home / "feed.json").read_text(encoding="utf-8"))["items"]
    (item,) = [i for i in items if i["url"] == url]
    atom = ET.parse(home / "feed.xml").getroot()
    (entry,) = [
        e
        for e in atom.iter(f"{ATOM}entry")
        if (link := e.find(f"{ATOM}link")) is not None and link.get("href") == url
    ]
    return item, entry


def twin_first_line(public: Path, case: Case) -> str:
    text = (public / case.path / "index.md").read_text(encoding="utf-8")
    return text_of(fragment(MarkdownIt("commonmark").render(text.split("\n", 1)[0])))


def notice(html: etree._Element) -> str:
    found = elements(html, "//*[@data-disclosure]/p[1]")
    return text_of(found[0]) if found else ""


@pytest.mark.parametrize("name", CASES)
def test_the_page_says_how_its_text_was_made(public: Path, name: str) -> None:
    case = CASES[name]
    html = page(public, case)
    assert meta(html, "ai-disclosure") == case.value
    assert meta(html, "og:description", "property").startswith(
        f"{case.label} · " if case.label else meta(html, "description")
    )
    if not case.label:
        assert not elements(html, "//*[@data-disclosure]")


@pytest.mark.parametrize("name", CASES)
def test_json_ld_agrees_and_names_the_principles(public: Path, name: str) -> None:
    case = CASES[name]
    data = json_ld(page(public, case))
    assert ("digitalSourceType" in data) is case.machine_made
    if case.machine_made:
        assert data["digitalSourceType"] == AI_SOURCE
    # The fixture's only principles page is French: the English posts point to it too.
    assert data["publishingPrinciples"] == f"{BASE}principes/"
    assert (data["publisher"]["@type"], data["publisher"]["name"]) == ("Person", "Camille Rousseau")


def test_a_generated_passage_carries_its_own_value(public: Path) -> None:
    case = CASES["generated passage, reviewed"]
    html = page(public, case)
    (passage,) = elements(html, "//*[@data-ai-disclosure]")
    assert passage.get("data-ai-disclosure") == "ai-assisted"
    assert "atelier a montré" in text_of(passage)
    assert json_ld(html)["hasPart"]["digitalSourceType"] == AI_SOURCE


@pytest.mark.parametrize("name", CASES)
def test_feed_entries_say_the_same(public: Path, name: str) -> None:
    case = CASES[name]
    item, entry = feed_entries(public, case)
    assert item["_disclosure"]["ai_disclosure"] == case.value
    summary = entry.findtext(f"{ATOM}summary") or ""
    assert summary.startswith(f"{case.label} · ") if case.label else " · " not in summary[:40]
    assert item["summary"] == summary


@pytest.mark.parametrize("name", CASES)
def test_an_agent_reads_the_disclosure_first(public: Path, name: str) -> None:
    case = CASES[name]
    html = page(public, case)
    (alternate,) = strings(html, "//link[@rel='alternate'][@type='text/markdown']/@href")
    assert alternate == f"/blog/{case.path}index.md"
    first = twin_first_line(public, case)
    if case.label:
        assert first == notice(html)
    else:
        assert "sans intelligence artificielle" in first or "without artificial" in first
    index = "en/llms.txt" if case.path.startswith("en/") else "llms.txt"
    listing = (public / index).read_text(encoding="utf-8").splitlines()
    (line,) = [x for x in listing if f"]({BASE}{case.path}index.md)" in x]
    notes = line.split("): ", 1)[1]
    assert notes.startswith(f"{case.label} · ") if case.label else " · " not in notes[:40]


def test_the_synthetic_voice_is_said_at_the_player_and_in_the_feed(public: Path) -> None:
    case = CASES["generated, not reviewed, synthetic voice"]
    html = page(public, case)
    (player,) = elements(html, "//audio")
    described = player.get("aria-describedby")
    (label,) = elements(html, f"//*[@id='{described}']")
    assert text_of(label) == "Synthetic voice (Aurora Speech 2)"
    item, _ = feed_entries(public, case)
    (attachment,) = item["attachments"]
    assert attachment["title"].startswith("Synthetic voice")
    assert json_ld(html)["audio"]["digitalSourceType"] == AI_SOURCE
