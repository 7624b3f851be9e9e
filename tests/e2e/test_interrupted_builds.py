"""A build killed at any point leaves one whole site, and the next build is right.

`sitegen build` runs in a process of its own under strace, which kills it (SIGKILL: no
handler runs, nothing is cleaned up) on entering one of its file-changing system calls: the
Kth call of one name (a write, a rename, a link, a deletion, a sync), drawn by a seeded random
generator from the calls the last complete build made, any of them or one of those that wrote
the build's state (`.sitegen-cache/`) or renamed a folder. No clock decides where a build
stops, and no assertion depends on where it stopped: after each kill the output folder holds
exactly the last complete site, or exactly the new one when the kill came after the swap,
never a mix nor nothing; then a normal build writes what a `--no-cache` build of a copy of
the sources writes, and leaves nothing of the killed build beside the blog's files.

Between two kills the blog is edited as an author would (a body, a title, tags, a date, a
draft, a translation, a post deleted, renamed or added, a template, a catalog, the settings,
a static file); some kills come in the first build after the state was made, some in the
build that makes it, some in a first build from nothing.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import sitegen as sitegen_package
from tests.conftest import sitegen
from tests.e2e.blog_edits import (
    EDITS,
    STATIC,
    Blog,
    Edit,
    change_a_static_file,
    delete,
    extend_a_text,
    translate_or_untranslate,
)

KILLS = 50
SEED = 21
EPOCH = "1780272000"  # 2026-06-01
STATE = ".sitegen-cache"
TRACED = (
    "write,pwrite64,pwritev,rename,renameat,renameat2,unlink,unlinkat,mkdir,mkdirat,rmdir,"
    "link,linkat,symlink,symlinkat,fsync,fdatasync,ftruncate,truncate"
)
"""The system calls that change files: a kill before one of them is a state a kill at any
other moment also leaves."""
CALL = re.compile(r"^\d+ +(\w+)\((.*)$")
KILLED = -9


@dataclass(frozen=True)
class Call:
    """One traced call: its name, how many calls of that name the process made up to it
    (itself included), and its arguments as strace shows them (paths resolved)."""

    name: str
    nth: int
    args: str

    @property
    def on_state(self) -> bool:
        """It writes the build's state: the cache folder, but for the site kept there."""
        return f"/{STATE}/" in self.args and f"/{STATE}/site" not in self.args


def calls(trace: Path) -> list[Call]:
    seen: Counter[str] = Counter()
    found = []
    for line in trace.read_text(encoding="utf-8", errors="replace").splitlines():
        match = CALL.match(line)
        if match is None:  # a signal, the exit, a call resumed after another thread's
            continue
        name, args = match.groups()
        seen[name] += 1
        found.append(Call(name, seen[name], args))
    return found


@dataclass
class Builds:
    """`sitegen build` of the blog at `root`, in processes of their own under strace."""

    root: Path
    trace: Path
    last: list[Call] = field(default_factory=list)
    """The calls of the last complete build."""

    def run(self, kill_at: Call | None = None) -> tuple[int, str, list[Call]]:
        """Exit code, stderr and calls of a build, killed on entering `kill_at`'s call."""
        inject = []
        if kill_at is not None:
            inject = ["-e", f"inject={kill_at.name}:signal=SIGKILL:when={kill_at.nth}"]
        command = ["strace", "-f", "-qq", "-y", "-o", str(self.trace), "-e", f"trace={TRACED}"]
        done = subprocess.run(
            [*command, *inject, sys.executable, "-m", "sitegen", "build"],
            cwd=self.root,
            env=self.environment(),
            capture_output=True,
            text=True,
            timeout=120,
        )
        made = calls(self.trace)
        if done.returncode == 0:
            self.last = made
        return done.returncode, done.stderr, made

    def environment(self) -> dict[str, str]:
        """sitegen's modules compiled once, in a folder of the test's, before the first build
        (a build that compiles a module writes and renames its file: two builds of the same
        kind would not make the same calls): half of a small build's time is the compiling,
        which a process that may not write beside the modules does every time."""
        env = os.environ | {"SOURCE_DATE_EPOCH": EPOCH}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        compiled = self.trace.parent / "pycache"
        env["PYTHONPYCACHEPREFIX"] = str(compiled)
        if not compiled.exists():  # every module: a build imports some only when it needs them
            package = str(Path(sitegen_package.__file__).parent)
            command = [sys.executable, "-m", "compileall", "-q", package]
            subprocess.run(command, env=env, check=True, timeout=120, capture_output=True)
        return env


