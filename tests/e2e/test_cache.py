"""The build cache: a cached build always writes what a build from scratch writes."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

import sitegen.content.frontmatter as frontmatter_module
import sitegen.markdown.bodies as bodies_module
import sitegen.project.files as files_module
import sitegen.state.storedcache as cache_module
from sitegen.build import Build
from sitegen.markdown.bodies import PARALLEL_FROM
from sitegen.markdown.renderer import render_markdown
from sitegen.model import Document, OutputFile, Rendered
from sitegen.project.errors import ContentError, Diagnostic, Problems
from sitegen.publish import search
from sitegen.publish.render import Renderer
from sitegen.state import lastbuild
from sitegen.state.cache import CACHE_FOLDER, unpacked_code
from sitegen.state.database import STATE_FILE
from sitegen.state.storedcache import StoredCache
from tests.conftest import (
    DEFAULT_CONFIG,
    Run,
    fragment,
    parse_html,
    post,
    sitegen,
    text_of,
    write_files,
)

Site = Callable[..., Path]
EPOCH = {"SOURCE_DATE_EPOCH": "1780272000"}
FILES: dict[str, str | bytes] = {
    "content/posts/2026-01-10-un.md": post(
        "Un", date="2026-01-10", tags="[ia]", body="Du texte[^1].\n\n[^1]: Une note."
    ),
    "content/posts/2026-01-11-deux.md": post("Deux", date="2026-01-11", audio="true"),
    "content/posts/2026-01-11-deux.en.md": post("Two", date="2026-01-11"),
    "content/pages/a-propos.md": post("À propos"),
    "static/audio/deux.mp3": b"ID3\x03\x00",
}
CHANGES: dict[str, dict[str, str | bytes]] = {
    "a body": {"content/posts/2026-01-10-un.md": post("Un", date="2026-01-10", body="Neuf.")},
    "a title and tags": {
        "content/posts/2026-01-10-un.md": post("Un autre", date="2026-01-10", tags="[llm]")
    },
    "a translation": {"content/posts/2026-01-11-deux.en.md": post("Two, again", date="2026-01-11")},
    "the configuration": {"sitegen.yaml": "title: Autre\nbase_url: https://ex.org/r/\n"
                          "language: fr\nlanguages: [fr, en]\n"},
    "a catalog word": {"templates/i18n/fr.yaml": "footnotes_title: Remarques\n"},
    "a template": {"templates/page.html": '{% extends "base.html" %}{% block main %}'
                   "<p>{{ page.title }}</p>{% endblock %}\n"},
    "a recording": {"static/audio/un.mp3": b"ID3\x03\x01",
                    "content/posts/2026-01-10-un.md": post("Un", date="2026-01-10",
                                                           audio="true")},
}  # fmt: skip
PAGE_TEMPLATE = (
    '{% extends "base.html" %}{% block main %}<h1>{{ page.title }}</h1>'
    '<p class="version">VERSION</p>{{ page.content }}{% endblock %}\n'
)


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def built(site: Path, out: str, *args: str) -> Run:
    result = sitegen("build", "--source", site, "--output", site / out, *args, env=EPOCH)
    assert result.code == 0, result.err
    return result


@pytest.mark.parametrize("change", CHANGES)
def test_a_cached_build_after_a_change_equals_a_fresh_one(make_site: Site, change: str) -> None:
    site = make_site(FILES)
    built(site, "public")
    assert (site / CACHE_FOLDER / STATE_FILE).is_file()
    write_files(site, CHANGES[change])
    assert "Nothing changed" not in built(site, "public").out
    built(site, "fresh", "--no-cache")
    assert tree(site / "public") == tree(site / "fresh")


def test_a_deleted_post_is_gone_from_a_cached_build(make_site: Site) -> None:
    site = make_site(FILES)
    built(site, "first")
    (site / "content/posts/2026-01-11-deux.en.md").unlink()
    built(site, "cached")
    assert not (site / "cached/en/2026/01/deux").exists()
    built(site, "fresh", "--no-cache")
    assert tree(site / "cached") == tree(site / "fresh")


def _garbage(path: Path) -> None:
    path.write_bytes(b"\x80\x05not a database" * 100)


def _truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:200])


def _foreign(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = 'another stamp' WHERE name = 'stamp'")


def _damaged_row(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("UPDATE entries SET value = x'80056e6f' WHERE stage = 'markdown'")


def _damaged_record(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("UPDATE build SET value = x'81a4677261' WHERE name = 'written'")


def _damaged_input(path: Path) -> None:
    """An input's stat and key that would let a changed file pass for the one read."""
    with sqlite3.connect(path) as db:
        db.execute("UPDATE build SET value = x'81a161942a2a2a2a2a' WHERE name = 'read'")


