"""The sources a build takes from the last one are those a new search finds: whatever files
and folders were added, deleted or renamed in between, links and output folders included."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from sitegen.content.knownsources import find_sources
from sitegen.content.sources import discover
from sitegen.project.errors import Problems
from sitegen.settings.config import load_config
from sitegen.state.cache import StageCache

MARKER = ".sitegen-output"  # what marks a folder sitegen wrote
FOLDERS = (
    "content/posts",
    "content/pages",
    "content/en/posts",
    "content/posts/vision",  # a bundle, once it holds an index.md
    "content/posts/ia/2026",
    "content/brouillons",  # no rule picks it up: its Markdown is said to be unused
    "_posts",
)
OUTSIDE = "notes/ailleurs.md"  # a file of the project no folder of the content holds
NAMES = ("2026-01-10-un.md", "deux.en.md", "index.md", "notes.txt", "2026-13-01-faux.md")


def _an_hour_later() -> int:
    """The clock of builds long after any change: no folder is too recent to be trusted."""
    return time.time_ns() + 3_600_000_000_000


class EditsBetweenSearches(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="sources-"))
        self.cache = StageCache()

    def teardown(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    @initialize()
    def a_blog(self) -> None:
        (self.root / "sitegen.yaml").write_text("title: T\nlanguages: [fr, en]\n")
        self.add(FOLDERS[0], NAMES[0])

    @rule(folder=st.sampled_from(FOLDERS), name=st.sampled_from(NAMES))
    def add(self, folder: str, name: str) -> None:
        (self.root / folder).mkdir(parents=True, exist_ok=True)
        target = self.root / folder / name
        if target.is_symlink():  # a file takes the link's place, wherever it led
            target.unlink()
        target.write_text("---\ntitle: Un\n---\nTexte.\n")

    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        files = self._files()
        if files:
            data.draw(st.sampled_from(files)).unlink()

    @rule(data=st.data(), folder=st.sampled_from(FOLDERS), name=st.sampled_from(NAMES))
    def rename(self, data: st.DataObject, folder: str, name: str) -> None:
        files = self._files()
        if files:
            (self.root / folder).mkdir(parents=True, exist_ok=True)
            data.draw(st.sampled_from(files)).replace(self.root / folder / name)

    @rule(folder=st.sampled_from(FOLDERS))
    def delete_folder(self, folder: str) -> None:
        shutil.rmtree(self.root / folder, ignore_errors=True)

    @rule(folder=st.sampled_from(FOLDERS[1:]))
    def mark_as_output(self, folder: str) -> None:
        (self.root / folder).mkdir(parents=True, exist_ok=True)
        (self.root / folder / MARKER).write_text("")

    @rule(folder=st.sampled_from(FOLDERS[1:]))
    def unmark(self, folder: str) -> None:
        (self.root / folder / MARKER).unlink(missing_ok=True)

    @rule(folder=st.sampled_from(FOLDERS), name=st.sampled_from(NAMES), data=st.data())
    def link(self, folder: str, name: str, data: st.DataObject) -> None:
        """A link to a post, or to a file of the project outside the content, which it may
        outlive."""
        files = [f for f in self._files() if f.suffix == ".md"] + [self.root / OUTSIDE]
        link = self.root / folder / f"lien-{name}"
        if not os.path.lexists(link):
            (self.root / folder).mkdir(parents=True, exist_ok=True)
            link.symlink_to(data.draw(st.sampled_from(files)))

    @rule()
    def toggle_the_file_outside(self) -> None:
        outside = self.root / OUTSIDE
        if outside.exists():
            outside.unlink()
        else:
            outside.parent.mkdir(exist_ok=True)
            outside.write_text("---\ntitle: Ailleurs\n---\nTexte.\n")

    @invariant()
    def the_sources_are_those_found_afresh(self) -> None:
        config = load_config(self.root)
        fresh, kept = Problems(), Problems()
        expected = discover(config, fresh)
        assert find_sources(config, kept, self.cache, _an_hour_later) == expected
        assert kept.items == fresh.items
        assert kept.left_out == fresh.left_out  # said once a build: later walks stay quiet
        self.cache.forget_unused()

    def _files(self) -> list[Path]:
        content = [self.root / "content", self.root / "_posts"]
        found = (p for folder in content for p in folder.rglob("*") if p.is_file())
        return sorted(p for p in found if p.name != MARKER)


TestEditsBetweenSearches = EditsBetweenSearches.TestCase
TestEditsBetweenSearches.settings = settings(settings.default, stateful_step_count=12)
