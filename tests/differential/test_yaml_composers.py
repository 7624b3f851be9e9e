"""libyaml's composer against PyYAML's Python one: any text of front matter, broken or not,
is read into the same entries at the same lines and columns, with the same messages; but
a tab where YAML 1.2 allows one, which libyaml reads and PyYAML's scanner refused.

libyaml composes the texts it can read whole (`yamlloader.composed_fast`); the Python
composer reads the rest and says what is wrong, so a text gives what it gave before."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from sitegen.project import yamlloader
from sitegen.project.yamlmap import Entry, YamlMapping, load_mapping
from tests.properties.files import YAML_LINES
from tests.properties.strategies import CHARACTERS
from tests.properties.test_front_matter_properties import hostile_yaml

TEXTS = st.one_of(
    hostile_yaml(["title", "tags", "date", "languages", "extra"]),
    st.lists(YAML_LINES, max_size=12).map("\n".join),
    st.lists(st.one_of(YAML_LINES, st.text(CHARACTERS, max_size=12)), max_size=8).map("\n".join),
)


def _read(text: str, fast: bool) -> YamlMapping:
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(yamlloader, "FAST", fast)
        return load_mapping(text, "content/posts/x.md", 2, "front matter")


@given(text=TEXTS)
@example(text="title: T\naliases:\n  - &a /ancien/\n  - *a")
@example(text="a: " + "[" * 25 + "]" * 25)
@example(text="a:\n" + "".join(f"{'  ' * n}k{n}:\n" for n in range(1, 25)) + "    x")
@example(text="title: « Été »\ndate: 2026-01-15\ntags: [IA, langue]\ndraft: no")
@example(text="- a\n- b")
@example(text="title: T\n---\ntitle: U")
@example(text="title: 'L'IA'")
@example(text="tags: [IA, !!int x]\ndate: !!timestamp hier")
def test_libyaml_reads_front_matter_as_the_python_composer_does(text: str) -> None:
    fast, slow = _read(text, True), _read(text, False)
    if fast != slow:  # the one difference: a fix
        # YAML 1.2 separates with tabs as with spaces (`title:<tab>T`); libyaml, its
        # reference parser, reads them so, where PyYAML's Python scanner refuses them.
        assert not fast.diagnostics and slow.diagnostics
        assert all(TAB_REFUSED in d.message for d in slow.diagnostics), slow.diagnostics


TAB_REFUSED = "found character '\\t' that cannot start any token"


def test_a_tab_after_a_key_separates_it_from_its_value() -> None:
    read = load_mapping("title:\tT\ntags: [IA,\tlangue]", "content/posts/x.md", 2, "x")
    assert read == YamlMapping(
        (Entry("title", "T", 2, 1), Entry("tags", ["IA", "langue"], 3, 1, (("1", 3), ("2", 3)))),
        (),
    )


def test_a_front_matter_too_deep_for_libyaml_s_stack_is_read_by_python() -> None:
    """Nesting libyaml would follow into C's stack until it crashes is said at its line."""
    deep = "a: " + "[" * 200_000
    said = load_mapping(deep, "content/posts/x.md", 2, "front matter").diagnostics
    assert [(d.line, "nested more than 20 deep" in d.message) for d in said] == [(2, True)]
