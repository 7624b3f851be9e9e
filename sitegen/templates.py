"""The theme's templates as Jinja2 compiles them, and a template's failure as an error
located in the template."""

from __future__ import annotations

import os
import traceback
from functools import lru_cache
from pathlib import Path

import jinja2

from sitegen.cache import key as cache_key
from sitegen.errors import Problems, TemplateError
from sitegen.theme import Theme


def environment(template_dirs: tuple[Path, ...]) -> jinja2.Environment:
    """The theme's environment, made again when any template file was added, removed or
    changed: Jinja's own check only sees a changed modification time of the file it loaded,
    not an override that now shadows it, nor an edit that kept the time."""
    return _compiled(template_dirs, _templates_digest(template_dirs))


def _templates_digest(template_dirs: tuple[Path, ...]) -> str:
    files = []
    for folder in template_dirs:
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames.sort()
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                try:
                    files.append((path, Path(path).read_bytes()))
                except OSError:  # the loader says what is wrong when a page needs it
                    files.append((path, b""))
    return cache_key(*files)


@lru_cache(maxsize=4)
def _compiled(template_dirs: tuple[Path, ...], templates: str) -> jinja2.Environment:
    """One environment per theme and version of its `templates` (their digest): the dev
    server's rebuilds reuse its compiled templates. It holds no per-build state."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs]),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


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
