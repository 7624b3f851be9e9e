"""The post pages of a build of many, rendered on every core.

The workers are forked once the renderer is made (`project/forked.py`): each renders runs of
posts and sends back their files, what rendering them said and their keys. The build takes
them in order, as a build in one process would have made them. Each worker writes the files
it made into the new site (the build's writer, as it was at the fork: `SiteWriter.place`),
which counts them as the build takes them: a folder made and a file written cost the system
as much as rendering the page does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from sitegen.model import Edition, Entry, OutputFile, Site
from sitegen.project.errors import Diagnostic, Problems
from sitegen.project.forked import ForkedWorkers
from sitegen.theme.pagememo import PageKey, PageMemo

Related = tuple[tuple[int, ...], ...]
"""Each post's related posts, by position in its edition."""
EntryFiles = Callable[[Entry, Entry | None, Entry | None, Sequence[Entry]], Iterator[OutputFile]]
"""(post, newer, older, related) -> the files of the post's page, rendered."""
Recorded = Callable[
    [Entry, Entry | None, Entry | None, Sequence[Entry], Sequence[Diagnostic]], None
]
"""Told of each post's page as the build takes it: what it showed around it, what it said."""
RUN = 16
"""Posts a worker renders at a time: few enough that both stay busy to the last run."""
Task = tuple[int, int, Related]
"""The edition's position in the site, the run's first post, and the related posts of each."""


@dataclass(frozen=True, slots=True)
class PostPage:
    """One post's page as a worker made it."""

    files: list[OutputFile]
    said: list[Diagnostic]
    keys: dict[str, PageKey]
    """Its files' keys, for the next build."""


class PostWorkers:
    """Workers rendering every edition's post pages, ahead of the build that takes them."""

    def __init__(
        self,
        site: Site,
        related: Mapping[str, Related],
        entry_files: EntryFiles,
        problems: Problems,
        memo: PageMemo | None,
        place: Callable[[OutputFile], OutputFile],
        count: int,
        settle: Callable[[], None],
    ) -> None:
        """`place`: the build's sink, called in the workers (its writer writes each file
        there, and counts it when the build takes it)."""
        self._site, self._entry_files, self._place = site, entry_files, place
        self._problems, self._memo = problems, memo
        self._workers = ForkedWorkers(self._run, count, settle)
        tasks = (
            (n, start, related[edition.lang][start : start + RUN])
            for n, edition in enumerate(site.editions)
            for start in range(0, len(edition.posts), RUN)
        )
        self._made = self._workers.results(tasks)

    def close(self) -> None:
        self._workers.close()

    def of(
        self, edition: Edition, related: Related, recorded: Recorded | None
    ) -> Iterator[OutputFile]:
        """The files of `edition`'s post pages, in order; each edition is asked for once,
        in the site's order."""
        posts, problems = edition.posts, self._problems
        for start in range(0, len(posts), RUN):
            for i, page in enumerate(next(self._made), start):
                problems.extend(page.said)
                if self._memo is not None:
                    self._memo.keys.update(page.keys)
                if recorded is not None:
                    post, newer, older, shown = around(posts, related, i)
                    recorded(post, newer, older, shown, page.said)
                yield from page.files

    def _run(self, task: Task) -> list[PostPage]:
        """In a worker: the pages of a run of posts."""
        number, start, related = task
        posts, problems, memo = self._site.editions[number].posts, self._problems, self._memo
        pages = []
        for i in range(start, start + len(related)):
            said = len(problems.items)
            post, newer, older, shown = around(posts, related, i, start)
            files = list(map(self._place, self._entry_files(post, newer, older, shown)))
            keys = {f.path: memo.keys[f.path] for f in files if f.path in memo.keys} if memo else {}
            pages.append(PostPage(files, problems.items[said:], keys))
        return pages


def around(
    posts: Sequence[Entry], related: Related, i: int, first: int = 0
) -> tuple[Entry, Entry | None, Entry | None, tuple[Entry, ...]]:
    """The post at `i`, its newer and older neighbours, and its related posts (`related`
    starting at the post at `first`)."""
    newer = posts[i - 1] if i > 0 else None
    older = posts[i + 1] if i + 1 < len(posts) else None
    return posts[i], newer, older, tuple(posts[j] for j in related[i - first])
