"""Reading what `sitegen build` made of a Jekyll or Hugo tree: what it said, and its pages as
a browser would parse them.

Shared by test_foreign_trees.py, test_foreign_jekyll.py and test_foreign_hugo.py, which build
the fixture trees of tests/fixtures/foreign/ (`Tree`, `Built`, `FixtureBuilds`), and by the other
test_foreign_*.py, which build a small tree of their own in each test. Not a test module:
pytest collects `test_*.py`.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from lxml import etree

from tests.conftest import REPO, Run, elements, parse_html, sitegen, strings, text_of

FIXTURES = REPO / "tests/fixtures/foreign"
POST = "//article[contains(concat(' ', normalize-space(@class), ' '), ' post ')]"
"""The theme's mark of a post page (`<article class="post h-entry">`; cards are `post-card`)."""
BODY = f"{POST}//div[contains(@class, 'post-body')]"


# ------------------------------------------------------------------ what the build said


@dataclass(frozen=True)
class Said:
    """One message of the build: `path:line:col: [warning: ]message`, then its hint."""

    path: str
    line: int
    col: int
    message: str
    warning: bool
    hint: str = ""

    def about(self, rel: str) -> bool:
        """The message is about `rel` (a path inside the built tree)."""
        path = self.path.replace("\\", "/")
        return path == rel or path.endswith("/" + rel)

    @property
    def text(self) -> str:
        return f"{self.message}\n{self.hint}"


LOCATED = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<warning>warning: )?(?P<message>.*)$"
)
UNLOCATED = re.compile(r"^(?P<path>[^:\s][^:]*?): (?P<warning>warning: )(?P<message>.*)$")


def messages(err: str) -> list[Said]:
    """The build's errors and warnings (each line, then an optional `  hint: …`)."""
    found: list[Said] = []
    for line in err.splitlines():
        if line.startswith("  hint: ") and found:
            last = found[-1]
            found[-1] = Said(last.path, last.line, last.col, last.message, last.warning, line[8:])
        elif match := LOCATED.match(line):
            where = int(match["line"]), int(match["col"])
            found.append(Said(match["path"], *where, match["message"], bool(match["warning"])))
        elif match := UNLOCATED.match(line):
            found.append(Said(match["path"], 0, 0, match["message"], True))
    return found


