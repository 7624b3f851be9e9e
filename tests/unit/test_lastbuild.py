"""What a build with nothing changed asks of the file system: a stat of each input and of
each file it wrote, never a read, and still every change is seen."""

from __future__ import annotations

import os
import time
from importlib.metadata import version
from pathlib import Path

import pytest

from sitegen.settings.config import load_config
from sitegen.state import cache, database, lastbuild, stamps
from sitegen.state.pagerows import PageKeys
from sitegen.state.stamps import Known


@pytest.fixture
def blog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A blog whose files all count as settled: the build runs long after they were written."""
    monkeypatch.setattr(stamps, "RACY_NS", -3600 * 10**9)
    (tmp_path / "sitegen.yaml").write_text("title: Carnet\n", encoding="utf-8")
    posts = tmp_path / "content/posts"
    posts.mkdir(parents=True)
    for day in (1, 2, 3):
        (posts / f"2026-03-0{day}-jour.md").write_text(f"# Jour {day}\n", encoding="utf-8")
    return tmp_path


def _digest(root: Path, known: Known) -> tuple[str, Known]:
    inputs = lastbuild.input_digest(load_config(root), [root / "content"], [], known)
    return inputs.digest, inputs.read


def test_inputs_as_they_were_read_are_not_read_again(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, known = _digest(blog, {})
    assert len(known) == 3

    def refused(*args: object) -> None:
        raise AssertionError(f"read again: {args[0]}")

    monkeypatch.setattr(lastbuild, "read_file", refused)
    assert _digest(blog, known) == (first, known)


def test_an_input_rewritten_with_its_size_and_time_kept_changes_the_digest(blog: Path) -> None:
    first, known = _digest(blog, {})
    post = blog / "content/posts/2026-03-02-jour.md"
    info = post.stat()
    post.write_text("# Jour 9\n", encoding="utf-8")  # same size
    os.utime(post, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert post.stat().st_size == info.st_size
    assert _digest(blog, known)[0] != first
    assert _digest(blog, known)[0] == _digest(blog, {})[0]


def test_an_input_added_or_removed_changes_the_digest(blog: Path) -> None:
    first, known = _digest(blog, {})
    extra = blog / "content/posts/2026-03-04-jour.md"
    extra.write_text("# Jour 4\n", encoding="utf-8")
    added = _digest(blog, known)[0]
    extra.unlink()
    assert first != added and _digest(blog, known)[0] == first


def test_an_input_changed_just_before_it_was_read_is_read_again(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stamps, "RACY_NS", 3600 * 10**9)  # every file is recent
    first, known = _digest(blog, {})
    assert len(known) == 3 and {stat for stat, _, _ in known.values()} == {lastbuild.UNSETTLED}
    reads: list[Path] = []
    reading = lastbuild.read_file  # type: ignore[attr-defined]

    def counted(path: Path, *args: object) -> object:
        reads.append(path)
        return reading(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(lastbuild, "read_file", counted)
    assert _digest(blog, known)[0] == first and len(reads) == 3


def _site(out: Path) -> lastbuild.Written:
    for path in ("index.html", "2026/03/jour/index.html", "2026/03/nuit/index.html"):
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_text(f"<p>{path}</p>", encoding="utf-8")
    return lastbuild.written(out)


def test_an_output_as_listed_passes_without_a_listing_of_its_folders(tmp_path: Path) -> None:
    listing = _site(tmp_path)
    assert "2026/03/" in listing and "2026/03/jour/index.html" in listing
    assert lastbuild.as_listed(tmp_path, listing)


def test_an_output_file_edited_with_its_size_and_time_kept_is_seen(tmp_path: Path) -> None:
    listing = _site(tmp_path)
    page = tmp_path / "2026/03/jour/index.html"
    info = page.stat()
    _past(info.st_ctime_ns)
    page.write_text("<p>2026/03/JOUR/index.html</p>", encoding="utf-8")
    os.utime(page, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert not lastbuild.as_listed(tmp_path, listing)


def _past(ns: int) -> None:
    """Wait until the clock file systems stamp files with (a coarse one) is past `ns`: a
    change made then gets a later change time."""
    clock = getattr(time, "CLOCK_REALTIME_COARSE", time.CLOCK_REALTIME)
    while time.clock_gettime_ns(clock) <= ns:
        time.sleep(0.001)


@pytest.mark.parametrize("name", ["2026/03/jour/extra.html", "2026/03/jour/.git/HEAD", "a.html"])
def test_a_name_added_deep_in_the_output_is_seen(tmp_path: Path, name: str) -> None:
    listing = _site(tmp_path)
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_text("ajouté", encoding="utf-8")
    assert not lastbuild.as_listed(tmp_path, listing)


def test_a_file_removed_from_the_output_is_seen(tmp_path: Path) -> None:
    listing = _site(tmp_path)
    (tmp_path / "2026/03/nuit/index.html").unlink()
    assert not lastbuild.as_listed(tmp_path, listing)
    assert not lastbuild.as_listed(tmp_path / "ailleurs", listing)


def test_the_libraries_versions_are_those_python_reports() -> None:
    """The code's stamp reads each library's version from its `.dist-info` folder's name."""
    names = cache._LIBRARIES
    assert cache._versions() == [version(name) for name in names]


