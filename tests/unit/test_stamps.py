"""A source file's key is taken from its stat only when the file cannot have changed since."""

from __future__ import annotations

import os
import time
from pathlib import Path

from sitegen.state.stamps import Stamps

HOUR_NS = 3600 * 10**9


def _read(stamps: Stamps, path: Path, context: str = "réglages") -> str | None:
    """What a build does: the key if known, else the file read and its key remembered."""
    stat, key = stamps.key(str(path), context)
    if key is None:
        key = f"clé de {path.read_text(encoding='utf-8')}"
        stamps.remember(str(path), stat, context, key)
    return key


def _an_hour_later() -> int:
    """The clock of a build an hour after the files were written: none of them is recent."""
    return time.time_ns() + HOUR_NS


def _next_build(stamps: Stamps) -> Stamps:
    return Stamps(stamps.read, _an_hour_later)


def test_a_file_unchanged_since_it_was_read_is_not_read_again(tmp_path: Path) -> None:
    post = tmp_path / "billet.md"
    post.write_text("Premier jet.", encoding="utf-8")
    first = Stamps(clock=_an_hour_later)
    _read(first, post)
    again = _next_build(first)
    assert again.key(str(post), "réglages")[1] == "clé de Premier jet."


def test_a_file_rewritten_with_its_size_and_times_kept_is_read_again(tmp_path: Path) -> None:
    post = tmp_path / "billet.md"
    post.write_text("Premier jet.", encoding="utf-8")
    first = Stamps(clock=_an_hour_later)
    _read(first, post)
    info = post.stat()
    post.write_text("Second jet..", encoding="utf-8")  # same size
    os.utime(post, ns=(info.st_atime_ns, info.st_mtime_ns))  # the old modification time
    now = post.stat()
    assert (now.st_size, now.st_mtime_ns) == (info.st_size, info.st_mtime_ns)
    assert _read(_next_build(first), post) == "clé de Second jet.."


def test_a_file_changed_just_now_is_never_taken_by_its_stat(tmp_path: Path) -> None:
    post = tmp_path / "billet.md"
    post.write_text("Tout frais.", encoding="utf-8")
    first = Stamps()
    _read(first, post)
    assert _next_build(first).key(str(post), "réglages")[1] is None


def test_other_settings_read_the_file_again(tmp_path: Path) -> None:
    post = tmp_path / "billet.md"
    post.write_text("Premier jet.", encoding="utf-8")
    first = Stamps(clock=_an_hour_later)
    _read(first, post)
    assert _next_build(first).key(str(post), "autres réglages")[1] is None


def test_a_deleted_file_has_no_stat_and_no_key(tmp_path: Path) -> None:
    post = tmp_path / "billet.md"
    post.write_text("Premier jet.", encoding="utf-8")
    first = Stamps(clock=_an_hour_later)
    _read(first, post)
    post.unlink()
    assert _next_build(first).key(str(post), "réglages") == (None, None)


def test_only_what_a_build_read_is_kept_for_the_next(tmp_path: Path) -> None:
    kept, gone = tmp_path / "garde.md", tmp_path / "parti.md"
    for post in (kept, gone):
        post.write_text("Texte.", encoding="utf-8")
        first = Stamps(clock=_an_hour_later)
    _read(first, kept)
    _read(first, gone)
    second = _next_build(first)
    _read(second, kept)  # the next build no longer has `parti.md`
    assert set(second.read) == {str(kept)}


def test_the_watchers_changed_files_alone_are_looked_at(tmp_path: Path) -> None:
    """Under the dev server, a file the watcher did not see change is as it was, without a
    stat; one it saw change is read again if it did."""
    quiet, saved = tmp_path / "calme.md", tmp_path / "modifie.md"
    quiet.write_text("Calme.", encoding="utf-8")
    saved.write_text("Avant.", encoding="utf-8")
    first = Stamps(clock=_an_hour_later)
    _read(first, quiet), _read(first, saved)
    again = _next_build(first)
    again.changed = frozenset({str(saved)})
    quiet.unlink()  # no stat would find it: the watcher's word is taken
    saved.write_text("Après, plus long.", encoding="utf-8")
    assert again.key(str(quiet), "réglages")[1] == "clé de Calme."
    assert _read(again, saved) == "clé de Après, plus long."
    assert again.key(str(quiet), "autres réglages")[1] is None  # other settings: read again
