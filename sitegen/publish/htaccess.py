"""The redirects of the `.htaccess` a site publishes for its Apache server.

Jekyll publishes a tree's `.htaccess` (its default `include`), and a blog served by Apache
keeps its old addresses alive with it: `/2010/05/billet/` is sent on to
`/2010/05/17/billet/`, `/questions` to a form on another site. A link to such an address
reaches a page, so it is not broken. `Redirect`, `RedirectMatch` and the `RewriteRule`s that
redirect (flag `R`, or a full address) are read. Of their `RewriteCond`s, those on the host
are weighed against the site's own (a rule for an old domain does nothing here); the others
are taken to hold, so a rule counts only when where it leads exists.

A tree's `.htaccess` is not trusted: its patterns are read by RE2, whose time grows with the
address a pattern is tried on whatever the pattern (`(a+)+$` would take Python's `re` hours
on a link of thirty letters). A pattern RE2 does not read (a lookaround, a back-reference)
leaves its rule out, as Apache's dialect already differs from any other.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import re2

from sitegen.model import OutputFile

NAME = ".htaccess"
_DIRECTIVE = re.compile(r"^\s*(Redirect|RedirectMatch|RewriteRule|RewriteCond)\s+(.*)$", re.I)
_STATUS = re.compile(r"^(?:\d{3}|permanent|temp|seeother|gone)$", re.I)
_GROUP = re.compile(r"\$(\d)")


@dataclass(frozen=True, slots=True)
class Rule:
    """One redirect: the addresses it matches and where it sends them."""

    pattern: re2._Regexp[str]
    target: str
    relative: bool
    """A `RewriteRule` matches the path without its leading `/`, as in a folder's file."""
    prefix: bool
    """A `Redirect` matches the start of a path (its first group), and sends on what follows."""


class Redirects:
    """The redirects of the `.htaccess` at the root of a built site (none without one)."""

    def __init__(self, files: Iterable[OutputFile], base_url: str) -> None:
        texts = [f.data.decode("utf-8", "replace") for f in files if f.path == NAME]
        parts = urlsplit(base_url)
        self.rules = [rule for text in texts for rule in _parse(text, parts.netloc.lower())]
        self.host = parts.netloc.lower().removeprefix("www.")
        self.base_path = parts.path or "/"

    def lead_somewhere(self, site_path: str, exists: Callable[[str], bool]) -> bool:
        """Whether a rule sends `site_path` (`/2010/05/billet/`) to another site, or to a
        site path that `exists`."""
        for destination in self._destinations(site_path):
            parts = urlsplit(destination)
            if parts.netloc and parts.netloc.lower().removeprefix("www.") != self.host:
                return True
            path = unquote(parts.path)
            moved = "/" + path[len(self.base_path) :]
            if path.startswith(self.base_path) and exists(moved):
                return True
        return False

    def _destinations(self, site_path: str) -> Iterator[str]:
        path = self.base_path.rstrip("/") + site_path
        for rule in self.rules:
            match = rule.pattern.search(site_path.lstrip("/") if rule.relative else path)
            if match is None:
                continue
            if rule.prefix:
                yield rule.target + path[match.end(1) :]
                continue
            target = _substitute(rule.target, (match.group(0), *match.groups()))
            relative = not ("://" in target or target.startswith("/"))
            yield self.base_path + target if relative else target


def _substitute(target: str, groups: tuple[str | None, ...]) -> str:
    """`$1` in a rule's target is what its pattern's first group matched."""

    def group(found: re.Match[str]) -> str:
        number = int(found.group(1))
        return (groups[number] if number < len(groups) else None) or ""

    return _GROUP.sub(group, target)


def _parse(text: str, host: str) -> Iterator[Rule]:
    conditions: list[list[str]] = []
    for line in text.splitlines():
        found = _DIRECTIVE.match(line)
        words = found.group(2).split() if found else []
        if found is None or not words:
            continue
        directive = found.group(1).lower()
        if directive == "rewritecond":
            conditions.append(words)
            continue
        held = _hold(conditions, host) if directive == "rewriterule" else True
        conditions = []  # a RewriteRule's conditions are those just above it
        if directive != "rewriterule" and _STATUS.match(words[0]):
            words = words[1:]
        if not held or len(words) < 2 or "%{" in words[1] or words[0].startswith("!"):
            continue
        source, target = words[0], words[1].strip("\"'")
        flags = words[2].upper() if len(words) > 2 else ""
        if directive == "rewriterule" and not (re.search(r"\bR\b|\bR=", flags) or "://" in target):
            continue  # an internal rewrite: Apache serves another file, no address changes
        prefix = directive == "redirect"
        compiled = _compiled(rf"\A({re2.escape(source)})(?:/|\z)" if prefix else source)
        if compiled is not None:
            yield Rule(compiled, target.replace("\\", ""), directive == "rewriterule", prefix)


def _hold(conditions: list[list[str]], host: str) -> bool:
    """Whether a rule's `RewriteCond`s on `%{HTTP_HOST}` hold for the site's own host (a
    rule for an old domain sends its visitors here; it does nothing for this site's).
    Conditions on anything else are taken to hold. `[OR]` joins a condition to the next."""
    groups: list[list[bool]] = [[]]
    for words in conditions:
        test, pattern = [*words, "", ""][:2]
        flags = words[2].upper() if len(words) > 2 else ""
        groups[-1].append(test.upper() != "%{HTTP_HOST}" or _host_matches(pattern, host))
        if "OR" not in re.findall(r"\w+", flags):
            groups.append([])
    return all(any(group) for group in groups if group)


def _host_matches(pattern: str, host: str) -> bool:
    compiled = _compiled(pattern.removeprefix("!"), ignore_case=True)
    if compiled is None:
        return True
    return (compiled.search(host) is None) == pattern.startswith("!")


def _compiled(pattern: str, ignore_case: bool = False) -> re2._Regexp[str] | None:
    options = re2.Options()
    options.log_errors = False
    options.case_sensitive = not ignore_case
    try:
        return re2.compile(pattern, options)
    except re2.error:
        return None  # Apache's regex dialect is not RE2's: such a rule is not read
