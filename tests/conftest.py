"""Shared fixtures: tiny inline sites, the `sitegen` command, parsed HTML."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import html5lib
import pytest
from lxml import etree

from sitegen.errors import Diagnostic
from sitegen.markdown import NoteLabels, render_markdown
from sitegen.model import Document, FrontMatter, Rendered, SourceFile

REPO = Path(__file__).resolve().parent.parent

DEFAULT_CONFIG = """\
title: Blog de test
description: Un blog pour les tests.
author: Équipe de test
base_url: https://example.org/
language: fr
languages: [fr, en]
"""


@dataclass
class Run:
    code: int
    out: str
    err: str


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., Path]:
    """`make_site({"content/posts/x.md": "..."})` -> a site folder with a sitegen.yaml."""

    def make(files: dict[str, str | bytes] | None = None, config: str = DEFAULT_CONFIG) -> Path:
        root = tmp_path / "site"
        root.mkdir(exist_ok=True)
        write_files(root, {"sitegen.yaml": config, **(files or {})})
        return root

    return make


def sitegen(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Run the real `sitegen` command as a user would."""
    full_env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    full_env.update(env or {})
    proc = subprocess.run(
        [sys.executable, "-m", "sitegen", *map(str, args)],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def run() -> Callable[..., Run]:
    return sitegen


def parse_html(path: Path) -> etree._Element:
    """Parse a page the way a browser would (html5lib), without the XHTML namespace."""
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("lxml"), namespaceHTMLElements=False)
    return parser.parse(path.read_bytes()).getroot()


def text_of(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


def post(
    title: str = "Un billet", date: str = "2026-01-15", body: str = "Du texte.", **extra: str
) -> str:
    """A post file's text with front matter; `extra` adds raw `key: value` lines."""
    lines = [f"title: {title}", f"date: {date}", *(f"{k}: {v}" for k, v in extra.items())]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body + "\n"


BODY_LINE = 5
"""File line of the body in `make_doc` documents: diagnostics and links use file lines."""


def make_doc(body: str, lang: str = "fr", layout: str = "post") -> Document:
    """A parsed post of `content/posts/x.md` whose body starts at file line BODY_LINE."""
    source = SourceFile(
        path=Path("content/posts/x.md"),
        rel="content/posts/x.md",
        kind="post",
        stem="x",
        date_from_name=None,
        lang_from_name=None,
        lang_from_folder=None,
    )
    meta = FrontMatter(title="T", date=None, lang=lang, layout=layout)  # type: ignore[arg-type]
    return Document(source, meta, body, body_line=BODY_LINE)


def render(
    body: str, base_path: str = "/", lang: str = "fr", layout: str = "post"
) -> tuple[Rendered, list[Diagnostic]]:
    labels = (
        NoteLabels("Notes", "Retour au texte")
        if lang == "fr"
        else NoteLabels("Notes", "Back to the text")
    )
    return render_markdown(make_doc(body, lang, layout), base_path, labels)


def fragment(html: str) -> etree._Element:
    """An HTML fragment inside a <div>, parsed as a browser would (no XHTML namespace)."""
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("lxml"), namespaceHTMLElements=False)
    root: etree._Element = parser.parseFragment(f"<div>{html}</div>")[0]
    return root


def unexpected_scripts(html: etree._Element, base_path: str = "/") -> list[str]:
    """Scripts a page should not have: the theme's are JSON-LD data and, on the search
    page, Pagefind's and its own, loaded from the site; anything else came from content."""
    allowed = (f"{base_path}pagefind/", f"{base_path}js/")
    found = []
    for script in html.xpath("//script"):
        src = script.get("src")
        if src is None and script.get("type") != "application/ld+json":
            found.append(etree.tostring(script, encoding="unicode")[:80])
        elif src is not None and (not src.startswith(allowed) or (script.text or "").strip()):
            found.append(src)
    return found
