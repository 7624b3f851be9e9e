"""The dev server checks again only the links of what changed: the same problems as a check
from nothing, whatever was kept from the build before."""

from __future__ import annotations

from dataclasses import replace

from sitegen.model import Entry, OutputFile
from sitegen.output.links import CheckedLinks, check_internal_links
from sitegen.project.errors import Diagnostic, Problems
from tests.conftest import make_doc, render


def _entry(body: str, key: str) -> Entry:
    rendered, _ = render(body)
    doc = replace(make_doc(body), meta_key="m")
    return Entry(doc, replace(rendered, key=key), "/2026/01/x/", "x")


def _checked(entry: Entry, paths: list[str], kept: CheckedLinks | None) -> list[Diagnostic]:
    problems = Problems()
    files = [OutputFile(path, b"", "test") for path in paths]
    check_internal_links([entry], files, problems, checked=kept)
    return problems.items


def test_kept_checks_say_what_a_check_from_nothing_says() -> None:
    kept = CheckedLinks()
    broken = _entry("Voir [ailleurs](/ailleurs/).", "a")
    site = ["2026/01/x/index.html"]
    first = _checked(broken, site, kept)
    assert [d.message for d in first] == [
        "broken link `/ailleurs/`: nothing in the site is at /ailleurs/"
    ]
    assert _checked(broken, site, kept) == first == _checked(broken, site, None)
    # The page it links to appears: the same entry's link is no longer broken.
    assert _checked(broken, [*site, "ailleurs/index.html"], kept) == []
    # Its text changes (a new key): the new link is checked.
    moved = _entry("Voir [là](/la/).", "b")
    assert [d.message for d in _checked(moved, site, kept)] == [
        "broken link `/la/`: nothing in the site is at /la/"
    ]
