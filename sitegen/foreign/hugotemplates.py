"""A site's own shortcode (`{{< avatar src="moi.png" >}}`, or a paired one around its text)
done from its template, `layouts/shortcodes/<name>.html` (or its theme's), when that
template is HTML with only its parameters in it (`{{ .Get "src" }}`, `{{ .Get 0 }}`, and a
paired one's `.Inner` once): what Hugo would write, every value escaped. A template that
computes, reads files or runs a script is not followed: the single shortcode is left out,
with a warning, the paired one keeps its text in an element named after it."""

from __future__ import annotations

import re
from html import escape

from sitegen.foreign.markup import Markup
from sitegen.project.files import read_text
from sitegen.settings.config import SiteConfig
from sitegen.settings.inputs import markup_folders, runs_code

_ACTION = re.compile(r"\{\{-?\s*+((?:\s*+(?!\{\{)\S)*?)\s*-?\}\}", re.S)
_COMMENT = re.compile(r"\{\{-?\s*/\*(?:(?!\{\{-?\s*/\*).)*?\*/\s*-?\}\}", re.S)
_GET = re.compile(
    r"""^\$?\.Get\s+(?:(\d+)|"([^"]*)")\s*((?:\|\s*(?:safeHTML|safeURL|relURL|absURL|"""
    r"""markdownify|htmlEscape|plainify)\s*)*)$"""
)
_INNER = re.compile(r"^\$?\.Inner\s*(?:\|\s*(?:markdownify|safeHTML|htmlUnescape)\s*)*$")
"""`.Inner`: the text between the tags, which stays Markdown for sitegen to render."""
_HINT = "write the HTML or Markdown it stood for"


def own_shortcode(
    markup: Markup, offset: int, name: str, positional: list[str], named: dict[str, str]
) -> str:
    """The HTML the site's template for `name` makes, or "" (with a warning)."""
    text = _template_text(markup.config, name)
    if text is None:
        markup.warn_once(
            offset,
            f"Hugo shortcode `{name}` has no template in layouts/shortcodes/: left out",
            _HINT,
        )
        return ""
    actions = [m.group(1) for m in _ACTION.finditer(text)]
    if runs_code(text) or not all(_GET.match(a) for a in actions):
        markup.warn_once(
            offset,
            f"Hugo shortcode `{name}`: its template does more than show its parameters "
            "(computes, reads files or runs a script): left out",
            _HINT,
        )
        return ""
    return _filled(markup, text, positional, named)


def own_paired(
    markup: Markup, name: str, positional: list[str], named: dict[str, str]
) -> tuple[str, str] | None:
    """What the site's template for the paired `name` writes before and after its text, when
    it only shows its parameters and `.Inner` once; None otherwise."""
    text = _template_text(markup.config, name)
    if text is None:
        return None
    actions = list(_ACTION.finditer(text))
    inner = [m for m in actions if _INNER.match(m.group(1))]
    plain = all(_GET.match(m.group(1)) or _INNER.match(m.group(1)) for m in actions)
    if runs_code(text) or len(inner) != 1 or not plain:
        return None
    before, after = text[: inner[0].start()], text[inner[0].end() :]
    return _filled(markup, before, positional, named), _filled(markup, after, positional, named)


def _template_text(config: SiteConfig, name: str) -> str | None:
    """The site's (or its theme's) template for the shortcode `name`, without comments."""
    if not re.fullmatch(r"[\w./-]+", name) or ".." in name.split("/"):
        return None
    found = (folder / f"{name}.html" for folder in markup_folders(config))
    path = next((path for path in found if path.is_file()), None)
    if path is None:
        return None
    try:
        text = read_text(path, inside=config.root, errors="replace")
    except OSError:  # a link out of the project, a pipe: no template, as for a missing one
        return None
    return _COMMENT.sub("", text)


def _filled(markup: Markup, text: str, positional: list[str], named: dict[str, str]) -> str:
    """`text` with its parameters' values, on one line: the post's following lines keep
    their numbers."""
    made = _ACTION.sub(lambda m: _value(markup, m.group(1), positional, named), text)
    return " ".join(made.split())


def _value(markup: Markup, action: str, positional: list[str], named: dict[str, str]) -> str:
    found = _GET.match(action)
    assert found is not None  # every action was checked above
    index, key, pipes = found.groups()
    if index is not None:
        value = positional[int(index)] if int(index) < len(positional) else ""
    else:
        value = named.get(key, "")
    if ("relURL" in pipes or "absURL" in pipes) and value.startswith("/"):
        value = markup.urls(value)
    return escape(value)
