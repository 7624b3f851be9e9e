"""Each tool's dev server on the bench's site: first page served, save to served, peak RSS.

Used by `bench/run.py --serve` on a site it has just built. The server is launched on that
built site; the first page served is the time from the launch to the first HTTP 200 showing
the edited post's title. After one untimed save (the warm-up), the post's Markdown is saved
`EDITS` times, each save appending a sentence with a word never seen before; save to served
is the time from the write to the first response of the post's page that holds that word.
"""

from __future__ import annotations

import html
import http.client
import json
import os
import random
import re
import signal
import socket
import statistics
import string
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from bench.report import read_text
from bench.tools import Tool

SAVES = 10
"""The saves whose times make the median and p90."""
EDITS = 50
"""All the saves of one server's run; its peak RSS is read after SAVES and after EDITS."""
POLL = 0.01
"""Seconds between two requests while waiting for a page: a figure is at most this late, and
the requests take little from the server they time (5 ms made no difference that 600-post
runs could tell from the machine's noise)."""
FIRST_PAGE = 900.0
"""Seconds the first page may take (a server building 10 000 posts from nothing)."""
SAVE_TIMEOUT = 120.0
QUIET = 0.2
"""A server whose CPU time did not move for this long is done with the last save."""
QUIET_AT_MOST = 60.0
TAIL = 15


@dataclass(frozen=True)
class Server:
    """How one tool serves its site, and where the edited post's page is."""

    command: Callable[[Tool, Path, int], list[str]]
    """(the tool, its site, a port) -> the server's command."""
    url: Callable[[Path], str]
    """The post's Markdown file -> its page's path from the site's root."""


def _sitegen_serve(tool: Tool, site: Path, port: int) -> list[str]:
    return [sys.executable, "-m", "sitegen", "serve", "--source", str(site), "--port", str(port)]


def _hugo_server(tool: Tool, site: Path, port: int) -> list[str]:
    # Hugo's defaults are its users' experience: pages rendered to memory, and after a change
    # only the pages a client asked for lately (fast render), the rest when they are asked.
    cache = f"{site}/.hugo-cache"
    binary = tool.command[0]
    return [binary, "server", "--source", str(site), "--cacheDir", cache, "--port", str(port)]


def _sitegen_url(post: Path) -> str:
    """`2020-12-26-slug.md` is served at `2020/12/slug/`."""
    return f"{post.stem[:4]}/{post.stem[5:7]}/{post.stem[11:]}/"


SERVERS = {
    "sitegen": Server(_sitegen_serve, _sitegen_url),
    "hugo": Server(_hugo_server, lambda post: f"posts/{post.stem}/"),
}


@dataclass
class Serving:
    """One tool's server at one size: its figures, or why it failed."""

    tool: str
    posts: int
    first_page: float = 0.0
    saves: list[float] = field(default_factory=list)
    """Seconds from each save to the page showing it, in order (the warm-up left out)."""
    rss_saves_kb: int = 0
    """The server process's peak RSS (VmHWM) after SAVES saves."""
    rss_edits_kb: int = 0
    """The largest peak RSS of the server and the processes it waited for, after EDITS."""
    failure: str = ""

    def median(self) -> float:
        return statistics.median(self.saves[:SAVES])

    def p90(self) -> float:
        return statistics.quantiles(self.saves[:SAVES], n=10, method="inclusive")[-1]


class Failed(Exception):
    """The server exited, or a page did not come in time."""


def time_server(tool: Tool, site: Path, posts: int, post: Path) -> Serving:
    """Launch `tool`'s server on its built `site`, then save `post` EDITS + 1 times."""
    print(f"{tool.name} {posts}: serving", file=sys.stderr, flush=True)
    server = SERVERS[tool.name]
    result = Serving(tool.name, posts)
    title = _title(post)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/{server.url(post)}"
    with tempfile.TemporaryFile() as out, _launched(server.command(tool, site, port), out) as run:
        try:
            result.first_page = _first_page(run, url, title)
            _save(run, post, url)  # warm-up
            for n in range(EDITS):
                result.saves.append(_save(run, post, url))
                if n + 1 == SAVES:
                    result.rss_saves_kb = _hwm_kb(run.pid)
        except Failed as exc:
            out.seek(0)
            lines = out.read().decode("utf-8", "replace").rstrip().splitlines()
            result.failure = "\n".join([str(exc), *lines[-TAIL:]])
            print(f"{tool.name} {posts}: server FAILED: {result.failure}", file=sys.stderr)
    result.rss_edits_kb = run.peak_kb
    return result


@dataclass
class Launched:
    """A running server, reaped (os.wait4) as soon as it is seen to have stopped."""

    pid: int
    peak_kb: int = 0
    """ru_maxrss of the server and the children it waited for, once it has stopped."""
    stopped: bool = False

    def exited(self, flags: int = os.WNOHANG) -> bool:
        if not self.stopped:
            done, _, usage = os.wait4(self.pid, flags)
            self.stopped, self.peak_kb = bool(done), usage.ru_maxrss
        return self.stopped


