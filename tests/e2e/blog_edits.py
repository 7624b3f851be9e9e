"""A small bilingual blog and the edits an author makes to it, each drawn from a random
generator: what the tests of interrupted builds build between two kills. Every edit changes
what the blog's files hold, so that every build after one has work to do."""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

SETTINGS = (
    "title: {title}\nauthor: Équipe\nbase_url: https://example.org/\nlanguage: fr\n"
    "languages: [fr, en]\nsearch: false\n"
)
TITLES = ("Un billet", "L'été de l'IA", "Deux mots", "A post")
TAGS = ("[]", "[ia]", "[ia, llm]", "[IA, données]")
DATES = ("2026-01-10", "2026-01-12 08:00", "2026-03-02", "2025-12-31")
BODIES = (
    "Du texte.",
    "Du texte[^1].\n\n[^1]: Une note.",
    "## Un titre\n\nUn [lien](/a-propos/) et *de l'emphase*.",
    "Avant la suite.\n\n<!--more-->\n\nAprès.",
)
TEMPLATES = (
    '{% extends "base.html" %}{% block main %}<article><h1>{{ page.title }}</h1>'
    "{{ page.content }}</article>{% endblock %}\n",
    '{% extends "base.html" %}{% block main %}<h1>{{ page.title }} · {{ site.title }}</h1>'
    "{{ page.content }}{% endblock %}\n",
)
CATALOGS = ("read_more: Lire la suite\n", "read_more: Lire plus\n", "footnotes_title: Notes\n")
STATIC = (b"Des notes\n", b"Autres notes, plus longues\n")
T = TypeVar("T")


@dataclass(frozen=True)
class Post:
    title: str = "Un billet"
    date: str = "2026-01-10"
    tags: str = "[]"
    draft: str = "false"
    translation_key: str = ""
    body: str = "Du texte."

    def text(self) -> str:
        key = f"translation_key: {self.translation_key}\n" if self.translation_key else ""
        return (
            f"---\ntitle: {self.title}\ndate: {self.date}\ntags: {self.tags}\n"
            f"draft: {self.draft}\n{key}---\n\n{self.body}\n"
        )


@dataclass
class Blog:
    """The blog's files, written with modification times of their own (never "now")."""

    root: Path
    posts: dict[str, Post] = field(default_factory=dict)
    """Posts by their file, relative to `content/posts/`."""
    clock: int = 1_700_000_000_000_000_000

    @classmethod
    def small(cls, root: Path) -> Blog:
        blog = cls(root)
        blog.write("sitegen.yaml", SETTINGS.format(title="Blog"))
        blog.write_post("un.md", Post(tags="[ia]", translation_key="paire"))
        blog.write_post("un.en.md", Post("A post", translation_key="paire"))
        blog.write_post("deux.md", Post("Deux mots", "2026-01-12 08:00", body=BODIES[1]))
        blog.write_post("trois.md", Post("Trois", "2026-03-02", "[ia, llm]", body=BODIES[3]))
        blog.write("content/pages/a-propos.md", Post("À propos", body=BODIES[2]).text())
        blog.write("templates/page.html", TEMPLATES[0])
        blog.write("static/notes.txt", STATIC[0])
        return blog

    def write(self, rel: str, data: str | bytes) -> None:
        self.clock += 1_000_000_000
        write_at(self.root / rel, data, self.clock)

    def write_post(self, name: str, post: Post) -> None:
        self.posts[name] = post
        self.write(f"content/posts/{name}", post.text())

    def read(self, rel: str) -> bytes:
        path = self.root / rel
        return path.read_bytes() if path.is_file() else b""

    def listing(self) -> list[str]:
        """What the blog's folder holds after a build: its sources, the site, the state."""
        return sorted(
            ["content", "public", ".sitegen-cache", "sitegen.yaml", "static", "templates"]
        )


Edit = Callable[[Blog, random.Random], None]


def _some_post(blog: Blog, rng: random.Random) -> str:
    return rng.choice(sorted(blog.posts))


def _other(rng: random.Random, values: tuple[T, ...], current: T) -> T:
    return rng.choice([value for value in values if value != current])


def _changed(field_name: str, values: tuple[str, ...]) -> Edit:
    def edit(blog: Blog, rng: random.Random) -> None:
        name = _some_post(blog, rng)
        value = _other(rng, values, getattr(blog.posts[name], field_name))
        blog.write_post(name, replace(blog.posts[name], **{field_name: value}))

    edit.__name__ = f"change_the_{field_name}"
    return edit


