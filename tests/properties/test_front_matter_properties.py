"""Any file's bytes read as a post: the front-matter reader (YAML or Hugo's TOML, sitegen's
keys or Jekyll's and Hugo's) never raises; what it cannot use is a message at a line of the
file, and what it keeps is a document whose body starts inside the file."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitegen.config import SiteConfig, load_config
from sitegen.errors import Problems
from sitegen.frontmatter import parse
from sitegen.model import SourceFile
from tests.conftest import DEFAULT_CONFIG, write_files
from tests.properties.files import post_bytes

SETTINGS = {
    "sitegen": {"sitegen.yaml": DEFAULT_CONFIG},
    "jekyll": {"_config.yml": "title: Blog\nurl: https://example.org\nlang: fr\n"},
    "hugo": {"hugo.toml": 'title = "Blog"\nbaseURL = "https://example.org/"\n'},
}


@pytest.fixture(scope="module")
def configs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, SiteConfig]:
    found = {}
    for dialect, files in SETTINGS.items():
        root = tmp_path_factory.mktemp(dialect)
        write_files(root, files)
        found[dialect] = load_config(root)
        assert found[dialect].dialect == dialect
    return found


def source_of(config: SiteConfig, name: str) -> SourceFile:
    rel = f"content/posts/{name}"
    return SourceFile(config.root / rel, rel, "post", "x", None, None, None, f"posts/{name}")


@given(data=post_bytes(), dialect=st.sampled_from(sorted(SETTINGS)))
def test_any_file_reads_or_says_where_it_is_wrong(
    configs: dict[str, SiteConfig], data: bytes, dialect: str
) -> None:
    config = configs[dialect]
    source = source_of(config, "x.md")
    source.path.parent.mkdir(parents=True, exist_ok=True)
    source.path.write_bytes(data)
    problems = Problems()
    doc = parse(source, config, problems)
    lines = data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n") + 1
    for diagnostic in problems.items:
        assert diagnostic.path == source.rel
        assert 1 <= diagnostic.line <= lines, diagnostic
    if doc is None:
        assert problems.items, "a file left out must say why"
    else:
        assert 1 <= doc.body_line <= lines + 1
