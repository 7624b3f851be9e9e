"""Read a source file and split it into validated front matter and a Markdown body."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import replace
from functools import partial
from pathlib import Path

from sitegen.content.foreignmatter import adapt, headless, toml_mapping, untitled
from sitegen.content.newtexts import placeholders_left
from sitegen.content.parseworkers import Parsers
from sitegen.content.schema import validate
from sitegen.model import AUDIO_TYPES, Document, SourceFile
from sitegen.project.errors import Problems
from sitegen.project.files import decoded, hint_of, read_bytes, read_text, walk
from sitegen.project.yamlmap import load_mapping
from sitegen.settings.config import SiteConfig
from sitegen.state.cache import Parsed, StageCache
from sitegen.state.cache import key as cache_key
from sitegen.state.stamps import Stamps

_OPEN = re.compile(r"^---[ \t]*$")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
_TOML_CLOSE = re.compile(r"^\+\+\+[ \t]*$")


def parse_all(
    sources: list[SourceFile],
    config: SiteConfig,
    problems: Problems,
    cache: StageCache | None = None,
) -> list[Document]:
    """Parse every source; a broken file is reported and left out, the others go on.

    Each document carries the key of what it was read from. With a cache, a file whose
    bytes, settings and audio files are unchanged is not parsed again: its document and its
    messages come back as they were.
    """
    # Where the site is served or written and whether drafts are published change no
    # document: the dev server reads what `sitegen build` left, a build elsewhere too.
    read = replace(config, base_url="/", drafts=False, output_dir=Path("public"))
    context = cache_key(repr(read), _audio_names(config))
    stamps = cache.stamps if cache is not None else Stamps()
    results: list[Document | None] = []
    with Parsers(partial(_parsed, config=config), problems) as parsers:
        before: Iterator[Document | None] = iter(())
        for start in range(0, len(sources), _BATCH):
            batch = sources[start : start + _BATCH]
            # This batch is read and sent to the workers while they parse the one before.
            sent = _documents(batch, config.dialect, context, stamps, cache, parsers, problems)
            results.extend(before)
            before = sent
        results.extend(before)
    return [doc for doc in results if doc is not None]


def _documents(
    batch: list[SourceFile],
    dialect: str,
    context: str,
    stamps: Stamps,
    cache: StageCache | None,
    parsers: Parsers,
    problems: Problems,
) -> Iterator[Document | None]:
    """The documents of `batch`, taken in order: read and keyed now, the ones the cache
    lacks sent to `parsers`."""
    keyed = [_source_key(source, dialect, context, stamps) for source in batch]
    if cache is not None:
        cache.prefetch("documents", [key for key, _ in keyed])
    known = [cache.get_document(key) if cache is not None else None for key, _ in keyed]
    missing = [
        (source, key, data)
        for source, (key, data), found in zip(batch, keyed, known, strict=True)
        if found is None
    ]
    parsed = parsers.parsed(missing)
    return (
        _document(found, key, parsed, problems, cache)
        for (key, _), found in zip(keyed, known, strict=True)
    )


def _document(
    found: Parsed | None,
    key: str,
    parsed: Iterator[Parsed | None],
    problems: Problems,
    cache: StageCache | None,
) -> Document | None:
    """The document under `key`, `found` in the cache or the next of `parsed` (kept in the
    cache), its messages said."""
    if found is None:
        found = next(parsed)
        if found is not None and cache is not None:
            found = cache.put_document(key, found)
    if found is None:
        return None
    problems.extend(found[1])
    doc = found[0]
    # A body the state file holds is read again only to be rendered (`render_all`).
    return cache.without_body(doc) if cache is not None and doc else doc


def _parsed(
    source: SourceFile, key: str, data: bytes | None, problems: Problems, config: SiteConfig
) -> Parsed | None:
    """The document of `source` under `key`, parsed from `data` (read now when None), with
    its messages; None when a bug of sitegen's, said in `problems`, stopped it."""
    local = Problems()
    with problems.reading(source.rel):  # a bug of sitegen's: said, never cached
        doc = parse(source, config, local, data)
        return _keyed(doc, key) if doc else None, tuple(local.items)
    return None


_BATCH = 500
"""Sources keyed at a time: the bytes read for a key are the ones parsed, and two batches'
bytes are all a first build holds at once."""


def _source_key(
    source: SourceFile, dialect: str, context: str, stamps: Stamps
) -> tuple[str, bytes | None]:
    """The key of the file's bytes, its description and the settings (`context`), read from
    `stamps` when the file is as it was when last read; and the bytes, when they were read."""
    path = str(source.path)
    stat, key = stamps.key(path, context)
    if key is not None:
        return key, None
    try:
        data: bytes | None = read_bytes(source.path)
    except OSError:
        data = None  # parse() reports why it cannot be read
    # Jekyll and Hugo date an undated post by its file's last change.
    changed = stat[1] if stat is not None and dialect != "sitegen" else 0
    key = cache_key(data or b"", changed, repr(source), context)
    stamps.remember(path, stat, context, key)
    return key, data


