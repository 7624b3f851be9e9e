"""Time sitegen against Hugo, Eleventy and Pelican building the same generated blog.

    python bench/run.py --install                   # once: the peers, into .bench-work/
    python bench/run.py --posts 1000 10000          # then: one Markdown table
    python bench/run.py --posts 1000 --tools sitegen,hugo --reps 5 --search
    python bench/run.py --posts 1000 10000 --write bench/results.md

For each size the corpus (`bench/corpus.py`) is written once into the work folder, laid out
as a site per tool, and each tool is timed: cold (output and caches removed first), no change
(the same build again) and one edit (the 500th post gets a sentence, then a build). Each run
is a child process: wall time, CPU time (user + sys, its waited-for children included) and
peak RSS (of the largest single process) from `os.wait4`. Figures are medians of `--reps`
runs, after one warm-up run for cold and no-change builds. `--serve` then times each
built site under its tool's dev server (`bench/servers.py`), in a second table.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.corpus import write_corpus  # noqa: E402
from bench.report import (  # noqa: E402
    BUSY,
    Result,
    Sample,
    contention,
    read_text,
    report,
    scaling,
    table,
    write_report,
)
from bench.servers import SERVERS, Serving, serve_table, time_server  # noqa: E402
from bench.tools import SITE, TOOLS, Tool, find_tools, install  # noqa: E402

EDIT = "Une phrase modifiée.\n"
EDITED = 500
"""The post edited for one-edit builds: the 500th by name (or the last)."""
TAIL = 15
"""Lines of a failed build's output to show."""


# --- measuring -----------------------------------------------------------------------------


def measure(command: Sequence[str], cwd: Path) -> Sample:
    """Run `command` in `cwd`; its wall time, CPU time and peak RSS (os.wait4).

    `{site}` in an argument stands for `cwd`. Stdout and stderr are kept together: Hugo
    prints its errors on stdout.
    """
    args = [arg.replace(SITE, str(cwd)) for arg in command]
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(args, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=out)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read().decode("utf-8", "replace")
    cpu = usage.ru_utime + usage.ru_stime
    return Sample(wall, cpu, usage.ru_maxrss, proc.returncode, output)


class Failed(Exception):
    """A build exited with an error, or left fewer pages than posts."""


def time_tool(tool: Tool, site: Path, posts: int, reps: int) -> Result:
    """Cold, no-change and one-edit builds of the laid-out `site`."""
    print(f"{tool.name} {posts}: timing", file=sys.stderr, flush=True)
    result = Result(tool.name, posts)
    run = Runner(tool, site)
    try:
        _note(tool, run(cold=True))  # warm-up
        result.cold = [run(cold=True) for _ in range(reps)]
        result.pages = count_pages(site / tool.output)
        if result.pages < posts:
            raise Failed(f"only {result.pages} pages for {posts} posts")
        if tool.proof and not (site / tool.output / tool.proof).exists():
            raise Failed(f"no {tool.proof} in the output")
        run()  # warm-up
        result.no_change = [run() for _ in range(reps)]
        edited = edited_post(tool, site, posts)
        for _ in range(reps):
            with edited.open("a", encoding="utf-8") as f:
                f.write(EDIT)
            result.one_edit.append(run())
    except Failed as exc:
        result.failure = str(exc)
        print(f"{tool.name} {posts}: FAILED: {exc}", file=sys.stderr)
    result.others = run.others()
    if result.others > BUSY:
        note = f"note: other processes used {result.others:.0%} of the CPUs meanwhile"
        print(f"{tool.name} {posts}: {note}", file=sys.stderr)
    return result


def edited_post(tool: Tool, site: Path, posts: int) -> Path:
    """The post one-edit builds and server saves append to."""
    return sorted((site / tool.posts).glob("*.md"))[min(EDITED, posts) - 1]


class Runner:
    """Runs one tool's builds, keeping each run to tell its CPU time from other processes'."""

    def __init__(self, tool: Tool, site: Path) -> None:
        self.tool, self.site = tool, site
        self.runs: list[Sample] = []
        self.start = _cpu_times()

    def __call__(self, cold: bool = False) -> Sample:
        if cold:
            for name in (self.tool.output, *self.tool.caches):
                shutil.rmtree(self.site / name, ignore_errors=True)
        sample = measure(self.tool.command, self.site)
        self.runs.append(sample)
        if sample.code != 0:
            tail = "\n".join(sample.output.rstrip().splitlines()[-TAIL:])
            raise Failed(f"exit code {sample.code}\n{tail}")
        return sample

    def others(self) -> float:
        """The share of all CPUs' time since the start not spent idle nor in these runs."""
        total, idle = (a - b for a, b in zip(_cpu_times(), self.start, strict=True))
        ours = sum(s.cpu for s in self.runs) * os.sysconf("SC_CLK_TCK")
        return max(0.0, (total - idle - ours) / total) if total else 0.0