def _record(written: lastbuild.Written, read: Known, digest: str) -> lastbuild.LastBuild:
    return lastbuild.LastBuild(digest, "/tmp/public", written, read)


FIRST = _record(
    {"": (1, 2, 3), "a/": (4, 5, 6), "a/index.html": (7, 8, 9), "b.html": (1, 1, 1)},
    {"content/un.md": ((1, 2, 3, 4, 5), "", "k1"), "content/deux.md": ((6, 7, 8, 9, 1), "", "k2")},
    "premier",
)
FIRST_PAGES: PageKeys = {
    "a/index.html": ("p1", ("billets/un.md",), 2),
    "b.html": ("p2", (), -1),
}
SECOND = _record(
    {"": (1, 2, 4), "a/": (4, 5, 6), "a/index.html": (7, 8, 10), "c.html": (2, 2, 2)},
    {"content/un.md": ((1, 2, 3, 4, 5), "", "k1"), "content/trois.md": ((2, 3, 4, 5, 6), "", "k3")},
    "second",
)
SECOND_PAGES: PageKeys = {
    "a/index.html": ("p1", ("billets/un.md", "billets/trois.md"), 3),
    "c.html": ("p3", ("",), 0),
}


def _stored(root: Path) -> tuple[lastbuild.LastBuild | None, PageKeys | None]:
    return lastbuild.load(root), lastbuild.page_keys(root)


def test_a_record_saved_after_another_holds_its_own_rows_only(tmp_path: Path) -> None:
    lastbuild.save(tmp_path, FIRST, FIRST_PAGES)
    assert _stored(tmp_path) == (FIRST, FIRST_PAGES)
    lastbuild.save(tmp_path, SECOND, SECOND_PAGES, (FIRST, FIRST_PAGES))
    assert _stored(tmp_path) == (SECOND, SECOND_PAGES)


def test_a_record_saved_after_another_build_wrote_meanwhile_is_written_whole(
    tmp_path: Path,
) -> None:
    """Only the rows that differ from the record a build read are written, and only while the
    file still holds that record: here another build replaced it in between."""
    lastbuild.save(tmp_path, FIRST, FIRST_PAGES)
    other = _record({"autre.html": (3, 3, 3)}, {"content/x.md": ((0, 0, 0, 0, 0), "", "x")}, "x")
    lastbuild.save(tmp_path, other, {"autre.html": ("p9", (), 1)})
    lastbuild.save(tmp_path, SECOND, SECOND_PAGES, (FIRST, FIRST_PAGES))
    assert _stored(tmp_path) == (SECOND, SECOND_PAGES)


def test_a_record_another_build_saves_after_the_file_was_checked_is_the_one_read(
    tmp_path: Path,
) -> None:
    """The record decoded to check the file is read again through the same connection
    without its bytes, unless a build wrote meanwhile: then the new record is read."""
    lastbuild.save(tmp_path, FIRST, FIRST_PAGES)
    database._CHECKED.clear()  # as a new process: the file is checked whole, the record decoded
    with lastbuild.opened(tmp_path) as db:
        assert db is not None
        lastbuild.save(tmp_path, SECOND, SECOND_PAGES)  # another build's connection
        assert lastbuild._read(db) == SECOND
    database._CHECKED.clear()
    with lastbuild.opened(tmp_path) as db:
        assert db is not None and lastbuild._read(db) == SECOND