def _damaged_page(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("UPDATE pages SET texts = 'billets/un.md'")


@pytest.mark.parametrize(
    ("damage", "note"),
    [
        (_garbage, "could not be read: discarded"),
        (_truncated, "could not be read: discarded"),
        (_foreign, "was made by other code: discarded"),
        (_damaged_row, "state.sqlite held a damaged entry: discarded"),
        (_damaged_record, "could not be read: discarded"),
        (_damaged_input, "could not be read: discarded"),
        (_damaged_page, "could not be read: discarded"),
    ],
)
def test_a_damaged_or_foreign_cache_is_discarded_with_a_note(
    make_site: Site, damage: Callable[[Path], None], note: str
) -> None:
    site = make_site(FILES)
    built(site, "first")
    damage(site / CACHE_FOLDER / STATE_FILE)
    result = built(site, "cached")
    assert note in result.err, result.err
    built(site, "fresh", "--no-cache")
    assert tree(site / "cached") == tree(site / "fresh")
    # The discarded cache was replaced by a sound one: the next build says nothing.
    write_files(site, {"content/posts/2026-01-10-un.md": post("Un", date="2026-01-10")})
    assert "note:" not in built(site, "again").err.replace("note: no site search", "")


def test_a_damaged_record_of_the_last_build_only_costs_a_full_build(make_site: Site) -> None:
    site = make_site(FILES)
    built(site, "public")
    with sqlite3.connect(site / CACHE_FOLDER / STATE_FILE) as db:
        db.execute("UPDATE build SET value = x'80056e6f'")
    result = built(site, "public")
    assert "Built 17 pages" in result.out  # the posts, listings and both 404 pages
    built(site, "fresh", "--no-cache")
    assert tree(site / "public") == tree(site / "fresh")


def test_no_cache_neither_reads_nor_writes_it(make_site: Site) -> None:
    site = make_site(FILES)
    built(site, "public", "--no-cache")
    assert not (site / CACHE_FOLDER).exists()


def test_unchanged_posts_are_neither_parsed_nor_rendered_again(
    make_site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(FILES)
    assert Build(site, Problems(), output_dir=site / "public").write().files
    rendered: list[str] = []

    def recorded(doc: Document, *rest: Any) -> tuple[Rendered, list[Diagnostic]]:
        rendered.append(doc.source.rel)
        return render_markdown(doc, *rest)

    monkeypatch.setattr(bodies_module, "render_markdown", recorded)
    write_files(site, {"content/posts/2026-01-10-un.md": post("Un", date="2026-01-10", body="X")})
    assert Build(site, Problems(), output_dir=site / "public").write().files
    assert rendered == ["content/posts/2026-01-10-un.md"]


def test_a_build_into_another_folder_parses_and_renders_nothing_again(
    make_site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(FILES)
    built(site, "public")
    parsed = _calls(monkeypatch, frontmatter_module, "parse", 0)
    rendered = _calls(monkeypatch, bodies_module, "render_markdown", 0)
    built(site, "ailleurs")
    assert parsed == rendered == []
    assert tree(site / "ailleurs") == tree(site / "public")


def test_clean_removes_the_site_and_the_cache_but_nothing_else(make_site: Site) -> None:
    site = make_site(FILES)
    built(site, "public")
    result = sitegen("clean", "--source", site)
    assert result.code == 0
    assert not (site / "public").exists() and not (site / CACHE_FOLDER).exists()
    assert (site / "content/posts/2026-01-10-un.md").is_file()
    (site / "public").mkdir()
    (site / "public/mine.txt").write_text("à moi", encoding="utf-8")
    kept = sitegen("clean", "--source", site)
    assert kept.code == 0 and "left alone" in kept.out
    assert (site / "public/mine.txt").read_text(encoding="utf-8") == "à moi"


def test_the_search_index_is_made_again_only_when_a_page_changed(
    make_site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(FILES)
    indexed: list[int] = []

    def counted(pages: Sequence[OutputFile], executable: Path) -> search.Made:
        indexed.append(len(pages))  # one Pagefind run, for one bundle
        return index(pages, executable)

    index = search._index
    monkeypatch.setattr(search, "_index", counted)
    for _ in range(2):
        assert Build(site, Problems(), output_dir=site / "public").write().files
    assert len(indexed) == 3  # the bundles: the posts of 2026 in French, in English, the page
    assert (site / "public/pagefind/fr-2026/pagefind-entry.json").is_file()
    write_files(site, {"content/posts/2026-01-10-un.md": post("Un", date="2026-01-10", body="Y")})
    assert Build(site, Problems(), output_dir=site / "public").write().files
    assert indexed[3:] == [2]  # the edited post's bundle: the French posts of 2026


def test_the_search_stage_reads_only_the_pages_made_again(
    make_site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the search stage reads of a page (its language, month, digest) is kept with the
    page's key: an edit build reads the pages it made again, not the thousands it kept."""
    site = make_site(FILES)
    assert Build(site, Problems(), output_dir=site / "public").write().files
    write_files(site, {"content/posts/2026-01-10-un.md": post("Un", date="2026-01-10", body="Y")})
    made = _rendered_paths(monkeypatch)
    read = _calls(monkeypatch, search, "read_page", 0)
    assert Build(site, Problems(), output_dir=site / "public").write().files
    assert sorted(f.path for f in read) == sorted(p for p in made if p.endswith(".html"))
    assert 0 < len(read) < len(list((site / "public").rglob("*.html")))
    built(site, "fresh", "--no-cache")
    assert tree(site / "public") == tree(site / "fresh")


def test_unchanged_files_keep_their_modification_time(make_site: Site) -> None:
    site = make_site(FILES)
    built(site, "public")
    long_ago = 1_000_000_000
    pages = ["css/site.css", "2026/01/deux/index.html", "2026/01/un/index.html"]
    for rel in pages:
        os.utime(site / "public" / rel, (long_ago, long_ago))
    write_files(site, {"content/posts/2026-01-10-un.md": post("Un", date="2026-01-10", body="Z")})
    built(site, "public")
    mtimes = {rel: (site / "public" / rel).stat().st_mtime for rel in pages}
    assert mtimes["css/site.css"] == long_ago
    assert mtimes["2026/01/deux/index.html"] == long_ago
    assert mtimes["2026/01/un/index.html"] > long_ago
    built(site, "fresh", "--no-cache")
    assert tree(site / "public") == tree(site / "fresh")


def test_a_parallel_build_writes_what_a_serial_one_writes(make_site: Site) -> None:
    bodies = [
        "Du *texte* avec une formule $x^2$ et une note[^1].\n\n[^1]: La note.",
        "```python\nprint('bonjour')\n```\n\nA: Salut !\n\nB: Bonjour : ça va ?",
        "Une formule fausse $\\frac{a}$ et un [lien](/tags/ia/).",
    ]
    posts: dict[str, str | bytes] = {
        f"content/posts/2026-01-{n % 28 + 1:02d}-billet-{n}.md": post(
            f"Billet {n}", date=f"2026-01-{n % 28 + 1:02d}", tags="[ia]", body=bodies[n % 3]
        )
        for n in range(80)
    }
    site = make_site(posts)
    for out, jobs in (("serial", "1"), ("parallel", "2")):
        result = sitegen(
            "build", "--source", site, "--output", site / out, "--no-cache",
            env={**EPOCH, "SITEGEN_JOBS": jobs}, process=True,  # no pool forked from pytest
        )  # fmt: skip
        assert result.code == 0, result.err
        assert result.err.count("invalid TeX") == len(range(2, 80, 3))
    assert tree(site / "serial") == tree(site / "parallel")


def test_the_code_blocks_the_workers_highlight_are_kept_with_their_bodies(
    make_site: Site,
) -> None:
    count = PARALLEL_FROM + 6
    posts: dict[str, str | bytes] = {
        f"content/posts/2026-01-{n % 28 + 1:02d}-billet-{n}.md": post(
            f"Billet {n}", date=f"2026-01-{n % 28 + 1:02d}", body=f"```python\nprint({n})\n```"
        )
        for n in range(count)
    }
    site = make_site(posts)
    result = sitegen("build", "--source", site, env={**EPOCH, "SITEGEN_JOBS": "2"}, process=True)
    assert result.code == 0, result.err
    with sqlite3.connect(site / CACHE_FOLDER / STATE_FILE) as db:
        rows = db.execute("SELECT code.value FROM code JOIN texts USING (key)").fetchall()
    blocks = [html for (data,) in rows for html in unpacked_code(data).values()]
    assert sorted(text_of(fragment(html)) for html in blocks) == sorted(
        f"print({n})" for n in range(count)
    )


def test_a_build_with_nothing_changed_leaves_the_site_as_it_is(make_site: Site) -> None:
    site = make_site(
        {
            **FILES,
            "content/posts/2026-01-12-trois.md": post(
                "Trois", date="2026-01-12", translated="true"
            ),
        }
    )
    first = sitegen("build", "--source", site, env=EPOCH)
    assert first.code == 0 and "warning" in first.err
    before = {p: p.stat().st_mtime_ns for p in (site / "public").rglob("*")}
    again = sitegen("build", "--source", site, env=EPOCH)
    assert again.code == 0
    pages = first.out.split(" (")[0].removeprefix("Built ")
    assert again.out.startswith(f"Nothing changed: {pages} (")
    assert again.err == first.err  # the warnings are said again, the same
    assert {p: p.stat().st_mtime_ns for p in (site / "public").rglob("*")} == before
    strict = sitegen("build", "--source", site, "--strict", env=EPOCH)
    assert strict.code == 1 and "error" in strict.err


def test_an_output_file_changed_by_hand_is_written_again(make_site: Site) -> None:
    site = make_site(FILES)
    built(site, "public")
    page = site / "public/2026/01/un/index.html"
    page.write_text("<p>modifié à la main</p>", encoding="utf-8")
    (site / "public/extra.html").write_text("<p>ajouté</p>", encoding="utf-8")
    assert "Nothing changed" not in built(site, "public").out
    built(site, "fresh", "--no-cache")
    assert tree(site / "public") == tree(site / "fresh")


def test_a_post_dated_in_the_future_comes_out_on_its_date(make_site: Site) -> None:
    site = make_site(
        {**FILES, "content/posts/2026-06-01-futur.md": post("Futur", date="2026-06-01")}
    )
    before = {"SOURCE_DATE_EPOCH": "1780000000"}  # 2026-05-28
    after = {"SOURCE_DATE_EPOCH": "1780400000"}  # 2026-06-02
    for env in (before, before):
        assert sitegen("build", "--source", site, env=env).code == 0
    assert not (site / "public/2026/06/futur").exists()
    result = sitegen("build", "--source", site, env=after)
    assert result.code == 0 and "Nothing changed" not in result.out
    assert (site / "public/2026/06/futur/index.html").is_file()
    # Back to a "now" before its date (SOURCE_DATE_EPOCH): it is not out yet.
    result = sitegen("build", "--source", site, env=before)
    assert result.code == 0 and "Nothing changed" not in result.out
    assert not (site / "public/2026/06/futur").exists()


def _calls(monkeypatch: pytest.MonkeyPatch, owner: object, name: str, argument: int) -> list[Any]:
    """The positional `argument` of each call of `owner.name` from now on (a method's
    `self` is its argument 0)."""
    seen: list[Any] = []
    original = getattr(owner, name)

    def recorded(*args: Any) -> Any:
        seen.append(args[argument])
        return original(*args)

    monkeypatch.setattr(owner, name, recorded)
    return seen


def _rendered_paths(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The output paths of the pages rendered from now on (the others are read back)."""
    rendered: list[str] = []
    original = Renderer._render

    def recorded(self: Renderer, path: str, *rest: Any) -> bytes | None:
        rendered.append(path)
        return original(self, path, *rest)

    monkeypatch.setattr(Renderer, "_render", recorded)
    return rendered


def test_an_edited_body_renders_only_the_pages_that_show_that_post(
    make_site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(FILES)
    assert Build(site, Problems(), output_dir=site / "public").write().files
    rendered = _rendered_paths(monkeypatch)
    write_files(site, {"content/posts/2026-01-10-un.md": post("Un", date="2026-01-10", body="Y")})
    assert Build(site, Problems(), output_dir=site / "public").write().files
    assert "2026/01/un/index.html" in rendered and "index.html" in rendered
    # Pages that do not show the post are read back from the last build.
    for untouched in ("a-propos/index.html", "404.html", "en/index.html", "archives/index.html"):
        assert untouched not in rendered
    built(site, "fresh", "--no-cache")
    assert tree(site / "public") == tree(site / "fresh")


BARE_POST = (
    '{% extends "base.html" %}{% block main %}<article>{{ page.content }}</article>{% endblock %}\n'
)
"""A post template that does not show the disclosure of a generated post."""


def test_an_edit_build_reads_no_page_or_body_it_does_not_make_again(
    make_site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pages left as they were are linked into the new site unread, and the bodies of the
    posts not rendered again stay in the state file; what a page's bytes told the last build
    (a disclosure its template does not show) is said again all the same."""
    generated = "content/posts/2026-01-12-trois.md"
    files = {**FILES, generated: post("Trois", date="2026-01-12", generated="{model: Aurora}")}
    site = make_site(
        {**files, "templates/post.html": BARE_POST}, DEFAULT_CONFIG + "search: false\n"
    )
    first = Problems()
    assert Build(site, first, output_dir=site / "public").write().files
    rendered = _rendered_paths(monkeypatch)
    read = _calls(monkeypatch, Path, "read_bytes", 0)
    texts = _calls(monkeypatch, StoredCache, "_read_value", 1)  # the stage read
    write_files(site, {"content/posts/2026-01-10-un.md": post("Un", date="2026-01-10", body="Y")})
    again = Problems()
    assert Build(site, again, output_dir=site / "public").write().files
    public = (site / "public").resolve()
    pages_read = {
        p.resolve().relative_to(public).as_posix()
        for p in read
        if p.resolve().is_relative_to(public) and p.suffix == ".html"
    }
    assert pages_read <= set(rendered) and "2026/01/trois/index.html" not in rendered
    assert "body" not in texts  # the edited post's was read from its file
    hidden = "does not show this post's `generated` disclosure"
    assert (
        [w.message for w in first.warnings if hidden in w.message]
        == [w.message for w in again.warnings if hidden in w.message]
        != []
    )
    monkeypatch.undo()
    built(site, "fresh", "--no-cache")
    assert tree(site / "public") == tree(site / "fresh")


def test_a_first_build_reads_each_source_once(
    make_site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bytes a document's key is made from are the ones parsed: read once, so that a
    file saved in between cannot be cached under the key of its other version."""
    site = make_site(FILES)
    read = _calls(monkeypatch, files_module, "read_file", 0)
    assert Build(site, Problems(), output_dir=site / "public").write().files
    sources = [Path(p).relative_to(site).as_posix() for p in read if Path(p).suffix == ".md"]
    assert sorted(sources) == sorted(name for name in FILES if name.endswith(".md"))


def test_texts_written_as_they_are_made_serve_this_build_and_the_next(
    make_site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first build writes each body and rendered text to the state file as soon as it is
    made (here one at a time) and reads it back when needed; a build that fails after that
    leaves texts the next one may use, and every build equals a fresh one."""
    monkeypatch.setattr(cache_module, "_PENDING_BYTES", 0)
    site = make_site(FILES)
    built(site, "public")
    assert _rows(site, "texts") == _rows(site, "bodies") == 4  # each post's and the page's
    broken = {"content/posts/2026-01-12-casse.md": "---\ntitle: [\n---\n"}
    write_files(site, {**CHANGES["a body"], **broken})
    assert sitegen("build", "--source", site, "--output", site / "public", env=EPOCH).code == 1
    # The edited post's new body and text were written before the build failed.
    assert _rows(site, "texts") == _rows(site, "bodies") == 5
    (site / "content/posts/2026-01-12-casse.md").unlink()
    built(site, "public")
    built(site, "fresh", "--no-cache")
    assert tree(site / "public") == tree(site / "fresh")


def test_the_record_lists_the_output_as_a_walk_of_it_would(make_site: Site) -> None:
    """The writer lists the new site while it clears the spare it started from: the record
    holds what a walk of the output finds, so the next build trusts it."""
    site = make_site(FILES)
    for body in ("Un.", "Deux.", "Trois."):  # from the third on, the spare is reused
        write_files(
            site, {"content/posts/2026-01-10-un.md": post("Un", date="2026-01-10", body=body)}
        )
        built(site, "public")
        record = lastbuild.load(site)
        assert record is not None and record.written == lastbuild.written(site / "public")
    result = built(site, "public")
    assert "Nothing changed" in result.out


def test_a_page_showing_a_text_twice_reads_it_once(
    make_site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    twice = BARE_POST.replace("{{ page.content }}", "{{ page.content }}<hr>{{ page.content }}")
    site = make_site({**FILES, "templates/post.html": twice})
    built(site, "public")
    write_files(site, {"templates/post.html": twice + "\n"})  # every post page made again
    reads = _calls(monkeypatch, StoredCache, "_stored_text", 2)  # the key read
    built(site, "public")
    assert len(reads) == len(set(reads)) == 3  # each post's, once
    page = parse_html(site / "public/2026/01/un/index.html")
    notes = [sup for sup in page.iter("sup") if "footnote-ref" in sup.get("class", "")]
    assert len(notes) == 2


def _rows(site: Path, table: str) -> int:
    with sqlite3.connect(site / CACHE_FOLDER / STATE_FILE) as db:
        (count,) = db.execute(f"SELECT count(*) FROM {table}").fetchone()
    assert isinstance(count, int)
    return count


LONG = "Avant la suite.\n\n<!--more-->\n\n## Un titre\n\nAprès, {}.\n"
"""A post whose listings show the part before `<!--more-->`."""


def test_an_edit_after_the_summary_renders_the_post_not_the_listings(
    make_site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    rel = "content/posts/2026-01-10-un.md"
    site = make_site(
        {**FILES, rel: post("Un", date="2026-01-10", tags="[ia]", body=LONG.format("ancien"))}
    )
    built(site, "public")
    rendered = _rendered_paths(monkeypatch)
    write_files(site, {rel: post("Un", date="2026-01-10", tags="[ia]", body=LONG.format("neuf"))})
    assert Build(site, Problems(), output_dir=site / "public").write().files
    assert rendered == ["2026/01/un/index.html"]
    page = parse_html(site / "public/2026/01/un/index.html")
    assert "Après, neuf." in text_of(page)
    built(site, "fresh", "--no-cache")
    assert tree(site / "public") == tree(site / "fresh")


def test_a_listing_that_shows_whole_posts_follows_their_text(
    make_site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A theme whose home page shows each post's text: the home page counts that text."""
    rel = "content/posts/2026-01-10-un.md"
    card = '<article class="post-card">{{ post.content }}</article>\n'
    site = make_site({
        **FILES,
        rel: post("Un", date="2026-01-10", tags="[ia]", body=LONG.format("ancien")),
        "templates/partials/post_card.html": card,
    })  # fmt: skip
    built(site, "public")
    rendered = _rendered_paths(monkeypatch)
    write_files(site, {rel: post("Un", date="2026-01-10", tags="[ia]", body=LONG.format("neuf"))})
    assert Build(site, Problems(), output_dir=site / "public").write().files
    assert "index.html" in rendered
    home = parse_html(site / "public/index.html")
    assert "Après, neuf." in text_of(home)
    built(site, "fresh", "--no-cache")
    assert tree(site / "public") == tree(site / "fresh")


def test_a_template_added_over_the_themes_is_used_by_the_next_build(make_site: Site) -> None:
    site = make_site({**FILES, "templates/page.html": PAGE_TEMPLATE.replace("VERSION", "1")})
    assert Build(site, Problems(), output_dir=site / "public").write().files
    write_files(site, {"templates/partials/post_meta.html": '<p class="post-meta">Modifié</p>\n'})
    assert Build(site, Problems(), output_dir=site / "public").write().files
    home = parse_html(site / "public/index.html")
    assert [text_of(p) for p in home.iter("p") if p.get("class") == "post-meta"] == ["Modifié"] * 2


def test_a_template_changed_within_the_same_size_and_time_is_used(make_site: Site) -> None:
    site = make_site({**FILES, "templates/page.html": PAGE_TEMPLATE.replace("VERSION", "1")})
    assert Build(site, Problems(), output_dir=site / "public").write().files
    template = site / "templates/page.html"
    before = template.stat()
    template.write_text(PAGE_TEMPLATE.replace("VERSION", "2"), encoding="utf-8")
    os.utime(template, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert template.stat().st_size == before.st_size
    assert Build(site, Problems(), output_dir=site / "public").write().files
    page = parse_html(site / "public/a-propos/index.html")
    assert [text_of(p) for p in page.iter("p") if p.get("class") == "version"] == ["2"]


def test_a_recording_deleted_outside_the_audio_folder_is_missed_by_the_next_build(
    make_site: Site,
) -> None:
    narrated = post("Un", date="2026-01-10", audio="/sons/un.mp3")
    site = make_site(
        {**FILES, "content/posts/2026-01-10-un.md": narrated, "static/sons/un.mp3": b"ID3\x03"}
    )
    assert Build(site, Problems(), output_dir=site / "public").write().files
    (site / "static/sons/un.mp3").unlink()
    with pytest.raises(ContentError) as refused:
        Build(site, Problems(), output_dir=site / "public").write()
    assert [d.message for d in refused.value.diagnostics] == [
        "`audio`: no audio file static/sons/un.mp3"
    ]


def test_an_undated_hugo_post_touched_is_dated_again(tmp_path: Path) -> None:
    site = tmp_path / "hugo"
    write_files(
        site,
        {
            "hugo.toml": 'baseURL = "https://example.org/"\ntitle = "Blog"\n',
            "content/posts/sans-date.md": "---\ntitle: Sans date\n---\n\nDu texte.\n",
        },
    )
    written = site / "content/posts/sans-date.md"
    dates = []
    for day in ("2026-01-05T10:00:00+00:00", "2026-02-07T10:00:00+00:00"):
        moment = datetime.fromisoformat(day).timestamp()
        os.utime(written, (moment, moment))
        assert Build(site, Problems(), output_dir=site / "public").write().files
        page = parse_html(site / "public/posts/sans-date/index.html")
        dates += [t.get("datetime") for t in page.iter("time")]
    assert dates == ["2026-01-05T10:00:00+00:00", "2026-02-07T10:00:00+00:00"]


def test_an_output_page_changed_within_its_size_and_time_is_written_again(
    make_site: Site,
) -> None:
    site = make_site(FILES)
    assert Build(site, Problems(), output_dir=site / "public").write().files
    page = site / "public/2026/01/un/index.html"
    before, html = page.stat(), page.read_bytes()
    page.write_bytes(html.replace(b"<title>Un", b"<title>XX", 1))
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert page.stat().st_size == before.st_size
    # Neither "nothing changed" nor reading the page back: it is what sitegen writes.
    assert Build(site, Problems(), output_dir=site / "public").write().files
    assert page.read_bytes() == html
