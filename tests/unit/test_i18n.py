"""Catalogs, dates, numbers and the disclosure wording of the four flag combinations."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from sitegen.content.disclosure import Generation, Original, Translation, ai_disclosure, disclose
from sitegen.project.errors import Problems, TemplateError
from sitegen.text.i18n import Catalog, format_date, load_catalogs

THEME = Path(__file__).parents[2] / "templates"
NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.fixture(scope="module")
def catalogs() -> dict[str, Catalog]:
    return load_catalogs((THEME,), ("fr", "en"), THEME.parent, Problems())


def test_dates_in_french_and_english() -> None:
    assert format_date(date(2026, 2, 1), "fr") == "1er février 2026"
    assert format_date(date(2026, 2, 14), "fr") == "14 février 2026"
    assert format_date(date(2026, 2, 1), "en") == "February 1, 2026"


def test_numbers_are_written_the_languages_way(catalogs: dict[str, Catalog]) -> None:
    assert catalogs["fr"].plural("posts_count", 12345) == f"12{NNBSP}345 billets"
    assert catalogs["en"].plural("posts_count", 12345) == "12,345 posts"


def test_plural_forms_follow_the_language(catalogs: dict[str, Catalog]) -> None:
    french, english = catalogs["fr"], catalogs["en"]
    assert [french.plural("posts_count", n) for n in (0, 1, 2)] == [
        "0 billet",
        "1 billet",
        "2 billets",
    ]
    assert [english.plural("posts_count", n) for n in (0, 1)] == ["0 posts", "1 post"]


def test_original_language_phrases(catalogs: dict[str, Catalog]) -> None:
    assert catalogs["fr"].from_language("en") == "de l’anglais"
    assert catalogs["fr"].from_language("ru") == "du russe"
    assert catalogs["fr"].from_language("it") == "de l’italien"
    assert catalogs["en"].from_language("de") == "from German"


def test_the_theme_catalogs_have_the_same_messages() -> None:
    def keys(lang: str) -> set[str]:
        text = (THEME / "i18n" / f"{lang}.yaml").read_text(encoding="utf-8")
        return set(re.findall(r"^(\w+):", text, re.M))

    # `from_language_elided` is French grammar: English has no elided form.
    assert keys("fr") - keys("en") == {"from_language_elided"}
    assert keys("en") <= keys("fr")


def test_every_theme_message_is_used() -> None:
    text = (THEME / "i18n" / "en.yaml").read_text(encoding="utf-8")
    keys = set(re.findall(r"^(\w+):", text, re.M))
    sources = [*THEME.rglob("*.html"), *(THEME.parent / "sitegen").rglob("*.py")]
    used = "\n".join(p.read_text(encoding="utf-8") for p in sources)
    # Keys built from parts in code: `badge_{kind}`, `disclosure_{kind}`, `posts_count_{form}`.
    built = re.compile(r"^(badge|disclosure)_(generated|translated)|_(one|other)$")
    unused = {k for k in keys if k not in used and not built.search(k)}
    assert unused == set()


def test_a_language_missing_messages_falls_back_to_english_with_a_warning(
    tmp_path: Path,
) -> None:
    (tmp_path / "i18n").mkdir()
    (tmp_path / "i18n" / "de.yaml").write_text("nav_home: Startseite\n", encoding="utf-8")
    problems = Problems()
    german = load_catalogs((tmp_path, THEME), ("de",), tmp_path, problems)["de"]
    assert german("nav_home") == "Startseite"
    assert german("nav_tags") == "Tags"
    [warning] = problems.warnings
    assert warning.path == "i18n/de.yaml"
    assert "missing for `de`" in warning.message and "nav_tags" in warning.message


def test_a_language_without_a_catalog_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match=re.escape("add templates/i18n/it.yaml")):
        load_catalogs((THEME,), ("it",), tmp_path, Problems())


MACHINE = Translation("en", Original("The original", "https://example.org/a", "en"), "", "", True)
HUMAN = Translation("en", None, "Camille Roux", "", False)
MODEL = Generation("Modèle-X", "", "")


@pytest.mark.parametrize(
    ("generation", "translation", "lang", "kind", "badge", "text"),
    [
        (
            MODEL,
            None,
            "fr",
            "generated",
            "Généré par IA",
            "Ce texte a été généré par une intelligence artificielle (Modèle-X). "
            "Aucune personne ne l’a relu avant sa publication.",
        ),
        (
            None,
            MACHINE,
            "fr",
            "translated",
            "Traduit automatiquement",
            "Ce texte a été traduit automatiquement de l’anglais. "
            "Aucune personne n’a relu la traduction.",
        ),
        (
            None,
            HUMAN,
            "fr",
            "translated",
            "Traduit",
            "Ce texte a été traduit de l’anglais par Camille Roux.",
        ),
        (
            MODEL,
            MACHINE,
            "fr",
            "generated-translated",
            "Généré par IA, traduit automatiquement",
            "Ce texte a été généré par une intelligence artificielle (Modèle-X), puis traduit "
            "automatiquement de l’anglais. Aucune personne ne l’a relu avant sa publication.",
        ),
        (
            MODEL,
            None,
            "en",
            "generated",
            "AI-generated",
            "This text was generated by artificial intelligence (Modèle-X). "
            "No person reviewed it before publication.",
        ),
        (
            None,
            MACHINE,
            "en",
            "translated",
            "Machine-translated",
            "This text was machine-translated from English. No person reviewed the translation.",
        ),
        (
            MODEL,
            HUMAN,
            "en",
            "generated-translated",
            "AI-generated, translated",
            "This text was generated by artificial intelligence (Modèle-X), then translated "
            "from English by Camille Roux. No person reviewed it before publication.",
        ),
    ],
)
def test_each_combination_has_its_own_wording(
    catalogs: dict[str, Catalog],
    generation: Generation | None,
    translation: Translation | None,
    lang: str,
    kind: str,
    badge: str,
    text: str,
) -> None:
    disclosure = disclose(generation, translation, catalogs[lang])
    assert disclosure is not None
    assert (disclosure.kind, disclosure.badge) == (kind, badge)
    assert disclosure.text.replace(NBSP, " ").replace(NNBSP, " ") == text


def test_the_authors_own_text_has_no_disclosure(catalogs: dict[str, Catalog]) -> None:
    assert disclose(None, None, catalogs["fr"]) is None


def test_review_and_request_are_said(catalogs: dict[str, Catalog]) -> None:
    generation = Generation("", "Ada Martin", "Léo Petit")
    disclosure = disclose(generation, None, catalogs["fr"])
    assert disclosure is not None
    assert disclosure.sentences[1:] == (
        "Il a été rédigé à la demande de Léo Petit.",
        "Ada Martin l’a relu et en assume la responsabilité éditoriale.",
    )
    assert ai_disclosure(generation, None) == "ai-assisted"
    assert ai_disclosure(Generation("", "", "Léo Petit"), None) == "ai-autonomous"


def test_machine_marks(catalogs: dict[str, Catalog]) -> None:
    # A machine translation is AI involvement; a translation by a person is not.
    assert ai_disclosure(None, MACHINE) == "ai-autonomous"
    reviewed = Translation("en", None, "DeepL", "Ada Martin", True)
    assert ai_disclosure(None, reviewed) == "ai-assisted"
    # The translation's reviewer reviewed the generated text too, as the notice says.
    assert ai_disclosure(MODEL, reviewed) == "ai-assisted"
    assert ai_disclosure(MODEL, HUMAN) == "ai-autonomous"
    assert ai_disclosure(None, HUMAN) == "human-only"
    assert ai_disclosure(None, None) == "human-only"
    # A page holding one generated passage is not human-only: the passage says its review.
    assert ai_disclosure(Generation("", "", "", part="le résumé"), None) == "ai-assisted"


def test_a_sentence_starting_with_a_name_starts_with_a_capital(
    catalogs: dict[str, Catalog],
) -> None:
    translation = Translation("en", None, "DeepL", "la rédaction", True)
    disclosure = disclose(None, translation, catalogs["fr"])
    assert disclosure is not None
    assert disclosure.sentences[-1] == "La rédaction a relu la traduction."
