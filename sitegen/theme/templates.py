"""The theme's templates as Jinja2 compiles them, and a template's failure as an error
located in the template."""

from __future__ import annotations

import os
import posixpath
import traceback
from collections.abc import Callable
from contextlib import suppress
from functools import lru_cache
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket
from jinja2.loaders import split_template_path

from sitegen.project.errors import Problems, TemplateError
from sitegen.project.files import Refused, boundary, read_bytes, read_file, walk
from sitegen.project.paths import display_path
from sitegen.state.cache import key as cache_key
from sitegen.state.cache import stamp
from sitegen.theme.folders import Theme


def environment(
    template_dirs: tuple[Path, ...], root: Path, problems: Problems
) -> jinja2.Environment:
    """The theme's environment, made again when any template file was added, removed or
    changed: Jinja's own check only sees a changed modification time of the file it loaded,
    not an override that now shadows it, nor an edit that kept the time. A template that
    may not be read (a link out of the project, a pipe, too large) is said here, and the
    loader passes over it."""
    folders = tuple((d, boundary(d, root)) for d in template_dirs)
    return _compiled(folders, _templates_digest(folders, problems))


def _templates_digest(folders: tuple[tuple[Path, Path], ...], problems: Problems) -> str:
    files = []
    for folder, within in folders:
        for here, _, filenames in walk(folder, within, problems, left_out="not read"):
            for name in filenames:
                path = here / name
                try:
                    files.append((str(path), read_bytes(path)))
                except Refused as exc:
                    shown = display_path(path, root=within)
                    problems.error(shown, 0, 0, f"template not read: {exc}", exc.hint)
                except OSError:  # the loader says what is wrong when a page needs it
                    files.append((str(path), b""))
    return cache_key(*files)


class _ProjectLoader(jinja2.FileSystemLoader):
    """Jinja's loader, reading only what the walk of the template folders may: a template
    refused there is passed over, as a missing one is."""

    def __init__(self, folders: tuple[tuple[Path, Path], ...]) -> None:
        super().__init__([str(d) for d, _ in folders])
        self.folders = folders

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        for folder, within in self.folders:
            filename = posixpath.join(folder, *pieces)
            try:
                data, status = read_file(Path(filename), inside=within)
            except OSError:
                continue
            mtime = status.st_mtime

            def uptodate(filename: str = filename, mtime: float = mtime) -> bool:
                try:
                    return os.path.getmtime(filename) == mtime
                except OSError:
                    return False

            return data.decode(self.encoding), os.path.normpath(filename), uptodate
        raise jinja2.TemplateNotFound(template)

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for folder, within in self.folders:
            for here, _, filenames in walk(folder, within, Problems()):
                found.update((here / name).relative_to(folder).as_posix() for name in filenames)
        return sorted(found)


@lru_cache(maxsize=4)
def _compiled(folders: tuple[tuple[Path, Path], ...], templates: str) -> jinja2.Environment:
    """One environment per theme and version of its `templates` (their digest): the dev
    server's rebuilds reuse its compiled templates. It holds no per-build state. Jinja's
    own check of each template's time, at every include of every page, is left out: the
    digest already names what the templates hold (and a template saved during a build does
    not change its pages halfway)."""
    return jinja2.Environment(
        loader=_ProjectLoader(folders),
        auto_reload=False,
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_compiled_before(),
    )


class _CompiledBefore(jinja2.FileSystemBytecodeCache):
    """Jinja's own cache of compiled templates, in the folder Jinja makes for the user in
    the temporary folder and checks is theirs alone: a build after one edit would spend a
    tenth of its time compiling the templates of one page. Never in the blog's cache
    folder, which CI may restore from a shared store: what is here is code. A file that
    cannot be read or written is compiled again; past `_MOST_KEPT` files (each blog's
    templates, each version of sitegen), the oldest half goes."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # damaged: its own checks reset the bucket for most damage
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with suppress(OSError):
            super().dump_bytecode(bucket)
            with os.scandir(self.directory) as entries:
                ours = [e for e in entries if e.name.startswith(_COMPILED)]
            if len(ours) > _MOST_KEPT:
                ours.sort(key=lambda e: e.stat(follow_symlinks=False).st_mtime_ns)
                for entry in ours[: len(ours) // 2]:
                    os.unlink(entry.path)


_COMPILED = "sitegen-template-"
_MOST_KEPT = 2000


def _compiled_before() -> jinja2.BytecodeCache | None:
    """The cache of compiled templates, for this code and this Jinja (the environment's
    settings are sitegen's code); None when the temporary folder cannot hold one."""
    try:
        version = f"{stamp()[:20]}-{jinja2.__version__}"
        return _CompiledBefore(pattern=f"{_COMPILED}{version}-%s")
    except (OSError, RuntimeError):  # RuntimeError: a folder of that name not the user's
        return None


def _template_location(exc: Exception, theme: Theme) -> tuple[str, int]:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return exc.filename or exc.name or "", exc.lineno
    frames = traceback.extract_tb(exc.__traceback__)
    roots = [str(d) for d in theme.template_dirs]
    for frame in reversed(frames):
        if any(frame.filename.startswith(r) for r in roots):
            return frame.filename, frame.lineno or 0
    return "", 0


def template_problem(
    exc: Exception, source: str, source_line: int, theme: Theme, problems: Problems
) -> None:
    """What failed while rendering the page of `source`: a missing template at the line
    that names the page's layout, any other failure at its line in the template."""
    if isinstance(exc, jinja2.TemplateNotFound):
        problems.error(
            source,
            source_line,
            1 if source_line else 0,
            f"no template `{exc.name}` for this page",
            f"add templates/{exc.name} or use another layout",
        )
        return
    where, line = _template_location(exc, theme)
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    if not isinstance(exc, jinja2.TemplateError | TemplateError):
        message = f"{type(exc).__name__}: {message}"
    problems.error(
        where or "templates",
        line,
        1 if line else 0,
        f"template error: {message} (rendering {source})",
        "add the message to templates/i18n/<lang>.yaml"
        if isinstance(exc, TemplateError)
        else "fix the template; run with --debug for the Python traceback",
    )
