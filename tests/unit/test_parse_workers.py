"""Sources parsed by forked workers (`content/parseworkers.py`): the same documents and the
same messages, in the same order, as one process parses, a cache or not."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sitegen.content import frontmatter, parseworkers
from sitegen.content.frontmatter import parse_all
from sitegen.content.sources import discover
from sitegen.model import Document, SourceFile
from sitegen.project.errors import Diagnostic, Problems, Severity
from sitegen.project.forked import ForkedWorkers
from sitegen.settings.config import load_config
from sitegen.state.cache import StageCache
from tests.conftest import REPO, post

COUNT = 60
FOREIGN = ("hugo", "hugo-dirs", "jekyll")


def _sources(n: int) -> bytes:
    """A post, or one of the ways a source goes wrong: a YAML error, an unknown layout, an
    empty file, bytes that are not UTF-8, front matter with no body."""
    kind = n % 6
    if kind == 1:
        return b"---\ntitle: [pas ferme\n---\n\nTexte.\n"
    if kind == 2:
        return post(f"Billet {n}", layout="inexistant").encode()
    if kind == 3 and n % 4 == 3:
        return b""
    if kind == 4:
        return post(f"Billet {n}", body="Caf\xe9 \xff.").encode("latin-1")
    extra = {"lang": "en"} if n % 5 == 0 else {}
    return post(f"Billet {n}", f"2025-03-{n % 28 + 1:02d}", f"Texte *{n}*.", **extra).encode()


def _site(make_site: Callable[..., Path]) -> Path:
    site = make_site({})
    for n in range(COUNT):
        (site / "content" / "posts").mkdir(parents=True, exist_ok=True)
        (site / "content" / "posts" / f"billet-{n:02d}.md").write_bytes(_sources(n))
    return site


Parse = tuple[list[Document], list[Diagnostic], int]
"""The documents, the messages, and the number of internal errors."""


def _parse(
    site: Path, jobs: str, monkeypatch: pytest.MonkeyPatch, cache: StageCache | None
) -> Parse:
    monkeypatch.setenv("SITEGEN_JOBS", jobs)
    config = load_config(site)
    problems = Problems()
    docs = parse_all(discover(config, problems), config, problems, cache)
    if cache is not None:
        docs = [cache.with_body(doc) for doc in docs]
    return docs, problems.items, len(problems.tracebacks)


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Small batches and runs, workers from ten sources at once; the workers' starts, counted."""
    monkeypatch.setattr(frontmatter, "_BATCH", 25)
    monkeypatch.setattr(parseworkers, "PARALLEL_FROM", 10)
    monkeypatch.setattr(parseworkers, "RUN", 3)
    started: list[int] = []

    class Counted(ForkedWorkers[Any, Any]):
        def __init__(self, *args: Any) -> None:
            started.append(1)
            super().__init__(*args)

    monkeypatch.setattr(parseworkers, "ForkedWorkers", Counted)
    return started


def _a_bug_in(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Parsing the source called `name` meets a bug of sitegen's."""
    parse = frontmatter.parse

    def failing(source: SourceFile, *args: object) -> Document | None:
        if source.path.name == name:
            raise RuntimeError("un bogue")
        return parse(source, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(frontmatter, "parse", failing)


def test_workers_parse_the_documents_and_say_the_messages_one_process_does(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    site = _site(make_site)
    _a_bug_in("billet-13.md", monkeypatch)
    alone = _parse(site, "1", monkeypatch, None)
    assert not forks
    on_workers = _parse(site, "2", monkeypatch, None)
    assert len(forks) == 1
    assert on_workers == alone
    docs, said, bugs = alone
    assert len(docs) > COUNT // 3 and bugs == 1
    severities = {d.severity for d in said}
    assert severities == {Severity.ERROR, Severity.WARNING}
    assert [d.path for d in said if "un bogue" in d.message] == ["content/posts/billet-13.md"]


def test_workers_parse_what_the_cache_lacks_and_nothing_else(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    site = _site(make_site)
    cache = StageCache()
    _parse(site, "2", monkeypatch, cache)
    assert len(forks) == 1
    posts = site / "content" / "posts"
    for n in range(0, COUNT, 2):  # half the sources changed: thirty to parse again
        (posts / f"billet-{n:02d}.md").write_bytes(_sources(n + 1))
    log = site / "parsed.log"
    parse = frontmatter.parse

    def logged(source: SourceFile, *args: object) -> Document | None:
        with log.open("a") as file:  # in whichever process parses it
            file.write(f"{os.getpid()} {source.path.name}\n")
        return parse(source, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(frontmatter, "parse", logged)
    again = _parse(site, "2", monkeypatch, cache)
    assert len(forks) == 2
    parsed = [line.split() for line in log.read_text().splitlines()]
    assert sorted(name for _, name in parsed) == [f"billet-{n:02d}.md" for n in range(0, COUNT, 2)]
    assert str(os.getpid()) not in {pid for pid, _ in parsed}
    log.unlink()
    assert again == _parse(site, "1", monkeypatch, None)


def test_a_few_sources_to_parse_start_no_worker(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    monkeypatch.setattr(parseworkers, "PARALLEL_FROM", 26)  # a batch holds 25
    site = _site(make_site)
    assert _parse(site, "2", monkeypatch, None)[0]
    assert not forks


@pytest.mark.parametrize(
    "site", ["tests/fixtures/bilingual", *(f"tests/fixtures/foreign/{n}" for n in FOREIGN), "."]
)
def test_jekyll_hugo_and_sitegen_trees_parse_alike_on_workers(
    site: str, monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    """The fixtures' Jekyll and Hugo blogs, the bilingual one and the sample blog, a few
    sources a run."""
    monkeypatch.setattr(frontmatter, "_BATCH", 5)
    monkeypatch.setattr(parseworkers, "PARALLEL_FROM", 1)
    monkeypatch.setattr(parseworkers, "RUN", 2)
    root = REPO / site
    alone = _parse(root, "1", monkeypatch, None)
    assert _parse(root, "2", monkeypatch, None) == alone
    assert forks and len(alone[0]) >= 5
