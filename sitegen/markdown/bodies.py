"""The Markdown stage: every body rendered once, looked up in the cache when unchanged,
on every core when there are enough of them."""

from __future__ import annotations

import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from itertools import islice
from typing import TYPE_CHECKING, NamedTuple

from sitegen.markdown.highlight import blocks_of_body, remember
from sitegen.markdown.renderer import Flavour, ThemeWords, failing_line, render_markdown
from sitegen.model import Document, FrontMatter, Rendered
from sitegen.project.errors import Diagnostic, Problems, internal_error
from sitegen.project.forked import worker_count
from sitegen.settings.config import SiteConfig
from sitegen.state.cache import Markdown, StageCache, packed, packed_code, stripped
from sitegen.state.cache import key as cache_key
from sitegen.text.i18n import Catalog

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

PARALLEL_FROM = 64
"""Bodies to render before a process pool pays for its start."""
Progress = Callable[[int, int], None]
"""Told (done, total) as bodies are rendered."""


class Failure(NamedTuple):
    """A body whose rendering met a bug of sitegen's: said, never cached."""

    diagnostic: Diagnostic
    details: str


class Body(NamedTuple):
    """A body rendered, and its highlighted code blocks, kept with it for the next time
    it is rendered (`highlight.blocks_of_body`)."""

    markdown: Markdown
    code: dict[str, str]


class Packed(NamedTuple):
    """A body rendered by a worker, its text and code blocks packed there (`cache.packed`,
    `cache.packed_code`): on every core, and a third of the bytes to send back."""

    markdown: Markdown
    """Its rendered body without the text."""
    text: bytes
    code: bytes


Made = Body | Failure | Packed


def render_all(
    docs: list[Document],
    config: SiteConfig,
    catalogs: dict[str, Catalog],
    problems: Problems,
    cache: StageCache | None = None,
    advance: Progress | None = None,
) -> list[tuple[Document, Rendered]]:
    """Render every body; with a cache, an unchanged body costs a dictionary lookup.

    A body that meets a bug is reported as an internal error at its file and line, and
    left out; the others are still rendered, so one report names every such file.
    """
    keys: list[str] = []
    flavour = Flavour(
        config.foreign.heading_ids, config.foreign.hard_wraps, config.dialect == "sitegen"
    )
    words: dict[str, ThemeWords] = {}
    around: dict[str, str] = {}
    kept = cache.kept(MarkdownKeys) if cache is not None and cache.lasting else MarkdownKeys()
    known, kept.keys = kept.keys, {}
    for doc in docs:
        meta = doc.meta
        if meta.lang not in words:
            t = catalogs[meta.lang]
            labels = ThemeWords(t("footnotes_title"), t("footnote_back"), t("generated_passage"))
            words[meta.lang] = labels
            around[meta.lang] = cache_key(config.base_path, *labels, *flavour)
        # Everything the rendering reads: the body and where it sits in its file, the
        # language and layout, the base path, the theme's words, and what the front
        # matter says of generated text (checked against the passages), and how the
        # blog's own tool read Markdown.
        made_from = (doc.body_key, doc.meta_key, around[meta.lang])
        key = known.get(made_from) if doc.meta_key else None
        if key is None:
            claim = _generated_claim(meta)
            key = cache_key(doc.body_key, meta.lang, meta.layout, claim, around[meta.lang])
        keys.append(key)
        kept.keys[made_from] = key
    if cache is not None:
        cache.prefetch("markdown", keys)
    cached = [cache.get_markdown(key) if cache is not None else None for key in keys]
    bodies: dict[str, Document] = {}
    for doc, key, hit in zip(docs, keys, cached, strict=True):
        if hit is None:
            bodies.setdefault(key, doc)
    paths = [str(doc.source.path) for doc in bodies.values()]
    before = cache.code_before(paths) if cache is not None and bodies else {}
    jobs: dict[str, Job] = {
        key: (doc, config.base_path, words[doc.meta.lang], flavour, before.get(path, {}))
        for (key, doc), path in zip(bodies.items(), paths, strict=True)
    }
    done: dict[str, Markdown | Failure] = {}
    whole = cache.with_body if cache is not None else _as_it_is
    pack = cache is not None and cache.lazy_texts  # the texts go apart: packed by the workers
    made = _render_bodies(list(jobs.values()), advance, whole, pack)
    for key, result in zip(jobs, made, strict=True):  # kept as each comes: see `put_markdown`
        if isinstance(result, Failure):
            done[key] = result
            continue
        text = result.text if isinstance(result, Packed) else None
        done[key] = markdown = _keyed(result.markdown, key)
        if cache is not None:
            done[key] = cache.put_markdown(key, markdown, text)
            cache.put_code(key, result.code)
    results = []
    for doc, key, hit in zip(docs, keys, cached, strict=True):
        found = hit or done[key]
        if isinstance(found, Failure):
            problems.internal(*found)
            continue
        rendered, diagnostics = found
        problems.extend(diagnostics)
        results.append((doc, rendered))
    return results


