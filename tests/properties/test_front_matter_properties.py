"""Any file's bytes read as a post: the front-matter reader (YAML or Hugo's TOML, sitegen's
keys or Jekyll's and Hugo's) never raises; what it cannot use is a message at a line of the
file, and what it keeps is a document whose body starts inside the file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import fields, is_dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitegen.content.foreignmatter import adapt, untitled
from sitegen.content.frontmatter import parse
from sitegen.content.schema import validate
from sitegen.importers.files import load_names
from sitegen.model import SourceFile
from sitegen.project.errors import InternalError, Problems, SitegenError
from sitegen.project.yamlmap import Entry, YamlMapping
from sitegen.settings.config import SiteConfig, load_config
from sitegen.text.i18n import load_catalogs
from tests.conftest import write_files
from tests.properties.conftest import SETTINGS
from tests.properties.files import DATES, KEYS, SCALARS, VALUES, post_bytes
from tests.properties.strategies import CHARACTERS


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


# ------------------------------------------------- hostile values in every file of YAML


_TAGS = st.sampled_from(
    [
        *([""] * 8),
        *("!!str ", "!!int ", "!!float ", "!!bool ", "!!null ", "!!timestamp ", "!!binary "),
        *("!!set ", "!!omap ", "!!pairs ", "!!map ", "!!seq ", "!!merge ", "!foo ", "!e!x "),
        *("!!python/object:os.system ", "!!python/object/apply:os.system ", "!<!bar> "),
        *("!!python/name:os.system ", "!<tag:yaml.org,2002:int> ", "&ancre ", "&a !!int "),
    ]
)
_ATOMS = st.one_of(
    SCALARS.filter(lambda s: "\n" not in s),
    DATES,
    st.sampled_from(["*a", "*ancre", '"\\ud83d\\ude00"', '"\\udc00x"', '"\\x85"', "1" * 5000]),
    # What YAML, not an editor, reads as a line break; a byte order mark inside the text.
    st.sampled_from(["a\x85b", "a\u2028b", "\u2029", "a\ufeffb", "é\u0301", "\u202e!"]),
    st.sampled_from(["<<", "? x", "- x", "x: y", "[", "}", '"', "'", "#", ",", "&", "*"]),
    # Any text, written as YAML's double-quoted strings write it (JSON's escapes are YAML's).
    st.text(max_size=12).map(lambda s: json.dumps(s)),
    st.text(CHARACTERS, max_size=8),
)
_DEPTHS = st.sampled_from([0, 0, 0, 0, 0, 1, 2, 3, 19, 20, 21, 64, 300])
"""Levels of nesting around a value; 2 000 levels (slower to read) are in the e2e tests."""


@st.composite
def hostile_values(draw: st.DrawFn) -> str:
    """A value as one line of YAML: a tag, an anchor or an alias, odd scalars, nesting up
    to 2 000 levels, in lists or mappings."""
    atoms = draw(st.lists(st.builds("{}{}".format, _TAGS, _ATOMS), min_size=1, max_size=3))
    value = draw(st.sampled_from(["{}", "[{}]", "{{k: {}}}"])).format(", ".join(atoms))
    depth = draw(_DEPTHS)
    opening, closing = draw(st.sampled_from([("[", "]"), ("{a: ", "}"), ("{? ", ": 1}")]))
    return draw(_TAGS) + opening * depth + value + closing * depth


@st.composite
def hostile_yaml(draw: st.DrawFn, keys: list[str]) -> str:
    """`key: value` lines, keys given again sometimes, an anchor defined before its alias."""
    chosen = st.one_of(st.sampled_from(keys), st.text(CHARACTERS, min_size=1, max_size=6))
    lines = draw(st.lists(st.tuples(chosen, hostile_values()), min_size=1, max_size=5))
    text = "\n".join(f"{key}: {value}" for key, value in lines)
    if draw(st.booleans()):
        text = f"ancre: &a {draw(_ATOMS)}\n" + text
    return text.replace("\0", "")


_POST_KEYS = ["description", "summary", "slug", "url", "aliases", "tags", "extra", "title", "date"]
_CONFIG_KEYS = {
    "sitegen.yaml": ["title", "base_url", "language", "languages", "permalink", "check"],
    "_config.yml": ["title", "url", "baseurl", "lang", "timezone", "permalink", "exclude"],
    "hugo.yaml": ["title", "baseURL", "languageCode", "languages", "permalinks", "params"],
}


def _file_lines(text: str) -> int:
    """Lines as an editor counts them (a lone carriage return, too, ends one)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1


def _assert_refused_in(exc: SitegenError, rel: str, lines: int) -> None:
    """What a user sees of a refused file: exit 1 or 2, and each message at a line of it."""
    assert not isinstance(exc, InternalError) and exc.exit_code in (1, 2), exc
    assert exc.diagnostics or rel in str(exc), exc
    for diagnostic in exc.diagnostics:
        assert diagnostic.path.endswith(rel), diagnostic
        assert 1 <= diagnostic.line <= lines, diagnostic


