"""Watching: saves of every kind rebuild the served site, bursts rebuild once or twice."""

from __future__ import annotations

import errno
import os
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen.server.watch import Watcher
from tests.conftest import post, write_files
from tests.server.running import Served, serving

Site = Callable[..., Path]
POST = "content/posts/2026-01-15-bonjour.md"
QUIET = 0.6
"""Several times the server's debounce window: long enough to see a rebuild that would follow."""


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the served site did not change in time")
        time.sleep(0.05)


def shows(served: Served, path: str, text: str) -> Callable[[], bool]:
    return lambda: text in fetch(served.url + path)[1]


def test_a_burst_of_saves_rebuilds_at_most_twice_and_ends_right(make_site: Site) -> None:
    site = make_site({POST: post("Bonjour", body="version 0")})
    with serving(site) as served:
        served.wait_for_output("^Built ")
        before = served.builds()
        for n in range(1, 51):
            (site / POST).write_text(post("Bonjour", body=f"version {n}"), encoding="utf-8")
            time.sleep(0.004)
        until(shows(served, "2026/01/bonjour/", "version 50"))
        time.sleep(QUIET)
        assert 1 <= served.builds() - before <= 2


def test_an_editor_save_by_temp_file_and_rename(make_site: Site) -> None:
    site = make_site({POST: post("Bonjour", body="avant")})
    with serving(site) as served:
        temp = site / "content/posts/.2026-01-15-bonjour.md.swp"
        temp.write_text(post("Bonjour", body="après"), encoding="utf-8")
        os.replace(temp, site / POST)
        until(shows(served, "2026/01/bonjour/", "après"))


def test_new_deleted_and_renamed_files(make_site: Site) -> None:
    site = make_site({POST: post("Bonjour"), "content/posts/serie/2026-01-16-un.md": post("Un")})
    with serving(site) as served:
        (site / "content/posts/2026-01-17-nouveau.md").write_text(post("Nouveau"), encoding="utf-8")
        until(lambda: fetch(served.url + "2026/01/nouveau/")[0] == 200)
        (site / POST).unlink()
        until(lambda: fetch(served.url + "2026/01/bonjour/")[0] == 404)
        (site / "content/posts/serie").rename(site / "content/posts/saison")
        (site / "content/posts/saison/2026-01-18-deux.md").write_text(
            post("Deux"), encoding="utf-8"
        )
        until(lambda: fetch(served.url + "2026/01/deux/")[0] == 200)
        assert fetch(served.url + "2026/01/un/")[0] == 200


def test_writing_into_the_output_folder_rebuilds_nothing(make_site: Site) -> None:
    site = make_site({POST: post("Bonjour")})
    with serving(site) as served:
        served.wait_for_output("^Built ")
        (site / "public").mkdir()
        (site / "public/index.html").write_text("ancien", encoding="utf-8")
        (site / "content/posts/notes.swp").write_text("x", encoding="utf-8")
        time.sleep(QUIET)
        assert served.builds() == 1
        assert not (site / "public/2026").exists()


def test_configuration_and_template_changes_rebuild(make_site: Site) -> None:
    site = make_site({POST: post("Bonjour")})
    with serving(site) as served:
        config = (site / "sitegen.yaml").read_text(encoding="utf-8")
        (site / "sitegen.yaml").write_text(config.replace("Blog de test", "Blog renommé"), "utf-8")
        until(shows(served, "", "Blog renommé"))
        (site / "templates").mkdir()
        (site / "templates/404.html").write_text("<p>Rien ici, vraiment.</p>", encoding="utf-8")
        until(shows(served, "absent/", "Rien ici, vraiment."))


def test_polling_sees_changes_too(make_site: Site) -> None:
    site = make_site({POST: post("Bonjour", body="avant")})
    with serving(site, "--poll") as served:
        assert "with polling" in served.out[-1]
        (site / POST).write_text(post("Bonjour", body="après"), encoding="utf-8")
        until(shows(served, "2026/01/bonjour/", "après"))


