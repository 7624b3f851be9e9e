"""A build after edits of texts alone makes again the files that showed them, and nothing
else: what it writes is what a build from scratch writes, and every other file of the site
is the very file the last build left (same inode, same modification time)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pygments
import pytest
from pygments import highlight as pygments_highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer

from sitegen.markdown import highlight
from sitegen.state import database
from sitegen.state.cache import CACHE_FOLDER
from sitegen.state.database import STATE_FILE
from sitegen.state.stamps import Known
from tests.conftest import (
    DEFAULT_CONFIG,
    Run,
    first_in,
    parse_html,
    post,
    sitegen,
    text_of,
    write_files,
)
from tests.e2e.test_cache import EPOCH, Site, tree

CONFIG = DEFAULT_CONFIG + "llms_txt: true\nsearch: false\n"
OLDEST = "content/posts/2025-01-01-billet-00.md"
NEWEST = "content/posts/2025-01-30-billet-29.md"
TRANSLATION = "content/posts/2025-01-15-billet-14.en.md"
PAGE = "content/pages/a-propos.md"


def _body(n: int, ending: str = "") -> str:
    return f"Le résumé du billet {n}.\n\nLa suite du billet {n}.{ending}"


def _blog() -> dict[str, str | bytes]:
    """Thirty posts (more than a feed carries), one translated, some tagged, and a page."""
    files: dict[str, str | bytes] = {
        f"content/posts/2025-01-{n + 1:02}-billet-{n:02}.md": post(
            f"Billet {n}",
            date=f"2025-01-{n + 1:02}",
            body=_body(n),
            **({"tags": "[ia]"} if n % 3 == 0 and n else {}),
            **({"translation_key": "quinze"} if n == 14 else {}),
        )
        for n in range(30)
    }
    files[TRANSLATION] = post(
        "Post 14", date="2025-01-15", body=_body(14), translation_key="quinze"
    )
    files[PAGE] = post("À propos", body="Qui nous sommes.\n\nEt pourquoi.")
    return files


def _build(site: Path, *args: str) -> Run:
    result = sitegen("build", "--source", site, "-v", *args, env=EPOCH)
    assert result.code == 0, result.err
    return result


def _stages(run: Run) -> set[str]:
    """The stages `-v` says the build ran."""
    said = run.out + run.err
    return {line.split()[0] for line in said.splitlines() if line.endswith(" ms")}


def _files(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def _fresh(site: Path) -> dict[str, bytes]:
    """What a build from scratch of the same sources writes."""
    run = sitegen("build", "--source", site, "--output", site / "fresh", "--no-cache", env=EPOCH)
    assert run.code == 0, run.err
    return tree(site / "fresh")


def _warnings(run: Run) -> list[str]:
    return sorted(line for line in run.err.splitlines() if "warning:" in line)


def _edit(make_site: Site, rel: str, text: str) -> tuple[Path, Run, set[str]]:
    """The blog built, `rel` rewritten as `text`, built again: the site, the second build's
    output and the files it changed."""
    site = make_site(_blog(), CONFIG)
    _build(site)
    before = _files(site / "public")
    (site / rel).write_text(text, encoding="utf-8")
    run = _build(site)
    after = _files(site / "public")
    changed = {path for path, seen in after.items() if before.get(path) != seen}
    assert tree(site / "public") == _fresh(site)
    return site, run, changed


def test_an_old_post_s_new_text_changes_its_page_and_its_twin_alone(make_site: Site) -> None:
    text = post("Billet 0", date="2025-01-01", body=_body(0, " Et une phrase de plus."))
    site, run, changed = _edit(make_site, OLDEST, text)
    assert _stages(run) >= {"edits", "write"} and "render" not in _stages(run)
    page = "2025/01/billet-00/index.html"
    assert changed == {page, "2025/01/billet-00/index.md", ".sitegen-output"}
    shown = text_of(first_in(parse_html(site / "public" / page), ".//main"))
    assert "Et une phrase de plus." in shown


def test_a_recent_post_s_new_text_reaches_the_feeds_that_carry_it(make_site: Site) -> None:
    text = post("Billet 29", date="2025-01-30", body=_body(29, " Une nouvelle phrase."))
    site, run, changed = _edit(make_site, NEWEST, text)
    assert "render" not in _stages(run)
    feeds = {"feed.xml", "rss.xml", "feed.json", "all.xml"}
    assert feeds & changed == feeds & set(tree(site / "public"))
    assert "Une nouvelle phrase." in (site / "public/feed.json").read_text(encoding="utf-8")
    assert "index.html" not in changed  # the home page shows its summary, unchanged


def test_a_translation_s_new_text_keeps_the_link_to_its_original(make_site: Site) -> None:
    text = post(
        "Post 14",
        date="2025-01-15",
        body=_body(14, " One more sentence."),
        translation_key="quinze",
    )
    site, run, _ = _edit(make_site, TRANSLATION, text)
    assert "render" not in _stages(run)
    page = parse_html(site / "public/en/2025/01/billet-14/index.html")
    assert page.find('.//link[@hreflang="fr"]') is not None


def test_a_page_s_new_text_changes_it_alone(make_site: Site) -> None:
    text = post("À propos", body="Qui nous sommes.\n\nEt pourquoi, en détail.")
    _, run, changed = _edit(make_site, PAGE, text)
    assert "render" not in _stages(run)
    assert changed == {"a-propos/index.html", "a-propos/index.md", ".sitegen-output"}


def test_a_new_summary_builds_the_listings_again(make_site: Site) -> None:
    text = post("Billet 0", date="2025-01-01", body="Un autre résumé.\n\nLa suite.")
    site, run, _ = _edit(make_site, OLDEST, text)
    assert "render" in _stages(run)
    listing = text_of(first_in(parse_html(site / "public/page/3/index.html"), ".//main"))
    assert "Un autre résumé." in listing


def test_a_new_title_builds_the_pages_around_again(make_site: Site) -> None:
    text = post("Billet zéro", date="2025-01-01", body=_body(0))
    _, run, changed = _edit(make_site, OLDEST, text)
    assert "render" in _stages(run)
    assert "2025/01/billet-01/index.html" in changed  # its neighbour names it


def test_a_broken_link_an_edit_adds_fails_the_build_as_a_whole_build_does(
    make_site: Site,
) -> None:
    site = make_site(_blog(), CONFIG)
    _build(site)
    body = _body(0, " Voir [ailleurs](/nulle-part/).")
    (site / OLDEST).write_text(post("Billet 0", date="2025-01-01", body=body), encoding="utf-8")
    before = tree(site / "public")
    cached = sitegen("build", "--source", site, env=EPOCH)
    fresh = sitegen("build", "--source", site, "--no-cache", "--output", site / "f", env=EPOCH)
    assert (cached.code, cached.err) == (fresh.code, fresh.err) and cached.code == 1
    assert "broken link `/nulle-part/`" in cached.err
    assert tree(site / "public") == before


def test_warnings_are_said_again_and_replaced_as_the_text_changes(make_site: Site) -> None:
    site = make_site(_blog(), CONFIG)
    generated = "generated: {model: Modèle}\n"
    write_files(site, {"templates/post.html": '{% extends "base.html" %}{% block main %}'
                       "{{ page.content }}{% endblock %}\n"})  # fmt: skip
    (site / OLDEST).write_text(
        post("Billet 0", date="2025-01-01", body=_body(0)).replace("---\n\n", generated + "---\n\n")
    )
    first = _build(site)
    assert "does not show this post's `generated` disclosure" in first.err
    text = (site / OLDEST).read_text(encoding="utf-8")
    (site / OLDEST).write_text(text.replace("La suite", "La suite, revue"), encoding="utf-8")
    again = _build(site)
    assert "render" not in _stages(again)
    fresh = sitegen("build", "--source", site, "--no-cache", "--output", site / "f", env=EPOCH)
    assert _warnings(again) == _warnings(fresh) == _warnings(first)


def test_damaged_records_are_not_trusted(make_site: Site) -> None:
    site = make_site(_blog(), CONFIG)
    _build(site)
    with sqlite3.connect(site / CACHE_FOLDER / STATE_FILE) as db:
        db.execute("UPDATE records SET value = x'80056e6f'")
    text = post("Billet 0", date="2025-01-01", body=_body(0, " Encore."))
    (site / OLDEST).write_text(text, encoding="utf-8")
    run = _build(site)
    assert "render" in _stages(run)
    assert tree(site / "public") == _fresh(site)


CODE = "```python\nprint('un')\n```\n\n```sh\necho deux\n```\n\n```langue-inconnue\nrien\n```"


def _highlighted_from_now(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The code of each block Pygments highlights from now on, in a process that starts
    knowing none."""
    highlight._KNOWN.clear()
    made: list[str] = []

    def counted(code: str, lexer: Lexer, formatter: HtmlFormatter[str]) -> str:
        made.append(code)
        return pygments_highlight(code, lexer, formatter)

    monkeypatch.setattr(pygments, "highlight", counted)
    return made


