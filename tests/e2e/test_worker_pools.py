"""Bodies rendered by workers that are replaced every `WORKER_BODIES` bodies (comrak's
bindings keep each parsed tree's memory): the same pages as one process renders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sitegen.markdown import bodies
from sitegen.markdown.bodies import PARALLEL_FROM
from sitegen.publish import postpages, postworkers
from tests.conftest import DEFAULT_CONFIG, sitegen, write_files
from tests.e2e.test_bad_inputs import EPOCH, tree


def _post(n: int) -> str:
    return (
        f"---\ntitle: Billet {n}\ndate: 2026-01-{n % 28 + 1:02d}\n---\n\n"
        f"## Partie {n}\n\nUn texte *{n}* et sa note[^1].\n\n| a | b |\n|---|---|\n| {n} | x |\n\n"
        f"A : Bonjour {n}.\n\nB : Au revoir.\n\n[^1]: La note {n}.\n"
    )


def test_bodies_rendered_by_several_pools_of_workers_are_those_one_process_renders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    posts = {f"content/posts/billet-{n}.md": _post(n) for n in range(PARALLEL_FROM + 6)}
    site = tmp_path / "site"
    write_files(site, {"sitegen.yaml": DEFAULT_CONFIG, **posts})
    monkeypatch.setattr(bodies, "WORKER_BODIES", 10)  # four pools of two workers
    built = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        env = {"SOURCE_DATE_EPOCH": EPOCH, "SITEGEN_JOBS": jobs}
        run = sitegen("build", "--source", site, "--output", out, "--no-cache", env=env)
        assert run.code == 0, run.err
        built[jobs] = tree(out)
    assert len(built["1"]) > PARALLEL_FROM
    assert built["1"] == built["2"]


BARE_LAYOUT = (
    '{% extends "base.html" %}{% block main %}<article><h1>{{ page.title }}</h1>'
    "{{ page.content }}</article>{% endblock %}"
)
"""A theme's layout that forgets the notices: each generated post using it is warned of."""
BROKEN_LAYOUT = '{% extends "base.html" %}{% block main %}{{ page.title.nope() }}{% endblock %}'


def _any_post(n: int) -> str:
    lang = "\nlang: en" if n % 5 == 0 else ""
    generated = "\ngenerated:\n  model: Modèle fictif\n  prompted_by: Camille" if n % 7 == 0 else ""
    layout = "\nlayout: conversation" if n % 3 == 0 else ""
    head = f"title: Billet {n}\ndate: 2024-02-{n % 28 + 1:02d}{lang}{generated}{layout}"
    body = f"Texte {n}.\n\nUn deuxième paragraphe, que le résumé du billet ne montre pas.\n"
    return f"---\n{head}\ntags: [t{n % 4}, commun]\n---\n\n{body}"


Built = tuple[int, list[str], list[str], dict[str, bytes | None]]
"""A build's exit code, its messages, its stages (`-v`), and the site it left."""


def test_post_pages_rendered_by_workers_are_those_one_process_renders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two languages, runs of posts across workers, warnings said while rendering: the same
    files and the same messages, in the same order; and a next build, after an edit of one
    text, that makes that page alone from what the workers' build recorded."""
    monkeypatch.setattr(postpages, "POSTS_FROM", 8)
    monkeypatch.setattr(postworkers, "RUN", 3)
    files = {f"content/posts/billet-{n}.md": _any_post(n) for n in range(40)}
    files |= {"sitegen.yaml": DEFAULT_CONFIG, "templates/conversation.html": BARE_LAYOUT}
    sites = {jobs: tmp_path / f"site{jobs}" for jobs in ("1", "2")}
    for site in sites.values():
        write_files(site, files)

    def built(edit: dict[str, str]) -> dict[str, Built]:
        found = {}
        for jobs, site in sites.items():
            write_files(site, edit)
            env = {"SOURCE_DATE_EPOCH": EPOCH, "SITEGEN_JOBS": jobs}
            run = sitegen("build", "-v", cwd=site, env=env)
            lines = (run.out + run.err).splitlines()
            stages = [line.split()[0] for line in lines if line.endswith(" ms")]
            said = [line for line in lines if not line.endswith(" ms") and "Built" not in line]
            found[jobs] = run.code, said, stages, tree(site / "public")
        return found

    first = built({})
    assert first["1"][0] == 0 and sum("disclosure" in line for line in first["1"][1]) == 2
    assert "render" in first["1"][2]
    assert first["2"] == first["1"]
    edited = built({"content/posts/billet-12.md": _any_post(12) + "\nUne phrase de plus.\n"})
    assert "edits" in edited["1"][2] and "render" not in edited["1"][2]
    assert edited["2"] == edited["1"]
    assert edited["1"][3] != first["1"][3]
    broken = {"templates/chat.html": BROKEN_LAYOUT}
    broken |= {
        "content/posts/billet-30.md": _any_post(30).replace("layout: conversation", "layout: chat")
    }
    failed = built(broken)
    assert failed["1"][0] == 1 and any("billet-30.md" in line for line in failed["1"][1])
    assert failed["2"] == failed["1"]


def test_the_sample_blog_built_by_workers_is_the_one_one_process_builds(
    sample_blog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every feature the blog uses (translations, chats, generated passages, pictures, a
    recording) in post pages rendered two at a time by two workers."""
    monkeypatch.setattr(postpages, "POSTS_FROM", 1)
    monkeypatch.setattr(postworkers, "RUN", 2)
    built = {}
    for jobs in ("1", "2"):
        site = tmp_path / jobs
        shutil.copytree(sample_blog, site, ignore=shutil.ignore_patterns(".sitegen-cache"))
        env = {"SOURCE_DATE_EPOCH": EPOCH, "SITEGEN_JOBS": jobs}
        run = sitegen("build", "--output", site / "public", cwd=site, env=env)
        assert run.code == 0, run.err
        said = [line for line in (run.out + run.err).splitlines() if "Built" not in line]
        built[jobs] = said, tree(site / "public")
    assert len(built["1"][1]) > 100
    assert built["2"] == built["1"]