def _note(tool: Tool, sample: Sample) -> None:
    """Show what a quiet build printed anyway (sitegen: only its warnings)."""
    if sample.output.strip():
        first = "\n  ".join(sample.output.strip().splitlines()[:3])
        print(f"note: {tool.name} printed:\n  {first}", file=sys.stderr)


def _cpu_times() -> tuple[int, int]:
    """All CPUs' jiffies so far: total, and idle + iowait (0, 0 without /proc/stat)."""
    fields = [int(v) for v in read_text("/proc/stat").split("\n", 1)[0].split()[1:]]
    return (sum(fields), sum(fields[3:5])) if len(fields) >= 5 else (0, 0)


def count_pages(output: Path) -> int:
    """The HTML files of a built site."""
    return sum(1 for _ in output.rglob("*.html")) if output.is_dir() else 0


# --- the corpus and the sites --------------------------------------------------------------


def corpus_for(work: Path, posts: int, seed: int) -> Path:
    """The posts folder of the corpus of that size and seed, written once per corpus.py."""
    digest = hashlib.sha256((REPO / "bench" / "corpus.py").read_bytes()).hexdigest()[:8]
    folder = work / f"corpus-{posts}-seed{seed}-{digest}"
    if not folder.is_dir():
        work.mkdir(parents=True, exist_ok=True)  # a fresh checkout has no work folder yet
        partial_dir = Path(tempfile.mkdtemp(prefix="corpus-", dir=work))
        corpus = write_corpus(posts, partial_dir, seed)
        print(f"corpus: {posts} posts, {corpus.size / 1e6:.1f} MB", file=sys.stderr)
        partial_dir.rename(folder)
    return folder / "posts"


def site_for(tool: Tool, work: Path, posts: int, corpus: Path) -> Path:
    """A fresh site for `tool`: the corpus laid out as it wants it."""
    site = work / "sites" / f"{re.sub(r'[^a-z0-9]+', '-', tool.name)}-{posts}"
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir(parents=True)
    tool.lay_out(corpus, site)
    return site


# --- the command ---------------------------------------------------------------------------


def _tool_list(value: str) -> list[str]:
    names = [n.strip() for n in value.split(",") if n.strip()]
    unknown = [n for n in names if n not in TOOLS]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown tool {unknown[0]}; choose from {TOOLS}")
    return names


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("expected a whole number of at least 1")
    return number


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--posts", type=_positive, nargs="+", help="corpus sizes (default: 1000)")
    parser.add_argument(
        "--reps", type=_positive, default=3, help="timed runs per figure (default: 3)"
    )
    parser.add_argument(
        "--tools", type=_tool_list, default=list(TOOLS), help="comma-separated (default: all)"
    )
    parser.add_argument("--work", type=Path, default=REPO / ".bench-work", help="scratch folder")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default: 1)")
    parser.add_argument("--install", action="store_true", help="install the peers into WORK")
    parser.add_argument("--search", action="store_true", help="add a 'sitegen + search' row")
    parser.add_argument(
        "--serve", action="store_true", help="also time sitegen serve and hugo server"
    )
    parser.add_argument("--write", type=Path, metavar="FILE", help="put the table in FILE")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    work = args.work.resolve()
    if args.install:
        install(work)
        if args.posts is None:
            return 0
    tools = find_tools(args.tools, work, args.search)
    results: list[Result] = []
    serving: list[Serving] = []
    for posts in args.posts or [1000]:
        corpus = corpus_for(work, posts, args.seed)
        for tool in tools:
            site = site_for(tool, work, posts, corpus)
            results.append(time_tool(tool, site, posts, args.reps))
            if args.serve and tool.name in SERVERS and not results[-1].failure:
                post = edited_post(tool, site, posts)
                serving.append(time_server(tool, site, posts, post))
    print(table(results))
    servers = serve_table(serving) if serving else ""
    if servers:
        print(f"\n{servers}")
    for line in (scaling(results), contention(results)):
        if line:
            print(f"\n{line}")
    if args.write:
        write_report(args.write, report(results, tools, args.reps, args.seed, servers))
    failed = any(r.failure for r in results) or any(s.failure for s in serving)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
