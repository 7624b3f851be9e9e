"""`sitegen import jekyll|hugo`: a whole Jekyll or Hugo blog turned into sitegen's files.

The blog is read exactly as `sitegen build` reads it in place; each post is then written
with sitegen's front matter, at sitegen's address, and its old address is kept alive by a
redirect page (`aliases:`) whenever the two differ.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

import frontmatter
import yaml

from sitegen.content.addresses import address, old_addresses
from sitegen.content.changes import CHANGES
from sitegen.content.foreignmarkup import translate_markup
from sitegen.content.frontmatter import parse_all
from sitegen.content.keys import REFERENCE_KEYS
from sitegen.content.sources import MARKDOWN_SUFFIXES, discover
from sitegen.content.values import NOT_IN_PATH
from sitegen.foreign.permalinks import WRITTEN_SLUG, tool_slug
from sitegen.foreign.polyglot import fallback_copies
from sitegen.importers.ownsyntax import keep_turns_as_text
from sitegen.model import Document, FrontMatter
from sitegen.project.errors import Diagnostic, Problems, UsageError
from sitegen.project.files import MAX_COPIED_BYTES, read_bytes
from sitegen.project.paths import display_path
from sitegen.settings.config import CONFIG_NAME, DEFAULT_PERMALINK, SiteConfig, load_config
from sitegen.settings.dialect import read_foreign
from sitegen.settings.statics import JEKYLL_DATE, jekyll_folders, jekyll_mount, jekyll_root_files
from sitegen.theme.folders import jekyll_copies, walk_static

_DATED = re.compile(f"^{JEKYLL_DATE}")
_CONSUMED = frozenset({"categories", "category", "permalink", "excerpt_separator", WRITTEN_SLUG})
"""The other tool's keys the conversion has used up (tags, addresses, summaries)."""


@dataclass
class BlogImport:
    """Everything an import would write, decided before the first file is written."""

    files: dict[Path, bytes] = field(default_factory=dict)
    posts: int = 0
    pages: int = 0
    copied: int = 0
    """Files other than posts and pages: images, static files."""
    redirects: int = 0
    warnings: list[Diagnostic] = field(default_factory=list)


def plan_import(old: Path, tool: str, new: Path) -> BlogImport:
    """Read the blog at `old` and decide the files of the sitegen blog at `new`."""
    foreign = read_foreign(old.resolve())
    if foreign is None or foreign.dialect != tool:
        found = f"a {foreign.dialect.capitalize()} blog" if foreign else "neither"
        raise UsageError(f"{old}: not a {tool.capitalize()} blog ({found})")
    problems = Problems()
    docs = parse_all(discover(foreign, problems), foreign, problems)
    target, settings = _target(new, foreign)
    placed = [_placed(doc, tool_slug(foreign, doc), target) for doc in docs]
    _refuse_clashes(docs, placed, problems)
    new_urls = {id(doc): address(target, moved)[1] for doc, moved in zip(docs, placed, strict=True)}
    bodies = translate_markup(docs, foreign, problems, lambda doc: new_urls[id(doc)])
    problems.raise_if_errors()
    plan = BlogImport(warnings=problems.warnings)
    if settings is not None:
        plan.files[new / CONFIG_NAME] = settings
    taken = set(new_urls.values())
    copies = fallback_copies(foreign, docs)
    for doc, moved, translated, elsewhere in zip(docs, placed, bodies, copies, strict=True):
        aliases = _old_addresses(foreign, doc, taken, elsewhere)
        body = keep_turns_as_text(translated.body, doc.meta.layout)
        plan.files[moved.source.path] = _post_text(moved, body, aliases)
        plan.redirects += len(aliases)
        plan.posts += doc.source.kind == "post"
        plan.pages += doc.source.kind == "page"
        if doc.source.is_bundle and foreign.dialect != "jekyll":  # Jekyll copies the folder
            _copy_folder(doc.source.path.parent, moved.source.path.parent, foreign, plan)
    for folder, mount in _static_folders(foreign):
        _copy_folder(folder, new / target.static_dir / mount, foreign, plan)
    if foreign.dialect == "jekyll":
        for path in jekyll_root_files(foreign):
            if jekyll_copies(path, foreign, Problems()):
                plan.files[new / target.static_dir / path.name] = _copied(path, foreign.root)
    plan.copied = len(set(plan.files) - {new / CONFIG_NAME} - {m.source.path for m in placed})
    return plan


def _refuse_clashes(docs: list[Document], placed: list[Document], problems: Problems) -> None:
    """Two entries that would be written to one file (`a/notes.md`, `b/notes.md`)."""
    first: dict[Path, Document] = {}
    for doc, moved in zip(docs, placed, strict=True):
        other = first.setdefault(moved.source.path, doc)
        if other is not doc:
            problems.error(
                doc.source.rel,
                1,
                1,
                f"would be written to {moved.source.rel}, as {other.source.rel} is",
                "give one of them a `slug:` of its own",
            )


