"""Imports point one way: commands → build → stages → model, and the folders say so.

Read from the source with `ast` (every import, at the top of a module or inside a function).
Each package's `__init__` docstring ends with the line `May import: …`: that line is the
rule, this test holds every module of the package to it, and the rules together must
form a ladder (no two packages may import each other, even through a third).
"""

from __future__ import annotations

import ast
import re
from functools import cache
from importlib.util import resolve_name
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "sitegen"
COMMANDS = ("cli", "server", "importers", "check")
"""What a user runs besides the build: the CLI, the dev server, the importers and check."""
STAGES = (
    "project",
    "text",
    "settings",
    "state",
    "images",
    "foreign",
    "content",
    "markdown",
    "site",
    "theme",
    "publish",
    "output",
)
"""The packages the build runs, lowest first."""
GROUND = ("model", "urls")
"""The two modules everything stands on: the model and the shapes of URLs."""


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(path): path for path in PACKAGE.rglob("*.py")}
PACKAGES = sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py"))


@cache
def imports(module: str) -> frozenset[str]:
    """The modules of sitegen that `module` imports, anywhere in its text."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    return imported(path.read_text(encoding="utf-8"), package)


def imported(source: str, package: str) -> frozenset[str]:
    """The modules of sitegen that a module of `package` whose text is `source` imports;
    relative imports are read from `package`."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = resolve_name("." * node.level + (node.module or ""), package)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return frozenset(name for name in found if name in MODULES and name != "sitegen")


def part_of(module: str) -> str:
    """`sitegen.content.schema` -> `content`; `sitegen.model` -> `model`."""
    return module.split(".")[1]


def may_import(package: str) -> frozenset[str]:
    """What the package's docstring allows it to import, besides itself."""
    doc = ast.get_docstring(ast.parse((PACKAGE / package / "__init__.py").read_text("utf-8")))
    rule = re.search(r"May import: (.+)", doc or "")
    assert rule, f"sitegen/{package}/__init__.py does not say what it may import"
    said = rule.group(1).rstrip(".")
    if said == "nothing of sitegen":
        return frozenset()
    return frozenset(name.strip() for name in said.split(","))


def test_imports_are_found_wherever_they_are_written() -> None:
    """The rules below would pass on nothing if no import were seen: the CLI imports the
    build inside a function, the build a module by its package (`from sitegen.state import
    cache`), a stage what lies below it."""
    assert "sitegen.build" in imports("sitegen.cli.main")
    assert "sitegen.state.cache" in imports("sitegen.build")
    assert "sitegen.model" in imports("sitegen.publish.feeds")


def test_a_relative_import_is_read_from_its_package() -> None:
    source = "from . import schema\nfrom ..model import Post\nfrom .flags import TRANSLATED\n"
    assert imported(source, "sitegen.content") == {
        "sitegen.content",
        "sitegen.content.schema",
        "sitegen.content.flags",
        "sitegen.model",
    }


def test_every_package_is_placed() -> None:
    """A new folder must find its place among the stages or the commands."""
    assert sorted(PACKAGES) == sorted((*STAGES, *COMMANDS))


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m.count(".") >= 2))
def test_a_module_imports_what_its_package_allows(module: str) -> None:
    package = part_of(module)
    allowed = may_import(package) | {package}
    assert sorted(m for m in imports(module) if part_of(m) not in allowed) == []


@pytest.mark.parametrize("package", STAGES)
def test_a_stage_only_imports_what_lies_below_it(package: str) -> None:
    below = {*GROUND, *STAGES[: STAGES.index(package)]}
    assert sorted(may_import(package) - below) == []


@pytest.mark.parametrize("ground", GROUND)
def test_the_model_and_urls_import_nothing_of_sitegen(ground: str) -> None:
    assert imports(f"sitegen.{ground}") == frozenset()


def test_only_commands_import_the_build() -> None:
    importers = {m for m in MODULES if "sitegen.build" in imports(m)}
    assert sorted(m for m in importers if part_of(m) not in COMMANDS) == []


def test_the_build_imports_no_command() -> None:
    assert sorted(m for m in imports("sitegen.build") if part_of(m) in COMMANDS) == []


@pytest.mark.parametrize("package", PACKAGES)
def test_a_rule_names_only_parts_of_sitegen(package: str) -> None:
    """A misspelt or renamed package would make its rule pass on nothing."""
    assert sorted(may_import(package) - {*GROUND, *STAGES, "build", *COMMANDS}) == []
