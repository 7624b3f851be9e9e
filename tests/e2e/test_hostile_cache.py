"""A `.sitegen-cache/` that came with the blog's tree is as untrusted as the tree: what it
holds never runs code, never changes the site, never leads a write out of the project."""

from __future__ import annotations

import os
import pickle
import sqlite3
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen.project.paths import MARKER
from sitegen.state.cache import CACHE_FOLDER
from sitegen.state.database import STATE_FILE
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
    """A build whose user's own cache folder is outside the project."""
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
    with sqlite3.connect(cache / STATE_FILE) as db:
        db.execute("UPDATE build SET value = ?", (pickle.dumps(value),))


def _plant_rows(cache: Path, value: object) -> None:
    with sqlite3.connect(cache / STATE_FILE) as db:
        db.execute("UPDATE entries SET value = ?", (pickle.dumps(value),))


def _plant_old_cache(cache: Path, value: object) -> None:
    """The files of an older sitegen, which pickled its cache."""
    (cache / STATE_FILE).unlink()
    (cache / "last-build.pickle").write_bytes(pickle.dumps(value))
    (cache / "last-build.pickle.12.tmp").write_bytes(pickle.dumps(value))
    with sqlite3.connect(cache / "stages.sqlite") as db:
        db.execute("CREATE TABLE entries (stage TEXT, key TEXT, value BLOB)")
        db.execute("INSERT INTO entries VALUES ('markdown', 'k', ?)", (pickle.dumps(value),))


@pytest.mark.parametrize("plant", [_plant_record, _plant_rows, _plant_old_cache])
def test_a_planted_pickle_runs_no_code(
    make_site: Site, tmp_path: Path, plant: Callable[[Path, object], None]
) -> None:
    site = make_site(FILES)
    built(site, "public", tmp_path)
    ran = tmp_path / "ran"
    plant(site / CACHE_FOLDER, _Planted(ran))
    write_files(site, {"content/posts/2026-01-10-un.md": post("Un", date="2026-01-10")})
    result = built(site, "public", tmp_path)
    assert "note: .sitegen-cache/" in result.err and "discarded" in result.err
    assert not ran.exists()
    same_as_fresh(site, tmp_path)


def test_an_older_sitegens_cache_is_removed_by_its_names_only(
    make_site: Site, tmp_path: Path
) -> None:
    site = make_site(FILES)
    cache = site / CACHE_FOLDER
    write_files(cache, {"stages.sqlite-journal": b"", "last-build.pickle": b"\x80\x05",
                        "mes-notes.txt": SECRET})  # fmt: skip
    (cache / "stages.sqlite").mkdir()  # not a file of sitegen's, whatever its name
    result = built(site, "public", tmp_path)
    assert "note: .sitegen-cache/ held an older sitegen's cache: discarded" in result.err
    assert sorted(p.name for p in cache.iterdir()) == sorted(
        # the site's spare copy, and the share cards drawn
        ["mes-notes.txt", "stages.sqlite", STATE_FILE, "site", "cards"]
    )
    assert "note:" not in built(site, "again", tmp_path).err.replace("note: no site search", "")


def test_a_value_of_another_type_is_a_damaged_cache(make_site: Site, tmp_path: Path) -> None:
    """A value that decodes, but not to its row's type (a rendering in a document's row, a
    moment where text goes), is refused like a damaged one: the whole file is discarded."""
    site = make_site(FILES)
    built(site, "public", tmp_path)
    with sqlite3.connect(site / CACHE_FOLDER / STATE_FILE) as db:
        (markdown,) = db.execute("SELECT value FROM entries WHERE stage = 'markdown'").fetchone()
        db.execute("UPDATE entries SET value = ? WHERE stage = 'documents'", (markdown,))
    write_files(site, {"content/pages/a-propos.md": post("À propos, encore")})
    result = built(site, "public", tmp_path)
    assert "note: .sitegen-cache/state.sqlite held a damaged entry: discarded" in result.err
    same_as_fresh(site, tmp_path)


@pytest.mark.parametrize(
    "value",
    [b"\xc1", zlib.compress(b'{"bloc": 3}'), zlib.compress(b"[]")],
    ids=["not compressed", "a number for a block", "a list"],
)
def test_damaged_code_blocks_are_a_damaged_cache(
    make_site: Site, tmp_path: Path, value: bytes
) -> None:
    code = "Du code :\n\n```python\nprint('un')\n```\n"
    site = make_site({**FILES, "content/pages/a-propos.md": post("À propos", body=code)})
    built(site, "public", tmp_path)
    with sqlite3.connect(site / CACHE_FOLDER / STATE_FILE) as db:
        assert db.execute("UPDATE code SET value = ?", (value,)).rowcount == 1
    write_files(site, {"content/pages/a-propos.md": post("À propos", body=code + "\nEncore.")})
    result = built(site, "public", tmp_path)
    assert "note: .sitegen-cache/state.sqlite held a damaged entry: discarded" in result.err
    same_as_fresh(site, tmp_path)


SHOWN_TEXT = '{% extends "base.html" %}{% block main %}{{ page.content }}{% endblock %}\n'


@pytest.mark.parametrize(
    ("table", "change"),
    [
        ("texts", {"templates/post.html": SHOWN_TEXT}),  # every post page shows its text
        ("bodies", {"templates/i18n/fr.yaml": "footnotes_title: Remarques\n"}),  # all rendered
    ],
    ids=["a rendered text", "a document's body"],
)
def test_a_damaged_text_read_by_a_page_fails_one_build_and_is_discarded(
    make_site: Site, tmp_path: Path, table: str, change: dict[str, str]
) -> None:
    """A rendered text is read when a page shows it, and a body when it is rendered again,
    after the build read their rows: a damaged one then stops that build (the site as it
    was), the file is discarded, and the next build is the fresh one."""
    site = make_site(FILES)
    built(site, "public", tmp_path)
    before = tree(site / "public")
    with sqlite3.connect(site / CACHE_FOLDER / STATE_FILE) as db:
        db.execute(f"UPDATE {table} SET value = x'c1'")
    write_files(site, change)
    env = {"SOURCE_DATE_EPOCH": "1780272000", "XDG_CACHE_HOME": str(tmp_path / "user-cache")}
    failed = sitegen("build", "--source", site, "--output", site / "public", env=env)
    assert failed.code == 2 and "internal error" not in failed.err
    assert "it was discarded: build again" in failed.err
    assert tree(site / "public") == before
    assert not (site / CACHE_FOLDER / STATE_FILE).exists()
    built(site, "public", tmp_path)
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


def test_a_cache_in_a_read_only_folder_is_used_and_not_saved(
    make_site: Site, tmp_path: Path
) -> None:
    site = make_site(FILES)
    built(site, "public", tmp_path)
    write_files(site, {"content/posts/2026-01-10-un.md": post("Un", date="2026-01-10")})
    (site / CACHE_FOLDER).chmod(0o555)
    try:
        result = built(site, "public", tmp_path)
    finally:
        (site / CACHE_FOLDER).chmod(0o755)
    if os.geteuid() != 0:  # root writes in any folder
        assert "note: the build cache could not be saved" in result.err
    same_as_fresh(site, tmp_path)


def test_clean_deletes_a_cache_link_not_what_it_leads_to(make_site: Site, tmp_path: Path) -> None:
    site = make_site(FILES)
    out = outside(tmp_path)
    before = tree(out)
    os.symlink(out, site / CACHE_FOLDER)
    result = sitegen("clean", "--source", site)
    assert result.code == 0, result.err
    assert not (site / CACHE_FOLDER).is_symlink()
    assert tree(out) == before
