"""Templates compiled by one build are loaded by the next, from Jinja's own cache in the
user's temporary folder; whatever is found there, the pages are those of a fresh build."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from jinja2.bccache import bc_magic

from tests.conftest import parse_html, post, sitegen, text_of

Site = Callable[..., Path]
FILES = {
    "content/posts/2026-02-01-un.md": post("Un", date="2026-02-01", body="Du texte."),
    "content/pages/a-propos.md": post("À propos"),
}


def _build(site: Path, temporary: Path, *args: str) -> dict[str, bytes]:
    """Build in a process of its own whose temporary folder is `temporary`; the pages."""
    out = site / "public"
    env = {"TMPDIR": str(temporary), "SOURCE_DATE_EPOCH": "1780272000"}
    result = sitegen("build", "--source", site, *args, env=env, process=True)
    assert result.code == 0, result.err
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*.html")}


def _compiled(temporary: Path) -> dict[str, int]:
    """The compiled templates in the user's folder of Jinja's, by name: when each was written."""
    folder = temporary / f"_jinja2-cache-{os.getuid()}"
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} if folder.is_dir() else {}


def test_a_second_build_loads_the_templates_the_first_compiled(
    make_site: Site, tmp_path: Path
) -> None:
    site, temporary = make_site(FILES), tmp_path / "tmp"
    temporary.mkdir()
    first = _build(site, temporary)
    compiled = _compiled(temporary)
    assert len(compiled) >= 2  # the post's template and the base it extends, at least
    # Every page rendered again, no template compiled again.
    assert _build(site, temporary, "--no-cache") == first
    assert _compiled(temporary) == compiled
    title = parse_html(site / "public/2026/02/un/index.html").find(".//h1")
    assert title is not None and text_of(title) == "Un"


def test_an_edited_template_is_compiled_again(make_site: Site, tmp_path: Path) -> None:
    site, temporary = make_site(FILES), tmp_path / "tmp"
    temporary.mkdir()
    _build(site, temporary)
    template = (
        '{% extends "base.html" %}{% block main %}<h1>Édité : {{ page.title }}</h1>{% endblock %}\n'
    )
    (site / "templates").mkdir(exist_ok=True)
    (site / "templates/page.html").write_text(template, encoding="utf-8")
    pages = _build(site, temporary)
    title = parse_html(pages["a-propos/index.html"]).find(".//h1")
    assert title is not None and text_of(title) == "Édité : À propos"


DAMAGES: dict[str, Callable[[bytes], bytes]] = {
    "emptied": lambda _: b"",
    "another file": lambda _: b"not a template",
    "cut short": lambda data: data[: len(data) // 2],
    "its header, then garbage": lambda _: bc_magic + b"\x80garbage",
    "its header and checksum, then garbage": lambda data: data[: len(bc_magic) + 60] + b"\xff" * 9,
}


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_compiled_template_is_compiled_again(
    make_site: Site, tmp_path: Path, damage: str
) -> None:
    site, temporary = make_site(FILES), tmp_path / "tmp"
    temporary.mkdir()
    first = _build(site, temporary)
    folder = temporary / f"_jinja2-cache-{os.getuid()}"
    damaged = {p: DAMAGES[damage](p.read_bytes()) for p in folder.iterdir()}
    for path, data in damaged.items():
        path.write_bytes(data)
    assert _build(site, temporary, "--no-cache") == first
    assert all(path.read_bytes() != data for path, data in damaged.items())  # written again


def test_a_temporary_folder_that_cannot_hold_them_compiles_each_time(
    make_site: Site, tmp_path: Path
) -> None:
    site, temporary = make_site(FILES), tmp_path / "tmp"
    temporary.mkdir()
    (temporary / f"_jinja2-cache-{os.getuid()}").write_text("a file, not a folder")
    first = _build(site, temporary)
    assert _build(site, temporary, "--no-cache") == first
