"""The build cache round-trips: after any sequence of edits, a cached build writes what a
build from scratch writes, byte for byte, and says the same things; the dev server, which
keeps its cache in memory, serves what a build from scratch writes.

A small bilingual blog is edited step by step (posts added, rewritten, renamed, deleted,
broken and fixed; titles, tags, dates, drafts and translations changed; templates, catalogs,
settings, static and bundle files changed; the blog read as a Hugo tree and back; files
touched, or changed while keeping their size and modification time, sources and built pages
alike) and built in between, always into the same output folder with the cache, or rebuilt by
the dev server's live site. Each build is compared with a `--no-cache` build of a copy of the
same sources, made in a folder of its own (so that it shares nothing the cached build
compiled): every file and its bytes, the marker included, and every message but the cache's
own notes. The cache itself lives outside the output folder, in `.sitegen-cache/`.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    precondition,
    rule,
    run_state_machine_as_test,
)

from sitegen.build import Build
from sitegen.project.errors import Problems, SitegenError
from sitegen.server.livesite import LiveSite
from sitegen.state import stamps
from tests.conftest import REPO
from tests.e2e.blog_edits import write_at

CACHE_FOLDER = ".sitegen-cache"  # as the README names it
THEME = (REPO / "templates", REPO / "static")
MARKER = ".sitegen-output"

EPOCH = "1780272000"  # 2026-06-01: a post dated 2026-07-01 is scheduled, not published

STEMS = ("un", "deux", "trois")
LANGS = ("", ".en")  # the file name's language suffix: none is the default language
TITLES = ("Un billet", "L'été : « IA »", "Deux", "Un billet")
TAGS = ("[]", "[ia]", "[ia, llm]", "[IA, données]")
DATES = ("2026-01-10", "2026-01-10 08:00", "2026-03-02", "2025-12-31", "2026-07-01")
FRONT_VALUES: dict[str, tuple[str, ...]] = {
    "title": TITLES,
    "tags": TAGS,
    "date": (*DATES, ""),  # undated: Hugo dates it by the file's last change
    "draft": ("false", "true"),
    "lang": ("", "fr", "en"),
    "translation_key": ("", "paire", "autre"),
    "generated": ("", "{model: Le Chat}", "{part: le résumé}"),
    "aliases": ("", "[/ancien/]", "[/vieux/billet/, /ancien/]"),
    "url": ("", "/mon-adresse/", "/autre/adresse/"),
    "audio": ("", "true", "/audio/un.mp3", "/sons/un.mp3"),
}
BODIES = (
    "Du texte.",
    "Du texte[^1].\n\n[^1]: Une note.",
    "## Un titre\n\nUn [lien](/a-propos/) et *de l'emphase*.",
    "> [!generated]\n> Le résumé, écrit par une IA.",
    "Avant la suite.\n\n<!--more-->\n\nAprès.",
    "A: Bonjour !\n\nB: Salut : ça va ?",
    "Une formule $x^2$ et un [billet](/2026/01/deux/).",
    "Une ligne\n**gras** ensuite.",
    "![Un schéma](schema.svg)",  # a bundle's own file; elsewhere, a missing image
    # Code blocks: each highlighted once, kept with its body for the next time it is rendered.
    "Du code :\n\n```python\nprint('un')\n```\n\n```sh\necho deux\n```",
    "Du code :\n\n```python\nprint('un')\n```\n\n```langue-inconnue\nrien\n```",
)
BROKEN = (
    "---\ntitle: [pas fermé\n---\n\nCassé.\n",
    "---\ntitle: Sans fin\n\nPas de fin de front matter.\n",
    "---\ntitle: Date\ndate: 2026-13-45\n---\n\nMauvaise date.\n",
)
TEMPLATES: dict[str, tuple[str, ...]] = {
    "templates/page.html": (
        '{% extends "base.html" %}{% block main %}<article><h1>{{ page.title }}</h1>'
        '<p class="version">QA</p>{{ page.content }}</article>{% endblock %}\n',
        '{% extends "base.html" %}{% block main %}<h1>{{ page.title }} · {{ site.title }}</h1>'
        '<p class="version">QA</p>{{ page.content }}{% endblock %}\n',
    ),
    "templates/partials/post_meta.html": (
        '<p class="meta">QA {{ post.date_text }}</p>\n',
        '<p class="meta">QA {{ post.title }} — {{ post.date_iso }}</p>\n',
        '<p class="meta">QA {{ page.title }}</p>\n',  # an error on listings, where page is None
        # A listing that shows texts, not only cards: its pages follow each text shown.
        '<p class="meta">QA {{ post.words }} mots, {{ post.toc | length }} titres</p>\n',
    ),
    # A post page that shows its neighbours' and related posts' texts: an edit of one post's
    # text changes the pages around it, not only its own (no disclosure: a warning each).
    "templates/post.html": (
        '{% extends "base.html" %}{% block main %}<h1>{{ page.title }}</h1>{{ page.content }}'
        "{% for p in [newer, older] if p %}<p>QA {{ p.title }} : {{ p.words }} mots</p>"
        "{% endfor %}{% for p in related %}{{ p.summary }}{% endfor %}{% endblock %}\n",
    ),
    "templates/partials/post_card.html": (
        '<article class="post-card"><h2>{{ post.title }}</h2>{{ post.content }}</article>\n',
    ),
    "templates/i18n/fr.yaml": ("footnotes_title: Remarques QA\n", "read_more: Lire QA\n"),
}
FILES = {  # static files, and a file of a post written as a folder
    "static/notes.txt": (b"Des notes QA\n", b"Autres notes QA\n"),
    "static/img/logo.svg": (b'<svg xmlns="http://www.w3.org/2000/svg"><!-- QA --></svg>\n',),
    "static/fichiers/donnees.bin": (b"\x00\x01QA\xff", b"\x00\x02QA\xfe\xfd"),
    "static/audio/un.mp3": (b"ID3\x03QA", b"ID3\x03\x00QA" * 700),
    "static/sons/un.mp3": (b"ID3\x04QA",),
    "content/posts/quatre/schema.svg": (b'<svg xmlns="http://www.w3.org/2000/svg">QA</svg>',),
}


@dataclass(frozen=True)
class Post:
    title: str = "Un billet"
    date: str = "2026-01-10"
    tags: str = "[]"
    draft: str = "false"
    lang: str = ""
    translation_key: str = ""
    generated: str = ""
    aliases: str = ""
    url: str = ""
    audio: str = ""
    body: str = "Du texte."

    def text(self) -> str:
        keys: tuple[str, ...] = ("title", "date", "tags", "draft", "lang", "translation_key")
        keys += ("generated", "aliases", "url", "audio")
        lines = [f"{k}: {getattr(self, k)}" for k in keys if getattr(self, k)]
        # Every file holds `QA`: flipping it to `QB` changes it without changing its size.
        return "---\n" + "\n".join(lines) + f"\n---\n\n{self.body}\n\nVersion QA.\n"


@dataclass(frozen=True)
class Settings:
    title: str = "Blog QA"
    language: str = "fr"
    languages: str = "[fr, en]"
    base_url: str = "https://example.org/"
    search: str = "false"
    llms_txt: str = "true"
    """Markdown twins follow their pages' memo: on in most builds."""
    tool: str = "sitegen"
    """Whose settings file the blog has: sitegen's, or Hugo's (a blog moving in)."""

    @property
    def file(self) -> str:
        return "sitegen.yaml" if self.tool == "sitegen" else "hugo.toml"

    def text(self) -> str:
        if self.tool == "hugo":
            codes = enumerate(self.languages.strip("[]").split(", "))
            weights = "".join(f"[languages.{code}]\nweight = {n}\n" for n, code in codes)
            return (
                f'title = "{self.title}"\nbaseURL = "{self.base_url}"\n'
                f'defaultContentLanguage = "{self.language}"\n{weights}'
            )
        return (
            f"title: {self.title}\nauthor: Équipe\nbase_url: {self.base_url}\n"
            f"language: {self.language}\nlanguages: {self.languages}\nsearch: {self.search}\n"
            f"llms_txt: {self.llms_txt}\n"
        )


