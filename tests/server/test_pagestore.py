"""The dev server keeps its pages and texts on disk, in a folder of its own that does not
grow with the saves and goes when it stops; what it serves is what a build from nothing
makes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sitegen.build import Build
from sitegen.model import OnDisk
from sitegen.project.errors import Problems
from sitegen.server.livesite import LiveSite
from sitegen.server.pagestore import contents
from sitegen.state.cache import CACHE_FOLDER
from tests.conftest import DEFAULT_CONFIG, parse_html, post, text_of, write_files

Site = Callable[..., Path]
POSTS = {
    f"content/posts/2026-02-{day}-billet-{day}.md": post(
        f"Billet {day}", date=f"2026-02-{day}", body=f"Le texte numéro {day}, en *français*."
    )
    for day in ("10", "11", "12")
}
EDITED = "content/posts/2026-02-11-billet-11.md"
PAGE = "2026/02/billet-11/index.html"


def _served(make_site: Site) -> tuple[Path, LiveSite]:
    site = make_site(POSTS, config=DEFAULT_CONFIG + "search: false\n")
    live = LiveSite(site, {})
    assert live.rebuild()
    return site, live


def _kept(site: Path) -> Path:
    (folder,) = (site / CACHE_FOLDER).glob("serve-*")
    return folder


def _pages(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if p.is_file()}


def _texts(folder: Path) -> set[str]:
    return {p.name for p in (folder / "texts").iterdir()}


def test_served_files_are_read_from_the_store_and_old_ones_deleted(make_site: Site) -> None:
    site, live = _served(make_site)
    folder = _kept(site)
    assert live.snapshot is not None
    served = contents(live.snapshot.files)
    assert all(isinstance(c, OnDisk) and Path(c.file).parent == folder for c in served.values())
    sites = [set(live.snapshot.digests.values())]
    for n in range(4):
        write_files(site, {EDITED: post("Billet 11", date="2026-02-11", body=f"Version {n}.")})
        assert live.rebuild()
        sites.append(set(live.snapshot.digests.values()))
        # The site served and the one before it, which a request may still be reading.
        assert _pages(folder) == sites[-1] | sites[-2]
        page = parse_html(live.snapshot.files[PAGE])
        assert f"Version {n}." in [text_of(p) for p in page.iter("p")]
    fresh = {f.path: f.data for f in Build(site, Problems()).generate()}
    assert dict(live.snapshot.files) == fresh
    live.close()
    assert not (site / CACHE_FOLDER).exists()


def test_the_texts_rest_on_disk_one_version_each(make_site: Site) -> None:
    """Each post's body and rendered text is a file; an edit replaces its post's two."""
    site, live = _served(make_site)
    folder = _kept(site)
    first = _texts(folder)
    assert sorted(name.partition("-")[0] for name in first) == ["body"] * 3 + ["html"] * 3
    write_files(site, {EDITED: post("Billet 11", date="2026-02-11", body="Tout autre.")})
    assert live.rebuild()
    assert live.rebuild()  # the old versions go once a build no longer uses them
    after = _texts(folder)
    assert len(after) == 6 and len(first - after) == len(after - first) == 2
    write_files(site, {"templates/i18n/fr.yaml": "footnotes_title: Remarques\n"})
    assert live.rebuild()  # every body rendered again, from its body at rest
    assert live.snapshot is not None
    fresh = {f.path: f.data for f in Build(site, Problems()).generate()}
    assert dict(live.snapshot.files) == fresh
    live.close()


def test_a_server_started_after_a_build_keeps_its_texts_on_disk(make_site: Site) -> None:
    """The first build reads the texts `sitegen build` left in the state file and keeps them
    in its own folder, never writing the state file."""
    site = make_site(POSTS, config=DEFAULT_CONFIG + "search: false\n")
    assert Build(site, Problems()).write().output is not None
    state = site / CACHE_FOLDER / "state.sqlite"
    before = state.stat().st_mtime_ns
    live = LiveSite(site, {})
    assert live.rebuild()
    assert len(_texts(_kept(site))) == 6
    write_files(site, {"templates/i18n/fr.yaml": "footnotes_title: Remarques\n"})
    assert live.rebuild()
    assert live.snapshot is not None
    fresh = {f.path: f.data for f in Build(site, Problems()).generate()}
    assert dict(live.snapshot.files) == fresh
    assert state.stat().st_mtime_ns == before
    live.close()
    assert state.exists() and not list((site / CACHE_FOLDER).glob("serve-*"))


def test_a_page_a_failed_build_made_is_served_and_told_after_the_fix(make_site: Site) -> None:
    """A failed build makes pages that the next good one takes as they are: each is served
    (not deleted as a file of no site served) and told as changed."""
    days, tags = ("10", "11", "12", "13", "14"), {"14": "[autre]"}
    files = {
        f"content/posts/2026-02-{day}-billet-{day}.md": post(
            f"Billet {day}", date=f"2026-02-{day}", body=f"Texte {day}.", tags=tags.get(day, "[ia]")
        )
        for day in days
    }
    site = make_site(files, config=DEFAULT_CONFIG + "search: false\n")
    live = LiveSite(site, {})
    assert live.rebuild()
    # A title changes (every post page is made again) while the newest post links nowhere:
    # the build fails once its pages are made.
    renamed = post("Dix renommé", date="2026-02-10", body="Texte 10.")
    broken = post("Billet 14", date="2026-02-14", body="[Ici](/nulle-part/).", tags="[autre]")
    write_files(site, {"content/posts/2026-02-10-billet-10.md": renamed})
    write_files(site, {"content/posts/2026-02-14-billet-14.md": broken})
    assert not live.rebuild()
    fixed = post("Billet 14", date="2026-02-14", body="Réparé.", tags="[autre]")
    write_files(site, {"content/posts/2026-02-14-billet-14.md": fixed})
    assert live.rebuild()
    assert live.snapshot is not None
    # Billet 11's page, made by the failed build, shows its older neighbour's new title.
    assert "2026/02/billet-11/index.html" in live.news()["changed"]
    page = parse_html(live.snapshot.files["2026/02/billet-11/index.html"])
    assert "Dix renommé" in " ".join(text_of(a) for a in page.iter("a"))
    fresh = {f.path: f.data for f in Build(site, Problems()).generate()}
    assert dict(live.snapshot.files) == fresh
    live.close()


def test_where_no_folder_can_be_made_the_server_holds_its_files(make_site: Site) -> None:
    """A cache folder that is not one (here a file of that name): every page served from
    memory, each save too, and the file left as it was."""
    site = make_site(
        {**POSTS, CACHE_FOLDER: "pas un dossier\n"}, config=DEFAULT_CONFIG + "search: false\n"
    )
    live = LiveSite(site, {})
    assert live.rebuild()
    write_files(site, {EDITED: post("Billet 11", date="2026-02-11", body="Encore.")})
    assert live.rebuild()
    assert live.snapshot is not None
    assert all(isinstance(c, bytes) for c in contents(live.snapshot.files).values())
    fresh = {f.path: f.data for f in Build(site, Problems()).generate()}
    assert dict(live.snapshot.files) == fresh
    live.close()
    assert (site / CACHE_FOLDER).read_text(encoding="utf-8") == "pas un dossier\n"
