"""Every file sitegen saves beside the site whole (the kept answers of the link check) is
written through one temporary that no planted link can lead elsewhere, and a temporary is
deleted only when the process that made it is gone."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

import pytest

from sitegen.check import external
from sitegen.project import scratch
from sitegen.state.cache import CACHE_FOLDER

SECRET = "à moi, hors du projet\n"


def _save_answers(root: Path) -> Path:
    path = root / CACHE_FOLDER / external.CACHE_NAME
    external._save(path, {"https://exemple.fr/": (0.0, 200)})
    return path


@pytest.mark.parametrize("save", [_save_answers])
def test_a_link_planted_once_the_temporary_is_cleared_is_never_written_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, save: Callable[[Path], Path]
) -> None:
    """The race a planted tree can win: a link made at the temporary's name right after
    sitegen cleared it and before it opens it."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text(SECRET, encoding="utf-8")
    root = tmp_path / "site"
    (root / CACHE_FOLDER).mkdir(parents=True)
    clear = Path.unlink
    planted: list[Path] = []

    def clear_then_plant(path: Path, missing_ok: bool = False) -> None:
        clear(path, missing_ok=missing_ok)
        if path.name.endswith(".tmp") and not planted:
            planted.append(path)
            path.symlink_to(secret)

    monkeypatch.setattr(Path, "unlink", clear_then_plant)
    with suppress(OSError):  # the key cannot be made: said so, not written elsewhere
        save(root)
    assert planted
    assert secret.read_text(encoding="utf-8") == SECRET


def _gone_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return int(done.stdout)


def test_only_the_temporaries_of_processes_that_are_gone_are_cleared(tmp_path: Path) -> None:
    path = tmp_path / "last-build.pickle"
    running = tmp_path / f"last-build.pickle.{os.getpid()}.tmp"
    gone = tmp_path / f"last-build.pickle.{_gone_pid()}.tmp"
    other = tmp_path / "other.pickle.2.tmp"
    for temporary in (running, gone, other):
        temporary.write_bytes(b"\x80\x05 moitie")
    scratch.clear_abandoned(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([running.name, other.name])