def test_running_out_of_native_watches_falls_back_to_polling(
    make_site: Site, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site({POST: post("Bonjour")})

    class Exhausted:
        def schedule(self, *args: object, **kwargs: object) -> None:
            raise OSError(errno.ENOSPC, "inotify watch limit reached")

    monkeypatch.setattr("sitegen.server.watch.Observer", Exhausted)
    rebuilt = threading.Event()
    watcher = Watcher(
        site, [site / "content"], [site / "sitegen.yaml"], [], lambda changed: rebuilt.set()
    )
    watcher.start()
    try:
        assert watcher.poll
        assert "polling instead" in capsys.readouterr().err
        (site / POST).write_text(post("Bonjour", body="après"), encoding="utf-8")
        assert rebuilt.wait(timeout=10), "the polling observer saw no change"
    finally:
        watcher.stop()


def test_drafts_and_opening_a_browser(
    make_site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site({"content/posts/2026-01-20-brouillon.md": post("Brouillon", draft="true")})
    opened = tmp_path / "opened.txt"
    opener = tmp_path / "opener.py"
    opener.write_text(f"import sys\nopen({str(opened)!r}, 'w').write(sys.argv[1])\n", "utf-8")
    monkeypatch.setenv("BROWSER", f"{sys.executable} {opener} %s")  # what webbrowser runs
    with serving(site, "--drafts", "--open") as served:
        assert fetch(served.url + "2026/01/brouillon/")[0] == 200
        until(lambda: opened.is_file() and opened.read_text() == served.url)


def test_a_jekyll_blog_served_as_it_is_reloads_on_its_own_files(tmp_path: Path) -> None:
    site = tmp_path / "carnet"
    write_files(
        site,
        {
            "_config.yml": "title: Carnet\npermalink: pretty\n",
            "_posts/2026-01-15-bonjour.md": "---\ntitle: Bonjour\n---\n\navant\n",
            "a-propos.md": "---\ntitle: À propos\n---\n\nQui écrit ici.\n",
            "assets/note.txt": "version 1",
        },
    )
    with serving(site) as served:
        (site / "_posts/2026-01-15-bonjour.md").write_text(
            "---\ntitle: Bonjour\n---\n\naprès\n", encoding="utf-8"
        )
        until(shows(served, "2026/01/15/bonjour/", "après"))
        (site / "a-propos.md").write_text("---\ntitle: À propos\n---\n\nUne autrice.\n", "utf-8")
        until(shows(served, "a-propos/", "Une autrice."))
        (site / "_config.yml").write_text("title: Carnet renommé\npermalink: pretty\n", "utf-8")
        until(shows(served, "", "Carnet renommé"))
        (site / "assets/note.txt").write_text("version 2", encoding="utf-8")
        until(shows(served, "assets/note.txt", "version 2"))


def test_the_watcher_hands_over_the_files_it_saw_change(make_site: Site) -> None:
    """Each call names the files saved since the last one; the first, and one after a folder
    appeared, name none (None: any file may have changed)."""
    site = make_site({POST: post("Bonjour")}).resolve()
    saved = str(site / POST)
    calls: list[frozenset[str] | None] = []
    called = threading.Condition()

    def on_change(changed: frozenset[str] | None) -> None:
        with called:
            calls.append(changed)
            called.notify_all()

    def calls_until(last: Callable[[frozenset[str] | None], bool]) -> list[frozenset[str] | None]:
        """The calls since the last look, up to the first that `last` accepts (a save's
        events may come in more than one burst)."""
        with called:
            assert called.wait_for(lambda: any(map(last, calls)), timeout=10), "no such call"
            found = calls[: next(i for i, c in enumerate(calls) if last(c)) + 1]
            del calls[: len(found)]
            return found

    watcher = Watcher(site, [site / "content"], [site / "sitegen.yaml"], [], on_change)
    watcher.start()
    try:
        (site / POST).write_text(post("Bonjour", body="un"), encoding="utf-8")
        assert calls_until(lambda c: True) == [None]
        (site / POST).write_text(post("Bonjour", body="deux"), encoding="utf-8")
        for changed in calls_until(lambda c: c is not None and saved in c):
            assert changed is not None and changed <= {saved}
        (site / "content/posts/nouveau").mkdir()
        assert calls_until(lambda c: c is None)[-1] is None
    finally:
        watcher.stop()
