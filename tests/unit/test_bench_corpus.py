"""The benchmark corpus: the same bytes for the same seed, the documented shape, and a site
sitegen builds without a single warning."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bench.corpus import MODELS, TAGS, write_corpus
from bench.run import count_pages
from bench.tools import lay_out_sitegen
from sitegen.build import Build
from sitegen.project.errors import Problems
from tests.conftest import elements, parse_html, text_of


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def split(path: Path) -> tuple[dict[str, Any], str]:
    """A post's front matter (as YAML reads it) and body."""
    _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
    meta = yaml.safe_load(head)
    assert isinstance(meta, dict)
    return meta, body


def share(values: list[bool]) -> float:
    return sum(values) / len(values)


def test_the_same_seed_writes_the_same_bytes(tmp_path: Path) -> None:
    first = write_corpus(30, tmp_path / "a", seed=7)
    again = write_corpus(30, tmp_path / "b", seed=7)
    other = write_corpus(30, tmp_path / "c", seed=8)
    assert first.files == 30 and len(snapshot(first.posts)) == 30
    assert snapshot(first.posts) == snapshot(again.posts)
    assert first.size == again.size == sum(map(len, snapshot(first.posts).values()))
    assert snapshot(other.posts) != snapshot(first.posts)


def test_the_corpus_has_the_documented_shape(tmp_path: Path) -> None:
    corpus = write_corpus(50, tmp_path, seed=1)
    posts = [split(path) for path in sorted(corpus.posts.glob("*.md"))]
    assert len(posts) == 50
    bodies = [body for _, body in posts]
    assert 0.4 <= share(["```python\n" in b for b in bodies]) <= 0.85  # 64 %
    assert 0.1 <= share(["\n|---" in b for b in bodies]) <= 0.5  # 30 %
    assert 0.3 <= share(["\n[^1]: " in b for b in bodies]) <= 0.7  # 49 %
    assert all(b.count("\n## ") >= 1 for b in bodies)
    metas = [meta for meta, _ in posts]
    assert all(1 <= len(m["tags"]) <= 5 and set(m["tags"]) <= set(TAGS) for m in metas)
    translated = [m["translated"] for m in metas if "translated" in m]
    generated = [m["generated"] for m in metas if "generated" in m]
    assert all(t == {"from": "en"} for t in translated)
    assert all(set(g) == {"model"} and g["model"] in MODELS for g in generated)
    assert 0.05 <= len(translated) / 50 <= 0.4  # 20 %
    assert 0.02 <= len(generated) / 50 <= 0.25  # 10 %
    assert 3_000 <= corpus.size / 50 <= 15_000  # 7.8 KB a post at 1000 posts


def test_sitegen_builds_the_laid_out_corpus_without_warnings(tmp_path: Path) -> None:
    corpus = write_corpus(20, tmp_path / "corpus", seed=1)
    site = tmp_path / "site"
    lay_out_sitegen(corpus.posts, site)
    problems = Problems()
    report = Build(site, problems).write()
    assert problems.warnings == []
    assert report.output is not None and count_pages(report.output) == report.pages
    titles = sorted(split(path)[0]["title"] for path in corpus.posts.glob("*.md"))
    shown = []
    for page in sorted(report.output.rglob("*.html")):
        html = parse_html(page)
        if elements(html, "//body[contains(concat(' ', @class, ' '), ' layout-post ')]"):
            shown += [text_of(h1) for h1 in elements(html, "//article//h1")]
    assert sorted(shown) == sorted(" ".join(t.split()) for t in titles)
