"""Jekyll's Liquid in a post's body, done as Jekyll does it before Markdown: tags that make
text (`highlight`, `post_url`, `link`, `include`, `{{ … }}`) become Markdown, tags that
decide (`if`, `unless`, `case`, `for`, `assign`, `capture`) are followed. What sitegen cannot
follow is left out with a warning at its place, so no `{%` ever reaches a reader.

Lines that go (a comment, a capture, a branch not taken) leave their line breaks, so the
lines after keep their numbers for later messages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sitegen.foreign.includes import include
from sitegen.foreign.kramdown import translate_kramdown
from sitegen.foreign.leftovers import sweep
from sitegen.foreign.liquidtree import BLOCKS, Node, parse
from sitegen.foreign.liquidvalues import UNDEFINED, Scope, shown
from sitegen.foreign.markup import Markup
from sitegen.foreign.sitelists import site_lists
from sitegen.settings.inputs import configuration
from sitegen.settings.statics import jekyll_excluded

_SITE_PATH = {"site.baseurl", "site.url | append: site.baseurl"}
_SITE_URL = re.compile(r"\{\{-?\s*site\.url\s*-?\}\}\{\{-?\s*site\.baseurl\s*-?\}\}")
_FOR = re.compile(r"^(?P<name>[\w-]+)\s+in\s+(?P<items>\(.*?\)|\S+)(?P<options>.*)$", re.S)
_RANGE = re.compile(r"^\(\s*((?:[^\s.]|\.(?!\.))++)\s*\.\.\s*(\S+?)\s*\)$")
_LISTS = re.compile(r"\bsite\.(?:posts|categories|tags)\b")
_WHEN_VALUES = re.compile(r"(?<!\s)\s*(?:,|\bor\b)\s*")
"""What separates the values a `when` compares with: `when 1, 2 or 3`."""
_ASSIGN = re.compile(r"^\s*([\w-]+)\s*=\s*+(.*?\S)\s*$", re.S)
_DEFAULT_SEPARATOR = "\n\n"
_HINT = (
    "write the HTML or Markdown it stood for, or wrap it in {% raw %}…{% endraw %} "
    "to show it as text"
)


def prepare_liquid(body: str) -> str:
    """A first pass that keeps every line where it is: `{{ site.url }}{{ site.baseurl }}`
    is one path, said once."""
    return _SITE_URL.sub("{{ site.baseurl }}", body)


def translate_liquid(markup: Markup) -> str:
    """The body with its Liquid done, then kramdown's own syntax; the excerpt separator
    becomes `<!--more-->`."""
    body = render_liquid(markup, markup.body, page_scope(markup))
    body = sweep(markup, translate_kramdown(markup, body))
    return _excerpt(body, markup)


def page_scope(markup: Markup) -> Scope:
    """`page` and `site` as Jekyll gives them to a post."""
    meta = markup.doc.meta
    page: dict[str, Any] = dict(meta.extra)
    page.update(title=meta.title, tags=list(meta.tags), date=meta.date)
    written = dict(meta.lines)
    for key, value in (("lang", meta.lang), ("description", meta.description)):
        if key in written:  # Jekyll's page has them only when the front matter does
            page[key] = value
    config = markup.config
    site = configuration(config)
    for key, value in (("title", config.title), ("description", config.description)):
        site.setdefault(key, value)
    site.setdefault("author", config.author)
    if _LISTS.search(markup.body):
        site.update(site_lists(markup.addresses))
    urls = markup.urls
    return Scope({"page": page, "site": site}, urls, lambda path: urls.absolute(urls(path)))


def render_liquid(markup: Markup, text: str, scope: Scope, at: int | None = None) -> str:
    """`text` (the body, or an included file's text shown at offset `at`) with its Liquid
    done."""
    return _Renderer(markup, text, scope, at).render(parse(markup, text, at))


@dataclass
class _Renderer:
    markup: Markup
    text: str
    scope: Scope
    at: int | None

    def render(self, nodes: list[Node | str]) -> str:
        return "".join(n if isinstance(n, str) else self._kept(n) for n in nodes)

    def _kept(self, node: Node) -> str:
        """What a tag makes, with the line breaks it had: the lines after keep their numbers
        (an included file's own lines are the exception)."""
        made = self._node(node)
        had = self.text.count("\n", node.match.start(), node.end or node.match.end())
        return made + "\n" * (had - made.count("\n"))

    def _where(self, match: re.Match[str]) -> int:
        return self.at if self.at is not None else match.start()

    def _gone(self, node: Node) -> str:
        """Nothing, but the line breaks of what was there."""
        return "\n" * self.text.count("\n", node.match.start(), node.end or node.match.end())

    def _node(self, node: Node) -> str:
        match = node.match
        if match.group("raw"):
            return match.group("verbatim")
        if match.group("comment"):
            return self._gone(node)
        if match.group("output") is not None:
            return self._output(match)
        name, args = match.group("name"), match.group("args").strip()
        if name in ("if", "unless", "case"):
            return self._choice(node, name, args)
        if name == "capture":
            self.scope.variables[args.split()[0] if args else "_"] = self.render(
                node.branches[0][1]
            )
            return self._gone(node)
        if name == "assign" and (found := _ASSIGN.match(args)):
            self.scope.variables[found.group(1)] = self._value(match, found.group(2))
            return ""
        if name == "for" and (loop := _FOR.match(args)):
            return self._loop(node, match, loop)
        if name in BLOCKS:
            self._unsupported(match, f"Liquid `{_short(match)}` is not supported: left out")
            return self._gone(node)
        return self._tag(match, name, args)

    def _loop(self, node: Node, match: re.Match[str], loop: re.Match[str]) -> str:
        """`{% for img in page.gallery limit:3 %}`: the text once for each item (a list of
        the front matter or of `_config.yml`, or a range); `else` when there is none."""
        items = self._items(loop.group("items"))
        if items is None:
            message = f"Liquid `{_short(match)}` loops over what sitegen does not know: left out"
            self._unsupported(match, message)
            return self._gone(node)
        options = dict(re.findall(r"(limit|offset):\s*(\d+)", loop.group("options")))
        start = int(options.get("offset", 0))
        items = (
            items[start : start + int(options["limit"])] if "limit" in options else items[start:]
        )
        if "reversed" in loop.group("options"):
            items = items[::-1]
        if not items:
            return self.render(node.branches[1][1]) if len(node.branches) > 1 else ""
        made = []
        variables = self.scope.variables
        for index, item in enumerate(items):
            variables[loop.group("name")] = item
            variables["forloop"] = {
                "index": index + 1,
                "index0": index,
                "first": index == 0,
                "last": index == len(items) - 1,
                "length": len(items),
            }
            made.append(self.render(node.branches[0][1]))
        return "".join(made)

    def _items(self, expression: str) -> list[Any] | None:
        if found := _RANGE.match(expression):
            first, last = (self.scope.value(found.group(i)) for i in (1, 2))
            if isinstance(first, int) and isinstance(last, int):
                return list(range(first, last + 1))
            return None
        value = self.scope.value(expression)
        if isinstance(value, dict):
            return [[key, item] for key, item in value.items()]
        return list(value) if isinstance(value, list | tuple) else None

    def _choice(self, node: Node, name: str, args: str) -> str:
        chosen: list[Node | str] = []
        for index, (match, children) in enumerate(node.branches):
            if name == "case" and index == 0:
                continue
            if self._taken(node, name, index, match):
                chosen = children
                break
        out = self.render(chosen)
        lines = self.text.count("\n", node.match.start(), node.end) - out.count("\n")
        return out + "\n" * max(0, lines)

    def _taken(self, node: Node, name: str, index: int, match: re.Match[str]) -> bool:
        branch, args = match.group("name"), match.group("args").strip()
        if branch == "else":
            return True
        if name == "case":
            subject = self.scope.value(node.match.group("args").strip())
            return any(self.scope.value(v) == subject for v in _WHEN_VALUES.split(args))
        holds = self.scope.holds(args)
        return not holds if (name == "unless" and index == 0) else holds

    def _value(self, match: re.Match[str], expression: str) -> Any:
        value = self.scope.value(expression)
        for name in self.scope.unknown:
            self.markup.warn(
                self._where(match),
                f"Liquid filter `{name}` is not supported: the value is shown unfiltered",
                "write the text it gave",
            )
        self.scope.unknown.clear()
        return value

    def _tag(self, match: re.Match[str], name: str, args: str) -> str:
        markup = self.markup
        if name == "highlight":
            return "```" + (args.split()[0] if args else "")
        if name == "endhighlight":
            return "```"
        if name == "link" and _copied(markup, args.strip("\"'")):  # `{% link assets/a.pdf %}`
            return markup.site_path("/" + args.strip("\"'/"), match.start(), self.text)
        if name in ("post_url", "link"):
            url = markup.resolve(args.strip("\"'"), match.start(), f"{{% {name} %}}")
            return markup.site_path(url, match.start(), self.text) if url else ""
        if name in ("include", "include_relative"):
            where, relative = self._where(match), name == "include_relative"
            return include(markup, self.scope, args, where, render_liquid, relative)
        return self._unsupported(match, f"Liquid `{_short(match)}` is not supported: left out")

    def _output(self, match: re.Match[str]) -> str:
        markup = self.markup
        expression = " ".join(match.group("output").split())
        if expression in _SITE_PATH:
            # `{{ site.baseurl }}/images/x.png`: sitegen adds the base path itself.
            return markup.site_path("/", match.start(), self.text).rstrip("/")
        if expression == "site.url":  # the host alone, as in « le carnet vit à {{ site.url }} »
            return markup.urls.absolute("/").removesuffix("/")
        # A Markdown link gets the base path from the renderer, an HTML attribute needs it here.
        self.scope.url = lambda path: markup.site_path(path, match.start(), self.text)
        value = self._value(match, expression)
        if value is UNDEFINED and self.at is not None:
            return ""  # an include's optional parameter, silent as in Jekyll
        if value is UNDEFINED:
            message = f"Liquid `{_short(match)}` names nothing sitegen knows: left out"
            return self._unsupported(match, message)
        return shown(value)

    def _unsupported(self, match: re.Match[str], message: str) -> str:
        if self.at is not None:
            self.markup.warn(self.at, message, _HINT)
            return ""
        return self.markup.unsupported(match.start(), match.group(0), message, _HINT)


def _short(match: re.Match[str]) -> str:
    return " ".join(match.group(0).split())


def _copied(markup: Markup, path: str) -> bool:
    """A file Jekyll copies as it is (not a post or a page, which have addresses)."""
    rel = path.strip("/")
    config = markup.config
    return (
        (config.root / rel).is_file()
        and not jekyll_excluded(config, rel)
        and not (rel.endswith((".md", ".markdown", ".html")))
    )


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
