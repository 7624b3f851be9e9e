"""The output folder is replaced atomically, and only when that is safe."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sitegen.config import load_config
from sitegen.errors import OutputError, Problems
from sitegen.output import MARKER, OutputFile, check_files, check_output_dir, write_site


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_write_replaces_the_whole_folder(tmp_path: Path) -> None:
    out = tmp_path / "public"
    write_site([OutputFile("old.html", b"old", "t"), OutputFile("a/b.html", b"1", "t")], out)
    write_site([OutputFile("a/b.html", b"2", "t")], out)
    assert snapshot(out) == {"a/b.html": b"2", MARKER: (out / MARKER).read_bytes()}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_a_failure_while_writing_leaves_the_previous_site(tmp_path: Path) -> None:
    out = tmp_path / "public"
    write_site([OutputFile("index.html", b"v1", "t")], out)
    before = snapshot(out)

    def files() -> Iterator[OutputFile]:
        yield OutputFile("index.html", b"v2", "t")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_site(files(), out)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_a_build_cut_between_the_two_renames_is_recovered(tmp_path: Path) -> None:
    out = tmp_path / "public"
    write_site([OutputFile("index.html", b"v1", "t")], out)
    out.rename(tmp_path / ".public.sitegen-old")
    write_site([OutputFile("index.html", b"v2", "t")], out)
    assert (out / "index.html").read_bytes() == b"v2"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_collisions_name_both_sources() -> None:
    problems = Problems()
    check_files(
        [
            OutputFile("a/index.html", b"", "content/posts/a.md"),
            OutputFile("a/index.html", b"", "content/posts/b.md"),
            OutputFile("IA/index.html", b"", "content/posts/c.md"),
            OutputFile("ia/index.html", b"", "content/posts/d.md"),
            OutputFile("../x", b"", "content/posts/e.md"),
        ],
        problems,
    )
    messages = [(e.path, e.message) for e in problems.errors]
    assert (
        "content/posts/b.md",
        "`a/index.html` is also written by content/posts/a.md",
    ) in messages
    assert any(p == "content/posts/d.md" and "only in case" in m for p, m in messages)
    assert any(p == "content/posts/e.md" and "leaves the site" in m for p, m in messages)


@pytest.mark.parametrize(
    ("output", "reason"),
    [
        (".", "holds the blog's sources"),
        ("..", "holds the blog's sources"),
        ("content", "inside the blog's content"),
        ("content/public", "inside the blog's content"),
        ("/", "root or home"),
        ("~", "root or home"),
    ],
)
def test_dangerous_output_folders_are_refused(tmp_path: Path, output: str, reason: str) -> None:
    (tmp_path / "sitegen.yaml").write_text("title: B\n", encoding="utf-8")
    config = load_config(tmp_path, output_dir=output)
    with pytest.raises(OutputError, match=reason):
        check_output_dir(config, force=False)


def test_foreign_folders_need_force(tmp_path: Path) -> None:
    (tmp_path / "sitegen.yaml").write_text("title: B\n", encoding="utf-8")
    (tmp_path / "public").mkdir()
    (tmp_path / "public" / "mine.txt").write_text("x", encoding="utf-8")
    config = load_config(tmp_path)
    with pytest.raises(OutputError, match="did not write"):
        check_output_dir(config, force=False)
    assert check_output_dir(config, force=True) == (tmp_path / "public").resolve()
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    with pytest.raises(OutputError, match="git repository"):
        check_output_dir(load_config(tmp_path, output_dir="repo"), force=True)


def test_a_file_and_a_folder_on_one_path_clash_at_the_authors_file() -> None:
    problems = Problems()
    check_files(
        [
            OutputFile("archives/index.html", b"", "the archives page"),
            OutputFile("archives", b"", "static/archives", line=1),
            OutputFile("404.html", b"", "the 404 page"),
            OutputFile("404.html/index.html", b"", "content/pages/x.md", line=3),
        ],
        problems,
    )
    found = {(e.path, e.line): e for e in problems.errors}
    assert "file vs folder" in found[("static/archives", 1)].message
    assert found[("static/archives", 1)].hint.endswith("choose another file name")
    assert found[("content/pages/x.md", 3)].hint.endswith("choose another `slug`")


@pytest.mark.parametrize("output", [".git", ".git/site", "repo/.git/x"])
def test_nothing_is_ever_written_in_a_git_folder(tmp_path: Path, output: str) -> None:
    (tmp_path / "sitegen.yaml").write_text("title: B\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    with pytest.raises(OutputError, match="git repository"):
        check_output_dir(load_config(tmp_path, output_dir=output), force=True)