def _keyed(doc: Document, key: str) -> Document:
    meta = cache_key(repr(doc.source), repr(doc.meta))
    return replace(doc, key=key, body_key=body_key(doc, doc.body), meta_key=meta)


def body_key(doc: Document, body: str) -> str:
    """The key of `body` where `doc`'s body sits in its file: what the Markdown stage reads."""
    return cache_key(body, doc.source.rel, doc.body_line)


def _audio_names(config: SiteConfig) -> tuple[str, ...]:
    """`audio:` looks for a recording anywhere in the static folder (`audio/<slug>.mp3`
    for `true`): the paths of those files are part of what a document depends on."""
    folder = config.root / config.static_dir
    found = []
    for here, _, filenames in walk(folder, config.root, Problems(), _is_audio):
        where = os.path.relpath(here, folder)
        found += [os.path.join(where, n) for n in filenames]
    return tuple(found)


def _is_audio(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in AUDIO_TYPES


def parse(
    source: SourceFile, config: SiteConfig, problems: Problems, data: bytes | None = None
) -> Document | None:
    """The document of `source`, its bytes read now unless `data` holds them."""
    text = _read_text(source, problems, data)
    if text is None:
        return None
    if not text.strip():
        problems.warn(source.rel, 1, 1, "empty file: left out", "write front matter and a body")
        return None
    lines = text.split("\n")
    fence = _fence(lines[0])
    if fence is None:
        return _headless(text, source, config, problems)
    end = next((i for i in range(1, len(lines)) if fence.match(lines[i])), None)
    if end is None:
        problems.error(
            source.rel,
            1,
            1,
            "front matter not closed (opened at line 1)",
            f"add a `{lines[0].strip()}` line after the last `key: value` line",
        )
        return None
    block = "\n".join(lines[1:end])
    if fence is _TOML_CLOSE:
        mapping = toml_mapping(block, source.rel, 2)
    else:
        mapping = load_mapping(block, source.rel, 2, "front matter")
    body = "\n".join(lines[end + 1 :])
    if config.dialect != "sitegen":
        mapping, body = untitled(adapt(mapping, source, config, problems), body, source)
    problems.extend(mapping.diagnostics)
    if mapping.diagnostics and not mapping.entries:
        return None
    meta = validate(source, mapping.entries, config, problems, mapping.failed)
    if meta is None:
        return None
    if not body.strip():
        problems.warn(source.rel, end + 1, 1, "the post has no text after its front matter")
    for line, col, sentence in () if meta.draft else placeholders_left(body):
        message = f"`{sentence}` is the text `sitegen new` wrote: it was never replaced"
        problems.warn(source.rel, end + 2 + line, col, message, "write your own text in its place")
    return Document(source, meta, body, end + 2)


def _fence(first: str) -> re.Pattern[str] | None:
    """The pattern that closes the front matter `first` opens: YAML `---` or TOML `+++`."""
    if _OPEN.match(first):
        return _CLOSE
    return _TOML_CLOSE if _TOML_CLOSE.match(first) else None


def _headless(
    text: str, source: SourceFile, config: SiteConfig, problems: Problems
) -> Document | None:
    if config.dialect != "sitegen":
        found = headless(text, source, config, problems)
        if found is None:
            return None
        mapping, body = found
        meta = validate(source, mapping.entries, config, problems)
        return Document(source, meta, body, 1) if meta else None
    problems.error(
        source.rel,
        1,
        1,
        "no front matter: the file must start with a `---` line",
        "put `---`, then `title: …` and `date: …`, then `---` at the top of the file",
    )
    return None


def _read_text(source: SourceFile, problems: Problems, data: bytes | None) -> str | None:
    try:
        # The BOM read_text drops would otherwise hide the opening `---`.
        text = read_text(source.path) if data is None else decoded(data)
    except OSError as exc:
        problems.error(source.rel, 0, 0, f"cannot read the file ({exc.strerror})", hint_of(exc))
        return None
    except UnicodeDecodeError as exc:
        data = exc.object
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.error(
            source.rel,
            line,
            col,
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            "save the file as UTF-8 in your editor",
        )
        return None
    # A second BOM (a file saved twice by an editor that adds one) would hide the `---`.
    text = text.lstrip("\ufeff")
    return _without_controls(text, source, problems)


_CONTROLS = re.compile(r"[\x01-\x08\x0b\x0e-\x1f\x7f-\x9f]")
"""Control characters no page may hold (HTML allows tab, line feed and form feed only);
they come in with text pasted from terminals and old documents. NUL is not one of them:
it marks a damaged or binary file, and a slug holding one is refused."""


def _without_controls(text: str, source: SourceFile, problems: Problems) -> str:
    first = _CONTROLS.search(text)
    if first is None:
        return text
    line = text.count("\n", 0, first.start()) + 1
    col = first.start() - (text.rfind("\n", 0, first.start()) + 1) + 1
    count = len(_CONTROLS.findall(text))
    problems.warn(
        source.rel,
        line,
        col,
        f"invisible control character U+{ord(first.group()):04X} removed"
        + (f" ({count} in the file)" if count > 1 else ""),
        "delete it in your editor: it often comes with text pasted from a terminal",
    )
    return _CONTROLS.sub("", text)
