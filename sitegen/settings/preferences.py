"""What the blog asks of the machines that read it, as `sitegen.yaml` says it: its AI-use
preferences (IETF aipref), its text and data mining reservation (W3C TDMRep), and whether it
offers `llms.txt` with a Markdown copy of each text. All are off unless written.

Each setting is checked where it is written: a wrong category or value is reported at its
own line, with the names the specifications allow.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from sitegen.project.errors import Diagnostic, did_you_mean
from sitegen.project.yamllines import Lines
from sitegen.project.yamlmap import Entry
from sitegen.urls import is_web_address

AI_CATEGORIES = ("train-ai", "search")
"""The usage categories of the aipref vocabulary (draft-ietf-aipref-vocab, editor's copy of
19 August 2026), in its order. Earlier drafts' `ai-use` was removed from it."""
_ANSWERS = {"y": True, "n": False, True: True, False: False}
TDM_KEYS = ("reservation", "policy")
KEYS = ("ai_preferences", "tdm", "llms_txt")

Place = tuple[int, int]


@dataclass(frozen=True, slots=True)
class TdmReservation:
    """The W3C TDMRep declaration: text and data mining rights reserved or not."""

    reserved: bool
    policy: str = ""
    """Where the licensing terms are: an https:// address, or a path of the site."""
    policy_at: tuple[int, int] = (0, 0)
    """Line and column of `policy` in the settings, for a warning about what it names."""


def read_preferences(
    entries: dict[str, Entry], text: str, path: str, problems: list[Diagnostic]
) -> dict[str, Any]:
    """The settings of KEYS found in the configuration, checked; problems are appended."""
    values: dict[str, Any] = {}
    found = [entries[key] for key in KEYS if key in entries]
    places = _places(text, [entry.key for entry in found])
    for entry in found:
        problem = _reporter(entry, places.get(entry.key, {}), path, problems)
        if entry.key == "llms_txt":
            if isinstance(entry.value, bool):
                values["llms_txt"] = entry.value
            else:
                problem("expected true or false", "for example `llms_txt: true`")
        elif entry.key == "ai_preferences":
            values["ai_preferences"] = tuple(_ai_preferences(entry.value, problem))
        else:
            at = places.get(entry.key, {}).get("policy=", (entry.line, entry.col))
            values["tdm"] = _tdm(entry.value, problem, at)
    return values


Report = Callable[..., None]


def _reporter(
    entry: Entry, where: dict[str, Place], path: str, problems: list[Diagnostic]
) -> Report:
    """Appends a problem of `entry` at the place of its inner key (`at`), else at the key."""

    def problem(message: str, hint: str, at: str = "") -> None:
        line, col = where.get(at, (entry.line, entry.col))
        problems.append(Diagnostic(path, line, col, f"`{entry.key}`: {message}", hint))

    return problem


def _ai_preferences(value: Any, problem: Report) -> Iterator[tuple[str, bool]]:
    allowed = ", ".join(AI_CATEGORIES)
    if not isinstance(value, dict) or not value:
        problem(f"expected categories of use: {allowed}", "for example `{train-ai: n, search: y}`")
        return
    for category, answer in value.items():
        if category not in AI_CATEGORIES:
            hint = _with(
                did_you_mean(str(category), AI_CATEGORIES), f"the categories are {allowed}"
            )
            problem(f"unknown category `{category}`", hint, str(category))
        elif isinstance(answer, str | bool) and answer in _ANSWERS:
            continue
        else:
            shown = "nothing" if answer is None else f"`{answer}`"
            message = f"`{category}` is {shown}"
            problem(message, "write y (allowed) or n (not allowed)", f"{category}=")
    if all(c in AI_CATEGORIES and _answer(a) is not None for c, a in value.items()):
        answers = {c: _answer(a) for c, a in value.items()}
        yield from ((c, bool(answers[c])) for c in AI_CATEGORIES if c in answers)


def _with(guess: str, names: str) -> str:
    return f"{guess} ({names})" if guess else names


def _answer(answer: Any) -> bool | None:
    return _ANSWERS.get(answer) if isinstance(answer, str | bool) else None


def _tdm(value: Any, problem: Report, policy_at: tuple[int, int]) -> TdmReservation | None:
    example = "for example `{reservation: true, policy: https://exemple.fr/tdm-policy.json}`"
    if not isinstance(value, dict):
        problem("expected `reservation:` and, if you wish, `policy:`", example)
        return None
    unknown = [key for key in value if key not in TDM_KEYS]
    for key in unknown:
        hint = _with(did_you_mean(str(key), TDM_KEYS), f"the keys are {', '.join(TDM_KEYS)}")
        problem(f"unknown key `{key}`", hint, str(key))
    reserved, policy = value.get("reservation"), value.get("policy")
    if not isinstance(reserved, bool):
        at = "reservation=" if "reservation" in value else ""
        problem("`reservation` must be true or false", example, at)
        return None
    if policy is not None and not _policy_address(policy):
        hint = "an https:// address, or a path of the site starting with /"
        problem("`policy` is not an address", hint, "policy=")
        return None
    if policy is not None and not reserved:
        hint = "remove `policy`, or reserve the rights with `reservation: true`"
        problem("`policy` is read only when the rights are reserved", hint, "policy")
        return None
    return None if unknown else TdmReservation(reserved, policy or "", policy_at)


def _policy_address(policy: Any) -> bool:
    if not isinstance(policy, str) or any(c.isspace() for c in policy):
        return False
    return is_web_address(policy) or (policy.startswith("/") and not policy.startswith("//"))


def _places(text: str, keys: list[str]) -> dict[str, dict[str, Place]]:
    """Where each key of the settings' mappings, and (as `key=`) its value, is written."""
    if not keys:
        return {}
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:  # already reported by the configuration's reader
        return {}
    lines, places = Lines(text, 1), {}
    for key_node, value_node in getattr(root, "value", ()):
        if key_node.value in keys and isinstance(value_node, yaml.MappingNode):
            places[key_node.value] = {
                name: lines.at(node.start_mark)
                for inner_key, inner_value in value_node.value
                for name, node in (
                    (inner_key.value, inner_key),
                    (f"{inner_key.value}=", inner_value),
                )
                if isinstance(inner_key.value, str)
            }
    return places
