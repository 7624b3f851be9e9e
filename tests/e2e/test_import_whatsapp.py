"""`sitegen import whatsapp`: three exports (Android French, iPhone, Android English) end to end.

Every export is imported into one site, built with `--drafts`, and the whole output (pages,
feeds, sitemap, search data) is searched for the exports' phone numbers and e-mail addresses.
The numbers and addresses in tests/fixtures/imports/ are invented (reserved or fictional
ranges where the country has one).
"""

from __future__ import annotations

import gzip
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import frontmatter
import pytest
from lxml import etree

from tests.conftest import (
    DEFAULT_CONFIG,
    REPO,
    Run,
    elements,
    parse_html,
    sitegen,
    strings,
    text_of,
    write_files,
)

MakeSite = Callable[..., Path]
Runner = Callable[..., Run]

FIXTURES = REPO / "tests/fixtures/imports"
SUMMARY_PART = "le résumé que Maëlle K. a partagé le 12 mars 2024 à 12:10"

# Every phone number written in each export (as speaker, in a notice or in a message).
PHONES = {
    "android-fr.txt": [
        "+33 6 39 98 12 34",
        "+32 470 00 12 34",
        "0470/00.12.35",
        "+212 661-000347",
        "+852 5550 0173",
        "+216 20 000 417",
        "+44 7700 900418",
        "+1 (514) 555-0142",
        "(514) 555-0143",
        "06.39.98.77.66",
        "+49 30 23125 417",
        "030 23125 418",
        "+41 79 000 12 34",
        "079 000 12 35",
    ],
    "iphone-fr.txt": ["+33 6 39 98 45 67", "01 99 00 27 18", "+41 76 000 58 21"],
    "android-en.txt": [
        "+44 7700 900231",
        "+1 (202) 555-0147",
        "202-555-0148",
        "+61 491 570 006",
    ],
}
EMAILS = {
    "android-fr.txt": [
        "léa.exemple@example.org",
        "jules.rivard@example.com",
        "atelier-geneve@example.net",
    ],
    "iphone-fr.txt": ["noa.martin@example.com"],
    "android-en.txt": ["priya.n@example.com"],
}
TRACKERS = ("utm_", "fbclid")

# Digits kept together across what people and encoders put between them.
_SEPARATORS = re.compile(
    r"(?<=\d)(?:[\s.\-/()\u00a0\u202f\u2009]|&nbsp;|&#160;|&#xa0;|&#8239;|\\u00a0|\\u202f"
    r"|%20|%C2%A0)+(?=\d)",
    re.I,
)
_STAMP = re.compile(r"^\u200e?\[?[\d/]+,? [\d:]+(?:\u202f[AP]M)?\]?(?: -)? ")
_PHONE_LIKE = re.compile(r"\+?\(?\d[\d\s.\-/()\u00a0\u202f]{6,}\d")


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def normalised(text: str) -> str:
    return _SEPARATORS.sub("", text)


def needles(name: str) -> list[str]:
    """What must not be found: each number's last 8 digits, each address (its ASCII end,
    so that an escaped accent before it does not hide it)."""
    numbers = [digits(n)[-8:] for n in PHONES[name]]
    addresses = [re.sub(r"^.*[^\x00-\x7f]", "", e).lower() for e in EMAILS[name]]
    return numbers + addresses


def leaks(text: str, names: list[str]) -> list[str]:
    variants = {text, html.unescape(text), unquote(text)}
    found = set()
    for variant in variants:
        flat = normalised(variant).lower()
        for name in names:
            found |= {needle for needle in needles(name) if needle in flat}
    return sorted(found)


def readable(path: Path) -> str:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":  # Pagefind's search data is gzipped
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="ignore")


@dataclass
class Imported:
    result: Run
    draft: Path

    @property
    def slug(self) -> str:
        return self.draft.name[11:].removesuffix(".md").removesuffix(".en")


@dataclass
class Site:
    root: Path
    imports: dict[str, Imported] = field(default_factory=dict)
    build: Run | None = None

    @property
    def out(self) -> Path:
        return self.root / "public"

    def page(self, key: str) -> etree._Element:
        found = list(self.out.rglob(f"{self.imports[key].slug}/index.html"))
        assert len(found) == 1, f"{key}: {found}"
        return parse_html(found[0])


_WROTE = re.compile(r"^Wrote (?P<path>.+?) \(a draft\)$", re.M)


