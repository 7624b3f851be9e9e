"""The one walker and the one reader of a project's files: what they yield, refuse and say."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

import pytest

from sitegen.check.body import read_source
from sitegen.model import Entry, Rendered
from sitegen.project.errors import Problems
from sitegen.project.files import Refused, read_bytes, read_file, read_head, read_text, walk
from sitegen.theme.templates import environment
from tests.conftest import REPO, make_doc

T = TypeVar("T")


def bounded(call: Callable[[], T]) -> T:
    """`call()`, failing instead of hanging when it blocks (as opening a pipe would)."""
    outcome: list[T | BaseException] = []

    def target() -> None:
        try:
            outcome.append(call())
        except BaseException as exc:  # handed to the test below
            outcome.append(exc)

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(20)
    assert outcome, "blocked"
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


def files(
    folder: Path,
    root: Path,
    problems: Problems,
    wanted: Callable[[str], bool] = lambda name: True,
    left_out: str = "not followed",
) -> list[str]:
    walked = walk(folder, root, problems, wanted, left_out=left_out)
    return [(here / n).relative_to(root).as_posix() for here, _, names in walked for n in names]


def said(problems: Problems) -> dict[str, str]:
    return {d.path: d.message for d in problems.items}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "dehors").mkdir()
    (tmp_path / "dehors/secret.txt").write_text("secret")
    root = tmp_path / "site"
    (root / "static/img").mkdir(parents=True)
    (root / "static/b.txt").write_text("b")
    (root / "static/a.txt").write_text("a")
    (root / "static/img/logo.png").write_bytes(b"png")
    return root


def test_regular_files_are_walked_in_order(project: Path) -> None:
    problems = Problems()
    assert files(project / "static", project, problems) == [
        "static/a.txt",
        "static/b.txt",
        "static/img/logo.png",
    ]
    assert problems.items == []


def test_pruned_folders_are_not_walked(project: Path) -> None:
    found = []
    for _, folders, names in walk(project / "static", project, Problems()):
        folders.clear()
        found += names
    assert found == ["a.txt", "b.txt"]


def test_a_link_to_a_file_of_the_project_is_that_file(project: Path) -> None:
    (project / "static/copie.png").symlink_to("img/logo.png")
    assert "static/copie.png" in files(project / "static", project, Problems())


def test_links_out_loops_and_pipes_are_said_and_skipped(project: Path, tmp_path: Path) -> None:
    static = project / "static"
    (static / "secret.txt").symlink_to(tmp_path / "dehors/secret.txt")
    (static / "dehors").symlink_to(tmp_path / "dehors", target_is_directory=True)
    (static / "boucle").symlink_to("boucle")
    (static / "haut").symlink_to("..", target_is_directory=True)
    (static / "casse.png").symlink_to("nulle-part.png")
    os.mkfifo(static / "tube")
    problems = Problems()
    found = files(static, project, problems, left_out="not copied")
    assert found == ["static/a.txt", "static/b.txt", "static/img/logo.png"]
    assert said(problems) == {
        "static/secret.txt": "symbolic link to a place outside the project: not copied",
        "static/dehors": "symbolic link to a place outside the project: not copied",
        "static/boucle": "symbolic link loop: not copied",
        "static/haut": "symbolic link loop: not copied",
        "static/casse.png": "symbolic link to a place that does not exist: not copied",
        "static/tube": "not a regular file (a named pipe): not copied",
    }


def test_a_link_to_a_folder_of_the_project_is_not_walked_into(project: Path) -> None:
    (project / "images").mkdir()
    (project / "images/photo.jpg").write_bytes(b"jpg")
    (project / "static/images").symlink_to("../images", target_is_directory=True)
    problems = Problems()
    assert "static/images/photo.jpg" not in files(project / "static", project, problems)
    assert problems.items == []


def test_only_wanted_names_are_said(project: Path) -> None:
    os.mkfifo(project / "static/tube.md")
    os.mkfifo(project / "static/tube.txt")
    problems = Problems()
    files(project / "static", project, problems, wanted=lambda name: name.endswith(".md"))
    assert list(said(problems)) == ["static/tube.md"]


def test_a_folder_outside_the_project_is_not_walked(project: Path, tmp_path: Path) -> None:
    (project / "public").symlink_to(tmp_path / "dehors", target_is_directory=True)
    problems = Problems()
    assert files(project / "public", project, problems) == []
    assert said(problems) == {
        "public": "symbolic link to a place outside the project: not followed"
    }


def test_a_second_walk_says_nothing_twice(project: Path, tmp_path: Path) -> None:
    (project / "static/secret.txt").symlink_to(tmp_path / "dehors/secret.txt")
    (project / "public").symlink_to(tmp_path / "dehors", target_is_directory=True)
    problems = Problems()
    for left_out in ("not followed", "not copied"):  # a Hugo content folder: posts, then files
        files(project / "static", project, problems, left_out=left_out)
        files(project / "public", project, problems, left_out=left_out)
    assert said(problems) == {
        "static/secret.txt": "symbolic link to a place outside the project: not followed",
        "public": "symbolic link to a place outside the project: not followed",
    }


WALK = """
import sys
from pathlib import Path
from sitegen.project.errors import Problems
from sitegen.project.files import walk
problems = Problems()
for _ in walk(Path(sys.argv[1]), Path(sys.argv[1]), problems):
    pass