def _old_addresses(
    foreign: SiteConfig, doc: Document, taken: set[str], elsewhere: list[str]
) -> list[str]:
    """Its own aliases, where the old tool published `doc` (and, with jekyll-polyglot, copied
    it: `elsewhere`), and where sitegen read in place did: each becomes an alias, unless an
    entry of the new blog is there."""
    kept = [a for a in dict.fromkeys(doc.meta.aliases) if a not in taken]
    taken.update(kept)
    kept += old_addresses(foreign, doc, elsewhere, taken, also=[address(foreign, doc)[1]])
    return [_escaped(a) for a in kept]


def _escaped(alias: str) -> str:
    """An old address as `aliases:` accepts it: Hugo kept `@` and `#`, Jekyll `'` and
    `(` in its addresses, which are written percent-encoded (the same file is written)."""
    return NOT_IN_PATH.sub(lambda found: quote(found.group(), safe=""), alias)


def write_import(plan: BlogImport, new: Path) -> None:
    """Write every planned file; refuse, before writing anything, to replace one."""
    taken = sorted(path for path in plan.files if path.exists())
    if taken:
        shown = ", ".join(str(p.relative_to(new)) for p in taken[:5])
        more = f" and {len(taken) - 5} more" if len(taken) > 5 else ""
        raise UsageError(
            f"{shown}{more}: already exist; sitegen import never overwrites a file "
            "(import into a new folder: --source NEW_FOLDER)"
        )
    for path, data in plan.files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("xb") as handle:
            handle.write(data)


def _target(new: Path, foreign: SiteConfig) -> tuple[SiteConfig, bytes | None]:
    """The sitegen blog's settings: its own when it has them, else the old blog's."""
    if (new / CONFIG_NAME).is_file():
        return load_config(new), None
    permalink = _permalink(foreign)
    target = SiteConfig(
        root=new.resolve(),
        title=foreign.title,
        description=foreign.description,
        author=foreign.author,
        base_url=foreign.base_url,
        language=foreign.language,
        languages=foreign.languages,
        default_language_at_root=foreign.default_language_at_root,
        permalink=permalink,
    )
    settings = {
        "title": target.title,
        "description": target.description,
        "author": target.author,
        "base_url": target.base_url,
        "language": target.language,
        "languages": list(target.languages),
        "default_language_at_root": target.default_language_at_root,
        "permalink": permalink,
    }
    kept = {k: v for k, v in settings.items() if v not in ("", None)}
    text = f"# Imported from {foreign.foreign.source or 'the folders'} by sitegen import.\n"
    return target, (text + yaml.safe_dump(kept, sort_keys=False, allow_unicode=True)).encode()


def _permalink(foreign: SiteConfig) -> str:
    """The old posts' pattern in sitegen's words when it has one, so addresses stay;
    else sitegen's default (and redirect pages for every post)."""
    patterns = dict(foreign.foreign.permalinks)
    pattern = patterns.get("*") or patterns.get("posts") or ""
    if foreign.dialect == "hugo" and not pattern:
        pattern = "/posts/:slugorfilename/"
    words = {"year": "{year}", "month": "{month}", "day": "{day}", "title": "{slug}"}
    words |= {"slug": "{slug}", "slugorfilename": "{slug}", "categories": ""}
    parts = [p for p in pattern.split("/") if p]
    converted = [words.get(p[1:], "?") if p.startswith(":") else p for p in parts]
    result = "/" + "/".join(p for p in converted if p) + "/"
    if "?" in converted or ":" in result or result.count("{slug}") != 1:
        return DEFAULT_PERMALINK
    return result


def _placed(doc: Document, slug: str, target: SiteConfig) -> Document:
    """The document as the sitegen blog will hold it: its new file, named as its old
    address named it."""
    meta, source = doc.meta, doc.source
    suffix = "" if meta.lang == target.language else f".{meta.lang}"
    folder = target.root / target.content_dir / ("posts" if source.kind == "post" else "pages")
    dated = f"{meta.date:%Y-%m-%d}-{slug}" if meta.date and source.kind == "post" else slug
    # Hugo keeps a file name's date in the address (`/posts/2016-01-01-x/`): the file is
    # not dated twice, and `slug:` keeps the address, as sitegen would read the date off.
    own_slug = slug if _DATED.match(slug) else None
    if own_slug:
        dated = slug
    name = f"{dated}/index{suffix}.md" if source.is_bundle else f"{dated}{suffix}.md"
    path = folder / name
    moved = replace(source, path=path, rel=str(PurePosixPath(path.relative_to(target.root))))
    moved = replace(moved, stem=slug, within=name, drafted=False)
    return replace(doc, source=moved, meta=replace(meta, slug=own_slug, aliases=()))