POST_PATHS = [f"content/posts/{stem}{lang}.md" for stem in STEMS for lang in LANGS]
POST_PATHS.append("content/posts/quatre/index.md")  # a post with files of its own
PAGE_PATHS = ["content/pages/a-propos.md", "content/pages/a-propos.en.md"]
SOURCES = POST_PATHS + PAGE_PATHS
SETTINGS_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("Blog QA", "Autre blog QA"),
    "language": ("fr", "en"),
    "languages": ("[fr, en]", "[fr]", "[en, fr]"),
    "base_url": ("https://example.org/", "https://example.org/blog/", "http://ex.org/b/"),
    "search": ("false", "false", "true"),  # Pagefind is slow: on in a third of the changes
    "llms_txt": ("true", "true", "false"),
}

posts = st.builds(
    Post,
    title=st.sampled_from(TITLES),
    date=st.sampled_from(DATES),
    tags=st.sampled_from(TAGS),
    body=st.sampled_from(BODIES),
)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file of a built site and its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@dataclass(frozen=True)
class Outcome:
    """What a build did: whether it succeeded, what it said (its folder's path written
    `<site>`), and the files of the site it wrote."""

    ok: bool
    said: tuple[str, ...]
    files: dict[str, bytes]


@dataclass
class Workbench:
    """The folders every sequence of a test uses, and the fresh builds already made.

    The blog is built at the same path in every sequence: what sitegen keeps in memory
    between runs (templates compiled, keyed by their text) is compiled once, as it is for
    the dev server's builds. The fresh build is made in a folder of its own, so it shares
    nothing the cached build compiled.
    """

    folder: Path
    fresh: dict[tuple[tuple[str, int, bytes], ...], Outcome] = field(default_factory=dict)
    """Fresh builds by the sources they read (each file's path, time and bytes): every
    sequence starts from the same blog, whose fresh build is made once."""

    @property
    def root(self) -> Path:
        return self.folder / "site"

    def reference(self, root: Path) -> Outcome:
        """A `--no-cache` build of a copy of the sources at `root`."""
        sources = _sources(root)
        known = self.fresh.get(sources)
        if known is not None:
            return known
        copy = self.folder / "fresh"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(root, copy, ignore=shutil.ignore_patterns("public", CACHE_FOLDER))
        ok, said = _build(copy, use_cache=False)
        files = tree(copy / "public") if ok else {}
        made = self.fresh[sources] = Outcome(ok, _relative(said, copy), files)
        return made


