"""axe-core finds no accessibility violation on the blog's kinds of page, light and dark.

Each build is served over HTTP under its base path (a project site lives at `/repo/`) and
opened in Debian's Chromium with the system colour scheme set; axe-core runs in the page
with its default rules (WCAG 2 A and AA, and best practices).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.quality.conftest import NODE_MODULES, InChromium, Site, need

pytestmark = pytest.mark.browser

AXE = NODE_MODULES / "axe-core" / "axe.min.js"

PAGES = {
    "home": "",
    "post": "2026/03/qu-est-ce-qu-un-llm/",
    "dialogue": "2025/09/conversation-plongements/",
    "tag": "tags/ia/",
    "search": "search/",
    "404": "cette-page-n-existe-pas/",
}
"""The pages to check, relative to the base path; the last one is served the 404 page."""


@pytest.fixture(scope="session")
def axe_script() -> str:
    need(AXE.is_file(), "axe-core", "npm ci")
    return str(AXE)


@pytest.fixture(params=["light", "dark"])
def color_scheme(request: pytest.FixtureRequest) -> str:
    scheme: str = request.param
    return scheme


def run_axe(browser: Any, url: str, color_scheme: str, axe_script: str) -> tuple[int, Any]:
    """Opens `url` with the colour scheme set, runs axe-core: (HTTP status, violations)."""
    context = browser.new_context(color_scheme=color_scheme)
    try:
        page = context.new_page()
        response = page.goto(url)
        page.add_script_tag(path=axe_script)
        results = page.evaluate(
            "async () => await axe.run(document, {resultTypes: ['violations']})"
        )
        return (response.status if response else 0), results["violations"]
    finally:
        context.close()


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation.get('impact')}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"  - {' '.join(node['html'].split())[:300]}")
            summary = " ".join((node.get("failureSummary") or "").split())
            if summary:
                lines.append(f"    {summary[:300]}")
    return "\n".join(lines)


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_axe_finds_no_violation(
    chromium: InChromium,
    serve: Callable[[Site], str],
    site: Site,
    axe_script: str,
    path: str,
    color_scheme: str,
) -> None:
    status, violations = chromium(run_axe, serve(site) + path, color_scheme, axe_script)
    assert status == (404 if path == PAGES["404"] else 200), f"/{path} answered {status}"
    assert not violations, (
        f"{len(violations)} axe violations on /{path} ({color_scheme}):\n{describe(violations)}"
    )
