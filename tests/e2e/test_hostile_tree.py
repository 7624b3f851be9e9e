"""A hostile blog tree: links out of the project, link loops, pipes, sockets, a link to
`/dev/zero` and files too large to read. Nothing outside the project is published or
copied, nothing hangs, nothing is read whole past its limit: each is said at its path.

The builds a regression could hang on (a pipe, a loop) or read without end (`/dev/zero`, a
file too large) run as a subprocess with a time limit (a hang fails the test instead of
blocking the suite) and a memory limit (reading `/dev/zero` fails fast instead of filling
the machine's memory); the others run in the test's process.
"""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import conftest
from tests.conftest import DEFAULT_CONFIG, Run, elements, parse_html, post, text_of, write_files

SECRET = "MOT-DE-PASSE-DE-LA-CAVE-4721"
"""What the file outside the project says: it must never reach an output file."""
TIMEOUT = 90
MEMORY = 3 * 1024**3


def build(site: Path, out: Path, contained: bool = False) -> Run:
    """`contained`: in a process of its own, within TIMEOUT and MEMORY."""
    args = ("build", "--source", site, "--output", out)
    if contained:
        return conftest.sitegen(*args, process=True, timeout=TIMEOUT, memory=MEMORY)
    return conftest.sitegen(*args)


_SAID = re.compile(
    r"^(?P<path>\S[^:]*)(?::\d+:\d+)?: (?P<warning>warning: )?(?P<message>.*)$", re.M
)
"""`path:line:col: message`, or `path: message` for what is said of a whole file."""


def said(result: Run, rel: str) -> list[str]:
    """The messages (`warning: …` for a warning) about `rel`, a path inside the tree."""
    return [
        f"{m['warning'] or ''}{m['message']}"
        for m in _SAID.finditer(result.err)
        if m["path"] == rel or m["path"].endswith("/" + rel)
    ]


def files_under(folder: Path) -> Iterator[Path]:
    for here, _, names in os.walk(folder):
        yield from (Path(here, name) for name in names)


def leaks(folder: Path) -> list[str]:
    """The files under `folder` that hold the secret."""
    return [str(p) for p in files_under(folder) if SECRET.encode() in p.read_bytes()]


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the site, with a secret file: what a link out would publish."""
    write_files(tmp_path / "dehors", {"secret.txt": SECRET + "\n", "note.md": post(SECRET)})
    return tmp_path / "dehors"


def site(tmp_path: Path, files: dict[str, str | bytes] | None = None) -> Path:
    root = tmp_path / "site"
    posts = {"content/posts/2026-01-15-essai.md": post("Un essai", body="Le modèle répond.")}
    write_files(root, {"sitegen.yaml": DEFAULT_CONFIG, **posts, **(files or {})})
    return root


def titles(out: Path) -> list[str]:
    home = parse_html(out / "index.html")
    return [text_of(a) for a in elements(home, "//h2[@class='post-card-title']/a")]


# ------------------------------------------------------------------ links out of the project


def test_a_template_linked_out_of_the_project_is_not_published(
    tmp_path: Path, outside: Path
) -> None:
    root = site(tmp_path)
    (root / "templates").mkdir()
    (root / "templates/base.html").symlink_to(outside / "secret.txt")
    result = build(root, tmp_path / "out")
    assert result.code == 0, result.err
    assert said(result, "templates/base.html") == [
        "warning: symbolic link to a place outside the project: not read"
    ]
    assert leaks(tmp_path / "out") == []
    assert titles(tmp_path / "out") == ["Un essai"]  # the theme's own base.html


def test_a_static_folder_linked_out_of_the_project_is_not_copied(
    tmp_path: Path, outside: Path
) -> None:
    root = site(tmp_path, {"images/logo.png": b"\x89PNG logo"})
    (root / "static").symlink_to(outside, target_is_directory=True)
    result = build(root, tmp_path / "out")
    assert result.code == 0, result.err
    assert said(result, "static") == [
        "warning: symbolic link to a place outside the project: not copied"
    ]
    assert leaks(tmp_path / "out") == []


def test_links_inside_the_project_are_followed(tmp_path: Path) -> None:
    """A file linked from elsewhere in the project is published, as it always was."""
    draft = post("Lié", date="2026-01-16", body="Écrit ailleurs dans le projet.")
    root = site(tmp_path, {"images/logo.png": b"\x89PNG logo", "brouillons/lie.md": draft})
    (root / "static").mkdir()
    (root / "static/logo.png").symlink_to("../images/logo.png")
    (root / "content/posts/2026-01-16-lie.md").symlink_to("../../brouillons/lie.md")
    result = build(root, tmp_path / "out")
    assert result.code == 0, result.err
    assert (tmp_path / "out/logo.png").read_bytes() == b"\x89PNG logo"
    assert titles(tmp_path / "out") == ["Lié", "Un essai"]
    assert "symbolic link" not in result.err


def jekyll(tmp_path: Path, outside: Path) -> Path:
    """A Jekyll tree whose root links to a folder outside it."""
    root = tmp_path / "jekyll"
    essai = "---\ntitle: Premier essai\n---\nLe petit modèle répond.\n"
    write_files(root, {"_config.yml": "title: Carnet\nlang: fr\n", "_posts/2024-05-01-e.md": essai})
    (root / "documents").symlink_to(outside, target_is_directory=True)
    return root


def test_a_jekyll_root_link_out_is_not_published(tmp_path: Path, outside: Path) -> None:
    root = jekyll(tmp_path, outside)
    result = build(root, tmp_path / "out")
    assert result.code == 0, result.err
    assert said(result, "documents") == [
        "warning: symbolic link to a place outside the project: not followed"
    ]
    assert leaks(tmp_path / "out") == []
    assert not (tmp_path / "out/documents").exists()


def test_a_jekyll_root_link_out_is_not_imported(tmp_path: Path, outside: Path) -> None:
    root = jekyll(tmp_path, outside)
    result = conftest.sitegen("import", "jekyll", root, "--source", tmp_path / "neuf")
    assert result.code == 0, result.err
    assert leaks(tmp_path / "neuf") == []
    assert (tmp_path / "neuf/content/posts").is_dir()


def test_a_jekyll_include_linked_out_is_not_read(tmp_path: Path, outside: Path) -> None:
    root = jekyll(tmp_path, outside)
    write_files(
        root, {"_posts/2024-05-02-inclus.md": "---\ntitle: Inclus\n---\n{% include note.html %}\n"}
    )
    (root / "_includes").mkdir()
    (root / "_includes/note.html").symlink_to(outside / "secret.txt")
    result = build(root, tmp_path / "out")
    assert result.code == 0, result.err
    assert said(result, "_posts/2024-05-02-inclus.md") == [
        "warning: Liquid include `note.html`: symbolic link to a place outside the project: "
        "left out"
    ]
    assert leaks(tmp_path / "out") == []


def hugo(tmp_path: Path, outside: Path) -> Path:
    """A Hugo tree whose static folder and a post's folder are links out of it."""
    root = tmp_path / "hugo"
    note = "---\ntitle: Une note\ndate: 2024-05-01\n---\nLe modèle répond.\n"
    write_files(root, {"hugo.toml": 'title = "Notes"\n', "content/posts/note.md": note})
    (root / "static").symlink_to(outside, target_is_directory=True)
    (root / "content/posts/dehors").symlink_to(outside, target_is_directory=True)
    return root


