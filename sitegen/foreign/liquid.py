"""Jekyll's Liquid in a post's body: the tags a blog post uses become Markdown, the others
stay visible with a warning (sitegen has no Liquid, and guessing would publish nonsense)."""

from __future__ import annotations

import re

from sitegen.foreign.markup import Markup
from sitegen.foreign.statics import jekyll_excluded

_TAG = re.compile(
    r"(?P<raw>\{%-?\s*raw\s*-?%\}(?P<verbatim>.*?)\{%-?\s*endraw\s*-?%\})"
    r"|(?P<comment>\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\})"
    r"|\{%-?\s*(?P<name>\w+)(?P<args>.*?)-?%\}"
    r"|\{\{-?\s*(?P<output>.*?)\s*-?\}\}",
    re.DOTALL,
)
_STRING = re.compile(r"""^(["'])(.*)\1\s*\|\s*(relative_url|absolute_url)$""")
_SITE_PATH = {"site.baseurl", "site.url | append: site.baseurl"}
_SITE_URL = re.compile(r"\{\{-?\s*site\.url\s*-?\}\}\{\{-?\s*site\.baseurl\s*-?\}\}")
_KRAMDOWN_ATTRIBUTES = re.compile(r"^[ \t]*\{:[^}\n]*\}[ \t]*$", re.M)
"""kramdown's `{: .note}` lines: styling for Jekyll's theme, meaningless here."""
_DEFAULT_SEPARATOR = "\n\n"


def prepare_liquid(body: str) -> str:
    """A first pass that keeps every line where it is: `{{ site.url }}{{ site.baseurl }}`
    is one path, said once; kramdown's attribute lines go."""
    return _KRAMDOWN_ATTRIBUTES.sub("", _SITE_URL.sub("{{ site.baseurl }}", body))


def translate_liquid(markup: Markup) -> str:
    """The body with its Liquid tags resolved; the excerpt separator becomes `<!--more-->`."""
    body = _TAG.sub(lambda match: _tag(markup, match), markup.body)
    return _excerpt(body, markup)


def _tag(markup: Markup, match: re.Match[str]) -> str:
    if match.group("raw"):
        return match.group("verbatim")
    if match.group("comment"):
        return "\n" * match.group("comment").count("\n")  # keeps the lines where they were
    if match.group("output") is not None:
        return _output(markup, match)
    name, args = match.group("name"), match.group("args").strip()
    if name == "highlight":
        return "```" + (args.split()[0] if args else "")
    if name == "endhighlight":
        return "```"
    if name == "link" and _copied(markup, args.strip("\"'")):  # `{% link assets/a.pdf %}`
        return markup.site_path("/" + args.strip("\"'/"), match.start())
    if name in ("post_url", "link"):
        url = markup.resolve(args.strip("\"'"), match.start(), f"{{% {name} %}}")
        return markup.site_path(url, match.start()) if url else match.group(0)
    return _unsupported(markup, match)


def _copied(markup: Markup, path: str) -> bool:
    """A file Jekyll copies as it is (not a post or a page, which have addresses)."""
    rel = path.strip("/")
    config = markup.config
    return (
        (config.root / rel).is_file()
        and not jekyll_excluded(config, rel)
        and not (rel.endswith((".md", ".markdown", ".html")))
    )


def _output(markup: Markup, match: re.Match[str]) -> str:
    expression = " ".join(match.group("output").split())
    if expression in _SITE_PATH:
        # `{{ site.baseurl }}/images/x.png`: sitegen adds the base path itself.
        return markup.site_path("/", match.start()).rstrip("/")
    if expression == "site.title":
        return markup.config.title
    if expression == "site.url":  # the host alone, as in « le carnet vit à {{ site.url }} »
        return markup.urls.absolute("/").removesuffix("/")
    found = _STRING.match(expression)
    if found:
        path = "/" + found.group(2).lstrip("/")
        if found.group(3) == "absolute_url":
            return markup.urls.absolute(markup.urls(path))
        return markup.site_path(path, match.start())
    return _unsupported(markup, match)


def _unsupported(markup: Markup, match: re.Match[str]) -> str:
    shown = " ".join(match.group(0).split())
    markup.warn(
        match.start(),
        f"Liquid `{shown}` is not supported: left as it is",
        "write the HTML or Markdown it stood for, or wrap it in {% raw %}…{% endraw %} "
        "to show it as text",
    )
    return markup.left_visible(match.start(), match.group(0))


def _excerpt(body: str, markup: Markup) -> str:
    """Jekyll's `excerpt_separator` (site-wide or per post) marks the end of the summary."""
    own = dict(markup.doc.meta.extra).get("excerpt_separator")
    separator = own if isinstance(own, str) else markup.config.foreign.excerpt_separator
    if not separator or separator == _DEFAULT_SEPARATOR or separator not in body:
        return body
    before, _, after = body.partition(separator)
    if before.endswith("\n") and after.startswith("\n"):
        return f"{before}<!--more-->{after}"  # on a line of its own: the lines stay put
    return f"{before}\n\n<!--more-->\n\n{after}"
