"""`--force` deletes only what sitegen wrote: never a repository, never a file of the user's,
at any depth of the output folder."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen.project.paths import MARKER
from tests.conftest import Run, parse_html, post, sitegen, text_of, write_files

Site = Callable[..., Path]
FILES: dict[str, str | bytes] = {
    "content/posts/2026-01-10-un.md": post("Un", date="2026-01-10", body="Premier jet."),
    "content/pages/a-propos.md": post("À propos"),
}


def tree(folder: Path) -> dict[str, bytes | None]:
    return {p.relative_to(folder).as_posix(): None if p.is_dir() else p.read_bytes()
            for p in sorted(folder.rglob("*"))}  # fmt: skip


def build(site: Path, out: Path, *args: str) -> Run:
    return sitegen("build", "--source", site, "--output", out, *args)


def refused(result: Run, out: Path, what: str) -> None:
    assert result.code == 2, result.err
    said = rf"^error: {re.escape(str(out.resolve()))}: refusing to write the site there: {what}"
    assert re.search(said, result.err, re.M), result.err


@pytest.mark.parametrize(
    ("mine", "what"),
    [
        ({"sub/.git/HEAD": "ref: refs/heads/main\n"}, r"it holds a git repository \(`sub/\.git`\)"),
        ({"a/b/.git": "gitdir: ../../.git/modules/b\n"}, r"it holds a git repository"),
        ({"a/b/c/notes.txt": "mes notes\n"}, r"it holds files sitegen did not write"),
    ],
)
@pytest.mark.parametrize("written_before", [False, True])
def test_force_refuses_a_folder_holding_what_sitegen_did_not_write(
    make_site: Site, tmp_path: Path, mine: dict[str, str | bytes], what: str, written_before: bool
) -> None:
    site = make_site(FILES)
    out = tmp_path / "dir"
    if written_before:
        assert build(site, out).code == 0
    write_files(out, mine)
    before = tree(out)
    result = build(site, out, "--force")
    refused(result, out, what)
    assert "choose another --output" in result.err
    assert tree(out) == before


def test_force_over_a_folder_sitegen_wrote_rebuilds_it(make_site: Site, tmp_path: Path) -> None:
    site = make_site(FILES)
    out = tmp_path / "dir"
    assert build(site, out).code == 0
    write_files(site, {"content/posts/2026-01-10-un.md": post("Un", date="2026-01-10")})
    assert build(site, out, "--force").code == 0
    (out / MARKER).unlink()  # lost, say by a copy that skips dot files
    write_files(
        site, {"content/posts/2026-01-10-un.md": post("Un", date="2026-01-10", body="Fin.")}
    )
    refused(build(site, out), out, r"it lost its \.sitegen-output .* use --force")
    result = build(site, out, "--force")
    assert result.code == 0, result.err
    assert (out / MARKER).is_file()
    paragraphs = parse_html(out / "2026/01/un/index.html").iterfind(".//main//p")
    assert "Fin." in [text_of(p) for p in paragraphs]


def test_force_without_the_cache_still_knows_what_sitegen_wrote(
    make_site: Site, tmp_path: Path
) -> None:
    """`--no-cache` reuses no result, but the last build's record still says which files are
    sitegen's: with `--force`, a folder it wrote whole is taken back, a file of the user's is
    still refused."""
    site = make_site(FILES)
    out = tmp_path / "dir"
    assert build(site, out).code == 0
    (out / MARKER).unlink()
    write_files(
        site, {"content/posts/2026-01-10-un.md": post("Un", date="2026-01-10", body="Fin.")}
    )
    result = build(site, out, "--force", "--no-cache")
    assert result.code == 0, result.err
    assert (out / MARKER).is_file()
    paragraphs = parse_html(out / "2026/01/un/index.html").iterfind(".//main//p")
    assert "Fin." in [text_of(p) for p in paragraphs]
    assert build(site, out).code == 0  # the record lists the files as they are now
    (out / MARKER).unlink()
    write_files(out, {"notes.txt": "mes notes\n"})
    refused(build(site, out, "--force", "--no-cache"), out, r".* such as `notes\.txt`")
