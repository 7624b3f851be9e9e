"""Bodies rendered by workers that are replaced every `WORKER_BODIES` bodies (comrak's
bindings keep each parsed tree's memory): the same pages as one process renders."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.markdown import bodies
from sitegen.markdown.bodies import PARALLEL_FROM
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
