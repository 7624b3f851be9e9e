"""The output folder is replaced atomically, and only when that is safe."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitegen.model import OnDisk, OutputFile
from sitegen.output.clashes import check_files
from sitegen.output.folder import check_output_dir
from sitegen.output.writer import write_site
from sitegen.project.errors import OutputError, Problems
from sitegen.project.paths import MARKER
from sitegen.settings.config import load_config
from sitegen.state.lastbuild import written


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


def test_a_file_kept_elsewhere_is_linked_in_and_a_link_kept_there_never_is(
    tmp_path: Path,
) -> None:
    kept = tmp_path / "kept"
    kept.mkdir()
    (kept / "card.png").write_bytes(b"une carte")
    (tmp_path / "secret").write_bytes(b"secret")
    (kept / "lien.png").symlink_to(tmp_path / "secret")
    out = tmp_path / "public"
    files = [
        OutputFile("a/card.png", OnDisk(str(kept / "card.png")), "t"),
        OutputFile("b/card.png", OnDisk(str(kept / "lien.png")), "t"),
    ]
    write_site(files, out)
    assert (out / "a/card.png").stat().st_ino == (kept / "card.png").stat().st_ino
    assert (out / "a/card.png").read_bytes() == b"une carte"
    assert not (out / "b/card.png").is_symlink()
    assert (out / "b/card.png").stat().st_ino != (tmp_path / "secret").stat().st_ino


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


def test_force_replaces_only_a_folder_whose_every_file_sitegen_wrote(tmp_path: Path) -> None:
    (tmp_path / "sitegen.yaml").write_text("title: B\n", encoding="utf-8")
    out = tmp_path / "public"
    write_site([OutputFile("index.html", b"x", "t"), OutputFile("a/b/c.html", b"y", "t")], out)
    listing = {p.relative_to(out).as_posix(): p.lstat() for p in out.rglob("*") if p.is_file()}
    wrote = {name: (i.st_size, i.st_mtime_ns, i.st_ctime_ns) for name, i in listing.items()}
    (out / MARKER).unlink()
    config = load_config(tmp_path)
    with pytest.raises(OutputError, match=r"lost its \.sitegen-output.*use --force"):
        check_output_dir(config, force=False, wrote=lambda _: wrote)
    assert check_output_dir(config, force=True, wrote=lambda _: wrote) == out.resolve()
    (out / "a/b/mine.txt").write_text("à moi", encoding="utf-8")
    for force in (False, True):
        with pytest.raises(OutputError, match=r"did not write, such as `a/b/mine\.txt`"):
            check_output_dir(config, force=force, wrote=lambda _: wrote)
    (out / "a/b/mine.txt").unlink()
    (out / "index.html").write_bytes(b"z")  # edited: no longer the file sitegen wrote
    with pytest.raises(OutputError, match=r"such as `index\.html`"):
        check_output_dir(config, force=True, wrote=lambda _: wrote)


@pytest.mark.parametrize("repository", ["sub/.git/HEAD", "a/b/c/.git"])  # a folder, a file
def test_a_git_repository_at_any_depth_is_never_replaced(tmp_path: Path, repository: str) -> None:
    (tmp_path / "sitegen.yaml").write_text("title: B\n", encoding="utf-8")
    out = tmp_path / "public"
    write_site([OutputFile("a/index.html", b"x", "t")], out)
    target = out / repository
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("gitdir: ../.git/modules/public\n", encoding="utf-8")
    for force in (False, True):
        with pytest.raises(OutputError, match="holds a git repository"):
            check_output_dir(load_config(tmp_path), force=force)


@pytest.mark.parametrize("repository", ["sub/.git/HEAD", "a/b/.git/HEAD", "a/b/.git"])
def test_a_repository_made_since_the_last_build_listed_the_folder_is_found(
    tmp_path: Path, repository: str
) -> None:
    """The listing spares the deep walk only while every folder is as it was listed: a name
    made in one changes its change time, even if its modification time is set back."""
    (tmp_path / "sitegen.yaml").write_text("title: B\n", encoding="utf-8")
    out = tmp_path / "public"
    write_site([OutputFile("index.html", b"x", "t"), OutputFile("a/b/c.html", b"y", "t")], out)
    listed = written(out)
    config = load_config(tmp_path)
    assert check_output_dir(config, force=False, wrote=lambda _: listed) == out.resolve()
    folders = {p: p.stat() for p in (out, out / "a", out / "a/b")}
    target = out / repository
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("ref: refs/heads/main\n", encoding="utf-8")
    for folder, info in folders.items():  # as `touch -d` can
        os.utime(folder, ns=(info.st_atime_ns, info.st_mtime_ns))
    with pytest.raises(OutputError, match="holds a git repository"):
        check_output_dir(config, force=False, wrote=lambda _: listed)


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