def test_a_hugo_tree_linked_out_is_not_published(tmp_path: Path, outside: Path) -> None:
    root = hugo(tmp_path, outside)
    result = build(root, tmp_path / "out")
    assert result.code == 0, result.err
    assert said(result, "static") == [
        "warning: symbolic link to a place outside the project: not copied"
    ]
    assert said(result, "content/posts/dehors") == [
        "warning: symbolic link to a place outside the project: not followed"
    ]
    assert leaks(tmp_path / "out") == []


def test_a_hugo_content_folder_linked_out_is_said_once(tmp_path: Path, outside: Path) -> None:
    root = tmp_path / "hugo"
    write_files(root, {"hugo.toml": 'title = "Notes"\n'})
    (root / "content").symlink_to(outside, target_is_directory=True)
    result = build(root, tmp_path / "out")
    assert result.code == 0, result.err
    assert said(result, "content") == [
        "warning: symbolic link to a place outside the project: not followed"
    ]
    assert leaks(tmp_path / "out") == []


def test_a_hugo_tree_linked_out_is_not_imported(tmp_path: Path, outside: Path) -> None:
    root = hugo(tmp_path, outside)
    result = conftest.sitegen("import", "hugo", root, "--source", tmp_path / "neuf")
    assert result.code == 0, result.err
    assert leaks(tmp_path / "neuf") == []
    assert (tmp_path / "neuf/content/posts").is_dir()


# ------------------------------------------------------------------ loops


def test_link_loops_are_warnings(tmp_path: Path) -> None:
    root = site(tmp_path, {"static/ok.txt": "public\n"})
    (root / "static/boucle").symlink_to("boucle")
    (root / "static/parent").symlink_to("..", target_is_directory=True)
    (root / "content/posts/2026-01-16-a.md").symlink_to("2026-01-16-b.md")
    (root / "content/posts/2026-01-16-b.md").symlink_to("2026-01-16-a.md")
    (root / "content/posts/ici").symlink_to(".", target_is_directory=True)
    result = build(root, tmp_path / "out", contained=True)
    assert result.code == 0, result.err
    loops = {
        "static/boucle": "not copied",
        "static/parent": "not copied",
        "content/posts/2026-01-16-a.md": "not followed",
        "content/posts/2026-01-16-b.md": "not followed",
        "content/posts/ici": "not followed",
    }
    for rel, left_out in loops.items():
        assert said(result, rel) == [f"warning: symbolic link loop: {left_out}"], rel
    assert (tmp_path / "out/ok.txt").read_text() == "public\n"
    assert titles(tmp_path / "out") == ["Un essai"]


