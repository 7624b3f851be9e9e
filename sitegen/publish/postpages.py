"""Each edition's post pages, in order; the dev server's made again only where they may differ.

While the site's shape stands (`site/lastsite.py`: no front matter changed), an edit of a
post's text makes a new entry in the old one's place and leaves every other entry as it was,
the very same object. A post page shows its post, its two neighbours and its related posts
(which depend on front matter alone): only the pages of the posts around a replaced entry,
and of the posts that list it as related, can differ from the last ones. The others are taken
as they were (`PostRun`), without walking ten thousand posts to find it out one by one
(`pagememo.KeptPosts` tells the same of each, at a few microseconds a post, for every save).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace

from sitegen.model import DISCLOSURE_MARK, Edition, Entry, OutputFile, Site
from sitegen.project.errors import Problems
from sitegen.project.forked import can_fork, worker_count
from sitegen.publish.postworkers import EntryFiles, PostWorkers, Recorded, Related, around
from sitegen.theme.pagememo import KeptPosts, PageKey, PageKeys, PageMemo

POSTS_FROM = 200
"""Post pages to render before workers pay for their start."""


@dataclass(frozen=True, slots=True)
class PostRun:
    """One edition's post pages by position: what they were made from and what they are."""

    posts: tuple[Entry, ...]
    made: dict[str, tuple[str, str]]
    """Each layout's template and shared views' keys (`PageKeys.made_of`)."""
    related: Related
    files: tuple[list[OutputFile], ...]
    keys: tuple[PageKey | None, ...]
    warned: frozenset[int]
    """The posts whose page lacks the disclosure their front matter asks for: said again."""
    shown_by: Related
    """For each post, the posts whose page lists it as related."""
    narrated: frozenset[int]
    """The posts whose page shows a recording or pictures, whose size may change with no edit."""

    def to_make(self, posts: Sequence[Entry]) -> set[int]:
        """The positions whose page may differ from the last one."""
        changed = [
            i
            for i, (now, then) in enumerate(zip(posts, self.posts, strict=True))
            if now is not then
        ]
        made = set(self.narrated)
        made.update(i for i, files in enumerate(self.files) if not files)  # a template failed
        for i in changed:
            made.update((i - 1, i, i + 1), self.shown_by[i])
        return {i for i in made if 0 <= i < len(posts)}


class KeptRuns(dict[str, PostRun]):
    """The dev server's last run of each edition's post pages (by language), while the
    site's shape stands."""


