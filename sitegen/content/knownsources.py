"""The blog's sources as the last build found them, while no folder they came from changed.

Finding the sources lists every folder of the content and describes every Markdown file's
name: at ten thousand posts, a third of a second for a list that only a new, deleted or
renamed file changes. Each of those changes the folder that holds it, so the list found is
kept with the stat of each folder listed to make it, and taken again while every one of
those folders is as it was. A folder changed in the last two seconds before it was listed
is not trusted (its next change could keep the same times), nor is a folder that holds a
symbolic link, which may come to lead elsewhere without its folder changing.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import replace

from sitegen.content.sources import discover, source_folders
from sitegen.model import SourceFile
from sitegen.project.errors import Problems
from sitegen.project.files import Listings
from sitegen.settings.config import SiteConfig
from sitegen.state.cache import StageCache
from sitegen.state.cache import key as cache_key
from sitegen.state.stamps import Stat, settled, stat_of


def find_sources(
    config: SiteConfig,
    problems: Problems,
    cache: StageCache | None,
    clock: Callable[[], int] = time.time_ns,
) -> list[SourceFile]:
    """Every post and page of the site, as `discover` finds them; with a cache, the last
    build's list when no folder it was found in changed."""
    if cache is None:
        return discover(config, problems)
    # Which folders exist is asked again each time: one that appears changes its parent,
    # which may be the project's root, changed by every build's output.
    existing = [str(folder.path) for folder in source_folders(config)]
    context = cache_key(repr(replace(config, base_url="/", drafts=False)), existing)
    known = cache.get_sources()
    if known is not None and known[0] == context and all(map(_as_it_was, known[1])):
        problems.extend(known[3])
        problems.left_out.update(known[4])
        return list(known[2])
    listings, said, now = Listings(), Problems(), clock()
    found = discover(config, said, listings)
    problems.extend(said.items)
    problems.left_out.update(said.left_out)
    folders = tuple((path, stat_of(info)) for path, info in listings.folders.items())
    if not listings.linked and all(settled(stat, now) for _, stat in folders):
        left_out = tuple(sorted(said.left_out))
        cache.put_sources((context, folders, tuple(found), tuple(said.items), left_out))
    return found


def _as_it_was(folder: tuple[str, Stat]) -> bool:
    path, stat = folder
    try:
        return stat_of(os.stat(path)) == stat
    except OSError:
        return False
