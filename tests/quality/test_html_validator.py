"""Every page of both builds passes the Nu HTML checker (the W3C's validator) without errors."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.quality.conftest import NODE_MODULES, Site, need

VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture(scope="session")
def vnu() -> list[str]:
    """The command that runs the Nu HTML checker."""
    need(shutil.which("java") is not None, "Java", "apt-get install -y default-jre-headless")
    need(VNU_JAR.is_file(), "The Nu HTML checker (vnu-jar)", "npm ci")
    return ["java", "-jar", str(VNU_JAR)]


def describe(message: dict[str, Any], site: Site) -> str:
    where = message.get("url", "")
    if where.startswith("file:"):
        where = Path(where.removeprefix("file:")).relative_to(site.out).as_posix()
    line, column = message.get("lastLine", "?"), message.get("firstColumn", "?")
    extract = " ".join(message.get("extract", "").split())
    return f"{where}:{line}:{column}: {message.get('message')}\n    …{extract}…"


def test_every_page_passes_the_nu_html_checker(site: Site, vnu: list[str]) -> None:
    pages = site.pages()
    assert pages, "the build wrote no HTML page"
    result = subprocess.run(
        [*vnu, "--errors-only", "--format", "json", "--stdout", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"the checker gave no JSON report (exit {result.returncode}):\n{result.stderr}")
    messages = report["messages"]
    listing = "\n".join(describe(m, site) for m in messages)
    assert not messages, f"{len(messages)} errors in the {site.base_url} build:\n{listing}"
    assert result.returncode == 0, result.stderr