def test_a_jekyll_tree_with_loops_is_built(tmp_path: Path, outside: Path) -> None:
    root = jekyll(tmp_path, outside)
    (root / "encore").symlink_to(".", target_is_directory=True)
    (root / "_posts/2024-05-02-a.md").symlink_to("2024-05-02-b.md")
    (root / "_posts/2024-05-02-b.md").symlink_to("2024-05-02-a.md")
    result = build(root, tmp_path / "out", contained=True)
    assert result.code == 0, result.err
    assert said(result, "encore") == ["warning: symbolic link loop: not followed"]
    assert said(result, "_posts/2024-05-02-a.md") == ["warning: symbolic link loop: not followed"]
    assert not (tmp_path / "out/encore").exists()


# ------------------------------------------------------------------ what is not a file


def test_pipes_and_sockets_are_never_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = site(tmp_path, {"static/ok.txt": "public\n", "templates/.garde": ""})
    pipes = ["content/posts/2026-01-17-tube.md", "static/tube.txt", "templates/post.html"]
    for rel in pipes:
        os.mkfifo(root / rel)
    with socket.socket(socket.AF_UNIX) as listening:
        with monkeypatch.context() as here:  # a socket's address is short: a relative one
            here.chdir(root / "static")
            listening.bind("prise")
        result = build(root, tmp_path / "out", contained=True)
    assert result.code == 0, result.err
    for rel in [*pipes, "static/prise"]:
        found = said(result, rel)
        assert len(found) == 1 and "not a regular file" in found[0], (rel, result.err)
    assert (tmp_path / "out/ok.txt").read_text() == "public\n"
    assert titles(tmp_path / "out") == ["Un essai"]


def test_a_post_linked_to_dev_zero_is_not_read(tmp_path: Path) -> None:
    """Reading it whole, the digest of the inputs once ran the machine out of memory."""
    root = site(tmp_path)
    (root / "content/posts/2026-01-18-zero.md").symlink_to("/dev/zero")
    result = build(root, tmp_path / "out", contained=True)
    assert result.code == 0, result.err
    assert said(result, "content/posts/2026-01-18-zero.md") == [
        "warning: symbolic link to a place outside the project: not followed"
    ]


def test_pipes_in_a_jekyll_tree_are_never_opened(tmp_path: Path, outside: Path) -> None:
    root = jekyll(tmp_path, outside)
    write_files(root, {"_includes/.garde": ""})
    for rel in ("_posts/2024-05-03-tube.md", "_includes/tube.html", "assets/tube.css"):
        (root / rel).parent.mkdir(exist_ok=True)
        os.mkfifo(root / rel)
    result = build(root, tmp_path / "out", contained=True)
    assert result.code == 0, result.err
    for rel in ("_posts/2024-05-03-tube.md", "assets/tube.css"):
        found = said(result, rel)
        assert len(found) == 1 and "not a regular file" in found[0], (rel, result.err)


# ------------------------------------------------------------------ too large


def sparse(path: Path, size: int) -> None:
    """A file of `size` bytes that takes no room on the disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        file.truncate(size)


def test_files_over_their_limit_are_refused(tmp_path: Path) -> None:
    root = site(tmp_path)
    sparse(root / "content/posts/2026-01-19-enorme.md", 21 * 1024 * 1024)
    sparse(root / "templates/post.html", 25 * 1024 * 1024)
    sparse(root / "static/video.mp4", 600 * 1024 * 1024)
    result = build(root, tmp_path / "out", contained=True)
    assert result.code == 1, result.err
    assert said(result, "content/posts/2026-01-19-enorme.md") == [
        "cannot read the file (the file is 21 MB, more than the 20 MB sitegen reads)"
    ]
    assert said(result, "templates/post.html") == [
        "template not read: the file is 25 MB, more than the 20 MB sitegen reads"
    ]
    assert said(result, "static/video.mp4") == [
        "cannot copy the file: the file is 600 MB, more than the 512 MB sitegen reads"
    ]


def test_settings_over_the_limit_are_refused(tmp_path: Path) -> None:
    root = site(tmp_path)
    with (root / "sitegen.yaml").open("ab") as file:
        file.truncate(21 * 1024 * 1024)
    result = build(root, tmp_path / "out", contained=True)
    assert result.code == 2, result.err
    assert re.search(
        r"^error: \S*sitegen\.yaml: cannot read the configuration "
        r"\(the file is 21 MB, more than the 20 MB sitegen reads\)$",
        result.err,
        re.M,
    ), result.err
