"""The table of front-matter keys is the one list of them: the README documents it as it is,
the model has a field for each key, and `sitegen new` writes what it says."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path

import frontmatter
import pytest

from sitegen.content.frontmatter import parse_all
from sitegen.content.keys import KEYS, NAMES, markdown_table
from sitegen.content.scaffold import new_entry
from sitegen.content.sources import discover
from sitegen.model import Document, FrontMatter
from sitegen.project.errors import Problems
from sitegen.settings.config import load_config
from tests.conftest import REPO

NOW = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)


def _readme_table() -> str:
    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    start = lines.index("### Front matter") + 2
    end = next(i for i in range(start, len(lines)) if not lines[i].startswith("|"))
    return "\n".join(lines[start:end]) + "\n"


def _load(site: Path) -> tuple[list[Document], Problems]:
    config = load_config(site)
    problems = Problems()
    return parse_all(discover(config, problems), config, problems), problems


def test_the_readme_documents_every_key_as_the_table_says() -> None:
    assert _readme_table() == markdown_table(), (
        "paste the output of `python -m sitegen.content.keys` under `### Front matter`"
    )


def test_keys_written_and_meant_alike_share_a_row_of_the_readme() -> None:
    assert "| `sources`, `see_also` | list of `{title, url, lang}` |" in markdown_table()


def test_the_model_has_a_field_for_each_key_and_for_where_keys_were_written() -> None:
    assert {field.name for field in fields(FrontMatter)} == {*NAMES, "lines"}


@pytest.mark.parametrize(("layout", "kind"), [("post", "post"), ("chat", "post"), ("page", "page")])
def test_sitegen_new_writes_the_keys_the_table_gives_and_they_read_back_cleanly(
    make_site: Callable[..., Path], layout: str, kind: str
) -> None:
    site = make_site()
    path = new_entry(load_config(site), "Un titre", None, layout, NOW)
    written = list(frontmatter.load(path).metadata)
    assert written == [key.name for key in KEYS if key.written_by_new and kind in key.kinds]
    docs, problems = _load(site)
    assert not problems.items
    assert [(d.meta.title, d.meta.layout, d.meta.draft) for d in docs] == [
        ("Un titre", layout, True)
    ]


@pytest.mark.parametrize(
    ("rel", "text", "said"),
    [
        ("content/pages/a-propos.md", "---\ntitle: À propos\n---\nTexte\n", []),
        (
            "content/posts/sans-date.md",
            "---\ntitle: Sans date\n---\nTexte\n",
            ["the post has no date"],
        ),
        (
            "content/pages/sans-titre.md",
            "---\nlang: fr\n---\nTexte\n",
            ["front matter has no `title`"],
        ),
    ],
)
def test_only_the_entries_a_key_belongs_to_must_have_it(
    make_site: Callable[..., Path], rel: str, text: str, said: list[str]
) -> None:
    _, problems = _load(make_site({rel: text}))
    assert [e.message for e in problems.errors] == said
