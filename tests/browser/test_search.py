"""The search page in Chromium: one query searches every bundle of the reader's language, and
finds the posts one whole index would (those whose text holds the word)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import serve
from tests.conftest import (
    DEFAULT_CONFIG,
    elements,
    parse_html,
    post,
    sitegen,
    text_of,
    write_files,
)

WORD = "perceptron"
POSTS = {
    "content/posts/2023-02-01-histoire.md": post(
        "Une histoire", date="2023-02-01", body="Le perceptron de Rosenblatt date de 1958."
    ),
    "content/posts/2024-03-01-couches.md": post(
        "Les couches", date="2024-03-01", body="Un réseau empile des perceptrons en couches."
    ),
    "content/posts/2024-09-01-attention.md": post(
        "L'attention", date="2024-09-01", body="L'attention relie les mots entre eux."
    ),
    "content/posts/2025-05-01-limites.md": post(
        "Les limites", date="2025-05-01", body="Un seul perceptron ne sait pas calculer XOR."
    ),
    "content/posts/2024-03-01-couches.en.md": post(
        "Layers", date="2024-03-01", body="A network stacks perceptrons in layers."
    ),
    "content/posts/2025-05-01-limites.en.md": post(
        "Limits", date="2025-05-01", body="Gradient descent tunes the weights."
    ),
}


@pytest.fixture(scope="module")
def blog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    site = tmp_path_factory.mktemp("search")
    write_files(site, {"sitegen.yaml": DEFAULT_CONFIG, **POSTS})
    out = site / "public"
    result = sitegen("build", "--source", site, "--base-url", "http://127.0.0.1/")
    assert result.code == 0, result.err
    root, server = serve(out)
    yield root, out
    server.shutdown()


def holding(out: Path, prefix: str, word: str) -> set[str]:
    """The addresses of the pages in a language whose indexed text (the article Pagefind
    reads) holds a word starting with `word`: what one index of the whole site finds."""
    found = set()
    for path in out.rglob("index.html"):
        page = parse_html(path)
        address = "/" + path.parent.relative_to(out).as_posix() + "/"
        english = address.startswith("/en/")
        if english != (prefix == "en/"):
            continue
        bodies = elements(page, "//*[@data-pagefind-body]")
        if any(re.search(rf"\b{word}", text_of(body), re.IGNORECASE) for body in bodies):
            found.add(address)
    return found


def results(browser: Any, url: str, query: str, expected: int) -> set[str]:
    from playwright.sync_api import expect

    page = browser.new_page()
    page.goto(url)
    page.locator(".pagefind-ui__search-input").fill(query)
    links = page.locator(".pagefind-ui__result-link")
    expect(links).to_have_count(expected)
    found = {links.nth(n).get_attribute("href") for n in range(expected)}
    page.close()
    return found


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_a_query_finds_the_posts_of_every_year(
    browser: Any, blog: tuple[str, Path], prefix: str
) -> None:
    root, out = blog
    expected = holding(out, prefix, WORD)
    found = results(browser, f"{root}{prefix}search/", WORD, len(expected))
    assert found == expected
    if prefix == "":  # three posts of three years: three bundles answered
        assert found == {"/2023/02/histoire/", "/2024/03/couches/", "/2025/05/limites/"}
    else:
        assert found == {"/en/2024/03/couches/"}
