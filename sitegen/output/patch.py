"""A site written after a few changes, at the cost of the changes.

The spare folder holds the site before last, its files hard links to the last site's but
those the last build changed (`LastBuild.changed`); a build that found no spare leaves one
(`SiteWriter`: a copy of hard links of the new site). When it is still as the last build
listed it, it is brought up to the new site by those paths and this build's files alone,
then swapped in whole as `SiteWriter` does: a kill at any moment leaves the last site or
the new one. What each folder holds afterwards is known without reading them: the
listings are the last ones, with the paths touched taken again.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from sitegen.model import OutputFile
from sitegen.output.writer import clear, is_sitegens, keep_spare, make_folders, mark_new, swap_in
from sitegen.project.errors import OutputError
from sitegen.project.paths import MARKER
from sitegen.state.lastbuild import LastBuild, Written, as_listed, is_folder, times


@dataclass(frozen=True, slots=True)
class Listings:
    """What a build left in the output folder and in the spare, and the files where they
    differ: what the next build patches from."""

    listing: Written
    spare: Written
    changed: tuple[str, ...]


def can_patch(out: Path, spare: Path, last: LastBuild) -> bool:
    """Whether the spare is as `last` left it, the files of the site it left in `out`
    having been found as it listed them (`lastbuild.as_listed`). Those the last build did
    not change are hard links of the spare's, and a file replaced, added or removed in the
    spare shows in its folder's times: its folders are what is checked."""
    fresh = out.with_name(f".{out.name}.sitegen-new")
    if not last.spare or os.path.lexists(fresh) or not is_sitegens(spare):
        return False
    return as_listed(spare, {name: seen for name, seen in last.spare.items() if is_folder(name)})


def patch_site(
    out: Path,
    spare: Path,
    made: Sequence[OutputFile],
    last: LastBuild,
    gone: Collection[str] = (),
) -> Listings:
    """Write the files `made` over the site `last` left in `out`, without the files `gone`,
    through the spare, which `can_patch`."""
    fresh = out.with_name(f".{out.name}.sitegen-new")
    new = {file.path: file for file in made if not file.unchanged}
    touched = sorted(set(last.changed) | new.keys() | set(gone) | {MARKER})
    try:
        os.replace(spare, fresh)
        mark_new(fresh)
        staying = {path: seen for path, seen in last.written.items() if path not in gone}
        _bring_up(fresh, out, touched, new, staying)
        replaced = swap_in(fresh, out, out.with_name(f".{out.name}.sitegen-old"))
    except OSError as exc:  # the next build removes the new site's folder
        message = f"{out}: cannot write the site ({exc}); the previous site is intact"
        raise OutputError(message) from exc
    keep_spare(replaced, spare)
    # A link made or removed changes its file's times, in both folders.
    kept = _listed_again(spare, last.written, touched) if is_sitegens(spare) else {}
    changed = tuple(sorted(new.keys() | set(gone)))
    return Listings(_listed_again(out, last.spare, touched), kept, changed)


def _bring_up(
    fresh: Path, out: Path, touched: list[str], new: dict[str, OutputFile], written: Written
) -> None:
    """Make each `touched` path of `fresh` the new site's: a file made again, the last
    site's (`written` in `out`), or none."""
    made_folders: set[str] = {""}
    for path in touched:
        if path == MARKER:
            continue
        target = f"{fresh}/{path}"
        clear(target)
        parent = path.rpartition("/")[0]
        if path in new:
            make_folders(str(fresh), parent, made_folders)
            with open(target, "wb") as file:
                file.write(new[path].data)
        elif path in written:
            make_folders(str(fresh), parent, made_folders)
            os.link(f"{out}/{path}", target)
        else:
            _remove_empty(fresh, parent)


def _remove_empty(root: Path, parent: str) -> None:
    """Remove the folders of `parent` left empty, deepest first."""
    folders = list(accumulate(parent.split("/"), lambda a, b: f"{a}/{b}")) if parent else []
    for folder in reversed(folders):
        try:
            os.rmdir(f"{root}/{folder}")
        except OSError:  # not empty, or gone
            return


def _listed_again(folder: Path, listing: Written, touched: Sequence[str]) -> Written:
    """`listing` with the `touched` paths, their folders and the folder itself taken again."""
    found = dict(listing)
    names = {""} | set(touched)
    for path in touched:
        parts = path.split("/")[:-1]
        names.update(
            f"{folder_name}/" for folder_name in accumulate(parts, lambda a, b: f"{a}/{b}")
        )
    for name in names:
        try:
            found[name] = times(os.lstat(f"{folder}/{name.rstrip('/')}" if name else folder))
        except FileNotFoundError:
            found.pop(name, None)
    return found