class PostPages:
    """Renders the post pages of each edition, through `entry_files`: on every core for a
    build of many (`on_cores`), and with the dev server's memos (`kept`, `runs`) again only
    where an entry changed."""

    def __init__(
        self,
        entry_files: EntryFiles,
        problems: Problems,
        keys: PageKeys,
        memo: PageMemo | None,
        kept: KeptPosts | None,
        runs: KeptRuns | None,
        keep: Callable[[OutputFile], OutputFile] = lambda file: file,
        recorded: Recorded | None = None,
    ) -> None:
        """`keep`: how the memos hold a page made, the build's sink (the dev server's keeps
        its bytes on disk, and takes a file it gave as it is); `recorded`: told of each page
        a worker made, as `entry_files` tells it of those made here."""
        self._entry_files, self._problems, self._keys = entry_files, problems, keys
        self._memo, self._kept, self._runs, self._keep = memo, kept, runs, keep
        self._recorded = recorded
        self._workers: PostWorkers | None = None

    @contextmanager
    def on_cores(
        self, site: Site, related: Mapping[str, Related], settle: Callable[[], None], busy: int
    ) -> Iterator[None]:
        """Within the block, the post pages are rendered by workers forked now, when there
        are enough of them, cores that `busy` other processes leave, and no memo of the dev
        server's to make few of them again."""
        count = worker_count() - busy
        posts = sum(len(edition.posts) for edition in site.editions)
        if self._runs is not None or count < 2 or posts < POSTS_FROM or not can_fork():
            yield
            return
        self._workers = PostWorkers(
            site, related, self._entry_files, self._problems, self._memo, self._keep, count, settle
        )
        try:
            yield
        finally:
            self._workers.close()
            self._workers = None

    @property
    def on_workers(self) -> bool:
        return self._workers is not None

    def of(self, edition: Edition, related: Related) -> Iterator[OutputFile]:
        if self._workers is not None:
            yield from self._workers.of(edition, related, self._recorded)
            return
        if self._runs is None or self._memo is None:
            for i in range(len(edition.posts)):
                yield from self._post_at(edition.posts, related, i)
            return
        run, made = self._run(edition, related, self._runs.get(edition.lang))
        self._runs[edition.lang] = run
        for i, files in enumerate(run.files):
            yield from made.get(i, files)

    def _run(
        self, edition: Edition, related: Related, last: PostRun | None
    ) -> tuple[PostRun, dict[int, list[OutputFile]]]:
        posts, lang = edition.posts, edition.lang
        layouts: set[str] = {post.meta.layout for post in posts}
        made = {name: self._keys.made_of(f"{name}.html", lang) for name in layouts}
        if last is None or last.made != made or len(last.posts) != len(posts):
            count = len(posts)
            blank = PostRun(
                posts,
                made,
                related,
                tuple([] for _ in posts),
                (None,) * count,
                frozenset(),
                _shown_by(related),
                _narrated(posts, related),
            )
            return self._made_again(blank, range(count))
        return self._made_again(replace(last, posts=posts), last.to_make(posts))

    def _made_again(
        self, run: PostRun, positions: Iterable[int]
    ) -> tuple[PostRun, dict[int, list[OutputFile]]]:
        """`run` with the pages at `positions` made again (and those pages, as this build
        has them); the others as they were, their keys kept for the next build and their
        missing disclosures said again."""
        assert self._memo is not None
        posts, files, keys, warned = run.posts, list(run.files), list(run.keys), set(run.warned)
        again, made = set(positions), {}
        for i, post in enumerate(posts):  # in order: the warnings as a whole build says them
            if i not in again:
                if (key := keys[i]) is not None:
                    self._memo.keys[files[i][0].path] = key
                if i in warned:
                    check_disclosure(post, files[i][0], self._problems)
                continue
            made[i] = list(self._post_at(posts, run.related, i))
            files[i] = [replace(f, unchanged=True) for f in made[i]]  # for the next build
            keys[i] = self._memo.keys.get(files[i][0].path) if files[i] else None
            warned.discard(i)
            if files[i] and lacks_disclosure(post, files[i][0]):
                warned.add(i)
        run = replace(run, files=tuple(files), keys=tuple(keys), warned=frozenset(warned))
        return run, made

    def _post_at(self, posts: tuple[Entry, ...], related: Related, i: int) -> Iterator[OutputFile]:
        """The page of the post at `i`; the dev server's last one when made from the very
        same entries under the same shape."""
        post, newer, older, shown = around(posts, related, i)
        if self._kept is None or self._memo is None:
            return self._entry_files(post, newer, older, shown)
        files, kept = self._kept.page(
            self._keys,
            self._memo,
            post,
            (post, newer, older, *shown),
            lambda: list(map(self._keep, self._entry_files(post, newer, older, shown))),
        )
        if kept:
            check_disclosure(post, files[0], self._problems)
        return iter(files)


def lacks_disclosure(entry: Entry, page: OutputFile) -> bool:
    return bool(entry.meta.generated or entry.meta.translated) and not page.holds(DISCLOSURE_MARK)


def check_disclosure(entry: Entry, page: OutputFile, problems: Problems) -> None:
    """A generated or translated post's page must show its disclosure."""
    if not lacks_disclosure(entry, page):
        return
    flag = "generated" if entry.meta.generated else "translated"
    problems.warn(
        entry.doc.source.rel,
        entry.meta.line_of(flag),
        1,
        f"the `{entry.meta.layout}` template does not show this post's `{flag}` disclosure",
        'include "partials/notices.html" in the template',
    )


def _shown_by(related: Related) -> Related:
    """For each position, the positions whose related posts include it."""
    found: list[list[int]] = [[] for _ in related]
    for i, others in enumerate(related):
        for j in others:
            found[j].append(i)
    return tuple(map(tuple, found))


def _narrated(posts: Sequence[Entry], related: Related) -> frozenset[int]:
    """The positions whose page shows an entry with a recording or pictures (its own, a
    neighbour's or a related post's): their files may change with no edit."""
    audio = {i for i, post in enumerate(posts) if post.shows_files}
    return frozenset(
        i for i in range(len(posts)) if audio & {i - 1, i, i + 1} or audio.intersection(related[i])
    )