class MarkdownKeys:
    """The dev server's Markdown keys of the last build, by the body, the front matter and
    the words around them: hashed once per text, not on every save of another post."""

    def __init__(self) -> None:
        self.keys: dict[tuple[str, str, str], str] = {}


def _keyed(markdown: Markdown, key: str) -> Markdown:
    rendered, diagnostics = markdown
    return replace(rendered, key=key), diagnostics


def _generated_claim(meta: FrontMatter) -> str:
    if meta.generated is None:
        return ""
    # The review sets the passage's `data-ai-disclosure`, so it is part of the body's key.
    reviewed = "reviewed" if meta.generated.reviewed_by else "not reviewed"
    claim = f"part at line {meta.line_of('generated')}" if meta.generated.part else "all"
    return f"{claim}, {reviewed}"


Job = tuple[Document, str, ThemeWords, Flavour, dict[str, str]]
"""A body to render, with what it is rendered with, and the code blocks highlighted for it
by the last build (`StageCache.code_before`)."""
WORKER_BODIES = 1000
"""Bodies a worker renders before it is replaced: comrak's bindings keep each parsed tree's
memory to the process's end (some 60 KB a body), so a worker lives for a thousand at most."""
CHUNK = 32
"""Bodies sent to a worker at once; a few chunks per worker are in flight at a time."""


def _render_bodies(
    jobs: list[Job], advance: Progress | None, whole: Callable[[Document], Document], pack: bool
) -> Iterator[Made]:
    """Render on every core when there is enough to do; the results are the same, in order.

    Each body is read (`whole`: a first build's bodies wait in the state file) just before it
    is sent to be rendered, and a few chunks are in flight at a time: the stage never holds
    ten thousand bodies at once.
    """
    ready = ((whole(doc), base, words, flavour, code) for doc, base, words, flavour, code in jobs)
    workers = worker_count()
    if workers < 2 or len(jobs) < PARALLEL_FROM:
        yield from _counted(map(_render_job, ready), len(jobs), advance)
        return
    size = max(1, min(CHUNK, len(jobs) // (workers * 8)))
    batch = WORKER_BODIES * workers
    made = (
        result
        for start in range(0, len(jobs), batch)
        for result in _pooled(islice(ready, batch), workers, size, pack)
    )
    yield from _counted(made, len(jobs), advance)


def _pooled(ready: Iterator[Job], workers: int, size: int, pack: bool) -> Iterator[Made]:
    """`ready` rendered by new worker processes, which end with it."""
    from concurrent.futures import ProcessPoolExecutor  # multiprocessing: when it is used

    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from _in_order(pool, ready, size, workers * 4, pack)


def _in_order(
    pool: ProcessPoolExecutor, ready: Iterator[Job], size: int, ahead: int, pack: bool
) -> Iterator[Made]:
    """The results of `ready` rendered by `pool`, in order, `ahead` chunks in flight; with
    `pack`, each text packed by its worker."""
    in_flight: deque[Future[list[Made]]] = deque()
    for chunk in iter(lambda: list(islice(ready, size)), []):
        in_flight.append(pool.submit(_render_chunk, chunk, pack))
        if len(in_flight) >= ahead:
            yield from in_flight.popleft().result()
    while in_flight:
        yield from in_flight.popleft().result()


def _render_chunk(chunk: list[Job], pack: bool) -> list[Made]:
    made = map(_render_job, chunk)
    return list(map(_packed, made) if pack else made)


def _packed(made: Body | Failure) -> Made:
    if isinstance(made, Failure):
        return made
    (rendered, diagnostics), code = made
    try:
        text = packed(rendered.html)
    except UnicodeEncodeError:  # half a character: the cache keeps it whole
        return made
    try:
        blocks = packed_code(code) if code else b""
    except UnicodeEncodeError:  # highlighted again when needed
        blocks = b""
    return Packed((stripped(rendered), diagnostics), text, blocks)


def _as_it_is(doc: Document) -> Document:
    return doc


def _counted(results: Iterable[Made], total: int, advance: Progress | None) -> Iterator[Made]:
    for done, result in enumerate(results, start=1):
        yield result
        if advance is not None:
            advance(done, total)


def _render_job(job: Job) -> Body | Failure:
    # Caught here, in the worker, so that one body's bug neither stops the others nor
    # loses the file and line it happened at.
    doc, base, words, flavour, highlighted = job
    remember(highlighted)
    try:
        with blocks_of_body() as code:
            rendered, diagnostics = render_markdown(doc, base, words, flavour)
    except Exception as exc:
        where = internal_error(doc.source.rel, failing_line(exc, doc.body_line), exc)
        return Failure(where, traceback.format_exc())
    return Body((rendered, tuple(diagnostics)), code)