def _sources(root: Path) -> tuple[tuple[str, int, bytes], ...]:
    """The blog's files, and the default theme's by their time: a change to sitegen's own
    theme while the tests run is another blog."""
    theme = (p for folder in THEME for p in sorted(folder.rglob("*")) if p.is_file())
    found = [(str(p), p.stat().st_mtime_ns, b"") for p in theme]
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and not rel.startswith(("public/", f"{CACHE_FOLDER}/")):
            found.append((rel, path.stat().st_mtime_ns, path.read_bytes()))
    return tuple(found)


def _build(root: Path, use_cache: bool) -> tuple[bool, list[str]]:
    """Whether the build succeeded, and every message it gave."""
    problems = Problems()
    try:
        report = Build(root, problems).write(use_cache=use_cache)
    except SitegenError as error:
        said = [d.format() for d in error.diagnostics] or [str(error)]
        return False, said
    notes = [n for n in report.notes if "cache" not in n]
    return True, [d.format() for d in problems.items] + notes


def _relative(said: list[str], root: Path) -> tuple[str, ...]:
    """Messages name template files by their full path: the two builds' roots differ."""
    return tuple(message.replace(str(root), "<site>") for message in said)


class EditsThenBuilds(RuleBasedStateMachine):
    """A blog, edited and built with its cache; each build is checked against a fresh one."""

    bench: ClassVar[Workbench]

    def __init__(self) -> None:
        super().__init__()
        self.root = self.bench.root
        shutil.rmtree(self.root, ignore_errors=True)  # what a failed sequence left
        self.posts: dict[str, Post] = {}
        self.settings = Settings()
        self.clock = 1_700_000_000_000_000_000  # a file's mtime is always set, never "now"
        self.edited = False
        self.checking = False
        """A build is being checked: when it fails, the teardown leaves the failure as is."""

    def teardown(self) -> None:
        try:
            if self.edited and not self.checking:  # edits since the last build: build them
                self.build_both()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    # Writing files ---------------------------------------------------------------------

    def write(self, rel: str, data: str | bytes) -> None:
        self.edited = True
        self.clock += 1_000_000_000
        write_at(self.root / rel, data, self.clock)

    def write_post(self, rel: str, post: Post) -> None:
        self.posts[rel] = post
        self.write(rel, post.text())

    def existing(self) -> list[str]:
        found = (p.relative_to(self.root).as_posix() for p in self.root.rglob("*") if p.is_file())
        return sorted(rel for rel in found if not rel.startswith(("public/", CACHE_FOLDER)))

    @initialize()
    def a_small_blog(self) -> None:
        self.write(self.settings.file, self.settings.text())
        narrated = Post(tags="[ia]", translation_key="paire", audio="true")
        self.write_post("content/posts/un.md", narrated)
        self.write("static/audio/un.mp3", FILES["static/audio/un.mp3"][0])
        self.write_post(
            "content/posts/un.en.md", Post("A post", "2026-01-10", "[ia]", translation_key="paire")
        )
        self.write_post("content/posts/deux.md", Post("Deux", "2026-01-12", body=BODIES[1]))
        self.write_post("content/pages/a-propos.md", Post("À propos", body=BODIES[2]))
        self.write("templates/page.html", TEMPLATES["templates/page.html"][0])
        self.write("static/notes.txt", FILES["static/notes.txt"][0])
        self.build_both()

    # Edits -----------------------------------------------------------------------------

    @rule(rel=st.sampled_from(SOURCES), post=posts)
    def add_or_replace_a_post(self, rel: str, post: Post) -> None:
        self.write_post(rel, post)

    @precondition(lambda self: self.posts)
    @rule(data=st.data(), body=st.sampled_from(BODIES))
    def edit_a_body(self, data: st.DataObject, body: str) -> None:
        rel = data.draw(st.sampled_from(sorted(self.posts)))
        self.write_post(rel, replace(self.posts[rel], body=body))

    @precondition(lambda self: self.posts)
    @rule(data=st.data(), field=st.sampled_from(sorted(FRONT_VALUES)))
    def edit_the_front_matter(self, data: st.DataObject, field: str) -> None:
        rel = data.draw(st.sampled_from(sorted(self.posts)))
        value = data.draw(st.sampled_from(FRONT_VALUES[field]))
        self.write_post(rel, replace(self.posts[rel], **{field: value}))

    @precondition(lambda self: self.posts)
    @rule(data=st.data(), to=st.sampled_from(SOURCES))
    def rename_a_post(self, data: st.DataObject, to: str) -> None:
        rel = data.draw(st.sampled_from(sorted(self.posts)))
        if to == rel:
            return
        (self.root / to).parent.mkdir(parents=True, exist_ok=True)
        os.replace(self.root / rel, self.root / to)  # a rename keeps the file's mtime
        self.edited = True
        self.posts[to] = self.posts.pop(rel)

    @precondition(lambda self: self.posts)
    @rule(data=st.data())
    def delete_a_post(self, data: st.DataObject) -> None:
        rel = data.draw(st.sampled_from(sorted(self.posts)))
        (self.root / rel).unlink()
        self.edited = True
        del self.posts[rel]

    @rule(rel=st.sampled_from(SOURCES), text=st.sampled_from(BROKEN))
    def break_a_post(self, rel: str, text: str) -> None:
        """A post with an error; any later edit of it is the fix."""
        self.posts.setdefault(rel, Post())
        self.write(rel, text)

    @rule(data=st.data(), rel=st.sampled_from(sorted(TEMPLATES)))
    def write_a_template(self, data: st.DataObject, rel: str) -> None:
        self.write(rel, data.draw(st.sampled_from(TEMPLATES[rel])))

    @rule(data=st.data(), field=st.sampled_from(sorted(SETTINGS_FIELDS)))
    def edit_the_settings(self, data: st.DataObject, field: str) -> None:
        value = data.draw(st.sampled_from(SETTINGS_FIELDS[field]))
        self.settings = replace(self.settings, **{field: value})
        self.write(self.settings.file, self.settings.text())

    @rule()
    def move_to_the_other_tool(self) -> None:
        """sitegen.yaml <-> hugo.toml: the same files read as a Hugo blog, and back."""
        (self.root / self.settings.file).unlink()
        tool = "hugo" if self.settings.tool == "sitegen" else "sitegen"
        self.settings = replace(self.settings, tool=tool)
        self.write(self.settings.file, self.settings.text())

    @rule(data=st.data(), rel=st.sampled_from(sorted(FILES)))
    def write_a_file(self, data: st.DataObject, rel: str) -> None:
        self.write(rel, data.draw(st.sampled_from(FILES[rel])))

    @rule(rel=st.sampled_from(sorted(FILES)))
    def delete_a_file(self, rel: str) -> None:
        (self.root / rel).unlink(missing_ok=True)
        self.edited = True

    @rule(data=st.data())
    def touch_a_file(self, data: st.DataObject) -> None:
        """Saved again as it was: only its modification time changes."""
        rel = data.draw(st.sampled_from(self.existing()))
        self.clock += 1_000_000_000
        os.utime(self.root / rel, ns=(self.clock, self.clock))
        self.edited = True

    @rule(data=st.data())
    def change_a_file_keeping_its_size_and_time(self, data: st.DataObject) -> None:
        """`QA` <-> `QB`: what a size-and-mtime check cannot see (a checkout, a restored
        backup, an editor that keeps the time). sitegen reads contents, so it must see it."""
        candidates = [r for r in self.existing() if b"Q" in (self.root / r).read_bytes()]
        if not candidates:
            return
        path = self.root / data.draw(st.sampled_from(candidates))
        before = path.stat()
        text = path.read_bytes()
        at = max(text.rfind(b"QA"), text.rfind(b"QB"))
        if at < 0:
            return
        flipped = b"QB" if text[at : at + 2] == b"QA" else b"QA"
        path.write_bytes(text[:at] + flipped + text[at + 2 :])
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        self.edited = True

    @rule(data=st.data())
    def change_a_built_file_keeping_its_size_and_time(self, data: st.DataObject) -> None:
        """A page of the output edited in place by hand: the next build writes it again."""
        built = [p for p in (self.root / "public").rglob("*") if p.is_file() and p.stat().st_size]
        if not built:
            return
        path = data.draw(st.sampled_from(sorted(built)))
        before = path.stat()
        with path.open("r+b") as handle:  # in place: the spare may hold a link to this file
            middle = before.st_size // 2
            handle.seek(middle)
            byte = handle.read(1)[0]
            handle.seek(middle)
            handle.write(bytes([byte ^ 1]))
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        self.edited = True

    # Builds ----------------------------------------------------------------------------

    @rule()
    def build_both(self) -> None:
        """A cached build into `public/` equals a build without cache of the same sources."""
        self.checking, self.edited = True, False
        fresh = self.bench.reference(self.root)
        if currently_in_test_context():  # a defect's own test runs outside Hypothesis
            event("the build succeeds" if fresh.ok else "the build fails")
        self.check_against(fresh)
        self.checking = False

    def check_against(self, fresh: Outcome) -> None:
        ok, said = _build(self.root, use_cache=True)
        assert (ok, _relative(said, self.root)) == (fresh.ok, fresh.said)
        if ok:
            assert tree(self.root / "public") == fresh.files