def _texts(value: object) -> Iterator[str]:
    """Every text a value holds, however nested, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for pair in value.items():
            yield from _texts(pair)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)
    elif is_dataclass(value):
        for field in fields(value):
            yield from _texts(getattr(value, field.name))


def _publishable(text: str) -> bool:
    """A page can be written with it (half a character cannot be)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@given(data=st.data(), name=st.sampled_from(sorted(_CONFIG_KEYS)))
def test_a_hostile_configuration_is_read_or_refused_at_its_lines(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject, name: str
) -> None:
    root = tmp_path_factory.mktemp("site")
    text = data.draw(hostile_yaml(_CONFIG_KEYS[name]))
    write_files(root, {name: text, "content/.keep": "", "_posts/.keep": ""})
    try:
        config = load_config(root)
    except SitegenError as exc:
        _assert_refused_in(exc, name, _file_lines(text))
    else:
        assert all(_publishable(part) for part in _texts(config))


@given(data=st.data(), catalog=st.booleans())
def test_a_hostile_catalog_or_names_file_is_read_or_refused_at_its_lines(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject, catalog: bool
) -> None:
    root = tmp_path_factory.mktemp("site")
    if catalog:
        text = data.draw(hostile_yaml(["home", "read_more", "posts_one", "posts_other"]))
        write_files(root, {"templates/i18n/fr.yaml": text})
        try:
            load_catalogs((root / "templates",), ("fr",), root, Problems(), required=False)
        except SitegenError as exc:
            _assert_refused_in(exc, "templates/i18n/fr.yaml", _file_lines(text))
        return
    text = data.draw(hostile_yaml(["Théo", "Lina Sorel", "+33 6 00 00 00 00", "Moi"]))
    write_files(root, {"names.yaml": text})
    try:
        load_names(root / "names.yaml")
    except SitegenError as exc:
        _assert_refused_in(exc, "names.yaml", _file_lines(text))


_TOML_ATOMS = st.sampled_from(
    [
        *('"texte"', '"\\ud83d"', '"\\U0001F600"', "1" * 5000, "0x" + "f" * 5000, "1e999"),
        *("2026-02-30", "2026-01-15T25:00:00", "9999-12-31T23:59:59-23:59", "nan", "-inf"),
        *("true", "'litéral'", '"""\nlignes"""', "{a = 1}", "[1, 'a']", "", "=", "[", "{"),
    ]
)


@st.composite
def hostile_toml_or_json(draw: st.DrawFn, json_text: bool) -> str:
    depth = draw(_DEPTHS)
    atom = draw(_TOML_ATOMS)
    opening, closing = draw(
        st.sampled_from([("[", "]"), ('{"a": ', "}") if json_text else ("{a = ", "}")])
    )
    value = opening * depth + atom + closing * depth
    if json_text:
        return f'{{"title": "Blog",\n "params": {value}}}\n'
    return f'title = "Blog"\n[params]\ndescription = {value}\n'


@given(data=st.data(), name=st.sampled_from(["hugo.toml", "hugo.json"]))
def test_a_hostile_toml_or_json_configuration_is_read_or_refused_at_its_lines(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject, name: str
) -> None:
    root = tmp_path_factory.mktemp("site")
    text = data.draw(hostile_toml_or_json(name.endswith(".json")))
    write_files(root, {name: text, "content/.keep": ""})
    try:
        load_config(root)
    except SitegenError as exc:
        _assert_refused_in(exc, name, _file_lines(text))


_FRONT_MATTERS = [  # the dialects that read it, and the post's whole text
    pytest.param(
        st.sampled_from(sorted(SETTINGS)),
        hostile_yaml(_POST_KEYS).map(
            lambda block: f"---\ntitle: T\ndate: 2026-01-15\n{block}\n---\nTexte.\n"
        ),
        id="YAML",
    ),
    pytest.param(
        st.just("hugo"),
        hostile_toml_or_json(False).map(
            lambda block: (
                "+++\ndate = 2026-01-15\n" + block.replace("[params]\n", "") + "+++\nTexte.\n"
            )
        ),
        id="TOML",
    ),
]


@pytest.mark.parametrize(("dialects", "posts"), _FRONT_MATTERS)
@given(data=st.data())
def test_hostile_front_matter_is_refused_at_its_lines(
    configs: dict[str, SiteConfig],
    dialects: st.SearchStrategy[str],
    posts: st.SearchStrategy[str],
    data: st.DataObject,
) -> None:
    config = configs[data.draw(dialects)]
    text = data.draw(posts)
    source = source_of(config, "x.md")
    source.path.parent.mkdir(parents=True, exist_ok=True)
    source.path.write_text(text, encoding="utf-8")
    problems = Problems()
    doc = parse(source, config, problems)
    for diagnostic in problems.items:
        assert 1 <= diagnostic.line <= _file_lines(text), diagnostic
    assert all(_publishable(part) for part in _texts(doc.meta if doc else None))
