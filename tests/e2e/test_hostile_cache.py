"""A `.sitegen-cache/` that came with the blog's tree is as untrusted as the tree: what it
holds never runs code, never changes the site, never leads a write out of the project."""

from __future__ import annotations

import os
import pickle
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen.project.paths import MARKER
from sitegen.state import sealed
from sitegen.state.cache import CACHE_FILE, CACHE_FOLDER
from sitegen.state.lastbuild import RECORD
from tests.conftest import Run, post, sitegen, write_files

Site = Callable[..., Path]
FILES: dict[str, str | bytes] = {
    "content/posts/2026-01-10-un.md": post("Un", date="2026-01-10", body="Premier jet."),
    "content/posts/2026-01-11-deux.md": post("Deux", date="2026-01-11", tags="[ia]"),
    "content/pages/a-propos.md": post("À propos"),
}
SECRET = "secret : ne jamais écrire ici\n"


class _Planted:
    """What a hostile tree's cache holds: unpickling it creates a file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.mknod, (str(self.marker),)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file()}  # fmt: skip


def built(site: Path, out: str, tmp_path: Path, *args: str, process: bool = False) -> Run:
    """A build with its own key, outside the project, like a user's."""
    env = {"SOURCE_DATE_EPOCH": "1780272000", "XDG_CACHE_HOME": str(tmp_path / "user-cache")}
    where = site / out
    result = sitegen("build", "--source", site, "--output", where, *args, env=env, process=process)
    assert result.code == 0, result.err
    assert "internal error" not in result.err
    return result


def same_as_fresh(site: Path, tmp_path: Path) -> None:
    built(site, "fresh", tmp_path, "--no-cache")
    assert tree(site / "public") == tree(site / "fresh")


def outside(tmp_path: Path) -> Path:
    """A folder of the user's, outside the project, that no build may touch."""
    folder = tmp_path / "outside"
    write_files(folder, {"secret.txt": SECRET, MARKER: "", "index.html": SECRET})
    return folder


def _plant_record(cache: Path, value: object) -> None:
    (cache / RECORD).write_bytes(value if isinstance(value, bytes) else pickle.dumps(value))


def _plant_rows(cache: Path, value: object) -> None:
    blob = value if isinstance(value, bytes) else pickle.dumps(value)
    with sqlite3.connect(cache / CACHE_FILE) as db:
        db.execute("UPDATE entries SET value = ?", (blob,))


@pytest.mark.parametrize("plant", [_plant_record, _plant_rows])
def test_a_planted_pickle_runs_no_code(
    make_site: Site, tmp_path: Path, plant: Callable[[Path, object], None]
) -> None:
    site = make_site(FILES)
    built(site, "public", tmp_path)
    ran = tmp_path / "ran"
    plant(site / CACHE_FOLDER, _Planted(ran))
    write_files(site, {"content/posts/2026-01-10-un.md": post("Un", date="2026-01-10")})
    built(site, "public", tmp_path)
    assert not ran.exists()
    same_as_fresh(site, tmp_path)


