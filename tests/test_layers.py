"""Imports point one way: commands → build → stages → model.

Read from the source with `ast` (every import, at the top of a module or inside a function),
so that a command module pulled into the build path, or a stage that reaches back to the
build, fails here before it ships.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "sitegen"
COMMANDS = (
    "sitegen.cli.main",
    "sitegen.cli.progress",
    "sitegen.server",
    "sitegen.importers",
    "sitegen.check",
)
"""What a user runs besides the build: the CLI, the dev server, the importers and check."""


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(path): path for path in PACKAGE.rglob("*.py")}


@cache
def imports(module: str) -> frozenset[str]:
    """The modules of sitegen that `module` imports, anywhere in its text."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(MODULES[module].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return frozenset(name for name in found if name in MODULES)


def reached_from(start: str) -> set[str]:
    seen: set[str] = set()
    pending = [start]
    while pending:
        module = pending.pop()
        if module not in seen:
            seen.add(module)
            pending.extend(imports(module))
    return seen


def is_command(module: str) -> bool:
    return any(module == c or module.startswith(c + ".") for c in COMMANDS)


def test_the_build_path_never_imports_a_command() -> None:
    assert not sorted(m for m in reached_from("sitegen.build") if is_command(m))


@pytest.mark.parametrize("stage", sorted(reached_from("sitegen.build") - {"sitegen.build"}))
def test_a_stage_never_reaches_back_to_the_build(stage: str) -> None:
    assert "sitegen.build" not in imports(stage)


def test_the_model_imports_nothing_of_sitegen() -> None:
    assert imports("sitegen.model") == frozenset()


def test_every_command_is_a_module_of_sitegen() -> None:
    """A renamed command package would make the rules above pass on nothing."""
    for command in COMMANDS:
        assert any(m == command or m.startswith(command + ".") for m in MODULES), command