class EditsThenLiveRebuilds(EditsThenBuilds):
    """The same blog and edits, rebuilt by the dev server after each save: the files it
    serves equal those a build from scratch writes (but the marker), and a build that fails
    keeps the last good site served."""

    def __init__(self) -> None:
        super().__init__()
        self.live = LiveSite(self.root, {})
        self.good: dict[str, bytes] = {}

    def check_against(self, fresh: Outcome) -> None:
        ok = self.live.rebuild()
        assert ok == fresh.ok, self.live.errors
        if not ok:
            said = _relative(list(self.live.errors), self.root)
            assert sorted(set(said)) == sorted(set(fresh.said))
            assert self.served() == self.good
            return
        expected = {path: data for path, data in fresh.files.items() if path != MARKER}
        self.wait_for_the_search_index(_searched(expected))
        self.good = self.served()
        assert self.good == expected, self.live.errors

    def wait_for_the_search_index(self, expected: dict[str, bytes]) -> None:
        """The pages are served first; the search index follows, as news of its own."""
        while True:
            seen = self.live.generation  # read before the files: no news can slip between
            if _searched(self.served()) == expected:
                return
            if self.live.wait(seen, SEARCH_INDEXING) == seen:
                return  # no news: the comparison says what differs

    def served(self) -> dict[str, bytes]:
        assert self.live.snapshot is not None
        return dict(self.live.snapshot.files)