def _code_shown(site: Path, page: str) -> list[tuple[str | None, str | None, str]]:
    blocks = parse_html(site / "public" / page / "index.html").findall(".//main//pre")
    return [(b.get("class"), b.get("data-lang"), text_of(b)) for b in blocks]


def _code_as_written(shell: str) -> list[tuple[str | None, str | None, str]]:
    """The blocks of `CODE` as a page shows them, its shell line being `shell`."""
    return [
        ("highlight", "python", "print('un')"),
        ("highlight", "sh", shell),
        ("plain", "langue-inconnue", "rien"),
    ]


def _code_rows(site: Path) -> tuple[set[str], set[str]]:
    """The keys of the bodies whose code blocks the state file keeps, and of those whose
    texts it keeps."""
    with sqlite3.connect(site / CACHE_FOLDER / STATE_FILE) as db:
        code = {key for (key,) in db.execute("SELECT key FROM code")}
        texts = {key for (key,) in db.execute("SELECT key FROM texts")}
    return code, texts


def test_the_code_blocks_a_text_kept_are_not_highlighted_again(
    make_site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    blog = _blog()
    blog[OLDEST] = post("Billet 0", date="2025-01-01", body=_body(0, "\n\n" + CODE))
    site = make_site(blog, CONFIG)
    _build(site)
    made = _highlighted_from_now(monkeypatch)
    edited = CODE.replace("echo deux", "echo trois")
    text = post("Billet 0", date="2025-01-01", body=_body(0, " Une phrase.\n\n" + edited))
    (site / OLDEST).write_text(text, encoding="utf-8")
    assert "edits" in _stages(_build(site))
    assert made == ["echo trois\n"]
    assert _code_shown(site, "2025/01/billet-00") == _code_as_written("echo trois")
    code, texts = _code_rows(site)
    assert len(code) == 1 and code <= texts  # the edited body's, the old one's gone
    assert tree(site / "public") == _fresh(site)


def test_a_whole_build_highlights_again_only_the_code_that_changed(
    make_site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new base path makes every body again: the blocks the last build highlighted for
    each are taken as they were, in a build that starts as a new process does."""
    blog = _blog()
    blog[OLDEST] = post("Billet 0", date="2025-01-01", body=_body(0, "\n\n" + CODE))
    blog[NEWEST] = post("Billet 29", date="2025-01-30", body=_body(29, "\n\n" + CODE))
    site = make_site(blog, CONFIG)
    _build(site)
    made = _highlighted_from_now(monkeypatch)
    moved = CONFIG.replace("https://example.org/", "https://example.org/blog/")
    (site / "sitegen.yaml").write_text(moved, encoding="utf-8")
    edited = CODE.replace("echo deux", "echo trois")
    (site / NEWEST).write_text(
        post("Billet 29", date="2025-01-30", body=_body(29, "\n\n" + edited)), encoding="utf-8"
    )
    assert "markdown" in _stages(_build(site))
    assert made == ["echo trois\n"]
    assert _code_shown(site, "2025/01/billet-00") == _code_as_written("echo deux")
    assert _code_shown(site, "2025/01/billet-29") == _code_as_written("echo trois")
    assert tree(site / "public") == _fresh(site)


def test_the_state_file_keeps_the_code_blocks_of_the_bodies_it_keeps(make_site: Site) -> None:
    blog = _blog()
    blog[OLDEST] = post("Billet 0", date="2025-01-01", body=_body(0, "\n\n" + CODE))
    blog[NEWEST] = post("Billet 29", date="2025-01-30", body=_body(29, "\n\n" + CODE))
    site = make_site(blog, CONFIG)
    _build(site)
    code, texts = _code_rows(site)
    assert len(code) == 2 and code <= texts
    # A new post: the whole build, which keeps what it used.
    text = post("Billet 0", date="2025-01-01", body=_body(0, "\n\n" + CODE[:20] + "\n```"))
    (site / OLDEST).write_text(text, encoding="utf-8")
    write_files(site, {"content/posts/2025-02-01-nouveau.md": post("Nouveau", date="2025-02-01")})
    assert "render" in _stages(_build(site))
    code, texts = _code_rows(site)
    assert len(code) == 2 and code <= texts


def test_a_text_edit_reads_the_stamps_of_the_files_it_reads_alone(
    make_site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(_blog(), CONFIG)
    _build(site)
    asked: list[str | None] = []
    real = database.read_known

    def read_known(db: sqlite3.Connection, table: str, path: str | None = None) -> Known:
        asked.append(path)
        return real(db, table, path)

    monkeypatch.setattr(database, "read_known", read_known)
    text = post("Billet 0", date="2025-01-01", body=_body(0, " Une phrase."))
    (site / OLDEST).write_text(text, encoding="utf-8")
    assert "edits" in _stages(_build(site))
    assert asked and None not in asked  # the state file's rows one by one, never whole


def test_a_listing_that_shows_whole_texts_shows_the_new_one(make_site: Site) -> None:
    site = make_site(_blog(), CONFIG)
    listing = "{% for post in posts %}{{ post.content }}{% endfor %}"
    template = '{% extends "base.html" %}{% block main %}' + listing + "{% endblock %}\n"
    write_files(site, {"templates/index.html": template})
    _build(site)
    text = post("Billet 29", date="2025-01-30", body=_body(29, " Une phrase de plus."))
    (site / NEWEST).write_text(text, encoding="utf-8")
    _build(site)
    home = text_of(first_in(parse_html(site / "public/index.html"), ".//main"))
    assert "Une phrase de plus." in home
    assert tree(site / "public") == _fresh(site)


def test_a_generated_passage_added_to_a_text_is_disclosed_as_a_whole_build_does(
    make_site: Site,
) -> None:
    site = make_site(_blog(), CONFIG)
    _build(site)
    passage = "\n\n> [!generated] Modèle\n> Un passage écrit par un modèle.\n"
    text = post("Billet 0", date="2025-01-01", body=_body(0) + passage)
    (site / OLDEST).write_text(text, encoding="utf-8")
    again = _build(site)
    fresh = sitegen("build", "--source", site, "--no-cache", "--output", site / "f", env=EPOCH)
    assert _warnings(again) == _warnings(fresh)
    assert tree(site / "public") == tree(site / "f")


def test_a_text_that_asks_not_to_be_indexed_leaves_the_sitemap(make_site: Site) -> None:
    raw = '\n\n<meta name="robots" content="noindex">\n'
    text = post("Billet 0", date="2025-01-01", body=_body(0) + raw)
    site, _, _ = _edit(make_site, OLDEST, text)
    sitemap = (site / "public/sitemap.xml").read_text(encoding="utf-8")
    assert "billet-00" not in sitemap and "billet-01" in sitemap


def _edited_once_more(site: Path) -> None:
    text = post("Billet 0", date="2025-01-01", body=_body(0, " Encore une phrase."))
    (site / OLDEST).write_text(text, encoding="utf-8")


def test_a_page_changed_by_hand_in_the_output_is_written_again(make_site: Site) -> None:
    site = make_site(_blog(), CONFIG)
    _build(site)
    page = site / "public/2025/01/billet-05/index.html"
    seen = page.stat()
    with page.open("r+b") as handle:  # in place: the spare holds a link to this very file
        handle.seek(seen.st_size // 2)
        handle.write(b"#")
    os.utime(page, ns=(seen.st_atime_ns, seen.st_mtime_ns))
    _edited_once_more(site)
    _build(site)
    assert tree(site / "public") == _fresh(site)


def test_a_file_slipped_into_the_spare_is_never_published(make_site: Site) -> None:
    site = make_site(_blog(), CONFIG)
    _build(site)
    spare = site / CACHE_FOLDER / "site"
    (spare / "2025/01/en-trop.html").write_text("<p>Pas de nous.</p>", encoding="utf-8")
    _edited_once_more(site)
    run = _build(site)
    assert "render" not in _stages(run)
    assert tree(site / "public") == _fresh(site)


def test_a_file_of_the_spare_replaced_is_never_published(make_site: Site) -> None:
    site = make_site(_blog(), CONFIG)
    _build(site)
    page = site / CACHE_FOLDER / "site/2025/01/billet-05/index.html"
    page.unlink()  # the link to the site's page: that page's times change too
    page.write_text("<p>Pas de nous.</p>", encoding="utf-8")
    _edited_once_more(site)
    _build(site)
    assert tree(site / "public") == _fresh(site)


def test_the_search_index_follows_a_new_text(make_site: Site) -> None:
    """Its bundle is indexed again, the others kept, files of its last version removed."""
    site = make_site(_blog(), CONFIG.replace("search: false", "search: true"))
    _build(site)
    before = _files(site / "public")
    text = post("Billet 0", date="2025-01-01", body=_body(0, " Un mot rare : zéphyrin."))
    (site / OLDEST).write_text(text, encoding="utf-8")
    run = _build(site)
    assert _stages(run) >= {"edits", "search"} and "render" not in _stages(run)
    assert tree(site / "public") == _fresh(site)
    after = _files(site / "public")
    index = {path for path in after.keys() | before.keys() if path.startswith("pagefind/")}
    changed = {path for path in index if before.get(path) != after.get(path)}
    assert changed and changed < index  # one bundle of several, and the list of them
