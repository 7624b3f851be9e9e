"""sitegen.yaml validation, slugs, permalinks, dates and plural forms."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from sitegen.content.addresses import address
from sitegen.content.frontmatter import parse_all
from sitegen.content.sources import discover
from sitegen.foreign.permalinks import published_at
from sitegen.project.errors import ConfigError, Problems
from sitegen.settings.config import load_config
from sitegen.urls import is_contained, output_path, permalink, slugify


def write_config(tmp_path: Path, text: str) -> Path:
    (tmp_path / "sitegen.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_defaults_and_base_path(tmp_path: Path) -> None:
    config = load_config(
        write_config(tmp_path, "title: Blog\nbase_url: https://u.github.io/repo\n")
    )
    assert config.base_url == "https://u.github.io/repo/"
    assert config.base_path == "/repo/"
    assert config.language == "fr" and config.languages == ("fr",)
    assert config.permalink == "/{year}/{month}/{slug}/"
    assert config.posts_per_page == 10 and config.output_dir == Path("public")


def test_default_language_comes_first(tmp_path: Path) -> None:
    config = load_config(
        write_config(tmp_path, "title: B\nlanguage: fr\nlanguages: [en, fr, en]\n")
    )
    assert config.languages == ("fr", "en")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("base_url: ftp://x/", "must start with https://"),
        ("base_url: relative/path", "must be absolute"),
        ("language: xx-nope-nope", "not a language"),
        ("languages: fr", "expected a list"),
        ("permalink: /{year}/", "must contain {slug}"),
        ("permalink: /{slug}/{lang}/", "unknown field {lang}"),
        ("posts_per_page: many", "whole number"),
        ("titl: B", "did you mean `title`?"),
        ("permalink: /{slug}}/", "not paired"),
        ("base_url: 'https://[::1/'", "is not a URL"),
        ("base_url: https://x.org//blog/", "empty or `..` folder"),
        ("author: [a]", "expected text"),
    ],
)
def test_invalid_values_are_located(tmp_path: Path, line: str, message: str) -> None:
    root = write_config(tmp_path, f"title: B\n{line}\n")
    with pytest.raises(ConfigError) as caught:
        load_config(root)
    shown = "\n".join(d.format() for d in caught.value.diagnostics)
    assert f"{root / 'sitegen.yaml'}:2:1:" in shown
    assert message in shown


def test_an_empty_title_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write_config(tmp_path, "title: ''\n"))
    assert [d.message for d in caught.value.diagnostics] == ["`title`: the blog needs a title"]


def test_override_base_url_is_validated(tmp_path: Path) -> None:
    root = write_config(tmp_path, "title: B\n")
    assert load_config(root, base_url="https://x.org/blog").base_path == "/blog/"
    with pytest.raises(ConfigError, match="--base-url"):
        load_config(root, base_url="ftp://x")


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("L’été à Noël", "l-ete-a-noel"),
        ("Qu'est-ce qu'un LLM ?", "qu-est-ce-qu-un-llm"),
        ("Œuvre & « guillemets »", "oeuvre-guillemets"),
        ("???", "sans-titre"),
    ],
)
def test_french_slugs(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_permalinks_and_output_paths() -> None:
    when = datetime(2026, 3, 4, tzinfo=UTC)
    assert permalink("/{year}/{month}/{slug}/", "x", when, "/") == "/2026/03/x/"
    assert permalink("/{year}/{month}/{day}/{slug}/", "x", when, "/en/") == "/en/2026/03/04/x/"
    assert permalink("/{slug}/", "a-propos", None, "/") == "/a-propos/"
    assert output_path("/2026/03/x/") == "2026/03/x/index.html"
    assert output_path("/") == "index.html"
    assert output_path("/css/site.css") == "css/site.css"


@pytest.mark.parametrize(
    ("path", "ok"),
    [("a/b.html", True), ("../x", False), ("/etc/x", False), ("a//b", False), ("a\\b", False),
     ("a/\0", False), ("a/./b", False)],
)  # fmt: skip
def test_output_containment(path: str, ok: bool) -> None:
    assert is_contained(path) is ok


def test_a_jekyll_post_named_by_its_date_and_a_dot_gets_its_address(tmp_path: Path) -> None:
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_config.yml").write_text("title: Blog\nurl: https://example.org\n")
    (tmp_path / "_posts/2024-01-01-..md").write_text("---\ntitle: Point\n---\nTexte\n")
    config, problems = load_config(tmp_path), Problems()
    [doc] = parse_all(discover(config, problems), config, problems)
    assert address(config, doc)[1] == published_at(config, doc, "/") == "/2024/01/01/..html"