def line_in(path: Path, needle: str) -> tuple[int, int]:
    """(line, column) from 1 of the one place of `needle` in the file at `path`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found = [(n, line.index(needle) + 1) for n, line in enumerate(lines, 1) if needle in line]
    assert len(found) == 1, f"{needle!r} is at {found} in {path.name}"
    return found[0]


# ------------------------------------------------------------------ reading a page


def plain(text: str) -> str:
    """Text as read aloud: no-break spaces as spaces, runs collapsed, typographic
    apostrophes as straight ones."""
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2019", "'")
    return " ".join(text.split())


def one(root: etree._Element, xpath: str) -> etree._Element:
    found = elements(root, xpath)
    assert len(found) == 1, f"{xpath}: {len(found)} matches"
    return found[0]


def body_of(page: etree._Element) -> etree._Element:
    return one(page, BODY)


def title_of(page: etree._Element) -> str:
    return plain(text_of(one(page, f"{POST}/header//h1")))


def date_of(page: etree._Element) -> str:
    return str(one(page, f"{POST}/header//time").get("datetime"))


def alternates(page: etree._Element) -> dict[str, str]:
    links = elements(page, "//head/link[@rel='alternate'][@hreflang]")
    found = {str(link.get("hreflang")): str(link.get("href")) for link in links}
    assert len(found) == len(links), "an hreflang is given twice"
    return found


def output_file(out: Path, base: str, path: str) -> Path:
    """The file of the output folder `out` that a site path (under `base`) is."""
    assert path.startswith(base), f"{path} is outside the base path {base}"
    rel = path[len(base) :]
    return out / rel / "index.html" if rel.endswith("/") or not rel else out / rel


# ------------------------------------------------------------------ the fixture trees


@dataclass(frozen=True)
class Tree:
    """One fixture tree and where its site lives."""

    name: str
    host: str
    base: str

    @property
    def folder(self) -> Path:
        return FIXTURES / self.name

    def line_of(self, rel: str, needle: str) -> int:
        """The line (from 1) of the fixture file `rel` that holds `needle`, found once."""
        return line_in(self.folder / rel, needle)[0]

    def same_page(self, url: str, target: str) -> bool:
        """`url` (a site path or an absolute URL on the site's host) is the page `target`."""
        parts = urlsplit(url)
        same = unquote(parts.path) == unquote(target)  # `%C3%A9` is the `é` it encodes
        return parts.netloc in ("", self.host) and same and not parts.query


@dataclass(frozen=True)
class Built:
    """A fixture tree built: its copy, the output folder and the run of the command."""

    tree: Tree
    source: Path
    out: Path
    result: Run

    @property
    def warnings(self) -> list[Said]:
        return [said for said in messages(self.result.err) if said.warning]

    def warnings_for(self, rel: str) -> list[Said]:
        return [w for w in self.warnings if w.about(rel)]

    def same_page(self, url: str, target: str) -> bool:
        return self.tree.same_page(url, target)

    def file(self, url: str) -> Path:
        """The output file a site URL (a path, or absolute on the site's host) is."""
        parts = urlsplit(url)
        assert parts.netloc in ("", self.tree.host), f"{url} is not on this site"
        return output_file(self.out, self.tree.base, unquote(parts.path))

    def page(self, url: str) -> etree._Element:
        path = self.file(url)
        assert path.is_file(), f"{url} was not built"
        return parse_html(path)

    def url_of(self, file: Path) -> str:
        return self.tree.base + file.relative_to(self.out).as_posix().removesuffix("index.html")

    def pages(self) -> Iterator[tuple[str, etree._Element]]:
        for file in sorted(self.out.rglob("*.html")):
            yield self.url_of(file), parse_html(file)

    def headings(self) -> set[str]:
        """The text of every heading of the pages' main parts: their titles."""
        found = (h1 for _, page in self.pages() for h1 in elements(page, "//main//h1"))
        return {plain(text_of(h1)) for h1 in found}

    def post_pages(self) -> list[tuple[str, str]]:
        """(URL, title) of every post page of the output."""
        return sorted((url, title_of(page)) for url, page in self.pages() if page.xpath(POST))

    def home_cards(self, home: str | None = None) -> list[etree._Element]:
        """The post cards of a home page (the site's own by default) and of the pages after
        it, in order."""
        cards: list[etree._Element] = []
        url: str | None = home or self.tree.base
        seen: set[str] = set()
        while url and url not in seen:
            seen.add(url)
            page = self.page(url)
            cards += elements(page, "//main//article[contains(@class, 'post-card')]")
            after = strings(page, "//nav[@class='pager']/a[@rel='next']/@href")
            url = urljoin(url, after[0]) if after else None
        return cards

    def home_titles(self, home: str | None = None) -> list[str]:
        return [plain(text_of(one(card, ".//h2/a"))) for card in self.home_cards(home)]


class FixtureBuilds:
    """The fixture trees built in this session, by tree and options, each copied out of the
    repository and built into a folder beside it once: three test modules read the same
    builds. None may change them; the bytes of each file are recorded after the build and
    compared whenever it is read again and at the session's end (the tests may run as root,
    who would write through a read-only mode)."""

    def __init__(self, tmp_path_factory: pytest.TempPathFactory) -> None:
        self._folders = tmp_path_factory
        self._built: dict[tuple[Tree, tuple[str, ...]], tuple[Built, dict[Path, bytes]]] = {}

    def __call__(self, tree: Tree, *args: str) -> Built:
        if (tree, args) not in self._built:
            root = self._folders.mktemp(tree.name)
            source = root / "site"
            shutil.copytree(tree.folder, source)
            out = root / "public"
            result = sitegen("build", "--source", source, "--output", out, *args)
            assert result.code == 0, result.err
            self._built[tree, args] = Built(tree, source, out, result), _files(root)
        built, files = self._built[tree, args]
        _assert_same(built, files)
        return built

    def assert_unchanged(self) -> None:
        for built, files in self._built.values():
            _assert_same(built, files)


def _assert_same(built: Built, files: dict[Path, bytes]) -> None:
    now = _files(built.source.parent)
    changed = sorted(str(p) for p in files.keys() | now.keys() if files.get(p) != now.get(p))
    assert not changed, f"a test changed the shared build of {built.tree.name}: {changed}"


def _files(root: Path) -> dict[Path, bytes]:
    """Each file under `root` and a digest of its bytes."""
    return {p: hashlib.sha256(p.read_bytes()).digest() for p in root.rglob("*") if p.is_file()}
