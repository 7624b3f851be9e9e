"""What `sitegen.yaml` tells the check: `check: {disable: [code, ...]}`."""

from __future__ import annotations

from pathlib import Path

import yaml

from sitegen.check.rules import BY_CODE
from sitegen.project.errors import Diagnostic, UsageError, did_you_mean
from sitegen.settings.config import CONFIG_NAME, SiteConfig


def disabled_rules(config: SiteConfig) -> frozenset[str]:
    """The codes `check: {disable: [...]}` turns off; an unknown one is a usage error."""
    unknown = [code for code in config.check_disabled if code not in BY_CODE]
    if not unknown:
        return frozenset(config.check_disabled)
    path = config.root / CONFIG_NAME
    where = _code_positions(path)
    problems = [
        Diagnostic(
            str(path),
            *where.get(code, (1, 1)),
            f"`check.disable`: there is no rule `{code}`",
            did_you_mean(code, BY_CODE) or f"the rules are {', '.join(BY_CODE)}",
        )
        for code in unknown
    ]
    raise UsageError(f"{CONFIG_NAME}: `check.disable` names an unknown rule", problems)


def _code_positions(path: Path) -> dict[str, tuple[int, int]]:
    """Line and column of each code under `check: {disable: [...]}` (already validated)."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8-sig"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeError, yaml.YAMLError):
        return {}
    disable = _value(_value(root, "check"), "disable")
    items = disable.value if isinstance(disable, yaml.SequenceNode) else []
    found: dict[str, tuple[int, int]] = {}
    for node in items:
        if isinstance(node, yaml.ScalarNode):
            found.setdefault(node.value, (node.start_mark.line + 1, node.start_mark.column + 1))
    return found


def _value(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v  # type: ignore[no-any-return]
    return None
