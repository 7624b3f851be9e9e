"""Whatever goes wrong in one rebuild, the next save is built: the dev server never stops.

A failed attempt is news like any other (the overlay shows its errors); what must never
happen is the watching thread ending, after which no save, the fix included, is built.
"""

from __future__ import annotations

import errno
import io
import os
import shutil
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sitegen.build import Build
from sitegen.server.livesite import LiveSite
from sitegen.server.watch import Watcher
from tests.conftest import parse_html, post, text_of
from tests.server.running import Served, serving

Site = Callable[..., Path]
POST = "content/posts/2026-01-15-bonjour.md"
PAGE = "2026/01/bonjour/index.html"
TIMEOUT = 10.0


def paragraphs(page: bytes) -> list[str]:
    """The page's paragraphs as a browser reads them."""
    return [text_of(p) for p in parse_html(page).iter("p")]


def until_built(live: LiveSite, condition: Callable[[], bool], what: str) -> None:
    """Wait until `condition()` holds, checked again after each build attempt of `live`."""
    deadline = time.monotonic() + TIMEOUT
    seen = live.generation
    while not condition():
        left = deadline - time.monotonic()
        assert left > 0, what
        seen = live.wait(seen, left)


def until_said(served: Served, condition: Callable[[], bool], what: str) -> None:
    """Wait until `condition()` holds, checked again after each line `sitegen serve` prints:
    each attempt ends with one, printed once its site is served."""
    deadline = time.monotonic() + TIMEOUT
    while True:
        printed = served.lines()
        if condition():
            return
        assert served.wait_past(printed, deadline - time.monotonic()), what


def attempts(served: Served) -> int:
    """Builds `sitegen serve` finished, good or failed."""
    failed = sum(line.startswith("Build failed") for line in list(served.err))
    return served.builds() + failed


@pytest.fixture
def watched(make_site: Site) -> Iterator[tuple[Path, LiveSite]]:
    """A site built in memory, rebuilt by the real watcher on every save, as `serve` does."""
    site = make_site({POST: post("Bonjour", body="Premier jet.")})
    live = LiveSite(site, {})
    assert live.rebuild()
    watcher = Watcher(site, [site / "content"], [site / "sitegen.yaml"], [], live.rebuild)
    watcher.start()
    yield site, live
    watcher.stop()


@pytest.mark.parametrize(
    "error",
    [
        RuntimeError("étape cassée"),
        RecursionError("maximum recursion depth exceeded"),
        MemoryError(),
        SystemExit(1),
        KeyboardInterrupt(),
    ],
    ids=lambda error: type(error).__name__,
)
def test_whatever_a_rebuild_raises_is_shown_and_the_fix_is_built(
    watched: tuple[Path, LiveSite], monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    site, live = watched
    broken = True
    build = Build.generate

    def generate(self: Build, *args: Any, **named: Any) -> Any:
        if broken:
            raise error
        return build(self, *args, **named)

    monkeypatch.setattr(Build, "generate", generate)
    seen = live.generation
    (site / POST).write_text(post("Bonjour", body="Deuxième jet."), encoding="utf-8")
    assert live.wait(seen, TIMEOUT) > seen, "no rebuild after a save"
    errors = live.news()["errors"]
    assert len(errors) == 1 and errors[0].startswith("internal error"), errors
    assert type(error).__name__ in errors[0]
    assert "Premier jet." in paragraphs(live.snapshot.files[PAGE])  # type: ignore[union-attr]

    broken = False
    (site / POST).write_text(post("Bonjour", body="Texte réparé."), encoding="utf-8")
    until_built(live, lambda: not live.errors, "the fix was never built")
    assert "Texte réparé." in paragraphs(live.snapshot.files[PAGE])  # type: ignore[union-attr]


class GoneTerminal(io.TextIOBase):
    """The terminal `sitegen serve` printed to was closed: every write fails."""

    def write(self, text: str) -> int:
        raise OSError(errno.EIO, os.strerror(errno.EIO))


def test_a_terminal_gone_does_not_stop_the_rebuilds(
    make_site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The errors still reach the page's overlay, and the fix is still built."""
    site = make_site({POST: post("Bonjour", body="Premier jet.")})
    live = LiveSite(site, {})
    assert live.rebuild()
    monkeypatch.setattr("sys.stdout", GoneTerminal())
    monkeypatch.setattr("sys.stderr", GoneTerminal())
    (site / POST).write_text("---\ntitle: a: b\n---\n", encoding="utf-8")
    assert not live.rebuild()
    assert live.news()["errors"][0].startswith(f"{POST}:2:")
    (site / POST).write_text(post("Bonjour", body="Texte réparé."), encoding="utf-8")
    assert live.rebuild()
    assert live.news()["errors"] == []
    assert "Texte réparé." in paragraphs(live.snapshot.files[PAGE])  # type: ignore[union-attr]


def test_a_symlink_loop_saved_while_serving_does_not_stop_the_watching(make_site: Site) -> None:
    """`sitegen serve`: a link to itself appears in content/ and is built (a warning or an
    error), then removed, and the next save is served. Resolving the loop's path ended the
    file watcher's thread."""
    site = make_site({POST: post("Bonjour", body="Premier jet.")})
    loop = site / "content/posts/boucle.md"
    with serving(site) as served:
        served.wait_for_output("^Built ")
        loop.symlink_to(loop.name)
        built = served.wait_until(lambda: attempts(served) > 1, TIMEOUT)
        assert built, f"the loop was never built: {served.err}"
        loop.unlink()
        (site / POST).write_text(post("Bonjour", body="Texte réparé."), encoding="utf-8")

        def fixed() -> bool:
            with urllib.request.urlopen(served.url + PAGE, timeout=TIMEOUT) as answer:
                return "Texte réparé." in paragraphs(answer.read())

        until_said(served, fixed, f"the save after the loop was never served: {served.err}")
        assert not [line for line in served.err if "Traceback" in line], served.err


@pytest.mark.parametrize("how", ["removed-and-restored", "moved-away-and-back"])
def test_a_folder_taken_away_and_brought_back_is_watched_again(
    make_site: Site, tmp_path: Path, how: str
) -> None:
    """content/ goes and comes back while serving (a branch switched, `git stash -u`): the
    saves after that are still built. Its watch ended with it, and was never made again."""
    site = make_site({POST: post("Bonjour", body="Premier jet.")})
    content = site / "content"
    with serving(site) as served:
        served.wait_for_output("^Built ")
        if how == "removed-and-restored":
            shutil.copytree(content, tmp_path / "copie")
            shutil.rmtree(content)
        else:
            content.rename(site / "content.old")
        until_said(served, lambda: status(served.url + PAGE) == 404, "the site kept a removed post")
        if how == "removed-and-restored":
            shutil.copytree(tmp_path / "copie", content)
        else:
            (site / "content.old").rename(content)
        until_said(served, lambda: status(served.url + PAGE) == 200, "the post did not come back")
        (site / POST).write_text(post("Bonjour", body="Texte réparé."), encoding="utf-8")

        def fixed() -> bool:
            with urllib.request.urlopen(served.url + PAGE, timeout=TIMEOUT) as answer:
                return "Texte réparé." in paragraphs(answer.read())

        until_said(served, fixed, "a save in the folder brought back was never built")


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return error.code