def toggle_a_draft(blog: Blog, rng: random.Random) -> None:
    name = _some_post(blog, rng)
    post = blog.posts[name]
    blog.write_post(name, replace(post, draft="true" if post.draft == "false" else "false"))


def translate_or_untranslate(blog: Blog, rng: random.Random) -> None:
    """A post gets its English version, or loses it; with none left in French (deleted or
    renamed away), a new post instead."""
    french = sorted(n for n in blog.posts if not n.endswith(".en.md"))
    if not french:
        add_a_post(blog, rng)
        return
    name = rng.choice(french)
    english = name.replace(".md", ".en.md")
    if english in blog.posts:
        delete(blog, english)
        return
    key = name.removesuffix(".md")
    blog.write_post(name, replace(blog.posts[name], translation_key=key))
    blog.write_post(english, Post(f"{rng.choice(TITLES)} (en)", translation_key=key))


def delete(blog: Blog, name: str) -> None:
    (blog.root / "content/posts" / name).unlink()
    del blog.posts[name]


def delete_a_post(blog: Blog, rng: random.Random) -> None:
    if len(blog.posts) > 1:
        delete(blog, _some_post(blog, rng))
    else:
        add_a_post(blog, rng)


def rename_a_post(blog: Blog, rng: random.Random) -> None:
    """Renamed as `mv` does: the file keeps its modification time."""
    name = _some_post(blog, rng)
    to = f"renomme-{rng.randrange(1000)}{'.en' if name.endswith('.en.md') else ''}.md"
    folder = blog.root / "content/posts"
    os.replace(folder / name, folder / to)
    blog.posts[to] = blog.posts.pop(name)


def add_a_post(blog: Blog, rng: random.Random) -> None:
    post = Post(rng.choice(TITLES), rng.choice(DATES), rng.choice(TAGS), body=rng.choice(BODIES))
    blog.write_post(f"nouveau-{rng.randrange(1000)}.md", post)


def extend_a_text(blog: Blog, rng: random.Random) -> None:
    """A sentence added after a post's summary: its text alone changes, so the build after
    it makes only the files that show that text again (`publish/textedits.py`)."""
    names = sorted(name for name, post in blog.posts.items() if "<!--more-->" in post.body)
    name = rng.choice(names) if names else "trois.md"
    post = blog.posts.get(name, Post("Trois", "2026-03-02", "[ia, llm]", body=BODIES[3]))
    blog.write_post(name, replace(post, body=f"{post.body} Encore {rng.randrange(1000)}."))


def change_the_template(blog: Blog, rng: random.Random) -> None:
    rel = "templates/page.html"
    blog.write(rel, _other(rng, TEMPLATES, blog.read(rel).decode()))


def change_the_catalog(blog: Blog, rng: random.Random) -> None:
    rel = "templates/i18n/fr.yaml"
    blog.write(rel, _other(rng, CATALOGS, blog.read(rel).decode()))


def change_the_settings(blog: Blog, rng: random.Random) -> None:
    texts = tuple(SETTINGS.format(title=title) for title in ("Blog", "Le blog", "IA"))
    blog.write("sitegen.yaml", _other(rng, texts, blog.read("sitegen.yaml").decode()))


def change_a_static_file(blog: Blog, rng: random.Random) -> None:
    rel = rng.choice(("static/notes.txt", "static/img/schema.svg"))
    if (blog.root / rel).is_file() and rng.random() < 0.3:
        (blog.root / rel).unlink()
    else:
        blog.write(rel, _other(rng, STATIC, blog.read(rel)))


EDITS: list[Edit] = [
    _changed("body", BODIES),
    _changed("title", TITLES),
    _changed("tags", TAGS),
    _changed("date", DATES),
    toggle_a_draft,
    translate_or_untranslate,
    delete_a_post,
    rename_a_post,
    add_a_post,
    extend_a_text,
    extend_a_text,
    change_the_template,
    change_the_catalog,
    change_the_settings,
    change_a_static_file,
]


def write_at(path: Path, data: str | bytes, clock: int) -> None:
    """Write a file of the blog and date it `clock` (nanoseconds): each edit a second after
    the last, so no two writes share a time whatever the file system's grain."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    os.utime(path, ns=(clock, clock))
