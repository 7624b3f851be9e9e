"""Machine-readable marks of a post: schema.org JSON-LD, safe to put in a `<script>`.

AI generation, and machine translation, are marked with schema.org's `digitalSourceType`,
whose values are the IPTC digital source types (`TrainedAlgorithmicMediaDigitalSource` =
IPTC `trainedAlgorithmicMedia`); a translation with `translationOfWork` and `translator`; the
person who reviewed a generated text as its `editor`. A post with one generated passage
carries these marks on a `hasPart`, not on the post. The blog is the `publisher`: the
person of the `author` setting, who answers for what it publishes, else the blog itself.
Its `publishingPrinciples` is the page saying how it uses AI (`layout: principles`).
Its updates and corrections give `dateModified` and `correction` (`CorrectionComment`); a
dated review, `lastReviewed` and `reviewedBy` on the page (a `WebPage`'s properties).
A recording read by a synthetic voice carries `digitalSourceType` too.
The README lists every mark.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from sitegen.content.addresses import SiteUrls
from sitegen.content.disclosure import page_review
from sitegen.theme.recordings import Audio
from sitegen.theme.views import EntryView

AI_SOURCE_TYPE = "https://schema.org/TrainedAlgorithmicMediaDigitalSource"


def json_ld(
    page: EntryView, site_title: str, author: str, home: str, principles: str, urls: SiteUrls
) -> Markup:
    """The `BlogPosting` (or `WebPage`) of one entry, as JSON that cannot end its script;
    `principles` is the address of the blog's principles page, if it has one."""
    absolute = urls.absolute
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting" if page.kind == "post" else "WebPage",
        "headline": page.title,
        "url": absolute(page.url),
        "mainEntityOfPage": absolute(page.url),
        "inLanguage": page.lang,
        "description": page.description,
        "isPartOf": {"@type": "Blog", "name": site_title, "url": absolute(home)},
    }
    if principles:
        # How the blog uses AI, reviews and corrects: said of the text and of the blog.
        data["publishingPrinciples"] = absolute(principles)
        data["isPartOf"]["publishingPrinciples"] = absolute(principles)
    if page.date_iso:
        data["datePublished"] = page.date_iso
    if author:
        data["author"] = _agent(author, person=True)
    data["publisher"] = _publisher(site_title, author, absolute(home))
    if page.tags:
        data["keywords"] = [tag.title for tag in page.tags]
    if page.kind == "post":
        data["wordCount"] = page.words
    data |= _translation_marks(page, absolute)
    data |= _generation_marks(page)
    data |= _change_marks(page)
    review = _review_marks(page)
    if review and page.kind == "post":
        # `lastReviewed` and `reviewedBy` are a WebPage's: the page the post is the text of.
        data["mainEntityOfPage"] = {"@type": "WebPage", "@id": data["url"], **review}
    else:
        data |= review
    if page.audio:
        data["audio"] = _recording(page.audio, absolute(page.audio.url))
    if page.cover:
        cover = page.cover
        data["image"] = {"@type": "ImageObject", "url": absolute(cover.src), "caption": cover.alt}
        if cover.width:
            data["image"] |= {"width": cover.width, "height": cover.height}
    return Markup(_script_safe(json.dumps(data, ensure_ascii=False, indent=1)))


def _translation_marks(page: EntryView, absolute: Any) -> dict[str, Any]:
    marks: dict[str, Any] = {}
    if page.translated_into:
        marks["workTranslation"] = [
            {"@type": "CreativeWork", "url": absolute(v.url), "inLanguage": v.lang}
            for v in page.translated_into
        ]
    translation = page.translated
    if translation is None:
        return marks
    original = translation.original
    if original or translation.from_lang:
        work: dict[str, Any] = {"@type": "CreativeWork"}
        if original and original.title:
            work["name"] = original.title
        if original and original.url:
            work["url"] = absolute(original.url)
        if translation.from_lang:
            work["inLanguage"] = translation.from_lang
        marks["translationOfWork"] = work
    if translation.machine:
        # IPTC has no term for translation. `trainedAlgorithmicMedia` ("created
        # algorithmically using a model derived from sampled content") is what a machine
        # translation is: every word comes from a trained model, fed the original as a
        # prompt. `algorithmicallyEnhanced` is for minor changes, and
        # `compositeWithTrainedAlgorithmicMedia` for AI parts set among other content; a
        # person's review changes neither, it is said by `editor` and `ai-assisted`.
        marks["digitalSourceType"] = AI_SOURCE_TYPE
    if translation.by:
        marks["translator"] = _agent(translation.by, person=not translation.machine)
    whole_generated = page.generated is not None and not page.generated.part
    if translation.reviewed_by and not whole_generated:
        marks["editor"] = _agent(translation.reviewed_by, person=True)
    return marks


def _generation_marks(page: EntryView) -> dict[str, Any]:
    generation = page.generated
    if generation is None:
        return {}
    marks: dict[str, Any] = {"digitalSourceType": AI_SOURCE_TYPE}
    if generation.model:
        marks["contributor"] = _agent(generation.model, person=False)
    if generation.part:
        # Only the passage is generated: it is the page's part that carries the marks.
        passage = {"@type": "CreativeWork", "description": generation.part, **marks}
        if generation.reviewed_by:
            passage["editor"] = _agent(generation.reviewed_by, person=True)
        return {"hasPart": passage}
    reviewer = generation.reviewed_by or (page.translated.reviewed_by if page.translated else "")
    if reviewer:
        marks["editor"] = _agent(reviewer, person=True)
    return marks


def _change_marks(page: EntryView) -> dict[str, Any]:
    """`dateModified` (the latest update or correction) and each `CorrectionComment`."""
    marks: dict[str, Any] = {}
    if page.modified_iso:
        marks["dateModified"] = page.modified_iso
    corrections = [
        {"@type": "CorrectionComment", "datePublished": c.date_iso, "text": c.text}
        for c in page.changes
        if c.kind == "correction"
    ]
    if corrections:
        marks["correction"] = corrections
    return marks


def _review_marks(page: EntryView) -> dict[str, Any]:
    """Who last read the whole text and when, as the notice says it; a passage's review
    is not the page's."""
    review = page_review(page.generated, page.translated)
    if review is None or review.reviewed_on is None:
        return {}
    return {
        "lastReviewed": review.reviewed_on.isoformat(),
        "reviewedBy": _agent(review.reviewed_by, person=True),
    }


def _recording(audio: Audio, url: str) -> dict[str, Any]:
    recording: dict[str, Any] = {
        "@type": "AudioObject",
        "contentUrl": url,
        "encodingFormat": audio.type,
    }
    if audio.synthetic:
        # Speech from a trained model is the same kind of media as a generated text.
        recording["digitalSourceType"] = AI_SOURCE_TYPE
        if audio.model:
            recording["contributor"] = _agent(audio.model, person=False)
    return recording


def _publisher(site_title: str, author: str, url: str) -> dict[str, str]:
    """Who answers for what the blog publishes: its author, else the blog itself."""
    kind = "Person" if author else "Organization"
    return {"@type": kind, "name": author or site_title, "url": url}


def _agent(name: str, person: bool) -> dict[str, str]:
    """A person, or the software (a model, a translation tool) that did the work."""
    return {"@type": "Person" if person else "SoftwareApplication", "name": name}


def _script_safe(text: str) -> str:
    """`</script>` or `<!--` in a title must not end or change the script element."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