@pytest.mark.parametrize("plant", [_plant_record, _plant_rows])
def test_a_value_sealed_with_the_users_key_still_runs_no_code(
    make_site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, plant: Callable[..., None]
) -> None:
    """Were the key to leak, the unpickler still rebuilds nothing but sitegen's own types."""
    site = make_site(FILES)
    built(site, "public", tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    ran = tmp_path / "ran"
    if plant is _plant_record:
        _plant_record(site / CACHE_FOLDER, sealed.dumps(_Planted(ran), RECORD))
    else:
        with sqlite3.connect(site / CACHE_FOLDER / CACHE_FILE) as db:
            rows = db.execute("SELECT stage, key FROM entries").fetchall()
            for stage, key in rows:
                blob = sealed.dumps(_Planted(ran), f"{stage}\0{key}")
                db.execute("UPDATE entries SET value = ? WHERE key = ?", (blob, key))
    write_files(site, {"content/posts/2026-01-10-un.md": post("Un", date="2026-01-10")})
    built(site, "public", tmp_path)
    assert not ran.exists()
    same_as_fresh(site, tmp_path)


def _site_links_out(cache: Path, out: Path) -> None:
    os.rename(cache / "site", cache / "moved")
    os.symlink(out, cache / "site")


def _files_link_out(cache: Path, out: Path) -> None:
    spare = cache / "site"
    for name in (MARKER, "index.html", "2026/01/un/index.html"):
        (spare / name).unlink()
        os.symlink(out / ("secret.txt" if name != MARKER else "index.html"), spare / name)


def _folders_link_out(cache: Path, out: Path) -> None:
    spare = cache / "site"
    for folder in ("2026/01", "tags"):
        os.rename(spare / folder, cache / f"moved-{folder.replace('/', '-')}")
        os.symlink(out, spare / folder)


def _cache_links_out(cache: Path, out: Path) -> None:
    os.rename(cache, cache.with_name("moved"))
    os.symlink(out, cache)


@pytest.mark.parametrize(
    "plant", [_site_links_out, _files_link_out, _folders_link_out, _cache_links_out]
)
def test_a_link_planted_in_the_cache_leads_no_write_out_of_the_project(
    make_site: Site, tmp_path: Path, plant: Callable[[Path, Path], None]
) -> None:
    site = make_site(FILES)
    built(site, "public", tmp_path)
    write_files(site, {"content/posts/2026-01-10-un.md": post("Un", date="2026-01-10")})
    built(site, "public", tmp_path)  # the site before last is now in the cache
    out = outside(tmp_path)
    before = tree(out)
    plant(site / CACHE_FOLDER, out)
    for body in ("Encore.", "Et encore."):  # the planted site is taken, then kept again
        write_files(site, {"content/posts/2026-01-10-un.md": post("Un", date="2026-01-10",
                                                                   body=body)})  # fmt: skip
        built(site, "public", tmp_path)
        assert tree(out) == before
        assert sorted(p.name for p in out.iterdir()) == sorted(before)
        same_as_fresh(site, tmp_path)


def test_a_cache_that_is_a_file_is_a_note(make_site: Site, tmp_path: Path) -> None:
    site = make_site(FILES)
    (site / CACHE_FOLDER).write_text("pas un dossier\n", encoding="utf-8")
    result = built(site, "public", tmp_path)
    assert f"note: the build cache cannot be used ({CACHE_FOLDER} is not a folder)" in result.err
    assert (site / CACHE_FOLDER).read_text(encoding="utf-8") == "pas un dossier\n"
    same_as_fresh(site, tmp_path)


def _gone_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return int(done.stdout)


def test_a_save_cut_short_leaves_nothing_behind_after_the_next_build(
    make_site: Site, tmp_path: Path
) -> None:
    site = make_site(FILES)
    built(site, "public", tmp_path)
    cut = site / CACHE_FOLDER / f"{RECORD}.{_gone_pid()}.tmp"  # a build killed while saving
    cut.write_bytes(b"\x80\x05 half a record")
    result = built(site, "public", tmp_path)
    assert not cut.exists()
    assert "Nothing changed" in result.out  # the record it did not replace still stands


def test_a_build_leaves_alone_the_record_another_build_is_saving(
    make_site: Site, tmp_path: Path
) -> None:
    """The dev server and a command line build at once: one's temporary is not the other's."""
    site = make_site(FILES)
    built(site, "public", tmp_path)
    saving = site / CACHE_FOLDER / f"{RECORD}.{os.getpid()}.tmp"  # this test's: it runs
    saving.write_bytes(b"\x80\x05 half a record")
    built(site, "public", tmp_path, process=True)  # a build of another process
    assert saving.read_bytes() == b"\x80\x05 half a record"


def test_clean_deletes_a_cache_link_not_what_it_leads_to(make_site: Site, tmp_path: Path) -> None:
    site = make_site(FILES)
    out = outside(tmp_path)
    before = tree(out)
    os.symlink(out, site / CACHE_FOLDER)
    result = sitegen("clean", "--source", site)
    assert result.code == 0, result.err
    assert not (site / CACHE_FOLDER).is_symlink()
    assert tree(out) == before