SEARCH_INDEXING = 60.0
"""Seconds Pagefind may take to index the small blog on a busy machine."""


def _searched(files: dict[str, bytes]) -> dict[str, bytes]:
    return {path: data for path, data in files.items() if path.startswith("pagefind/")}


def _sequences(share: float, at_least: int) -> int:
    """Sequences of edits to run: a share of the profile's examples, since each is several
    builds where other properties run a function, and never fewer than `at_least` (under
    `CI=true` Hypothesis runs its own profile, of 100 examples)."""
    return max(at_least, int(settings().max_examples * share))


@pytest.fixture
def bench(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workbench:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    # A file or folder changed in the last two seconds is read again, never taken as it was
    # (the times of coarse file systems): the steps here are milliseconds apart, and would
    # never take anything as it was. A tenth of a second is still many ticks of this
    # machine's clock, so a change after a build always changes the times it recorded.
    monkeypatch.setattr(stamps, "RACY_NS", 100_000_000)
    return Workbench(tmp_path)


def test_a_cached_build_after_any_edits_equals_a_fresh_one(bench: Workbench) -> None:
    # 300 sequences in CI, 7 500 with `--hypothesis-profile=long`.
    EditsThenBuilds.bench = bench
    run_state_machine_as_test(
        EditsThenBuilds,
        settings=settings(
            settings.default, max_examples=_sequences(0.15, 300), stateful_step_count=8
        ),
    )


def test_the_dev_server_after_any_edits_serves_what_a_fresh_build_writes(
    bench: Workbench,
) -> None:
    # 200 sequences in CI, 5 000 with `--hypothesis-profile=long`: the dev server's builds are
    # the same stages, their cache kept in memory.
    EditsThenLiveRebuilds.bench = bench
    run_state_machine_as_test(
        EditsThenLiveRebuilds,
        settings=settings(
            settings.default, max_examples=_sequences(0.1, 200), stateful_step_count=8
        ),
    )


def test_a_narrated_files_new_size_reaches_a_cached_build(bench: Workbench) -> None:
    """A defect the sequences above found: when only the narrated file of a post changed, a
    cached build kept the post's page and the feeds of the last build, with the old size."""
    EditsThenBuilds.bench = bench
    blog = EditsThenBuilds()
    blog.a_small_blog()
    blog.write("static/audio/un.mp3", FILES["static/audio/un.mp3"][1])
    blog.build_both()
    blog.teardown()
