"""Jekyll's `{% include file.html key="value" %}`: the file of `_includes/` with its Liquid
done, as Jekyll inserts it, unless it would run or embed someone else's code. A theme's
`video` include becomes a link to the video, its `toc` the theme's own table of contents;
an include the tree lacks may be its theme's (themeincludes.py)."""

from __future__ import annotations

import re
from collections.abc import Callable

from sitegen.foreign.embeds import embed_link
from sitegen.foreign.liquidvalues import Scope, shown
from sitegen.foreign.markup import Markup
from sitegen.foreign.themeincludes import theme_include
from sitegen.project.files import read_text
from sitegen.settings.inputs import markup_folders, runs_code

Render = Callable[[Markup, str, Scope, int], str]
_PARAMETER = re.compile(r"""(?<![\w-])([\w-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"']+)""")
_DEPTH = "\0depth"
_MAX_DEPTH = 8
_HINT = "write the HTML or Markdown it stood for"


def include(
    markup: Markup, scope: Scope, args: str, offset: int, render: Render, relative: bool = False
) -> str:
    """What `{% include <args> %}` (or `include_relative`, a file beside the post) at
    `offset` of the body shows."""
    name, params = _arguments(scope, args)
    if name in ("toc", "toc.html"):
        return ""  # sitegen's theme gives long posts their table of contents
    provider = params.get("provider")
    if name in ("video", "video.html") and provider in ("youtube", "vimeo"):
        found = embed_link(str(provider), markup.doc.meta.lang, [shown(params.get("id"))])
        if found:
            return found
    beside = (markup.config.root / markup.doc.source.rel).parent
    path = (beside if relative else markup_folders(markup.config)[0]) / name
    if not name or ".." in name.split("/") or not path.is_file():
        themed = None if relative else theme_include(markup, scope, name, params, offset)
        if themed is not None:
            return themed
        where = "beside the post" if relative else "in _includes/"
        markup.warn(offset, f"Liquid include `{name}`: no such file {where}: left out", _HINT)
        return ""
    try:
        text = read_text(path, inside=markup.config.root, errors="replace")
    except OSError as exc:
        markup.warn(offset, f"Liquid include `{name}`: {exc.strerror}: left out", _HINT)
        return ""
    if runs_code(text):
        markup.warn(
            offset,
            f"Liquid include `{name}` runs scripts or embeds another site: left out",
            _HINT + " (a link to what it showed is safe)",
        )
        return ""
    depth = int(scope.variables.get(_DEPTH, 0))
    if depth >= _MAX_DEPTH:
        markup.warn(offset, f"Liquid include `{name}` includes itself: left out", _HINT)
        return ""
    variables = {**scope.variables, "include": params, _DEPTH: depth + 1}
    made = render(markup, text, Scope(variables, scope.url, scope.absolute), offset)
    if not made.lstrip().startswith("<"):
        return made
    # kramdown reads an HTML element whole; CommonMark ends it at a blank line, such as the
    # ones a `{% if %}` line leaves, and would take what follows for code.
    return "\n".join(line for line in made.split("\n") if line.strip())


def _arguments(scope: Scope, args: str) -> tuple[str, dict[str, object]]:
    """`note.html titre="Attention" texte=page.x` -> the file and its parameters."""
    name = args.split()[0].strip("\"'") if args.split() else ""
    params: dict[str, object] = {}
    for found in _PARAMETER.finditer(args):
        params[found.group(1)] = scope.value(found.group(2))
    return name, params