def site(folder: Path) -> dict[str, bytes] | None:
    """Every file of a built site and its bytes; None when there is no site."""
    if not folder.is_dir():
        return None
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def fresh(blog: Blog, copy: Path) -> dict[str, bytes]:
    """What `sitegen build --no-cache` writes for a copy of the blog's sources."""
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(blog.root, copy, ignore=shutil.ignore_patterns("public", STATE))
    done = sitegen("build", "--no-cache", cwd=copy, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert done.code == 0, done.err
    found = site(copy / "public")
    assert found is not None
    return found


Target = Callable[[random.Random, list[Call]], Call]


def anywhere(rng: random.Random, made: list[Call]) -> Call:
    return rng.choice(made)


def writing_the_state(rng: random.Random, made: list[Call]) -> Call:
    return rng.choice([call for call in made if call.on_state] or made)


def renaming(rng: random.Random, made: list[Call]) -> Call:
    return rng.choice([call for call in made if call.name.startswith("rename")] or made)


TARGETS: list[Target] = [anywhere, anywhere, writing_the_state, renaming]


@pytest.fixture
def strace() -> None:
    if shutil.which("strace") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("strace is required under CI=true: apt-get install -y strace")
        pytest.skip("strace is not installed (apt-get install -y strace)")


@pytest.mark.usefixtures("strace")
def test_a_build_killed_anywhere_leaves_one_whole_site_and_the_next_build_is_right(
    tmp_path: Path,
) -> None:
    rng = random.Random(SEED)
    blog = Blog.small(tmp_path / "site")
    builds = Builds(blog.root, tmp_path / "trace")
    builds.last = Builds(Blog.small(tmp_path / "measure").root, builds.trace).run()[2]
    previous: dict[str, bytes] | None = None
    landed: Counter[str] = Counter()
    for attempt in range(2 * KILLS):
        kills = landed["killed"]
        if kills == KILLS:
            break
        if kills % 10 == 9:
            shutil.rmtree(blog.root / STATE, ignore_errors=True)  # it makes the state anew
        elif kills == 25 and not landed["cleaned"]:
            assert sitegen("clean", cwd=blog.root).code == 0  # a first build from nothing
            landed["cleaned"], previous = 1, None
        if attempt:
            rng.choice(EDITS)(blog, rng)
        expected = fresh(blog, tmp_path / "fresh")
        target = rng.choice(TARGETS)(rng, builds.last)
        code, err, made = builds.run(kill_at=target)
        left = site(blog.root / "public")
        where = f"attempt {attempt}, killed at {made[-1] if made else 'start'}"
        assert left in (previous, expected), f"{where}: a mix of two sites"
        landed["previous site" if left == previous else "new site"] += 1
        previous = expected
        if code == 0:  # the build ended before the call: the next target is drawn from it
            assert left == expected, f"attempt {attempt}: the build said it succeeded"
            landed["finished"] += 1
            continue
        assert code == KILLED, err
        landed["killed"] += 1
        landed["on the state"] += bool(made) and made[-1].on_state
        if kills % 10 == 4:
            shutil.rmtree(blog.root / STATE)  # the next kill is in the first build after it
        code, err, _ = builds.run()
        assert code == 0, f"attempt {attempt}: the build after the kill failed:\n{err}"
        assert site(blog.root / "public") == expected, f"attempt {attempt}: not the fresh site"
        assert sorted(os.listdir(blog.root)) == blog.listing(), f"attempt {attempt}: leftovers"
    # Where the kills fell, so that the test cannot pass on kills that missed the build.
    assert landed["killed"] == KILLS, landed
    assert landed["previous site"] >= 10 and landed["new site"] >= 10, landed
    assert landed["on the state"] >= 5, landed


@pytest.mark.usefixtures("strace")
@pytest.mark.parametrize("edit", [change_a_static_file, extend_a_text])
def test_a_build_killed_at_each_step_of_the_swap_leaves_a_whole_site(
    tmp_path: Path, edit: Edit
) -> None:
    """Each rename of the output folder or of its siblings, in turn: between two renames a
    site moved away and the new one not yet in place would leave no site at all. A static
    file edited, the whole site is written; a text, the spare is patched (`output/patch.py`)."""
    rng = random.Random(SEED)
    blog = Blog.small(tmp_path / "site")
    builds = Builds(blog.root, tmp_path / "trace")
    assert builds.run()[0] == 0
    previous = site(blog.root / "public")
    edit(blog, rng)
    assert builds.run()[0] == 0  # a build with a site to replace, and one kept to start from
    swap = [c for c in builds.last if c.name.startswith("rename") and "/.public." in c.args]
    assert swap, "the site is written beside the output folder and renamed into it"
    for step in swap:
        previous = site(blog.root / "public")
        edit(blog, rng)
        expected = fresh(blog, tmp_path / "fresh")
        code, err, made = builds.run(kill_at=step)
        assert code == KILLED, f"not killed at {step}: {err}"
        assert site(blog.root / "public") in (previous, expected), f"killed at {made[-1]}"
        assert builds.run()[0] == 0
        assert site(blog.root / "public") == expected


@pytest.mark.usefixtures("strace")
def test_a_build_killed_as_it_deletes_the_replaced_site_leaves_the_next_one_able(
    tmp_path: Path,
) -> None:
    """Without a state folder to keep it in, the replaced site is deleted: a build killed as
    it deletes its last files once left a folder no build could remove nor replace, and every
    later build failed."""
    blog = Blog.small(tmp_path / "site")
    builds = Builds(blog.root, tmp_path / "trace")
    assert builds.run()[0] == 0
    previous = site(blog.root / "public")
    made: list[Call] = []
    for notes in STATIC:  # the same build twice: measured, then killed at the same call
        shutil.rmtree(blog.root / STATE)
        blog.write("static/notes.txt", notes)
        expected = fresh(blog, tmp_path / "fresh")
        if not made:
            assert builds.run()[0] == 0
            made, previous = builds.last, expected
            continue
        deletions = [
            c for c in made if c.name.startswith("unlink") and "AT_REMOVEDIR" not in c.args
        ]
        last = [c for c in deletions if "/.public.sitegen-" in c.args][-1]
        code, err, _ = builds.run(kill_at=last)
        assert code == KILLED, err
        assert site(blog.root / "public") in (previous, expected)
    for _ in range(2):
        code, err, _ = builds.run()
        assert code == 0, err
        assert site(blog.root / "public") == expected
    assert sorted(os.listdir(blog.root)) == blog.listing()


def test_the_edits_go_on_when_no_post_in_french_is_left(tmp_path: Path) -> None:
    """A walk of edits once deleted and renamed every French post: the next edit of
    translations failed on an empty choice instead of editing the blog."""
    blog = Blog.small(tmp_path / "site")
    for name in [name for name in blog.posts if not name.endswith(".en.md")]:
        delete(blog, name)
    translate_or_untranslate(blog, random.Random(SEED))
    assert [name for name in blog.posts if not name.endswith(".en.md")]
