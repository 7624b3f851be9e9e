"""Shared fixtures: tiny inline sites, the `sitegen` command, parsed HTML."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import html5lib
import pytest
from hypothesis import HealthCheck, settings
from lxml import etree

from sitegen.markdown.renderer import ThemeWords, render_markdown
from sitegen.model import Document, FrontMatter, Rendered, SourceFile
from sitegen.project.errors import Diagnostic
from tests.inprocess import run_in_process

REPO = Path(__file__).resolve().parent.parent

# Property tests: 2 000 examples each in the suite, derandomized so that runs repeat; under
# CI=true Hypothesis loads its own CI profile instead (100 examples, derandomized);
# `--hypothesis-profile=long` (50 000, random) is run before a change to the rules lands,
# `--hypothesis-profile=quick` while writing one.
_PROPERTY_SETTINGS: dict[str, Any] = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow],
}
settings.register_profile("default", max_examples=2000, derandomize=True, **_PROPERTY_SETTINGS)
settings.register_profile("long", max_examples=50_000, **_PROPERTY_SETTINGS)
settings.register_profile("quick", max_examples=100, **_PROPERTY_SETTINGS)
# No load_profile("default"): registering the current profile reloads it, and test modules
# import this file a second time (`tests.conftest`), after `--hypothesis-profile` was applied.

SAMPLE_BLOG = ("content", "sitegen.yaml", "static", "templates")
"""What the repository's own blog is made of, beside the generator."""


@pytest.fixture(scope="session")
def sample_blog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's blog, copied once per test process.

    A build keeps its state in the blog's `.sitegen-cache/`, and two builds at once of one
    folder are refused: built where it is, the blog would be shared by the test processes
    (`-n auto`) and by an author's own `sitegen serve`."""
    root = tmp_path_factory.mktemp("sample-blog")
    for name in SAMPLE_BLOG:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy2(source, root / name)
    return root


DEFAULT_CONFIG = """\
title: Blog de test
description: Un blog pour les tests.
author: Équipe de test
base_url: https://example.org/
language: fr
languages: [fr, en]
"""


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def write_files(root: Path, files: Mapping[str, str | bytes]) -> None:
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


def sitegen(
    *args: str | Path,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    process: bool = False,
    timeout: float | None = None,
    memory: int | None = None,
) -> Run:
    """Run the `sitegen` command as a user would, in this process (`tests/inprocess.py`).

    Past a time limit the test fails, so that a hang cannot block the suite: `timeout`
    seconds, 120 by default. `process=True` runs `python -m sitegen` in a process of its own,
    for what only a process has: its own PID, hash seed and interpreter; `memory` bytes of
    address space, so that a read that never ends (`/dev/zero`) fails fast instead of filling
    the machine; a process that can be stopped wherever it hangs (in-process, Python code must
    run again for the time limit to stop it)."""
    full_env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    full_env.update(env or {})
    limit = 120 if timeout is None else timeout
    if not process:
        if memory is not None:
            raise ValueError("a memory cap needs a process: process=True")
        return Run(*run_in_process(list(map(str, args)), cwd, full_env, limit))
    proc = subprocess.run(
        [sys.executable, "-m", "sitegen", *map(str, args)],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=limit,
        preexec_fn=None if memory is None else _memory_capped(memory),
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def _memory_capped(limit: int) -> Callable[[], None]:
    def cap() -> None:  # in the child, before sitegen starts
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return cap


@pytest.fixture
def run() -> Callable[..., Run]:
    return sitegen


def parse_html(page: Path | bytes) -> etree._Element:
    """Parse a page (its file, or its bytes as served) the way a browser would (html5lib),
    without the XHTML namespace."""
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("lxml"), namespaceHTMLElements=False)
    document: etree._ElementTree = parser.parse(
        page if isinstance(page, bytes) else page.read_bytes()
    )
    return document.getroot()


def text_of(element: etree._Element) -> str:
    return " ".join(raw_text(element).split())


def raw_text(element: etree._Element) -> str:
    """The text inside `element` as written, blanks kept (`text_of` folds them)."""
    return "".join(map(str, element.itertext()))


def first_in(root: etree._Element, path: str) -> etree._Element:
    """The first element `path` (ElementPath, as `find` reads it) finds in `root`: the test
    expects one."""
    found = root.find(path)
    assert found is not None, f"no {path}"
    return found


