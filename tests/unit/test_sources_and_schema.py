"""Finding posts, deciding their language and date, and validating front matter."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from sitegen.build import Build
from sitegen.content.frontmatter import parse_all
from sitegen.content.sources import discover
from sitegen.model import Document, Narration
from sitegen.project.errors import ContentError, Problems, Severity
from sitegen.settings.config import load_config
from tests.conftest import post


def load(site: Path, strict: bool = False) -> tuple[list[Document], Problems]:
    config = load_config(site)
    problems = Problems(strict=strict)
    return parse_all(discover(config, problems), config, problems), problems


def test_language_from_suffix_folder_and_jekyll_names(make_site: Callable[..., Path]) -> None:
    site = make_site({
        "content/posts/2026-01-01-a.md": post("A"),
        "content/posts/2026-01-01-b.en.md": post("B"),
        "content/posts/en/2026-01-01-c.md": post("C"),
        "content/en/posts/2026-01-01-d.md": post("D"),
        "_posts/en/2024-05-01-e-en.md": post("E", date="2024-05-01"),
        "content/posts/2026-01-01-f.md": post("F", lang="en"),
    })  # fmt: skip
    docs, problems = load(site)
    assert not problems.items
    langs = {d.meta.title: d.meta.lang for d in docs}
    assert langs == {"A": "fr", "B": "en", "C": "en", "D": "en", "E": "en", "F": "en"}
    keys = {d.meta.title: d.meta.translation_key for d in docs}
    assert keys["B"] == "b" and keys["E"] == "e"


def test_conflicting_languages_are_an_error(make_site: Callable[..., Path]) -> None:
    site = make_site({"content/posts/2026-01-01-a.en.md": post("A", lang="fr")})
    docs, problems = load(site)
    assert docs == []
    assert "disagrees (fr vs en)" in problems.errors[0].message
    assert problems.errors[0].line == 4


def test_date_from_front_matter_or_file_name(make_site: Callable[..., Path]) -> None:
    site = make_site({
        "content/posts/2026-01-02-nom.md": "---\ntitle: Nom\n---\nTexte\n",
        "content/posts/sans-date.md": post("Daté", date="2026-03-04T10:30:00+01:00"),
    })  # fmt: skip
    docs, problems = load(site)
    dates = {d.meta.title: d.meta.date for d in docs}
    assert dates["Nom"] == datetime(2026, 1, 2, tzinfo=UTC)
    assert dates["Daté"] is not None and dates["Daté"].isoformat() == "2026-03-04T10:30:00+01:00"
    assert not problems.items


def test_a_post_without_any_date_is_an_error(make_site: Callable[..., Path]) -> None:
    site = make_site({"content/posts/sans-date.md": "---\ntitle: X\n---\nTexte\n"})
    docs, problems = load(site)
    assert docs == [] and "has no date" in problems.errors[0].message


def test_flags_accept_true_or_a_mapping(make_site: Callable[..., Path]) -> None:
    site = make_site({
        "content/posts/2026-01-01-a.md": post("A", translated="true", generated="false"),
        "content/posts/2026-01-01-b.md": post(
            "B", translated="{from: en, url: 'https://ex.org/a', by: Léa Morel, machine: false}",
            generated="{model: Mistral, reviewed_by: Camille}",
        ),
        "static/audio/c.mp3": b"ID3",
        "content/posts/2026-01-01-c.md": post("C", audio="true"),
        "content/posts/2026-01-01-d.md": post("D", audio="{file: /audio/c.mp3, voice: human}"),
        "content/posts/2026-01-01-e.md": post("E", audio="{voice: synthetic, model: Aurore}"),
        "static/audio/e.mp3": b"ID3",
    })  # fmt: skip
    docs, problems = load(site)
    assert not problems.items
    meta = {d.meta.title: d.meta for d in docs}
    assert meta["A"].translated is not None and meta["A"].generated is None
    assert meta["B"].translated and meta["B"].translated.from_lang == "en"
    assert meta["A"].translated.machine and not meta["B"].translated.machine
    assert meta["B"].generated and meta["B"].generated.reviewed_by == "Camille"
    assert meta["C"].audio == Narration("/audio/c.mp3")
    assert meta["D"].audio == Narration("/audio/c.mp3", "human")
    assert meta["E"].audio == Narration("/audio/e.mp3", "synthetic", "Aurore")


def test_flag_mistakes_are_located(make_site: Callable[..., Path]) -> None:
    site = make_site({
        "content/posts/2026-01-01-a.md": post("A", generated="{modle: X}"),
        "content/posts/2026-01-01-b.md": post("B", audio="true"),
        "content/posts/2026-01-01-c.md": post("C", translated="{from: 42}"),
    })  # fmt: skip
    docs, problems = load(site)
    assert docs == []
    found = {(e.path.rsplit("/", 1)[1], e.line): e for e in problems.errors}
    assert "unknown key `modle`" in found[("2026-01-01-a.md", 4)].message
    assert found[("2026-01-01-a.md", 4)].hint == "did you mean `model`?"
    assert "no narrated file" in found[("2026-01-01-b.md", 4)].message
    assert ("2026-01-01-c.md", 4) in found


def test_unknown_keys_warn_and_are_kept(make_site: Callable[..., Path]) -> None:
    site = make_site({"content/posts/2026-01-01-a.md": post("A", tilte="x", auteur="Léa")})
    docs, problems = load(site)
    assert [w.hint for w in problems.warnings] == [
        "did you mean `title`?",
        "the key is kept in `extra` for templates",
    ]
    assert dict(docs[0].meta.extra) == {"tilte": "x", "auteur": "Léa"}
    _, strict = load(site, strict=True)
    assert all(d.severity is Severity.ERROR for d in strict.items) and len(strict.errors) == 2


def test_editor_files_and_hidden_files_are_ignored(make_site: Callable[..., Path]) -> None:
    site = make_site({
        "content/posts/2026-01-01-a.md": post("A"),
        "content/posts/.#2026-01-01-a.md": "lock",
        "content/posts/2026-01-01-a.md~": "backup",
        "content/posts/.cache/2026-01-01-z.md": post("Z"),
        "content/posts/notes.txt": "pas du Markdown",
    })  # fmt: skip
    docs, _ = load(site)
    assert [d.meta.title for d in docs] == ["A"]


def test_impossible_date_in_a_file_name(make_site: Callable[..., Path]) -> None:
    site = make_site({"content/posts/2026-02-30-a.md": post("A")})
    docs, problems = load(site)
    assert docs == [] and "impossible date 2026-02-30" in problems.errors[0].message
    assert date(2026, 1, 15)  # the front-matter date is not used to rescue a bad name


def test_audio_true_finds_the_file_by_slug_and_language(make_site: Callable[..., Path]) -> None:
    site = make_site({
        "static/audio/autre.en.mp3": b"ID3",
        "static/audio/bonjour.mp3": b"ID3",
        "content/posts/2026-01-01-bonjour.md": post("B", audio="true"),
        "content/posts/2026-01-01-bonjour.en.md": post("E", audio="true", slug="autre"),
    })  # fmt: skip
    docs, problems = load(site)
    assert not problems.items
    assert {d.meta.title: d.meta.audio for d in docs} == {
        "B": Narration("/audio/bonjour.mp3"),
        "E": Narration("/audio/autre.en.mp3"),
    }


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("translated: {url: 'javascript:alert(1)'}", "must start with https://"),
        ("sources: [{title: x, url: 'javascript:alert(1)'}]", "entry 1: `url` must start"),
        ("see_also: [{title: x}, 42]", "entry 2 is not a reference"),
        ("audio: ../../sitegen.yaml", "leaves the static/ folder"),
        ("audio: audio/lu.txt", "not an audio file sitegen knows"),
        ("translated: {machine: oui}", "`machine` in `translated`: expected true or false"),
        ("sources: [{title: x, lnag: en}]", "entry 1: unknown key `lnag`"),
        ("sources: [{title: x, lang: anglais}]", "entry 1: `lang: anglais` is not a language"),
        ("audio: {voice: synthetic}", "`audio`: no `file` is given and there is no narrated"),
        ("audio: {}", "`audio`: no `file` is given and there is no narrated"),
        # Values as the author wrote them in YAML, never as Python shows them.
        ("draft: [oui]", "`draft`: expected true or false, not a list"),
        ("draft: 2026-01-01", "`draft`: expected true or false, not `2026-01-01`"),
        ("layout: ~", "`layout`: an empty value is not a layout"),
        ("layout: {a: b}", "`layout`: a mapping is not a layout"),
    ],
)
def test_front_matter_urls_and_paths_are_checked(
    make_site: Callable[..., Path], line: str, message: str
) -> None:
    key, value = line.split(": ", 1)
    docs, problems = load(make_site({"content/posts/2026-01-01-a.md": post("A", **{key: value})}))
    assert docs == []
    assert message in problems.errors[0].message and problems.errors[0].line == 4
    assert "audio: true" not in problems.errors[0].message


def test_tags_may_be_numbers_and_count_once_per_slug(make_site: Callable[..., Path]) -> None:
    site = make_site(
        {"content/posts/2026-01-01-a.md": post("A", tags="[2025, IA, ia, Éthique, ethique]")}
    )
    docs, problems = load(site)
    assert not problems.items
    assert docs[0].meta.tags == ("2025", "IA", "Éthique")


def test_deeply_nested_values_are_refused(make_site: Callable[..., Path]) -> None:
    nested = "[" * 300 + "]" * 300
    docs, problems = load(make_site({"content/posts/2026-01-01-a.md": post("A", tags=nested)}))
    assert docs == []
    assert "nested more than" in problems.errors[0].message and problems.errors[0].line == 4


def test_a_date_without_slug_in_the_file_name(make_site: Callable[..., Path]) -> None:
    docs, problems = load(make_site({"content/posts/2026-01-02.md": post("A")}))
    assert docs == []
    assert problems.errors[0].message == "the file name has a date but no slug after it"


def test_markdown_outside_the_content_folders_is_reported(make_site: Callable[..., Path]) -> None:
    site = make_site({
        "content/post/2026-01-01-faute.md": post("Faute"),
        "content/de/posts/2026-01-01-hallo.md": post("Hallo"),
        "content/posts/2026-01-01-x.de.md": post("X"),
    })  # fmt: skip
    docs, problems = load(site)
    warned = {w.path: w.message for w in problems.warnings}
    assert warned["content/post/2026-01-01-faute.md"].startswith("not published")
    assert warned["content/de/posts/2026-01-01-hallo.md"].startswith("not published")
    assert "`.de` reads like a language" in warned["content/posts/2026-01-01-x.de.md"]
    assert [d.meta.title for d in docs] == ["X"]


def test_a_translation_never_gets_the_originals_recording(make_site: Callable[..., Path]) -> None:
    site = make_site({
        "static/audio/bonjour.mp3": b"ID3",
        "content/posts/2026-01-01-bonjour.md": post("B", audio="true"),
        "content/posts/2026-01-01-bonjour.en.md": post("E", audio="true"),
    })  # fmt: skip
    docs, problems = load(site)
    assert [d.meta.title for d in docs] == ["B"]
    [error] = problems.errors
    assert error.path.endswith("bonjour.en.md") and "no narrated file" in error.message
    assert error.hint == "add static/audio/bonjour.en.mp3, or give its path"


@pytest.mark.parametrize("value", ["!!timestamp demain", "!!bool peut-être", '!!int ""'])
def test_a_value_its_yaml_tag_does_not_fit_is_located(
    make_site: Callable[..., Path], value: str
) -> None:
    site = make_site({"content/posts/x.md": f"---\ntitle: T\ndate: {value}\n---\nTexte\n"})
    docs, problems = load(site)
    assert docs == []
    [error] = problems.errors
    assert (error.line, error.col) == (3, 7)
    assert "cannot be read as `!!" in error.message


def test_a_jekyll_date_at_the_edge_of_the_calendar_stays_as_written(
    make_site: Callable[..., Path],
) -> None:
    site = make_site(
        {"_posts/0001-01-01-origine.md": post("Origine", date="0001-01-01T00:00:00+14:00")},
        config="title: Blog\nurl: https://example.org\n",
    )
    (site / "sitegen.yaml").rename(site / "_config.yml")
    [doc], problems = load(site)
    assert doc.meta.date is not None and doc.meta.date.isoformat() == "0001-01-01T00:00:00+14:00"
    assert not problems.errors


def test_a_file_name_that_is_not_utf8_is_an_error_at_the_file(
    make_site: Callable[..., Path],
) -> None:
    # `café` saved in Latin-1: the byte 0xE9, which Python reads as the escape U+DCE9.
    site = make_site(
        {"_posts/2024-01-01-caf\udce9.md": post("Café"), "_posts/2024-01-02-the.md": post("Thé")},
        config="title: Blog\nurl: https://example.org\n",
    )
    (site / "sitegen.yaml").rename(site / "_config.yml")
    problems = Problems()
    with pytest.raises(ContentError):
        Build(site, problems, search=False).write(use_cache=False)
    [error] = problems.errors
    assert (error.path, error.line) == ("_posts/2024-01-01-caf\udce9.md", 1)
    assert "not UTF-8" in error.message
