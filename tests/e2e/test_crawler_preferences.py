"""The blog's preferences for crawlers, opt-in: robots.txt's `Content-Usage` rule (IETF
aipref), TDMRep's `/.well-known/tdmrep.json` and `tdm-reservation` meta, read as crawlers
read them; nothing is written while the settings are absent."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import DEFAULT_CONFIG, Run, parse_html, post

Site = Callable[..., Path]
Runner = Callable[..., Run]

POSTS = {
    "content/posts/2026-01-15-bonjour.md": post("Bonjour", body="Un texte écrit à la main."),
    "content/pages/a-propos.md": "---\ntitle: À propos\n---\n\nQui écrit ici.\n",
}
PROJECT = DEFAULT_CONFIG.replace("https://example.org/", "https://camille.github.io/carnets/")


def robots_groups(robots: str) -> list[dict[str, list[str]]]:
    """robots.txt as RFC 9309 groups it: each `User-agent` run with the rules after it."""
    groups: list[dict[str, list[str]]] = []
    agents_open = False
    for raw in robots.splitlines():
        line = raw.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        name, value = (part.strip() for part in line.split(":", 1))
        if name.lower() == "user-agent":
            if not agents_open:
                groups.append({})
            agents_open = True
        elif groups and name.lower() != "sitemap":
            agents_open = False
        else:
            continue
        groups[-1].setdefault(name.lower(), []).append(value)
    return groups


def usage(rule: str) -> tuple[str, dict[str, str]]:
    """A Content-Usage rule value (aipref attach §3.2): an optional path, then an RFC 9651
    dictionary of tokens."""
    path = ""
    if rule.startswith("/"):
        path, _, rule = rule.partition(" ")
    members = (member.strip().partition("=") for member in rule.split(","))
    return path, {key: value for key, _, value in members}


def metas(page: Path) -> dict[str | None, str | None]:
    html = parse_html(page)
    return {m.get("name"): m.get("content") for m in html.iter("meta") if m.get("name")}


def test_nothing_is_said_to_crawlers_by_default(make_site: Site, run: Runner) -> None:
    site = make_site(POSTS)
    assert run("build", "--source", site).code == 0
    public = site / "public"
    (group,) = robots_groups((public / "robots.txt").read_text())
    assert "content-usage" not in group
    assert not (public / ".well-known").exists()
    assert not list(public.rglob("*.md")) and not list(public.rglob("llms.txt"))
    meta = metas(public / "2026/01/bonjour/index.html")
    assert "tdm-reservation" not in meta and "tdm-policy" not in meta


def test_ai_preferences_become_the_robots_content_usage_rule(make_site: Site, run: Runner) -> None:
    config = DEFAULT_CONFIG + "ai_preferences:\n  search: y\n  train-ai: n\n"
    site = make_site(POSTS, config=config)
    result = run("build", "--source", site)
    assert result.code == 0, result.err
    (group,) = robots_groups((site / "public/robots.txt").read_text())
    assert group["user-agent"] == ["*"]
    (rule,) = group["content-usage"]
    assert usage(rule) == ("", {"train-ai": "n", "search": "y"})
    assert "root of" not in result.out + result.err  # a site at the root of its host


def test_tdm_reservation_is_declared_in_the_well_known_file_and_every_page(
    make_site: Site, run: Runner
) -> None:
    config = DEFAULT_CONFIG + "tdm:\n  reservation: true\n  policy: /tdm-policy.json\n"
    files = {**POSTS, "static/tdm-policy.json": '{"@context": "http://www.w3.org/ns/odrl.jsonld"}'}
    site = make_site(files, config=config)
    assert run("build", "--source", site).code == 0
    public = site / "public"
    rules = json.loads((public / ".well-known/tdmrep.json").read_text())
    policy = "https://example.org/tdm-policy.json"
    assert rules == [{"location": "/", "tdm-reservation": 1, "tdm-policy": policy}]
    pages = [public / "index.html", public / "a-propos/index.html", public / "404.html"]
    pages += [public / "2026/01/bonjour/index.html", public / "en/index.html"]
    for page in pages:
        assert metas(page)["tdm-reservation"] == "1", page
        assert metas(page)["tdm-policy"] == policy, page


def test_a_policy_path_the_site_does_not_publish_is_a_warning_at_its_line(
    make_site: Site, run: Runner
) -> None:
    config = DEFAULT_CONFIG + "tdm:\n  reservation: true\n  policy: /politique-tdm.json\n"
    site = make_site(POSTS, config=config)
    result = run("build", "--source", site)
    assert result.code == 0, result.err
    assert (
        "sitegen.yaml:9:11: warning: `tdm`: `policy` names /politique-tdm.json, which the site "
        "does not publish" in result.err
    )
    assert "hint: put the file in static/politique-tdm.json" in result.err
    assert run("build", "--source", site, "--strict").code == 1
    (site / "static").mkdir()
    (site / "static/politique-tdm.json").write_text("{}", encoding="utf-8")
    published = run("build", "--source", site, "--strict")
    assert published.code == 0 and "policy" not in published.err


def test_rights_not_reserved_say_so_with_zero(make_site: Site, run: Runner) -> None:
    site = make_site(POSTS, config=DEFAULT_CONFIG + "tdm: {reservation: false}\n")
    assert run("build", "--source", site).code == 0
    rules = json.loads((site / "public/.well-known/tdmrep.json").read_text())
    assert rules == [{"location": "/", "tdm-reservation": 0}]
    meta = metas(site / "public/2026/01/bonjour/index.html")
    assert meta["tdm-reservation"] == "0" and "tdm-policy" not in meta


def test_a_project_site_is_told_where_crawlers_look(make_site: Site, run: Runner) -> None:
    config = PROJECT + "ai_preferences: {train-ai: n}\ntdm: {reservation: true}\n"
    site = make_site(POSTS, config=config)
    result = run("build", "--source", site)
    assert result.code == 0, result.err
    said = result.out + result.err
    assert said.count("only at the root of a host") == 1
    assert "custom domain" in said and "/carnets/" in said
    # Scoped to the blog's path, ready to be copied into the host's own files.
    (group,) = robots_groups((site / "public/robots.txt").read_text())
    assert usage(group["content-usage"][0]) == ("/carnets/", {"train-ai": "n"})
    rules = json.loads((site / "public/.well-known/tdmrep.json").read_text())
    assert rules == [{"location": "/carnets/", "tdm-reservation": 1}]
    again = run("build", "--source", site)  # nothing changed: the note is said again
    assert (again.out + again.err).count("only at the root of a host") == 1
    assert run("build", "--source", site, "--strict").code == 0  # a note, not a warning


@pytest.mark.parametrize(
    ("settings", "line", "col", "message", "hint"),
    [
        (
            "ai_preferences:\n  train_ai: n\n",
            8,
            3,
            "unknown category `train_ai`",
            "train-ai, search",
        ),
        ("ai_preferences:\n  train-ai: no\n", 8, 13, "`train-ai` is `no`", "y (allowed) or n"),
        ("ai_preferences: {ai-use: n}\n", 7, 18, "unknown category `ai-use`", "train-ai, search"),
        ("ai_preferences: n\n", 7, 1, "expected categories of use", "train-ai: n"),
        ("tdm:\n  reservation: oui\n", 8, 16, "`reservation` must be true or false", ""),
        ("tdm:\n  reservation: true\n  licence: x\n", 9, 3, "unknown key `licence`", "policy"),
        ("tdm:\n  reservation: true\n  policy: ftp://x\n", 9, 11, "`policy` is not an", "https"),
        ("tdm:\n  reservation: false\n  policy: /p.json\n", 9, 3, "read only when", "true"),
        ("llms_txt: oui\n", 7, 1, "`llms_txt`: expected true or false", ""),
    ],
)
def test_bad_settings_are_located_errors(
    make_site: Site, run: Runner, settings: str, line: int, col: int, message: str, hint: str
) -> None:
    site = make_site(POSTS, config=DEFAULT_CONFIG + settings)
    result = run("build", "--source", site)
    assert result.code == 2
    found = re.search(r"sitegen\.yaml:(\d+):(\d+): (.*)\n  hint: (.*)$", result.err, re.M)
    assert found is not None, result.err
    assert (int(found[1]), int(found[2])) == (line, col)
    assert message in found[3] and hint in found[4]
    assert not (site / "public").exists()


def test_the_note_names_only_what_is_set(make_site: Site, run: Runner) -> None:
    site = make_site(POSTS, config=PROJECT + "tdm: {reservation: true}\n")
    result = run("build", "--source", site)
    assert result.code == 0, result.err
    said = (result.out + result.err).splitlines()
    (note,) = [line for line in said if "root of a host" in line]
    assert "tdmrep.json" in note and "Content-Usage" not in note
    assert "ai_preferences" not in note