def do_import(root: Path, *args: str | Path) -> Imported:
    result = sitegen("import", "whatsapp", *args, "--source", root)
    assert result.code == 0, result.err
    wrote = _WROTE.search(result.out)
    assert wrote, result.out
    draft = Path(wrote["path"])
    return Imported(result, draft if draft.is_absolute() else Path.cwd() / draft)


IMPORTS: dict[str, tuple[str, ...]] = {
    "fr": ("android-fr.txt",),
    "iphone": ("iphone-fr.txt",),
    "en": ("android-en.txt", "--lang", "en"),
    "system": ("android-fr.txt", "--keep-system", "--title", "Avec les notices"),
    "names": ("android-fr.txt", "--names", "names.yaml", "--title", "Avec les noms"),
    "day": ("android-fr.txt", "--from", "2024-03-12", "--to", "2024-03-12"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("whatsapp") / "site"
    write_files(root, {"sitegen.yaml": DEFAULT_CONFIG})
    built = Site(root)
    for key, (name, *options) in IMPORTS.items():
        built.imports[key] = do_import(
            root, FIXTURES / name, *(FIXTURES / o if o.endswith(".yaml") else o for o in options)
        )
    built.build = sitegen("build", "--source", root, "--drafts")
    assert built.build.code == 0, built.build.err
    return built


@dataclass(frozen=True)
class Message:
    speaker: str
    time: str
    element: etree._Element

    @property
    def text(self) -> str:
        return text_of(self.element)


def messages(page: etree._Element) -> list[Message]:
    found = []
    for div in elements(page, "//main//div[contains(concat(' ', @class, ' '), ' message ')]"):
        turn = elements(div, "./p[contains(@class, 'turn')]")
        assert len(turn) == 1, etree.tostring(div, encoding="unicode")[:200]
        speaker = elements(turn[0], "./b[@class='speaker']")
        time = elements(turn[0], "./time")
        assert speaker and time
        found.append(Message(text_of(speaker[0]), text_of(time[0]), div))
    return found


def at(page: etree._Element, time: str) -> Message:
    found = [m for m in messages(page) if m.time == time]
    assert len(found) == 1, f"{time}: {[m.time for m in messages(page)]}"
    return found[0]


def app_notices(report: str, verb: str) -> dict[str, int]:
    """The report's `app notices dropped…: 2 joins, 1 media…` as {kind (singular): count}."""
    line = re.search(rf"^  app notices {verb}.*?: (.*)$", report, re.M)
    assert line, report
    counts = {}
    for item in line[1].split(", "):
        n, _, kind = item.partition(" ")
        counts[kind.removesuffix("s")] = int(n)
    return counts


def plain(text: str) -> str:
    """No-break spaces (U+00A0, U+202F) read as spaces; runs collapsed."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def body_text(page: etree._Element) -> str:
    return text_of(elements(page, "//main//div[contains(@class, 'post-body')]")[0])


# --- the fixtures say what the tests assume ------------------------------------------------


@pytest.mark.parametrize("name", sorted(PHONES))
def test_every_number_and_address_of_a_fixture_is_listed(name: str) -> None:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    flat = normalised(text).lower()
    for needle in needles(name):
        assert needle in flat, f"{needle} is not in {name}"
    listed = {digits(n)[-8:] for n in PHONES[name]}
    for line in text.splitlines():
        for run in _PHONE_LIKE.findall(_STAMP.sub("", line)):
            if len(digits(run)) >= 8 and not re.fullmatch(r"\d{4}-\d\d-\d\d", run):
                assert digits(run)[-8:] in listed, f"{name}: {run!r} is not in PHONES"
    assert {a.lower() for a in re.findall(r"[\w.+-]+@[\w.-]+\w", text)} == {
        e.lower() for e in EMAILS[name]
    }


# --- nothing private is published -----------------------------------------------------------


def test_no_number_or_address_anywhere_in_the_output(site: Site) -> None:
    files = [p for p in site.out.rglob("*") if p.is_file()]
    kinds = {p.suffix for p in files}
    assert {".html", ".xml", ".json", ".txt", ".pf_fragment"} <= kinds
    drafts = [i.draft for i in site.imports.values()]
    found = {}
    for path in [*files, *drafts]:
        if hit := leaks(readable(path), list(PHONES)):
            found[str(path.relative_to(site.root))] = hit
    assert found == {}


def test_no_tracking_parameter_anywhere_in_the_output(site: Site) -> None:
    for path in [p for p in site.out.rglob("*") if p.is_file()]:
        text = readable(path)
        assert not [t for t in TRACKERS if t in text], path


def test_the_report_counts_and_never_shows_a_value(site: Site) -> None:
    for key, imported in site.imports.items():
        out = imported.result.out
        assert leaks(out, list(PHONES)) == [], key
        assert "@" not in out.replace("@Participant", ""), key
    report = site.imports["fr"].result.out
    for count in (
        "9 phone numbers",
        "3 e-mail addresses",
        "3 tracking parameters",
        "5 participants shown as a pseudonym",
    ):
        assert re.search(rf"\b{count}\b", report), count
    assert app_notices(report, "dropped") == {
        "deleted message": 1,
        "departure": 1,
        "encryption notice": 1,
        "join": 2,
        "media": 1,
        "request": 1,
        "security code": 1,
    }
    assert f"AI-generated, quoted as such: {SUMMARY_PART}" in report
    assert "Période" in report and "2024-03-11 → 2024-03-12" not in report


def test_the_header_is_read_but_not_published(site: Site) -> None:
    page = site.page("fr")
    text = text_of(page)
    assert "MÉTADONNÉES" not in text and "Tokens" not in text
    # The header's topics become the post's tags.
    tags = {text_of(a) for a in elements(page, "//main//ul[@class='tags']//a")}
    assert tags == {"IA générative", "modèles de langage"}


# --- speakers -----------------------------------------------------------------------------


def test_pseudonyms_follow_first_speech_and_one_number_is_one_person(site: Site) -> None:
    page = site.page("fr")
    said = messages(page)
    first_seen = list(dict.fromkeys(m.speaker for m in said if m.speaker.startswith("Part")))
    assert first_seen == [f"Participant {n}" for n in range(1, 6)]
    # +33 6 39 98 12 34 spoke first, though +32 … joined first: Participant 1.
    assert at(page, "08:12").speaker == "Participant 1"
    # The same number written with no-break spaces is the same person.
    assert at(page, "08:42").speaker == "Participant 1"
    assert at(page, "08:20").speaker == "Participant 2"
    assert at(page, "08:25").speaker == "Participant 3"
    assert at(page, "08:31").speaker == "Participant 4"
    assert at(page, "12:31").speaker == "Participant 5"
    # A mention and the number written in the national format name the same person.
    assert at(page, "08:40").text.count("@Participant 1") == 1
    # A number written in a message is removed, even a participant's: only a mention,
    # which names a person, becomes the pseudonym.
    assert "Mon ancien numéro [numéro masqué]" in at(page, "08:42").text
    assert "[numéro masqué]" in at(page, "08:40").text  # a number nobody speaks from
    # Named speakers are shown by first name and initial; colours follow the speakers.
    assert at(page, "08:14").speaker == at(page, "12:15").speaker == "Théo V."
    assert at(page, "08:12").element.get("class") == at(page, "08:42").element.get("class")


def test_iphone_speakers_lose_their_marks_and_numbers(site: Site) -> None:
    page = site.page("iphone")
    speakers = [m.speaker for m in messages(page)]
    assert speakers == [
        "Camille F.",
        "Participant 1",
        "Noa",
        "Camille F.",
        "Participant 2",
        "Participant 1",
        "Camille F.",
    ]
    text = text_of(page)
    assert "\u200e" not in text and "~" not in text
    mention = at(page, "18:10").text
    assert "@Participant 1" in mention and "Ton [numéro masqué] ne répond pas" in mention


def test_english_export_is_read_month_first_with_a_12_hour_clock(site: Site) -> None:
    page = site.page("en")
    assert page.get("lang") == "en"
    said = [(m.speaker, m.time) for m in messages(page)]
    assert said == [
        ("Participant 1", "09:15"),
        ("Priya N.", "09:20"),
        ("Participant 2", "12:05"),  # 12:05 PM is noon
        ("Priya N.", "13:30"),  # 1:30 PM
        ("Participant 1", "08:45"),
    ]
    days = [text_of(h) for h in elements(page, "//main//div[contains(@class,'post-body')]/h2")]
    assert [d.removesuffix(" #") for d in days] == ["March 14, 2024", "March 15, 2024"]
    assert "[number removed]" in at(page, "09:15").text
    assert "[address removed]" in at(page, "09:20").text
    assert "@Participant 1" in at(page, "13:30").text
    assert "dates read as month/day/year" in site.imports["en"].result.out


# --- what the app wrote ---------------------------------------------------------------------

APP_WORDS = (
    "chiffrés de bout en bout",
    "a rejoint ce groupe",
    "demandé à rejoindre",
    "code de sécurité",
    "Médias omis",
    "Ce message a été supprimé",
    "a quitté le groupe",
)


def test_system_lines_are_dropped_by_default(site: Site) -> None:
    for key in ("fr", "iphone", "en", "names", "day"):
        page = site.page(key)
        assert elements(page, "//*[contains(@class, 'chat-event')]") == [], key
        text = text_of(page)
        for words in (
            *APP_WORDS,
            "image absente",
            "a créé le groupe",
            "joined using",
            "Media omitted",
            "This message was deleted",
            "security code",
            "end-to-end",
            "requested to join",
        ):
            assert words not in text, (key, words)


def test_keep_system_keeps_them_as_small_notes(site: Site) -> None:
    page = site.page("system")
    notes = [text_of(n) for n in elements(page, "//main//p[@class='chat-event']/small")]
    assert len(notes) == 8
    for words in APP_WORDS:
        assert sum(words in note for note in notes) == 1 + (words == "a rejoint ce groupe"), words
    assert all(re.match(r"\d\d:\d\d · ", note) for note in notes)
    # The notes name people as the messages do, and never by their number.
    assert any(n.startswith("08:05 · Participant 2 a rejoint") for n in notes), notes
    assert any("code de sécurité avec [numéro masqué]" in n for n in notes), notes
    assert any(n.startswith("12:33 · Participant 1 a quitté") for n in notes), notes
    # The messages are the same as without the notes.
    assert [(m.speaker, m.time) for m in messages(page)] == [
        (m.speaker, m.time) for m in messages(site.page("fr"))
    ]
    assert sum(app_notices(site.imports["system"].result.out, "kept").values()) == 8


def test_iphone_notices_marked_by_the_app_are_recognised(site: Site) -> None:
    assert app_notices(site.imports["iphone"].result.out, "dropped") == {
        "deleted message": 1,
        "encryption notice": 1,
        "group change": 1,
        "join": 1,
        "media": 1,
    }


# --- messages -------------------------------------------------------------------------------


def test_a_multi_line_message_keeps_its_lines_and_its_list(site: Site) -> None:
    page = site.page("fr")
    agenda = at(page, "08:14").element
    items = [text_of(li) for li in elements(agenda, "./ul/li")]
    assert items == [
        "relire l’article sur les transformeurs",
        "préparer deux questions",
        "apporter un exemple de prompt",
    ]
    assert "Merci à tous, et pensez à confirmer votre présence." in text_of(agenda)
    assert elements(agenda, "./ul/following-sibling::p")
    lines = elements(at(page, "12:20").element, "./p[contains(@class,'turn')]")[0]
    assert len(elements(lines, "./br")) == 2
    assert "Troisième ligne, toujours le même message." in text_of(lines)
    # The iPhone message's bullets are a list inside the same message.
    notes = at(site.page("iphone"), "18:06").element
    assert [text_of(li) for li in elements(notes, "./ul/li")] == [
        "très bon sur les textes courts",
        "plus hésitant sur la poésie",
    ]
    assert "Je vous envoie mes notes." in text_of(notes)


def test_links_are_clickable_and_without_trackers(site: Site) -> None:
    page = site.page("fr")
    links = strings(at(page, "09:02").element, ".//a/@href")
    assert links == ["https://www.example.com/ia/modeles-de-langage?id=42"]
    iphone = strings(at(site.page("iphone"), "18:12").element, ".//a/@href")
    assert iphone == ["https://example.net/dossier-ia?ref=groupe"]
    english = strings(at(site.page("en"), "13:30").element, ".//a/@href")
    assert english == ["https://example.com/slides"]


def test_times_and_days_are_shown(site: Site) -> None:
    page = site.page("fr")
    times = [m.time for m in messages(page)]
    assert times[:3] == ["08:12", "08:14", "08:20"] and times[-1] == "12:31"
    for message in messages(page):
        assert strings(message.element, ".//time/@datetime") == [message.time]
    days = [text_of(h) for h in elements(page, "//main//div[contains(@class,'post-body')]/h2")]
    assert [d.removesuffix(" #") for d in days] == ["11 mars 2024", "12 mars 2024"]


def test_the_ai_summary_is_a_captioned_figure_and_the_link_stays_the_persons(
    site: Site,
) -> None:
    page = site.page("fr")
    figures = elements(page, "//main//figure[contains(@class, 'generated-passage')]")
    assert len(figures) == 1
    figure = figures[0]
    # An import cannot know that anyone reviewed the summary.
    assert figure.get("data-ai-disclosure") == "ai-autonomous"
    assert text_of(elements(figure, "./figcaption")[0]) == "Texte généré par une IA"
    summary = text_of(figure)
    assert "Voici les points clés" in summary and "[1][2]" in summary
    assert len(elements(figure, ".//ol/li")) == 2 and len(elements(figure, ".//ol/li/ul/li")) == 3
    message = at(page, "12:10").element
    assert figure.getparent() is message
    link = "https://www.example.org/actualites/pourquoi-les-modeles-apprennent-d-un-coup"
    assert strings(message, "./p[contains(@class,'turn')]/a/@href") == [link]
    assert elements(figure, ".//a") == []
    # The message before it is the person's own words.
    assert elements(at(page, "12:09").element, ".//figure") == []
    notice = elements(page, "//main//aside[@data-disclosure='generated-part']")
    assert len(notice) == 1
    assert SUMMARY_PART in plain(text_of(notice[0]))
    meta = frontmatter.load(site.imports["fr"].draft).metadata
    assert meta["generated"] == {"part": SUMMARY_PART}
    assert meta["layout"] == "chat" and meta["draft"] is True


def test_a_chat_without_a_summary_has_no_notice(site: Site) -> None:
    for key in ("iphone", "en"):
        page = site.page(key)
        assert elements(page, "//main//aside[@data-disclosure]") == [], key
        assert elements(page, "//main//figure[contains(@class, 'generated-passage')]") == []


# --- options --------------------------------------------------------------------------------


def test_from_and_to_keep_the_days_asked_for(site: Site) -> None:
    page = site.page("day")
    assert text_of(elements(page, "//h1")[0]) == "Discussion du 12 mars 2024"
    times = [m.time for m in messages(page)]
    assert times == ["12:09", "12:10", "12:15", "12:20", "12:31"]
    assert "11 mars" not in plain(body_text(page))
    # Numbering starts with the first speaker of what was kept.
    assert at(page, "12:31").speaker == "Participant 1"
    report = site.imports["day"].result.out
    assert "2024-03-12" in report and "2024-03-11" not in report


def test_names_map_and_pseudonymise_also_in_the_text(site: Site) -> None:
    page = site.page("names")
    text = text_of(page)
    assert "Vasseur" not in text and "Belkacem" not in text
    assert at(page, "08:14").speaker == "Théo"
    assert at(page, "08:25").speaker == "Oliver"  # a number as key
    # Yasmina speaks fourth among those not named: Participant 4, in her messages and in
    # the others'.
    assert at(page, "09:02").speaker == at(page, "12:20").speaker == "Participant 4"
    assert "Participant 4, tu en penses quoi ?" in at(page, "12:15").text
    assert "Je suis d’accord avec Théo." in at(page, "12:20").text
    assert at(page, "12:31").speaker == "Participant 5"
    assert at(page, "12:10").speaker == "Maëlle K."  # not in the map: shortened
    assert "names replaced" in site.imports["names"].result.out


# --- refusals -------------------------------------------------------------------------------


def test_importing_twice_never_overwrites(make_site: MakeSite, run: Runner) -> None:
    site = make_site()
    first = do_import(site, FIXTURES / "iphone-fr.txt")
    before = first.draft.read_bytes()
    again = run("import", "whatsapp", FIXTURES / "iphone-fr.txt", "--source", site)
    assert again.code == 2
    assert "already exists" in again.err and "Traceback" not in again.err
    assert first.draft.read_bytes() == before
    assert list((site / "content/posts").iterdir()) == [first.draft]


def test_no_message_between_from_and_to_is_a_usage_error(make_site: MakeSite, run: Runner) -> None:
    site = make_site()
    result = run(
        "import", "whatsapp", FIXTURES / "android-fr.txt", "--from", "2025-01-01", "--source", site
    )
    assert result.code == 2 and "--from" in result.err
    assert not (site / "content").exists()
    wrong = run(
        "import", "whatsapp", FIXTURES / "android-fr.txt", "--to", "12/03/2024", "--source", site
    )
    assert wrong.code == 2 and "YYYY-MM-DD" in wrong.err


@pytest.mark.parametrize(
    ("data", "where", "message"),
    [
        (
            "11/03/2024, 08:14 - Lina Sorel: Bonjour\n11/03/2024, 08:15 - Th\xe9o: oui\n".encode(
                "latin-1"
            ),
            "export.txt:2:23:",
            "not UTF-8",
        ),
        (b"", "export.txt:1:1:", "no WhatsApp message"),
        (b"Bonjour,\nvoici le fichier.\n", "export.txt:1:1:", "no WhatsApp message"),
        (b"SQLite format 3\x00\x10\x00\x01\x01", "export.txt:1:1:", "binary"),
    ],
    ids=["latin-1", "empty", "no-messages", "binary"],
)
def test_unreadable_exports_are_located_errors(
    make_site: MakeSite, run: Runner, data: bytes, where: str, message: str
) -> None:
    site = make_site({"export.txt": data})
    result = run("import", "whatsapp", "export.txt", cwd=site)
    assert result.code == 1, result.err
    assert result.err.startswith(where), result.err
    assert message in result.err and "Traceback" not in result.err
    assert not (site / "content").exists()


# --- shapes that once leaked or lost text -------------------------------------------------


def _draft_of(make_site: MakeSite, export: str, *options: str) -> str:
    site = make_site({"export.txt": export})
    imported = do_import(site, site / "export.txt", *options)
    return imported.draft.read_text(encoding="utf-8")


def test_numbers_and_addresses_inside_links_are_removed(make_site: MakeSite) -> None:
    draft = _draft_of(
        make_site,
        "11/03/2024, 08:14 - Lina Sorel: Écrivez-moi : "
        "https://api.whatsapp.com/send?phone=33639981256&text=Bonjour\n"
        "11/03/2024, 08:15 - Lina Sorel: Rappel : https://example.org/rappel?tel=0639981257\n"
        "11/03/2024, 08:16 - Lina Sorel: https://example.org/inscription?email=lina%40example.org\n",
    )
    for needle in ("39981256", "39981257", "lina%40example.org", "lina@example.org"):
        assert needle not in normalised(draft), needle


def test_two_numbers_on_one_line_are_removed(make_site: MakeSite) -> None:
    draft = _draft_of(
        make_site,
        "11/03/2024, 08:14 - Lina Sorel: Tél : 01 99 00 12 61 / 06 39 98 12 62\n"
        "11/03/2024, 08:15 - Lina Sorel: Bureau 01 99 00 12 63 - 06 39 98 12 64\n",
    )
    for number in ("99001261", "39981262", "99001263", "39981264"):
        assert number not in normalised(draft), number


def test_a_continued_line_starting_with_a_date_stays_in_the_message(
    make_site: MakeSite,
) -> None:
    draft = _draft_of(
        make_site,
        "11/03/2024, 08:14 - Théo Vasseur: Programme de jeudi :\n"
        "14/03/2024 10:00 accueil des participants\n"
        "14/03/2024 11:00 atelier sur les modèles\n"
        "À jeudi !\n"
        "11/03/2024, 08:15 - Lina Sorel: Merci\n",
    )
    assert "accueil des participants" in draft and "À jeudi !" in draft


def test_the_report_counts_people_not_spellings(site: Site) -> None:
    # Participants 1 to 5, Théo Vasseur, Yasmina Belkacem, Maëlle Kerbrat.
    assert "messages from 8 participants" in site.imports["fr"].result.out


def test_an_error_names_the_file_as_typed_when_source_is_elsewhere(
    make_site: MakeSite, run: Runner, tmp_path: Path
) -> None:
    make_site()
    (tmp_path / "vide.txt").write_bytes(b"")
    result = run("import", "whatsapp", "vide.txt", "--source", "site", cwd=tmp_path)
    assert result.code == 1
    assert result.err.startswith("vide.txt:1:1:"), result.err


def test_a_mapped_name_is_replaced_as_a_whole_word(make_site: MakeSite) -> None:
    site = make_site(
        {
            "names.yaml": "Théo: T.\n",
            "export.txt": "11/03/2024, 08:14 - Lina Sorel: Théodore et Théo arrivent\n",
        }
    )
    imported = do_import(site, site / "export.txt", "--names", site / "names.yaml")
    draft = imported.draft.read_text(encoding="utf-8")
    assert "Théodore et T. arrivent" in draft
