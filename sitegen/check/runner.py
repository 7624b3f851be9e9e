"""Run every rule of `sitegen check` over the site, built in memory.

The site is built in memory by the build's own stages (`Build.produce`), so the check sees
exactly what `sitegen build` would publish; the build's errors and warnings are findings
too (code `build`). Then each published post is read again as its author wrote it, and
each built page as its templates wrote it (see `pages.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from sitegen.build import Build, BuiltSite
from sitegen.check import accessibility, disclosure, language, people, provenance, text
from sitegen.check.body import read_source
from sitegen.check.external import web_findings
from sitegen.check.links import Link, LinkChecker, entry_links, page_links
from sitegen.check.pages import read_pages
from sitegen.check.rules import Finding, also_on, first_quoted, from_build
from sitegen.check.settings import disabled_rules
from sitegen.content.addresses import SiteUrls
from sitegen.markdown.bodies import PARALLEL_FROM
from sitegen.model import Entry
from sitegen.project.errors import Problems
from sitegen.project.forked import worker_count


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """What `sitegen check` was asked to do."""

    root: Path
    drafts: bool = False
    """Check drafts and posts dated in the future too."""
    external: bool = False
    """Ask every web link's server whether it still answers."""
    timeout: float = 10.0
    """Seconds each web request may take."""


def check(options: CheckOptions) -> list[Finding]:
    """Every finding of the enabled rules, sorted by place; raise on a bad configuration."""
    problems = Problems()
    build = Build(options.root, problems, drafts=options.drafts or None)
    disabled = disabled_rules(build.config)
    built = build.produce()
    external = options.external and "external-link" not in disabled
    # dict.fromkeys: an autolink's address is both its text and its target, said once.
    found = list(dict.fromkeys(_findings(built, options.timeout if external else None)))
    by_build = [from_build(d) for d in problems.items]
    # Markup the build already left visible with a warning (Liquid, a shortcode) is not
    # also a placeholder to fill.
    said = {(b.path, b.line, b.col) for b in by_build}
    found = [f for f in found if f.code != "placeholder" or (f.path, f.line, f.col) not in said]
    found += [b for b in by_build if not _superseded(b, found)]
    return sorted((f for f in found if f.code not in disabled), key=Finding.sort_key)


def _findings(built: BuiltSite, timeout: float | None) -> Iterator[Finding]:
    """The rules' findings; web links are asked for only with a `timeout`."""
    urls = SiteUrls(built.config)
    pages = read_pages(built)
    links = LinkChecker(built, pages)
    site = built.site
    # A Jekyll or Hugo tree is shown by sitegen's theme, which shows no key it does not know
    # (`tweet: TODO` is never published); a sitegen site's own templates may show any.
    shows_extra = built.config.dialect == "sitegen"
    jobs = [(e, urls, provenance.original_on_site(e, site), shows_extra) for e in site.entries]
    for found, written in _on_every_core(_read_post, jobs):
        yield from found
        for link in written:
            yield from links.check(link)
    yield from disclosure.site_findings(built)
    theirs = [accessibility.page_findings(p) for p in pages.values()]
    theirs += [disclosure.page_findings(p) for p in pages.values()]
    theirs += [links.check(link) for p in pages.values() for link in page_links(p, urls)]
    # A list, not a generator: checking the links is what gathers the web links.
    yield from _once(list(chain.from_iterable(theirs)))
    if timeout is not None:
        shown = {page.path for page in pages.values()}
        web = list(web_findings(links.web, built.config.root, timeout))
        yield from (f for f in web if f.path not in shown)
        yield from _once(f for f in web if f.path in shown)


PostJob = tuple[Entry, SiteUrls, bool, bool]
PostFindings = tuple[list[Finding], list[Link]]


def _read_post(job: PostJob) -> PostFindings:
    """A post read as its author wrote it: what the rules find there, and its links (which
    need the whole built site, so they are checked afterwards)."""
    entry, urls, original_on_site, shows_extra = job
    src = read_source(entry)
    found = [
        *accessibility.source_findings(src),
        *text.source_findings(src),
        *text.meta_findings(src, shows_extra),
        *language.source_findings(src),
        *provenance.source_findings(src, original_on_site),
        *people.source_findings(src),
    ]
    return found, list(entry_links(src, urls))


def _on_every_core(
    work: Callable[[PostJob], PostFindings], jobs: list[PostJob]
) -> Iterator[PostFindings]:
    """Parsing every post again is most of a check: on every core when there are many."""
    workers = worker_count()
    if workers < 2 or len(jobs) < PARALLEL_FROM:
        yield from map(work, jobs)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(work, jobs, chunksize=max(1, len(jobs) // (workers * 8)))


def _once(findings: Iterable[Finding]) -> Iterator[Finding]:
    """A template's problem is on every page it makes: said once, with the count."""
    groups: dict[tuple[str, str], list[Finding]] = {}
    for found in sorted(findings, key=Finding.sort_key):
        groups.setdefault((found.code, found.message), []).append(found)
    for same in groups.values():
        yield also_on(same[0], len(same) - 1) if len(same) > 1 else same[0]


def _superseded(build: Finding, found: list[Finding]) -> bool:
    """The build's "broken link" is said better by `broken-link`, at the link itself."""
    if not build.message.startswith("broken ") and "outside the base path" not in build.message:
        return False
    target = first_quoted(build.message)
    return any(
        f.code == "broken-link" and f.path == build.path and first_quoted(f.message) == target
        for f in found
    )
