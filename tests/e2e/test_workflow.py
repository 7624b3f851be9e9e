"""The GitHub Pages workflow: the official actions in order, and a build command that works."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO, parse_html, sitegen, strings

WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"
PAGES_URL = "https://example.github.io/repo"
"""What actions/configure-pages gives as `base_url` for a project site."""


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return data


def uses(job: dict[str, Any]) -> list[str]:
    return [step["uses"].split("@")[0] for step in job["steps"] if "uses" in step]


def test_permissions_and_concurrency_are_those_pages_needs(workflow: dict[str, Any]) -> None:
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    triggers = workflow[True]  # type: ignore[index]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"] and "workflow_dispatch" in triggers


def test_the_build_job_uses_the_official_actions_in_order(workflow: dict[str, Any]) -> None:
    build = workflow["jobs"]["build"]
    assert uses(build) == [
        "actions/checkout",
        "actions/setup-python",
        "actions/cache/restore",
        "actions/configure-pages",
        "actions/cache/save",
        "actions/upload-pages-artifact",
    ]
    python = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/setup-py"))
    assert python["with"]["cache"] == "pip"
    restore, save = (s for s in build["steps"] if s.get("uses", "").startswith("actions/cache/"))
    # Typed values, safe to read whoever wrote them: the cache folder is all there is to keep.
    cached = {".sitegen-cache"}
    assert set(restore["with"]["path"].split()) == set(save["with"]["path"].split()) == cached
    upload = next(s for s in build["steps"] if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "public"


def test_the_deploy_job_publishes_the_artifact(workflow: dict[str, Any]) -> None:
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert uses(deploy) == ["actions/deploy-pages"]


def test_the_build_command_builds_the_blog_under_the_project_path(
    workflow: dict[str, Any], tmp_path: Path, sample_blog: Path
) -> None:
    step = next(s for s in workflow["jobs"]["build"]["steps"] if s.get("name") == "Build")
    command = step["run"].replace("${{ steps.pages.outputs.base_url }}", PAGES_URL)
    program, *args = shlex.split(command)
    assert program == "sitegen" and "--base-url" in args
    out = tmp_path / "public"
    result = sitegen(*args, "--source", sample_blog, "--output", out)
    assert result.code == 0, result.err
    home = parse_html(out / "index.html")
    assert strings(home, "//link[@rel='canonical']/@href") == [f"{PAGES_URL}/"]
    stylesheets = strings(home, "//link[@rel='stylesheet']/@href")
    assert stylesheets and all(href.startswith("/repo/") for href in stylesheets)
    assert all((out / href.removeprefix("/repo/")).is_file() for href in stylesheets)
