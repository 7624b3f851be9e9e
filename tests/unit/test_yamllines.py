"""Where each part of a YAML value is: the names of a mapping's keys, as the mapping has them."""

from __future__ import annotations

from sitegen.project.yamlmap import load_mapping


def test_a_key_escaped_as_two_halves_of_a_character_is_named_as_the_character() -> None:
    text = 'titre: T\nextra: {k: 1, "\\ud83d\\ude00": 2}\n'
    mapping = load_mapping(text, "x.md", 2, "front matter")
    [extra] = [entry for entry in mapping.entries if entry.key == "extra"]
    assert set(extra.value) == {"k", "😀"}
    assert extra.inner == (("k", 3), ("😀", 3))
