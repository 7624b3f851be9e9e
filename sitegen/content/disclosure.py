"""What readers and machines are told about how a text came to be: generated, translated.

Each combination of the two flags has its own wording in each language (the catalogs'
`disclosure_*` and `badge_*` messages); the same words appear at the top of the post, in
listings and in feeds, and the same facts in the page's machine-readable marks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sitegen.text.i18n import Catalog, format_date

# The values of the W3C AI Content Disclosure report (21 Sept 2026). Absence means
# "unknown", so the author's own text says `human-only` rather than nothing.
HUMAN_ONLY = "human-only"
AI_ASSISTED = "ai-assisted"
"""AI was involved and a person reviewed the text before publication."""
AI_AUTONOMOUS = "ai-autonomous"
"""AI was involved and no person reviewed the text."""
AI_DISCLOSURE_VALUES = (HUMAN_ONLY, AI_ASSISTED, AI_AUTONOMOUS)
"""The whole vocabulary: what a page's `ai-disclosure` marks may say."""


@dataclass(frozen=True, slots=True)
class Original:
    """The text a translation was made from: on this site or elsewhere."""

    title: str
    url: str
    lang: str


@dataclass(frozen=True, slots=True)
class Translation:
    from_lang: str
    original: Original | None
    by: str
    reviewed_by: str
    machine: bool
    reviewed_on: date | None = None


@dataclass(frozen=True, slots=True)
class Generation:
    model: str
    reviewed_by: str
    prompted_by: str
    part: str = ""
    """Set when only this passage was generated; the passage is marked in the text."""
    reviewed_on: date | None = None


@dataclass(frozen=True, slots=True)
class Disclosure:
    kind: str
    """`generated`, `generated-part`, `translated`, or one of the first two then
    `-translated`: for styles and feeds."""
    badge: str
    """The short label shown wherever the post is listed."""
    sentences: tuple[str, ...]
    """The notice at the top of the post, in the post's language."""
    original: Original | None
    read_original: str
    """The words of the link to the original, in the post's language."""

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


def disclose(
    generation: Generation | None, translation: Translation | None, t: Catalog
) -> Disclosure | None:
    """The disclosure of one post in its language's words; None for the author's own text."""
    if generation is None and translation is None:
        return None
    generated = "generated-part" if generation and generation.part else "generated"
    kind = "-".join(
        name for name, flag in ((generated, generation), ("translated", translation)) if flag
    )
    human = translation is not None and not translation.machine
    key = f"{kind.replace('-', '_')}{'_human' if human else ''}"
    values = {
        "model": t("disclosure_model", model=generation.model)
        if generation and generation.model
        else "",
        "source": t("disclosure_from", source=t.from_language(translation.from_lang))
        if translation and translation.from_lang
        else "",
        "by": t("disclosure_by", name=translation.by) if translation and translation.by else "",
        "part": generation.part if generation else "",
    }
    sentences = [t(f"disclosure_{key}", **values)]
    if generation and generation.prompted_by:
        prompted = "disclosure_part_prompted_by" if generation.part else "disclosure_prompted_by"
        sentences.append(t(prompted, name=generation.prompted_by))
    sentences.extend(_review(generation, translation, t))
    return Disclosure(
        kind=kind,
        badge=t(f"badge_{key}"),
        sentences=tuple(s[:1].upper() + s[1:] for s in sentences),  # "la rédaction a relu…"
        original=translation.original if translation else None,
        read_original=t("read_original"),
    )


def ai_disclosure(generation: Generation | None, translation: Translation | None) -> str:
    """The page's `ai-disclosure` value. A machine translation is AI involvement too; a
    translation by a person is not."""
    whole = generation is not None and not generation.part
    machine = translation is not None and translation.machine
    if not (whole or machine):
        # `human-only` would deny the generated passage a page may hold. A person wrote the
        # page around it and chose to publish it; the passage says whether anyone reviewed it.
        return HUMAN_ONLY if generation is None else AI_ASSISTED
    return reviewed_mark(page_review(generation, translation) is not None)


def page_review(
    generation: Generation | None, translation: Translation | None
) -> Generation | Translation | None:
    """The review that speaks for the whole text, in its notice, its `ai-disclosure` and
    JSON-LD: the generated text's, else the translation's. A passage's is the passage's."""
    whole = generation if generation and not generation.part else None
    review = whole if whole and whole.reviewed_by else translation
    return review if review and review.reviewed_by else None


def reviewed_mark(reviewed: bool) -> str:
    """The value for a text, or a passage, in which AI was involved."""
    return AI_ASSISTED if reviewed else AI_AUTONOMOUS


def _review(
    generation: Generation | None, translation: Translation | None, t: Catalog
) -> list[str]:
    """Who read the text before it was published, and when: the exception the law makes
    for AI text."""
    if generation and generation.part:
        name = generation.reviewed_by
        said = (
            _reviewed(t, "disclosure_part_reviewed", name, generation.reviewed_on)
            if name
            else t("disclosure_part_not_reviewed")
        )
        return [*_translation_review(translation, t), said]
    if generation:
        review = page_review(generation, translation)
        if review:
            return [_reviewed(t, "disclosure_reviewed", review.reviewed_by, review.reviewed_on)]
        return [t("disclosure_not_reviewed")]
    return _translation_review(translation, t)


def _translation_review(translation: Translation | None, t: Catalog) -> list[str]:
    if translation and translation.reviewed_by:
        key, name = "disclosure_translation_reviewed", translation.reviewed_by
        return [_reviewed(t, key, name, translation.reviewed_on)]
    if translation and translation.machine:
        return [t("disclosure_translation_not_reviewed")]
    return []


_DATED = {
    "disclosure_reviewed": "disclosure_reviewed_on",
    "disclosure_part_reviewed": "disclosure_part_reviewed_on",
    "disclosure_translation_reviewed": "disclosure_translation_reviewed_on",
}
"""Each review's sentence, and the one that says on which day too."""


def _reviewed(t: Catalog, key: str, name: str, day: date | None) -> str:
    if day is None:
        return t(key, name=name)
    return t(_DATED[key], name=name, date=format_date(day, t.lang))
