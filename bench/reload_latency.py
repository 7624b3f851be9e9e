"""Save-to-screen latency of `sitegen serve`: a post open in Chromium, its Markdown saved.

Run from the repository: `.venv/bin/python bench/reload_latency.py` (the sample blog), or
`… --site DIR --post content/posts/X.md --url 2024/05/x/` for another site (copied first).
Each of the 15 rounds times one save of the post's Markdown until the page shows the new
sentence.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.server.running import serving  # noqa: E402

POST = "content/posts/2025-11-12-attention-transformeur.md"
POST_URL = "2025/11/attention-transformeur/"
FIRST_BUILD = 900.0
"""Seconds the first (cold, in memory) build may take: 10 000 posts take minutes."""
ROUNDS = 15
BUILT = re.compile(r"Rebuilt .* in ([0-9.]+) s")
# Marks the page's event stream, to start each round once the reloaded page listens again.
PROBE = """window.EventSource = class extends EventSource {
  constructor(...args) { super(...args); window.__stream = this; }
};"""
LISTENING = "window.__stream !== undefined && window.__stream.readyState === 1"
SHOWS = "t => document.querySelector('main').innerText.replace(/\\s+/g, ' ').includes(t)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=REPO, help="the blog (default: the sample)")
    parser.add_argument("--post", default=POST, help="the Markdown file saved each round")
    parser.add_argument("--url", default=POST_URL, help="the post's page, from the site's root")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "blog"
        site.mkdir()
        shutil.copy(args.site / "sitegen.yaml", site)
        for folder in ("content", "templates", "static"):
            if (args.site / folder).is_dir():
                shutil.copytree(args.site / folder, site / folder)
        source = site / args.post
        original = source.read_text(encoding="utf-8")
        samples = []
        with serving(site, timeout=FIRST_BUILD) as served, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.add_init_script(PROBE)
            page.goto(served.url + args.url)
            for n in range(1, ROUNDS + 1):
                page.wait_for_function(LISTENING, timeout=10_000)
                sentence = f"Mesure {n} de la latence."
                started = time.perf_counter()
                source.write_text(f"{original}\n{sentence}\n", encoding="utf-8")
                page.wait_for_function(SHOWS, arg=sentence, timeout=10_000)
                samples.append((time.perf_counter() - started) * 1000)
            browser.close()
            builds = [float(m[1]) for m in map(BUILT.match, served.out) if m]
    p90 = statistics.quantiles(samples, n=10, method="inclusive")[-1]
    print(f"{ROUNDS} saves: median {statistics.median(samples):.0f} ms, p90 {p90:.0f} ms")
    print(f"{len(builds)} rebuilds, median {statistics.median(builds) * 1000:.0f} ms")
    print("samples (ms):", " ".join(f"{s:.0f}" for s in samples))


if __name__ == "__main__":
    main()