@contextmanager
def _launched(command: list[str], out: IO[bytes]) -> Iterator[Launched]:
    """The server in a session of its own, stopped with its children at the end."""
    proc = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=out, stderr=out, start_new_session=True
    )
    run = Launched(proc.pid)
    try:
        yield run
    finally:
        _stop(run)
        proc.returncode = 0  # reaped by os.wait4 for its rusage: Popen must not wait again


def _stop(run: Launched) -> None:
    """SIGTERM to the server's session, SIGKILL after 10 s."""
    if run.exited():
        return
    os.killpg(run.pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    while not run.exited():
        if time.monotonic() > deadline:
            os.killpg(run.pid, signal.SIGKILL)
            run.exited(0)
            return
        time.sleep(0.05)


def _first_page(run: Launched, url: str, title: str) -> float:
    """Seconds from now (the launch) to the page answering 200 with `title`."""
    start = time.perf_counter()
    _wait_for(run, url, lambda page: title in html.unescape(page), start + FIRST_PAGE)
    return time.perf_counter() - start


def _save(run: Launched, post: Path, url: str) -> float:
    """Append a sentence to `post`; seconds until `url` shows it (the server quiet first)."""
    _quiet(run.pid)
    word = "".join(random.choices(string.ascii_lowercase, k=12))
    start = time.perf_counter()
    with post.open("a", encoding="utf-8") as f:
        f.write(f"\nMesure {word}.\n")
    _wait_for(run, url, lambda page: word in page, start + SAVE_TIMEOUT)
    return time.perf_counter() - start


def _wait_for(run: Launched, url: str, shows: Callable[[str], bool], deadline: float) -> None:
    """Request `url` every POLL seconds until a 200 response `shows` what is awaited."""
    while time.perf_counter() < deadline:
        if run.exited():
            raise Failed("the server exited")
        try:
            with urllib.request.urlopen(url, timeout=SAVE_TIMEOUT) as response:
                if shows(response.read().decode("utf-8", "replace")):
                    return
        except (OSError, http.client.HTTPException):
            pass  # not listening yet, not serving that page yet, or cut it short (Hugo does)
        time.sleep(POLL)
    raise Failed(f"{url} did not show it in time")


def _quiet(pid: int) -> None:
    """Wait until the server's CPU time stops moving (the last save's work is done), or
    QUIET_AT_MOST seconds for a server that keeps busy."""
    deadline = time.monotonic() + QUIET_AT_MOST
    before = _cpu_ticks(pid)
    while time.monotonic() < deadline:
        time.sleep(QUIET)
        now = _cpu_ticks(pid)
        if now == before:
            return
        before = now


def _cpu_ticks(pid: int) -> int:
    """utime + stime of the process and the children it waited for, in clock ticks."""
    fields = read_text(f"/proc/{pid}/stat").rsplit(")", 1)[-1].split()
    return sum(int(v) for v in fields[11:15]) if len(fields) > 14 else 0


def _hwm_kb(pid: int) -> int:
    """The process's peak RSS so far (VmHWM), in KB."""
    found = re.search(r"^VmHWM:\s*(\d+) kB", read_text(f"/proc/{pid}/status"), re.M)
    return int(found[1]) if found else 0


def _title(post: Path) -> str:
    found = re.search(r"^title: (\".*\")$", post.read_text(encoding="utf-8"), re.M)
    if found is None:
        raise ValueError(f"{post}: no title")
    title: str = json.loads(found[1])
    return title


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


# --- the table -----------------------------------------------------------------------------

HEADER = (
    "| server | posts | first page s | save to served median ms | p90 ms "
    f"| RSS after {SAVES} saves MB | peak RSS after {EDITS} saves MB "
    "| first page ÷ Hugo | save median ÷ Hugo | peak RSS ÷ Hugo |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def serve_table(results: list[Serving]) -> str:
    """One Markdown table of the servers, ratios to `hugo server` at the same size."""
    hugo = {r.posts: r for r in results if r.tool == "hugo" and not r.failure}
    return "\n".join([HEADER, *(_row(r, hugo.get(r.posts)) for r in results)])


def _row(r: Serving, hugo: Serving | None) -> str:
    if r.failure:
        reason = r.failure.splitlines()[0][:80].replace("|", "\\|")
        return f"| {r.tool} serve | {r.posts} | failed: {reason} |" + " — |" * 7
    cells = [
        f"{r.tool} serve" if r.tool == "sitegen" else f"{r.tool} server",
        str(r.posts),
        f"{r.first_page:.2f}",
        f"{r.median() * 1000:.0f}",
        f"{r.p90() * 1000:.0f}",
        f"{r.rss_saves_kb / 1024:.0f}",
        f"{r.rss_edits_kb / 1024:.0f}",
    ]
    if hugo is None:
        return "| " + " | ".join([*cells, "—", "—", "—"]) + " |"
    ratios = (
        r.first_page / hugo.first_page,
        r.median() / hugo.median(),
        r.rss_edits_kb / hugo.rss_edits_kb,
    )
    return "| " + " | ".join([*cells, *(f"{x:.2f}" for x in ratios)]) + " |"
