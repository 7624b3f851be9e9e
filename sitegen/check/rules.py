"""The rules of `sitegen check`: their codes, severities and summaries, and what they find."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TypeAlias

from sitegen.project.errors import Diagnostic, Severity

ERROR, WARNING = Severity.ERROR, Severity.WARNING


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    severity: Severity
    summary: str


RULES = (
    Rule("image-alt", ERROR, "an image without alt text"),
    Rule("empty-link", ERROR, "a link with no text a screen reader could say"),
    Rule("heading-jump", WARNING, "a heading level skipped (h2 then h4)"),
    Rule("broken-link", ERROR, "an internal link or image that leads nowhere"),
    Rule("broken-anchor", ERROR, "a `#anchor` that is not on the page it points to"),
    Rule("lang-mismatch", WARNING, "text in another language than the post's `lang`"),
    Rule("phone-number", ERROR, "a phone number in published text"),
    Rule("email-address", ERROR, "an e-mail address in published text"),
    Rule("scraper-leftover", WARNING, "captions, share buttons, reading times copied by a scraper"),
    Rule("missing-source", WARNING, "a generated or translated post that names no source"),
    Rule("placeholder", ERROR, "an unfilled placeholder: <URL>, [TODO], {{ title }}, lorem ipsum"),
    Rule("external-link", ERROR, "with --external: a web link that fails (404/410 are errors)"),
    Rule("disclosure-value", ERROR, "an ai-disclosure value outside the W3C vocabulary"),
    Rule("notice-placement", ERROR, "an AI post whose disclosure notice follows its text"),
    Rule("missing-principles", WARNING, "AI-involved posts and no `layout: principles` page"),
    Rule("full-name", WARNING, "a full name in an imported chat: added by hand, or --keep-names"),
)
BY_CODE = {rule.code: rule for rule in RULES}
BUILD = "build"
"""The code of the build's own errors and warnings."""


Finding: TypeAlias = Diagnostic
"""One problem `sitegen check` found, located in a source file or a built page (its path
relative to the site's folder, or absolute, like the build's messages), with the `code` of
the rule that found it."""


def finding(
    code: str,
    path: str,
    where: tuple[int, int],
    message: str,
    hint: str = "",
    severity: Severity | None = None,
) -> Finding:
    """A finding of rule `code`, with the rule's severity unless told otherwise."""
    line, col = where
    return Finding(path, line, col, message, hint, severity or BY_CODE[code].severity, code=code)


def from_build(diagnostic: Diagnostic) -> Finding:
    """The build's own error or warning, as a finding."""
    return replace(diagnostic, code=BUILD)


def also_on(found: Finding, others: int) -> Finding:
    """One finding standing for the same problem on `others` more pages."""
    more = "page" if others == 1 else "pages"
    return replace(found, message=f"{found.message} (and on {others} other {more})")


_QUOTED = re.compile(r"`([^`]+)`")


def first_quoted(message: str) -> str:
    """The first `…` of a message: the link, key or text it is about."""
    match = _QUOTED.search(message)
    return match.group(1) if match else ""
