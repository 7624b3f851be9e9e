"""Any file's bytes read as a post: the front-matter reader (YAML or Hugo's TOML, sitegen's
keys or Jekyll's and Hugo's) never raises; what it cannot use is a message at a line of the
file, and what it keeps is a document whose body starts inside the file."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sitegen.config import SiteConfig
from sitegen.errors import Problems
from sitegen.foreign.matter import adapt, untitled
from sitegen.frontmatter import parse
from sitegen.model import SourceFile
from sitegen.schema import validate
from sitegen.yamlmap import Entry, YamlMapping
from tests.properties.conftest import SETTINGS
from tests.properties.files import KEYS, VALUES, post_bytes


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


@given(
    values=st.dictionaries(KEYS, VALUES, max_size=4),
    dialect=st.sampled_from(sorted(SETTINGS)),
)
def test_any_value_under_any_key_is_read_or_located(
    configs: dict[str, SiteConfig], values: dict[str, object], dialect: str
) -> None:
    """Past the YAML reader: values of every type and nesting, whatever the key expects."""
    config = configs[dialect]
    source = source_of(config, "x.md")
    entries = tuple(
        Entry(key, value, line, 1) for line, (key, value) in enumerate(values.items(), 2)
    )
    problems = Problems()
    mapping = YamlMapping(entries, ())
    if dialect != "sitegen":
        mapping, _ = untitled(adapt(mapping, source, config, problems), "# Titre\n", source)
    validate(source, mapping.entries, config, problems, mapping.failed)
    for diagnostic in problems.items:
        assert diagnostic.path == source.rel
        assert 1 <= diagnostic.line <= len(values) + 1, diagnostic
