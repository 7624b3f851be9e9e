"""The code base stays typed and tidy: mypy --strict and ruff, as part of the suite."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def run_tool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True, timeout=300
    )


def test_mypy_strict() -> None:
    result = run_tool("mypy")
    assert result.returncode == 0, result.stdout


def test_ruff_lint_and_format() -> None:
    lint = run_tool("ruff", "check", "sitegen", "tests")
    assert lint.returncode == 0, lint.stdout
    fmt = run_tool("ruff", "format", "--check", "sitegen", "tests")
    assert fmt.returncode == 0, fmt.stdout
