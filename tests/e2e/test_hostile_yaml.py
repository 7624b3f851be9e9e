"""Hostile values in every file sitegen reads YAML, TOML or JSON from: front matter (sitegen's,
Jekyll's, Hugo's), sitegen.yaml, a Jekyll or Hugo configuration, a message catalog and the
names file of the chat importer. Each is refused at its file's line with exit 1 (content) or
2 (configuration, command line), never run as code, never an internal error (exit 3).

The table runs the command in the test's process, as the end-to-end tests do
(`tests/inprocess.py`), so that every cell of file kind x value stays fast; one build per file
kind runs the real command in a process of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import Run, post, write_files

Runner = Callable[..., Run]

CHAT = "11/03/2024, 08:14 - Lina Sorel: Bonjour à toutes et à tous\n"


@dataclass(frozen=True)
class Kind:
    """A file sitegen reads values from, with one value written at a known line."""

    name: str
    rel: str
    line: int
    code: int
    files: Callable[[str], dict[str, str]]
    command: tuple[str, ...] = ("build",)


def _sitegen(extra: dict[str, str]) -> dict[str, str]:
    return {"sitegen.yaml": "title: Blog\nlanguage: fr\n", **extra}


KINDS = [
    Kind(
        "front matter",
        "content/posts/2026-01-15-x.md",
        4,
        1,
        lambda v: _sitegen({"content/posts/2026-01-15-x.md": post("T", description=v)}),
    ),
    Kind(
        "Jekyll front matter",
        "_posts/2026-01-15-x.md",
        4,
        1,
        lambda v: {"_config.yml": "title: Blog\n", "_posts/2026-01-15-x.md": post("T", tags=v)},
    ),
    Kind(
        "Hugo front matter",
        "content/posts/x.md",
        4,
        1,
        lambda v: {"hugo.toml": 'title = "Blog"\n', "content/posts/x.md": post("T", summary=v)},
    ),
    Kind(
        "sitegen.yaml",
        "sitegen.yaml",
        2,
        2,
        lambda v: {"sitegen.yaml": f"title: Blog\ndescription: {v}\n"},
    ),
    Kind(
        "_config.yml",
        "_config.yml",
        2,
        2,
        lambda v: {"_config.yml": f"title: Blog\ndescription: {v}\n", "_posts/.keep": ""},
    ),
    Kind(
        "hugo.yaml",
        "hugo.yaml",
        3,
        2,
        lambda v: {"hugo.yaml": f"title: Blog\nparams:\n  description: {v}\n", "content/.keep": ""},
    ),
    Kind(
        "message catalog",
        "templates/i18n/fr.yaml",
        2,
        1,
        lambda v: _sitegen({"templates/i18n/fr.yaml": f"home: Accueil\nread_more: {v}\n"}),
    ),
    Kind(
        "names file",
        "names.yaml",
        2,
        2,
        lambda v: _sitegen({"names.yaml": f"Théo: T.\nLina Sorel: {v}\n", "chat.txt": CHAT}),
        ("import", "whatsapp", "chat.txt", "--names", "names.yaml"),
    ),
]

YAML_VALUES = {  # name: (value, what the message says)
    "bool": ('!!bool "x"', "`!!bool`"),
    "timestamp": ('!!timestamp "x"', "`!!timestamp`"),
    "empty int": ('!!int ""', "`!!int`"),
    "float": ('!!float "abc"', "`!!float`"),
    "binary": ('!!binary "%%%"', "`!!binary`"),
    "set": ("!!set {a, b}", "`!!set`"),
    "omap": ("!!omap [a: 1]", "`!!omap`"),
    "python object": ("!!python/object:os.system {}", "`!!python/object:os.system`"),
    "python call": ('!!python/object/apply:os.system ["touch {marker}"]', "`!!python/"),
    "unknown tag": ("!foo x", "`!foo`"),
    "merge tag": ("!!merge x", "`!!merge`"),
    "merge of a text": ("{<<: x}", "merging"),
    "list 2000 deep": ("[" * 2000 + "]" * 2000, "nested more than 20 deep"),
    "mapping 2000 deep": ("{a: " * 2000 + "a" + "}" * 2000, "nested more than 20 deep"),
    "alias": ("[&rire ha, *rire, *rire]", "aliases"),
    "5000 digits": ("1" * 5000, "(5000 characters) cannot be read as `!!int`"),
    "5000 hexadecimal digits": ("0x" + "f" * 5000, "(5002 characters) is too long a number"),
    "half a character": ('"\\ud83d"', "half a character"),
    "10 MB text": ("a" * 10_000_000, "larger than 256 KiB"),
}

_LOCATED = re.compile(r"^(.+?):(\d+):(\d+): (.*)$", re.M)


def assert_located(result: Run, kind: Kind, says: str = "") -> None:
    """Refused with the kind's exit code, at the value's line, saying what is wrong and
    what to do, without a traceback."""
    assert "Traceback" not in result.err and "internal error" not in result.err, result.err
    assert result.code == kind.code, result.err
    found = [m for m in _LOCATED.finditer(result.err) if m.group(1).endswith(kind.rel)]
    assert found, result.err
    assert {int(m.group(2)) for m in found} == {kind.line}, result.err
    assert says in found[0].group(4), result.err
    assert result.err.split(found[0].group(0), 1)[1].startswith("\n  hint: "), result.err


TOML_KINDS = [
    Kind(
        "hugo.toml",
        "hugo.toml",
        3,
        2,
        lambda v: {
            "hugo.toml": f'title = "Blog"\n[params]\ndescription = {v}\n',
            "content/.keep": "",
        },
    ),
    Kind(
        "Hugo TOML front matter",
        "content/posts/x.md",
        4,
        1,
        lambda v: {
            "hugo.toml": 'title = "Blog"\n',
            "content/posts/x.md": f'+++\ntitle = "T"\ndate = 2026-01-15\nsummary = {v}\n+++\nx\n',
        },
    ),
    Kind(
        "hugo.json",
        "hugo.json",
        2,
        2,
        lambda v: {"hugo.json": f'{{"title": "Blog",\n "params": {v}}}\n', "content/.keep": ""},
    ),
]

TOML_VALUES = {
    "list 2000 deep": ("[" * 2000 + "]" * 2000, "nested more than 20 deep"),
    "table 2000 deep": ("{a = " * 2000 + "1" + "}" * 2000, "nested more than 20 deep"),
    "list 30 deep": ("[" * 30 + "]" * 30, "nested more than 20 deep"),
    "5000 digits": ("1" * 5000, "a number of 5000 digits"),
    "5000 hexadecimal digits": ("0x" + "f" * 5000, "digits is more than sitegen reads"),
    "30 February": ("2026-02-30", "invalid TOML: Invalid date"),
    "hour 25": ("2026-01-15T25:00:00", "invalid TOML"),
    "half a character": ('"\\ud83d"', "invalid TOML"),
}

JSON_VALUES = {
    "list 2000 deep": ("[" * 2000 + "]" * 2000, "nested more than 20 deep"),
    "object 2000 deep": ('{"a": ' * 2000 + "1" + "}" * 2000, "nested more than 20 deep"),
    "list 30 deep": ("[" * 30 + "]" * 30, "nested more than 20 deep"),
    "5000 digits": ("1" * 5000, "a number of 5000 digits"),
    "half a character": ('"\\ud83d"', "half a character"),
}

TABLE = [
    pytest.param(kind, value, says, id=f"{kind.name}-{name}")
    for kinds, values in (
        (KINDS, YAML_VALUES),
        ([kind for kind in TOML_KINDS if not kind.name.endswith("json")], TOML_VALUES),
        ([kind for kind in TOML_KINDS if kind.name.endswith("json")], JSON_VALUES),
    )
    for kind in kinds
    for name, (value, says) in values.items()
]


@pytest.mark.parametrize(("kind", "value", "says"), TABLE)
def test_a_hostile_value_is_refused_at_its_line(
    kind: Kind,
    value: str,
    says: str,
    tmp_path: Path,
    run: Runner,
) -> None:
    marker = tmp_path / "outside" / "ran"
    marker.parent.mkdir()
    site = tmp_path / "site"
    write_files(site, kind.files(value.replace("{marker}", str(marker))))
    result = run(*kind.command, "--source", site, cwd=site)
    assert_located(result, kind, says)
    assert not marker.exists(), "a tag ran a command"


@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
def test_the_command_refuses_a_hostile_file_of_each_kind(
    kind: Kind, tmp_path: Path, run: Runner
) -> None:
    """The real command, once per kind: tags and a `url:` 2 000 levels deep."""
    marker = tmp_path / "outside" / "ran"
    marker.parent.mkdir()
    value = f'[!!python/object/apply:os.system ["touch {marker}"], {"[" * 2000}{"]" * 2000}]'
    site = tmp_path / "site"
    write_files(site, kind.files(value))
    result = run(*kind.command, "--source", site, cwd=site, process=True)
    assert_located(result, kind)
    assert not marker.exists()


@pytest.mark.parametrize("times", [15_000, 100_000])
@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
def test_a_key_given_many_times_is_one_error(
    kind: Kind,
    times: int,
    tmp_path: Path,
    run: Runner,
) -> None:
    """Said once at its second place; past 256 KiB, the file is refused where it gets there."""
    site = tmp_path / "site"
    write_files(site, kind.files("x"))
    path = site / kind.rel
    lines = path.read_text(encoding="utf-8").split("\n")
    written = lines[kind.line - 1]
    lines[kind.line : kind.line] = [written] * (times - 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    result = run(*kind.command, "--source", site, cwd=site)
    assert result.code == kind.code, result.err
    [error] = [
        m
        for m in _LOCATED.finditer(result.err)
        if m.group(1).endswith(kind.rel) and not m.group(4).startswith("warning:")
    ]
    key = written.split(":")[0].strip()
    if times == 15_000:
        assert int(error.group(2)) == kind.line + 1
        assert f"`{key}` is given 15000 times" in error.group(4)
    else:
        assert "larger than 256 KiB" in error.group(4)


LONG = "mot-" * 75  # 300 bytes
HUGO = 'title = "Blog"\n[permalinks]\nposts = "/:slug/"\n'
ADDRESSES = {  # name: (files, the post's path, the line of the key that names the address)
    "slug": (_sitegen({"content/posts/2026-01-15-x.md": post("T", slug=LONG)}), 4),
    "url": (_sitegen({"content/posts/2026-01-15-x.md": post("T", url=f"/{LONG}/")}), 4),
    "aliases": (_sitegen({"content/posts/2026-01-15-x.md": post("T", aliases=f"[/{LONG}/]")}), 4),
    "Jekyll permalink": (
        {"_config.yml": "title: Blog\n", "_posts/2026-01-15-x.md": post("T", permalink=LONG)},
        4,
    ),
    "Hugo title": ({"hugo.toml": HUGO, "content/posts/x.md": post("Mot " * 75)}, 2),
    # 254 bytes as written, 381 once lowered as Hugo lowers it (İ -> i̇).
    "Hugo slug lowered": ({"hugo.toml": HUGO, "content/posts/x.md": post("T", slug="İ" * 127)}, 4),
}


@pytest.mark.parametrize(("files", "line"), ADDRESSES.values(), ids=ADDRESSES.keys())
def test_an_address_too_long_for_a_file_system_is_refused_at_its_key(
    files: dict[str, str],
    line: int,
    tmp_path: Path,
    run: Runner,
) -> None:
    site = tmp_path / "site"
    write_files(site, files)
    result = run("build", "--source", site, cwd=site)
    post_path = next(rel for rel in files if rel.endswith(".md"))
    kind = Kind("post", post_path, line, 1, lambda _: files)
    assert_located(result, kind, "bytes long: no file system takes a name of more than 255")
    assert not (site / "public").exists()


SETTINGS = {  # name: (the file, its text, what the message says); the value is on line 2
    "Jekyll lang": ("_config.yml", "title: Blog\nlang: 12\n", "`12` is not a language code"),
    "Jekyll languages": ("_config.yml", "title: Blog\nlanguages: [fr, 3]\n", "`3` is not"),
    "Hugo language": ("hugo.yaml", "title: Blog\ndefaultContentLanguage: ../x\n", "`../x`"),
    "Hugo base URL": ("hugo.toml", 'title = "Blog"\nbaseURL = "ftp://x/"\n', "https://"),
    "sitegen permalink format": (
        "sitegen.yaml",
        "title: Blog\npermalink: '/{year:>300}/{slug}/'\n",
        "{year…} has a format",
    ),
    "sitegen permalink conversion": (
        "sitegen.yaml",
        "title: Blog\npermalink: '/{year}/{slug!r}/'\n",
        "{slug…} has a format",
    ),
}


@pytest.mark.parametrize(("name", "text", "says"), SETTINGS.values(), ids=SETTINGS.keys())
def test_a_setting_sitegen_cannot_use_is_refused_at_its_line(
    name: str,
    text: str,
    says: str,
    tmp_path: Path,
    run: Runner,
) -> None:
    site = tmp_path / "site"
    folder = "_posts/.keep" if name == "_config.yml" else "content/.keep"
    write_files(site, {name: text, folder: ""})
    result = run("build", "--source", site, cwd=site)
    assert_located(result, Kind(name, name, 2, 2, lambda _: {}), says)