def _post_text(doc: Document, body: str, aliases: list[str]) -> bytes:
    meta = doc.meta
    values: dict[str, Any] = {"title": meta.title}
    if meta.date is not None and doc.source.kind == "post":
        at_midnight = meta.date.timetz() == time(0, tzinfo=UTC)
        values["date"] = meta.date.date() if at_midnight else meta.date
    values["lang"] = meta.lang
    if meta.layout not in ("post", "page"):
        values["layout"] = meta.layout
    values |= {"tags": list(meta.tags)} if meta.tags else {}
    values |= {"slug": meta.slug} if meta.slug else {}
    values |= {"description": meta.description} if meta.description else {}
    values |= {"draft": True} if meta.draft else {}
    values |= _disclosures(meta)
    values |= {"translation_key": meta.translation_key}
    values |= {"url": meta.url} if meta.url else {}
    values |= {"aliases": aliases} if aliases else {}
    extra = {k: _plain(v) for k, v in meta.extra if k not in _CONSUMED}
    values |= {"extra": extra} if extra else {}
    if values["translation_key"] == doc.source.stem:
        del values["translation_key"]
    post = frontmatter.Post(body.strip("\n") + "\n", None, **values)
    text = frontmatter.dumps(post, sort_keys=False, allow_unicode=True)
    return (text + "\n").encode()


def _disclosures(meta: FrontMatter) -> dict[str, Any]:
    """What the post says of how it was made, and its references, written back as read:
    an import must never lose a translation or generation notice."""
    values: dict[str, Any] = {}
    if meta.translated is not None:
        t = meta.translated
        said: dict[str, Any] = {"from": t.from_lang, "url": t.url, "title": t.title}
        said |= {"by": t.by, "reviewed_by": t.reviewed_by, "reviewed_on": _written(t.reviewed_on)}
        said |= {"machine": None if t.machine else False}  # a machine's unless it says not
        values["translated"] = {k: v for k, v in said.items() if v is not None} or True
    if meta.generated is not None:
        g = meta.generated
        said = {"model": g.model, "reviewed_by": g.reviewed_by, "prompted_by": g.prompted_by}
        said |= {"part": g.part, "reviewed_on": _written(g.reviewed_on)}
        values["generated"] = {k: v for k, v in said.items() if v is not None} or True
    if meta.audio:
        narration = meta.audio
        said = {"voice": narration.voice, "model": narration.model}
        declared = {k: v for k, v in said.items() if v is not None}
        values["audio"] = {"file": narration.path, **declared} if declared else narration.path
    for key in REFERENCE_KEYS:
        refs = [{"title": r.title, "url": r.url, "lang": r.lang} for r in getattr(meta, key)]
        if refs:
            values[key] = [{k: v for k, v in ref.items() if v} for ref in refs]
    if meta.discussion:
        values["discussion"] = list(meta.discussion)
    for key in CHANGES:
        changes = [
            {"date": _written(c.date), "note": c.note} if c.note else _written(c.date)
            for c in getattr(meta, key)
        ]
        if changes:
            values[key] = changes
    return values


def _written(moment: datetime | None) -> date | datetime | None:
    """A date-time at midnight UTC as the day it was written as."""
    if moment is None or moment.timetz() != time(0, tzinfo=UTC):
        return moment
    return moment.date()


def _plain(value: Any) -> Any:
    """TOML's dates and tables as YAML writes them back."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _static_folders(foreign: SiteConfig) -> list[tuple[Path, str]]:
    if foreign.dialect == "jekyll":
        return [(folder, jekyll_mount(foreign, folder)) for folder in jekyll_folders(foreign)]
    static = foreign.root / foreign.static_dir
    return [(static, "")] if static.is_dir() else []


def _copy_folder(folder: Path, to: Path, foreign: SiteConfig, plan: BlogImport) -> None:
    """The files of a bundle or of a static folder, Markdown and Liquid templates aside;
    what may not be copied (a link out of the blog, a pipe) is said, as a build says it."""
    problems = Problems()
    for path in walk_static(folder, foreign.root, problems):
        if path.name.endswith(MARKDOWN_SUFFIXES):
            continue
        if foreign.dialect == "jekyll" and not jekyll_copies(path, foreign, Problems()):
            continue
        plan.files[to / path.relative_to(folder)] = _copied(path, foreign.root)
    plan.warnings += [w for w in problems.warnings if w not in plan.warnings]


def _copied(path: Path, root: Path) -> bytes:
    try:
        return read_bytes(path, MAX_COPIED_BYTES, inside=root)
    except OSError as exc:
        shown = display_path(path, root)
        raise UsageError(f"{shown}: cannot copy the file ({exc.strerror})") from None
