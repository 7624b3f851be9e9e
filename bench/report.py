"""The bench's figures: one run, one tool at one size, the table and the results file."""

from __future__ import annotations

import datetime
import os
import platform
import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from bench.tools import Tool

BUSY = 0.1
"""Above this share of the CPUs used by other processes while a tool is timed, say so."""
START = "<!-- bench/run.py: start (this block is rewritten by each --write) -->"
END = "<!-- bench/run.py: end -->"


@dataclass(frozen=True)
class Sample:
    """One run of a child process."""

    wall: float
    cpu: float
    rss_kb: int
    code: int
    output: str
    """What it printed, stdout and stderr together."""


@dataclass
class Result:
    """One tool at one size: every run, or why it failed."""

    tool: str
    posts: int
    pages: int = 0
    cold: list[Sample] = field(default_factory=list)
    no_change: list[Sample] = field(default_factory=list)
    one_edit: list[Sample] = field(default_factory=list)
    failure: str = ""
    others: float = 0.0
    """The share of the CPUs other processes used while it was timed."""

    def wall(self, runs: list[Sample]) -> float:
        return statistics.median(s.wall for s in runs)

    @property
    def peak_kb(self) -> int:
        return max(s.rss_kb for s in (*self.cold, *self.no_change, *self.one_edit))


# --- the report ----------------------------------------------------------------------------

HEADER = (
    "| tool | posts | pages | cold wall s | cold CPU s | cold peak RSS MB "
    "| no-change wall s | one-edit wall s | peak RSS max MB "
    "| cold ÷ Hugo | no-change ÷ Hugo | one-edit ÷ Hugo |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def table(results: list[Result]) -> str:
    """One Markdown table: a row per tool and size, ratios to Hugo at the same size."""
    hugo = {r.posts: r for r in results if r.tool == "hugo" and not r.failure}
    return "\n".join([HEADER, *(_row(r, hugo.get(r.posts)) for r in results)])


def _row(r: Result, hugo: Result | None) -> str:
    if r.failure:
        reason = r.failure.splitlines()[0][:80].replace("|", "\\|")
        return f"| {r.tool} | {r.posts} | failed: {reason} |" + " — |" * 9
    cold, same, edit = (r.wall(runs) for runs in (r.cold, r.no_change, r.one_edit))
    cells = [
        r.tool,
        str(r.posts),
        str(r.pages),
        f"{cold:.2f}",
        f"{statistics.median(s.cpu for s in r.cold):.2f}",
        _mb(statistics.median(s.rss_kb for s in r.cold)),
        f"{same:.2f}",
        f"{edit:.2f}",
        _mb(r.peak_kb),
    ]
    if hugo is None:
        cells += ["—"] * 3
    else:
        theirs = [hugo.wall(runs) for runs in (hugo.cold, hugo.no_change, hugo.one_edit)]
        mine = (cold, same, edit)
        cells += [f"{a / b:.2f}" for a, b in zip(mine, theirs, strict=True)]
    return "| " + " | ".join(cells) + " |"


def _mb(kb: float) -> str:
    return f"{kb / 1024:.0f}"


def scaling(results: list[Result]) -> str:
    """sitegen's cold time at its largest size over its smallest ('' unless two sizes)."""
    runs = sorted((r.posts, r) for r in results if r.tool == "sitegen" and not r.failure)
    if len(runs) < 2:
        return ""
    (small, low), (big, high) = runs[0], runs[-1]
    ratio = high.wall(high.cold) / low.wall(low.cold)
    sizes = f"{_size(big)} / {_size(small)}"
    return f"sitegen cold {sizes}: {ratio:.1f}× for {big / small:g}× the posts"


def _size(posts: int) -> str:
    return f"{posts // 1000}k" if posts % 1000 == 0 else str(posts)


def machine() -> str:
    """CPU model, cores, RAM, OS and Python, in one line."""
    cpuinfo = read_text("/proc/cpuinfo")
    cpu = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    mem = re.search(r"^MemTotal:\s*(\d+) kB", read_text("/proc/meminfo"), re.M)
    system = re.search(r'^PRETTY_NAME="?([^"\n]+)', read_text("/etc/os-release"), re.M)
    parts = [
        cpu[1].strip() if cpu else platform.processor() or platform.machine(),
        f"{os.cpu_count()} cores",
        f"{int(mem[1]) / 1024**2:.0f} GB RAM" if mem else "RAM ?",
        f"{system[1] if system else platform.system()} (kernel {platform.release()})",
        f"Python {platform.python_version()}",
    ]
    return ", ".join(parts)


def read_text(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def report(
    results: list[Result], tools: list[Tool], reps: int, seed: int, servers: str = ""
) -> str:
    """The section --write puts in the results file: heading, machine, tools, the tables."""
    sizes = ", ".join(str(n) for n in sorted({r.posts for r in results}))
    today = datetime.date.today().isoformat()
    lines = [
        f"## {today}: {sizes} posts, median of {reps} runs",
        "",
        f"Machine: {machine()}.",
        f"Tools: {'; '.join(t.version for t in tools if t.name != 'sitegen + search')}.",
        f"Corpus: `bench/corpus.py --seed {seed}`; timings by `bench/run.py --reps {reps}`.",
        "",
        table(results),
        *(["", servers] if servers else []),
    ]
    extra = [line for line in (scaling(results), contention(results)) if line]
    return "\n".join([*lines, *(["", *extra] if extra else [])])


def contention(results: list[Result]) -> str:
    """Which figures other processes may have skewed ('' when none)."""
    busy = [f"{r.tool} {r.posts} ({r.others:.0%})" for r in results if r.others > BUSY]
    return f"Other processes used the CPUs while timing: {', '.join(busy)}." if busy else ""


def write_report(path: Path, section: str) -> None:
    """Put `section` between the markers of `path`, keeping the rest of the file."""
    block = f"{START}\n{section}\n{END}"
    text = path.read_text(encoding="utf-8") if path.is_file() else "# Benchmark results\n"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        text = before + block + rest.split(END, 1)[1]
    else:
        title, _, rest = text.partition("\n") if text.startswith("# ") else ("", "", text)
        text = (f"{title}\n\n" if title else "") + block + "\n\n" + rest.lstrip("\n")
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