print(len(problems.items))
"""


def test_many_broken_links_are_said_in_linear_time(tmp_path: Path) -> None:
    """Each said once, without looking through all those said before: 50 000 broken links
    took minutes that way. Bounded by a child process's generous timeout."""
    count = 50_000
    for n in range(count):
        (tmp_path / f"casse-{n}.png").symlink_to(f"nulle-part-{n}.png")
    walked = subprocess.run(
        [sys.executable, "-c", WALK, str(tmp_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=20,
        check=True,
    )
    assert walked.stdout == f"{count}\n"


def test_a_regular_file_is_read(project: Path) -> None:
    assert read_bytes(project / "static/a.txt") == b"a"
    data, status = read_file(project / "static/img/logo.png")
    assert (data, status.st_size) == (b"png", 3)
    assert read_head(project / "static/img/logo.png", 2) == b"pn"


def test_a_pipe_is_refused_without_blocking(project: Path) -> None:
    os.mkfifo(project / "static/tube")
    with pytest.raises(Refused, match=r"^not a regular file \(a named pipe\)$"):
        bounded(lambda: read_bytes(project / "static/tube"))
    with pytest.raises(Refused, match="not a regular file"):
        bounded(lambda: read_head(project / "static/tube", 4))


def test_a_device_is_refused(project: Path) -> None:
    (project / "static/zero").symlink_to("/dev/zero")
    with pytest.raises(Refused, match=r"^not a regular file \(a device\)$"):
        bounded(lambda: read_bytes(project / "static/zero"))


def test_a_file_over_the_limit_is_refused_before_it_is_read(project: Path) -> None:
    path = project / "static/gros.bin"
    with path.open("wb") as file:
        file.truncate(30 * 1024 * 1024)
    with pytest.raises(Refused) as refused:
        read_bytes(path, limit=20 * 1024 * 1024)
    assert str(refused.value) == "the file is 30 MB, more than the 20 MB sitegen reads"
    assert refused.value.hint
    assert read_bytes(project / "static/a.txt", limit=1) == b"a"


def test_a_named_file_must_lead_inside(project: Path, tmp_path: Path) -> None:
    static = project / "static"
    (static / "secret.txt").symlink_to(tmp_path / "dehors/secret.txt")
    (static / "boucle").symlink_to("boucle")
    (static / "lien.txt").symlink_to("a.txt")
    with pytest.raises(Refused, match="outside the project"):
        read_bytes(static / "secret.txt", inside=project)
    with pytest.raises(Refused, match="loop"):
        read_bytes(static / "boucle", inside=project)
    assert read_bytes(static / "lien.txt", inside=project) == b"a"
    with pytest.raises(FileNotFoundError):
        read_bytes(static / "absent.txt", inside=project)


def test_text_is_utf8_with_editors_line_ends(project: Path) -> None:
    path = project / "static/texte.md"
    path.write_bytes("\ufeffune\r\ndeux\rtrois\n".encode())
    assert read_text(path) == "une\ndeux\ntrois\n"
    path.write_bytes(b"caf\xe9\r\n")
    with pytest.raises(UnicodeDecodeError):
        read_text(path)
    assert read_text(path, errors="replace") == "caf\ufffd\n"


def test_check_reads_a_post_swapped_for_a_pipe_without_blocking(project: Path) -> None:
    """`sitegen check` reads each post again for its lines, after the build read it."""
    os.mkfifo(project / "tube.md")
    doc = make_doc("Du texte.")
    doc = replace(doc, source=replace(doc.source, path=project / "tube.md"))
    entry = Entry(doc, Rendered("", "", False, (), 0, ()), "/x/", "x")
    source = bounded(lambda: read_source(entry))
    assert source.lines[-1] == "Du texte."


def test_templates_linked_out_are_not_listed(project: Path, tmp_path: Path) -> None:
    """Listing the templates (which a page may need) follows the walk's rules too."""
    (project / "templates/partials").mkdir(parents=True)
    (project / "templates/base.html").write_text("{{ title }}")
    (project / "templates/partials/secret.html").symlink_to(tmp_path / "dehors/secret.txt")
    os.mkfifo(project / "templates/tube.html")
    env = environment((project / "templates",), project, Problems())
    assert env.list_templates() == ["base.html"]