def elements(
    root: etree._Element, path: str, namespaces: dict[str, str] | None = None
) -> list[etree._Element]:
    """The elements an XPath selects in `root`."""
    found = root.xpath(path, namespaces=namespaces)
    assert isinstance(found, list), f"{path} selects a value, not elements"
    chosen = [node for node in found if isinstance(node, etree._Element)]
    assert len(chosen) == len(found), f"{path} selects more than elements"
    return chosen


def strings(root: etree._Element, path: str, namespaces: dict[str, str] | None = None) -> list[str]:
    """The attribute values or texts an XPath (`…/@href`, `…/text()`) selects in `root`."""
    found = root.xpath(path, namespaces=namespaces)
    assert isinstance(found, list), f"{path} selects a value, not a list"
    chosen = [value for value in found if isinstance(value, str)]
    assert len(chosen) == len(found), f"{path} selects more than texts"
    return chosen


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
        ThemeWords("Notes", "Retour au texte", "Texte généré par une IA")
        if lang == "fr"
        else ThemeWords("Notes", "Back to the text", "Text generated by an AI")
    )
    return render_markdown(make_doc(body, lang, layout), base_path, labels)


def fragment(html: str) -> etree._Element:
    """An HTML fragment inside a <div>, parsed as a browser would (no XHTML namespace)."""
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("lxml"), namespaceHTMLElements=False)
    root: etree._Element = parser.parseFragment(f"<div>{html}</div>")[0]
    return root


def unexpected_scripts(html: etree._Element, base_path: str = "/") -> list[str]:
    """Scripts a page should not have: the theme's are JSON-LD data, its light/dark switch
    and, on the search page, Pagefind's and its own, loaded from the site; anything else came
    from content."""
    return [
        script.get("src") or etree.tostring(script, encoding="unicode")[:80]
        for script in elements(html, "//script")
        if not _theme_script(script, base_path)
    ]


def _theme_script(script: etree._Element, base_path: str) -> bool:
    src = script.get("src")
    if src is None:
        return script.get("type") == "application/ld+json"
    own = src.startswith((f"{base_path}pagefind/", f"{base_path}js/"))
    return own and not (script.text or "").strip()


_RUNNING_ELEMENTS = {"script", "iframe", "frame", "object", "embed", "applet", "base", "form"}
_ADDRESS_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background"}
_BLANKS = "".join(map(chr, range(0x21))) + "\x7f"


def script_runners(root: etree._Element, theme_scripts: str | None = None) -> list[str]:
    """What in `root` runs script: script, iframe, object, embed, base, form and meta refresh
    elements, `on*` attributes, a `style` with `expression(` or `url(javascript`, and an
    address (href, src, action, formaction, xlink:href…) whose scheme, read as a browser
    reads it (entities decoded by the parser, blanks and control characters dropped), is
    javascript:, vbscript: or data: (data: only as an image's src or an icon). With
    `theme_scripts` (the site's base path), the theme's own scripts are allowed."""
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname.lower()
        shown = etree.tostring(element, encoding="unicode", with_tail=False)[:120]
        refresh = name == "meta" and (element.get("http-equiv") or "").lower() == "refresh"
        theme = theme_scripts is not None and name == "script"
        if theme and _theme_script(element, theme_scripts or "/"):
            continue
        if name in _RUNNING_ELEMENTS or refresh:
            found.append(shown)
        for key, value in element.attrib.items():
            attribute = etree.QName(key).localname.lower().rpartition(":")[2]
            if _runs(element, attribute, str(value)):
                found.append(f"{attribute}={value!r} in {shown}")
    return found


def _runs(element: etree._Element, attribute: str, value: str) -> bool:
    if attribute.startswith("on"):
        return True
    read = "".join(c for c in value if c not in _BLANKS).lower()
    if attribute == "style":
        return "expression(" in read or "url(javascript" in read
    if attribute not in _ADDRESS_ATTRIBUTES:
        return False
    if read.startswith("data:"):  # an image: the theme's icon, an imported picture
        name = etree.QName(element).localname.lower()
        icon = name == "link" and "icon" in (element.get("rel") or "").lower().split()
        return not (icon or (name == "img" and attribute == "src"))
    return read.startswith(("javascript:", "vbscript:"))
