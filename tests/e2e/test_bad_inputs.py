"""Bad inputs and faults, end to end through the real `sitegen build` (reference §A5, 1–22, 29).

Every test runs the command as a subprocess and checks only what a user sees: the exit code,
the `path:line:col: message` lines on stderr, the files of the output folder, and the pages
parsed as a browser would parse them.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from lxml import etree

from sitegen.text.typography import typeset
from tests.conftest import (
    Run,
    elements,
    parse_html,
    post,
    strings,
    text_of,
    unexpected_scripts,
    write_files,
)

MakeSite = Callable[..., Path]
Runner = Callable[..., Run]

EPOCH = "1767225600"  # 2026-01-01T00:00:00Z
MARKER = ".sitegen-output"


# --------------------------------------------------------------------------- helpers


@dataclass(frozen=True)
class Diag:
    """One `path:line:col: [warning: ]message` block of stderr, with its `  hint:` line."""

    path: str
    line: int
    col: int
    warning: bool
    message: str
    hint: str = ""


_LOCATED = re.compile(r"^(?P<path>\S.*?):(?P<line>\d+):(?P<col>\d+): (?P<w>warning: )?(?P<msg>.*)$")
_UNLOCATED = re.compile(r"^(?P<path>\S.*?): (?P<w>warning: )?(?P<msg>.*)$")
_NOT_DIAGNOSTICS = ("Build failed:", "error:", "sitegen:", "Interrupted")


def diagnostics(stderr: str) -> list[Diag]:
    found: list[Diag] = []
    for text in stderr.splitlines():
        if text.startswith("  hint: ") and found:
            found[-1] = replace(found[-1], hint=text.removeprefix("  hint: "))
        elif text.startswith(" ") or text.startswith(_NOT_DIAGNOSTICS) or not text:
            continue
        elif m := _LOCATED.match(text):
            found.append(Diag(m["path"], int(m["line"]), int(m["col"]), bool(m["w"]), m["msg"]))
        elif m := _UNLOCATED.match(text):
            found.append(Diag(m["path"], 0, 0, bool(m["w"]), m["msg"]))
    return found


def names(shown: str, rel: str) -> bool:
    """stderr shows paths relative to the current folder: match on the site-relative tail."""
    return shown == rel or shown.endswith("/" + rel)


def find(
    result: Run, rel: str, *, line: int | None = None, warning: bool | None = None, text: str = ""
) -> Diag:
    """The diagnostic about `rel` (at `line`, of that severity, containing `text`)."""
    hits = [
        d
        for d in diagnostics(result.err)
        if names(d.path, rel)
        and (line is None or d.line == line)
        and (warning is None or d.warning == warning)
        and text in d.message
    ]
    assert hits, f"no diagnostic {rel}:{line} {text!r} (warning={warning}) in stderr:\n{result.err}"
    return hits[0]


def build(run: Runner, site: Path, *args: str | Path, **kwargs: object) -> Run:
    return run("build", "--source", site, *args, **kwargs)


def assert_built(result: Run) -> None:
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    # "Nothing changed": the inputs are those of the last build, whose site is intact.
    assert result.out.startswith(("Built ", "Nothing changed: ")), result.out


def assert_failed(result: Run) -> list[Diag]:
    """A content failure: exit 1, located errors, the summary line counting them."""
    assert result.code == 1, f"exit {result.code}\n{result.out}\n{result.err}"
    assert "Traceback" not in result.err
    errors = [d for d in diagnostics(result.err) if not d.warning]
    summary = re.search(r"^Build failed: (\d+) error\(s\)", result.err, re.M)
    assert summary, result.err
    assert int(summary[1]) == len(errors) >= 1, result.err
    return errors


def assert_refused(result: Run) -> None:
    """A usage or output-folder refusal: exit 2 and one `error: …` line."""
    assert result.code == 2, f"exit {result.code}\n{result.out}\n{result.err}"
    assert "Traceback" not in result.err
    assert re.search(r"^error: .*refusing", result.err, re.M), result.err


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every entry under `folder`: files by their bytes, folders as None."""
    return {
        p.relative_to(folder).as_posix(): None if p.is_dir() else p.read_bytes()
        for p in sorted(folder.rglob("*"))
    }


def page(site: Path, url: str) -> etree._Element:
    """The parsed page of public/ at site path `url` (e.g. `/2026/01/x/`)."""
    path = site / "public" / url.strip("/") / "index.html"
    assert path.is_file(), f"{url} was not built"
    return parse_html(path)


def one(root: etree._Element, xpath: str) -> etree._Element:
    found = elements(root, xpath)
    assert len(found) == 1, f"{xpath}: {len(found)} matches"
    return found[0]


def good_files() -> dict[str, str | bytes]:
    """A small valid blog: two French posts, an English one and a page."""
    return {
        "content/posts/2026-01-15-bonjour.md": post("Bonjour", tags="[ia]"),
        "content/posts/2026-02-01-suite.md": post(
            "Suite", date="2026-02-01", body="Voir [le premier](/2026/01/bonjour/)."
        ),
        "content/posts/2026-02-03-hello.en.md": post("Hello", date="2026-02-03", tags="[ai]"),
        "content/pages/a-propos.md": post("À propos", body="Qui sommes-nous."),
    }


# --------------------------------------------------------------- A5.1–3: front matter shape


@pytest.mark.parametrize(
    ("front", "line"),
    [
        pytest.param("title: a: b\ndate: 2026-01-15\n", 2, id="colon-in-value"),
        pytest.param("title: X\ndate: 2026-01-15\ntags: [ia, llm\n", 4, id="unclosed-bracket"),
    ],
)
def test_invalid_yaml_is_reported_at_the_file_line(
    make_site: MakeSite, run: Runner, front: str, line: int
) -> None:
    """A5.1: invalid YAML names the line of the file, not of the YAML block."""
    site = make_site({"content/posts/x.md": f"---\n{front}---\n\nTexte.\n"})
    result = build(run, site)
    assert_failed(result)
    assert "front matter" in find(result, "content/posts/x.md", line=line, warning=False).message
    assert not (site / "public").exists()


@pytest.mark.parametrize(
    ("front", "line", "message", "hint"),
    [
        pytest.param(
            'title: "Pas fermé\ndate: 2026-01-15\ntags: [ia]\n',
            2,
            "a quoted value is never closed",
            "end it with the quote it starts with",
            id="unclosed-quote",
        ),
        pytest.param(
            "title: X\ntags: [ia, llm\ndescription: Un résumé.\ndate: 2026-01-15\n",
            3,
            "a list opened with `[` is never closed",
            "close it with `]`",
            id="unclosed-bracket-then-lines",
        ),
        pytest.param(
            "title: 'L'IA'\ndate: 2026-01-15\n",
            2,
            "invalid YAML",
            "quote the value with \" instead, or write the inner ' twice",
            id="quote-inside-quotes",
        ),
    ],
)
def test_a_yaml_error_is_said_where_it_starts_with_a_hint(
    make_site: MakeSite, run: Runner, front: str, line: int, message: str, hint: str
) -> None:
    site = make_site({"content/posts/x.md": f"---\n{front}---\n\nTexte.\n"})
    result = build(run, site)
    assert_failed(result)
    found = find(result, "content/posts/x.md", line=line, warning=False)
    assert message in found.message and hint in found.hint


def test_unclosed_front_matter(make_site: MakeSite, run: Runner) -> None:
    """A5.2: an opening `---` without its closing line."""
    site = make_site({"content/posts/x.md": "---\ntitle: X\ndate: 2026-01-15\n\nTexte.\n"})
    result = build(run, site)
    assert_failed(result)
    find(result, "content/posts/x.md", line=1, text="front matter not closed (opened at line 1)")


@pytest.mark.parametrize(
    "front", [pytest.param("- a\n- b\n", id="list"), pytest.param("juste du texte\n", id="scalar")]
)
def test_front_matter_must_be_a_mapping(make_site: MakeSite, run: Runner, front: str) -> None:
    """A5.3: a list or a single value instead of `key: value` lines."""
    site = make_site({"content/posts/x.md": f"---\n{front}---\n\nTexte.\n"})
    result = build(run, site)
    assert_failed(result)
    find(result, "content/posts/x.md", line=2, warning=False, text="must be a mapping")


# ---------------------------------------------------------------- A5.4–7: schema and types


@pytest.mark.parametrize(
    ("typo", "meant"), [("tilte", "title"), ("tgas", "tags"), ("descripton", "description")]
)
def test_unknown_key_warns_with_a_suggestion(
    make_site: MakeSite, run: Runner, typo: str, meant: str
) -> None:
    """A5.4: an unknown key is a warning with "did you mean"; the build still succeeds."""
    site = make_site({"content/posts/2026-01-15-x.md": post("X", **{typo: "valeur"})})
    result = build(run, site)
    assert_built(result)
    warning = find(result, "content/posts/2026-01-15-x.md", line=4, warning=True, text=f"`{typo}`")
    assert warning.hint == f"did you mean `{meant}`?"
    assert (site / "public/2026/01/x/index.html").is_file()


def test_unknown_key_is_an_error_under_strict(make_site: MakeSite, run: Runner) -> None:
    """A5.4: `--strict` turns the unknown-key warning into an error."""
    site = make_site({"content/posts/2026-01-15-x.md": post("X", tilte="X")})
    result = build(run, site, "--strict")
    assert_failed(result)
    error = find(result, "content/posts/2026-01-15-x.md", line=4, warning=False, text="`tilte`")
    assert error.hint == "did you mean `title`?"
    assert not (site / "public").exists()


def test_misspelt_title_alone_warns_and_reports_the_missing_title(
    make_site: MakeSite, run: Runner
) -> None:
    """A5.4: `tilte:` instead of `title:` gives both the suggestion and the missing-title error."""
    site = make_site(
        {"content/posts/2026-01-15-x.md": "---\ntilte: X\ndate: 2026-01-15\n---\n\nTexte.\n"}
    )
    result = build(run, site)
    assert_failed(result)
    assert (
        find(result, "content/posts/2026-01-15-x.md", line=2, warning=True).hint
        == "did you mean `title`?"
    )
    find(result, "content/posts/2026-01-15-x.md", warning=False, text="no `title`")


@pytest.mark.parametrize("value", ["2024-13-45", "2024-02-30", "15/01/2024", "demain", "", "''"])
def test_invalid_date_names_the_line_and_iso_8601(
    make_site: MakeSite, run: Runner, value: str
) -> None:
    """A5.5: an impossible, foreign-format or empty date: located error, ISO 8601 hint."""
    site = make_site({"content/posts/x.md": f"---\ntitle: X\ndate: {value}\n---\n\nTexte.\n"})
    result = build(run, site)
    errors = assert_failed(result)
    error = find(result, "content/posts/x.md", line=3, warning=False)
    assert "date" in error.message
    assert "ISO 8601" in error.hint
    assert "ValueError" not in result.err
    # The date was written, only wrongly: no other error pretends it is missing.
    assert [e.line for e in errors] == [3], result.err


def test_a_single_tag_written_as_text_is_one_tag(make_site: MakeSite, run: Runner) -> None:
    """A5.6: `tags: ia` means the list `[ia]`: a tag page exists and the post links it."""
    site = make_site({"content/posts/2026-01-15-x.md": post("X", tags="ia")})
    result = build(run, site)
    assert_built(result)
    links = elements(page(site, "/2026/01/x/"), "//ul[@class='tags']//a[@rel='tag']")
    assert [(text_of(a), a.get("href")) for a in links] == [("ia", "/tags/ia/")]
    tag_page = page(site, "/tags/ia/")
    assert [
        (text_of(a), a.get("href")) for a in elements(tag_page, "//ul[@class='post-index']/li/a")
    ] == [("X", "/2026/01/x/")]


@pytest.mark.parametrize("value", ["[1, null]", "[ia, null]", "[ia, [llm]]", "{ia: llm}", "42"])
def test_tags_that_are_not_text_are_an_error(make_site: MakeSite, run: Runner, value: str) -> None:
    """A5.6: non-string tags are refused at the `tags` line."""
    site = make_site({"content/posts/2026-01-15-x.md": post("X", tags=value)})
    result = build(run, site)
    assert_failed(result)
    assert "`tags`" in find(result, "content/posts/2026-01-15-x.md", line=4, warning=False).message


@pytest.mark.parametrize(
    ("value", "meaning", "published"),
    [("yes", "true", False), ("on", "true", False), ("no", "false", True)],
)
def test_yaml_1_1_booleans_in_draft_are_read_with_a_warning(
    make_site: MakeSite, run: Runner, value: str, meaning: str, published: bool
) -> None:
    """A5.7: `draft: yes` is coerced to true, and the user is told so."""
    site = make_site(
        {
            "content/posts/2026-01-15-x.md": post("X", draft=value),
            "content/posts/2026-01-10-autre.md": post("Autre", date="2026-01-10"),
        }
    )
    result = build(run, site)
    assert_built(result)
    warning = find(result, "content/posts/2026-01-15-x.md", line=4, warning=True)
    assert warning.message == f"`draft: {value}` read as {meaning}"
    assert (site / "public/2026/01/x/index.html").is_file() is published
    titles = [text_of(a) for a in elements(page(site, "/"), "//h2[@class='post-card-title']/a")]
    assert titles == (["X", "Autre"] if published else ["Autre"])


def test_lang_no_is_not_read_as_false(make_site: MakeSite, run: Runner) -> None:
    """A5.7: `lang: no` (Norwegian, or YAML 1.1 false) is not a language of the site."""
    site = make_site({"content/posts/2026-01-15-x.md": post("X", lang="no")})
    result = build(run, site)
    assert_failed(result)
    error = find(result, "content/posts/2026-01-15-x.md", line=4, warning=False)
    assert "`no` is not a language of this site" in error.message


# --------------------------------------------------------------- A5.8: unsafe YAML


@pytest.mark.parametrize(
    "tag", ["!!python/object/apply:os.system", "!!python/object/new:os.system"]
)
def test_python_yaml_tags_are_refused_and_never_run(
    make_site: MakeSite, run: Runner, tmp_path: Path, tag: str
) -> None:
    """A5.8: `!!python/…` tags are an error; the command in them is not executed."""
    proof = tmp_path / "PWNED"
    site = make_site(
        {"content/posts/2026-01-15-x.md": post("X", description=f'{tag} ["touch {proof}"]')}
    )
    result = build(run, site, cwd=tmp_path)
    assert_failed(result)
    find(result, "content/posts/2026-01-15-x.md", line=4, warning=False, text="python/object")
    assert not proof.exists()


def test_alias_bomb_is_refused_quickly(make_site: MakeSite, run: Runner) -> None:
    """A5.8: "billion laughs" (nested anchors and aliases) is refused, fast."""
    levels = ['lol0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    levels += [f"lol{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    text = "---\ntitle: X\ndate: 2026-01-15\n" + "\n".join(levels) + "\n---\n\nTexte.\n"
    site = make_site({"content/posts/2026-01-15-x.md": text})
    # Expanded, the aliases would take gigabytes and minutes: a process of its own, stopped
    # past its time limit or memory cap, fails the test instead of the machine.
    result = build(run, site, process=True, timeout=30, memory=3 * 1024**3)
    assert_failed(result)
    error = find(result, "content/posts/2026-01-15-x.md", line=5, warning=False)
    assert re.search(r"aliases .*not allowed", error.message), error.message


# --------------------------------------------------------- A5.9–12: bytes and line endings


@pytest.mark.parametrize(
    ("data", "line"),
    [
        pytest.param(
            b"---\ntitle: Caf\xe9\ndate: 2026-01-15\n---\n\nTexte.\n", 2, id="front-matter"
        ),
        pytest.param(b"---\ntitle: X\ndate: 2026-01-15\n---\n\nUn caf\xe9.\n", 6, id="body"),
    ],
)
def test_latin_1_file_is_an_error_with_its_line(
    make_site: MakeSite, run: Runner, data: bytes, line: int
) -> None:
    """A5.9: bytes that are not UTF-8: the error gives the line of the bad byte."""
    site = make_site({"content/posts/2026-01-15-x.md": data})
    result = build(run, site)
    assert_failed(result)
    error = find(result, "content/posts/2026-01-15-x.md", line=line, warning=False)
    assert "not valid UTF-8" in error.message


def test_utf8_bom_is_accepted_and_never_leaks(make_site: MakeSite, run: Runner) -> None:
    """A5.10: a BOM before the opening `---` is dropped."""
    site = make_site(
        {"content/posts/2026-01-15-x.md": b"\xef\xbb\xbf" + post("Titre", tags="[ia]").encode()}
    )
    result = build(run, site)
    assert_built(result)
    html = page(site, "/2026/01/x/")
    assert text_of(one(html, "//h1")) == "Titre"
    assert text_of(one(html, "//head/title")) == "Titre · Blog de test"
    assert [text_of(a) for a in elements(html, "//a[@rel='tag']")] == ["ia"]
    for path in (site / "public").rglob("*.html"):
        assert "\ufeff" not in path.read_text(encoding="utf-8"), path


def test_control_characters_are_removed_with_a_warning(make_site: MakeSite, run: Runner) -> None:
    """Characters no HTML page may hold, pasted from a terminal, never reach a page; two
    BOMs are read as one."""
    text = post("Titre\x1b[0m", body="Une ligne.\n\nAutre\x08 ligne\x07.")
    site = make_site({"content/posts/2026-01-15-x.md": b"\xef\xbb\xbf" * 2 + text.encode()})
    result = build(run, site)
    assert_built(result)
    warning = find(result, "content/posts/2026-01-15-x.md", line=2, warning=True)
    assert warning.col == 13 and "U+001B removed (3 in the file)" in warning.message
    html = page(site, "/2026/01/x/")
    assert text_of(one(html, "//h1")) == "Titre[0m"
    assert [text_of(p) for p in elements(html, "//article//p")][-2:] == [
        "Une ligne.",
        "Autre ligne.",
    ]
    for path in (site / "public").rglob("*.html"):
        written = path.read_text(encoding="utf-8")
        assert not any(c in written for c in "\x1b\x08\x07\ufeff"), path


@pytest.mark.parametrize(
    "newline",
    [
        pytest.param(["\r\n"], id="crlf"),
        pytest.param(["\r\n", "\n"], id="mixed"),
        pytest.param(["\r"], id="cr"),
    ],
)
def test_crlf_and_mixed_line_endings(make_site: MakeSite, run: Runner, newline: list[str]) -> None:
    """A5.11: front matter is found whatever the line endings; the output uses LF only."""
    lines = post("Titre", tags="[ia, llm]", body="Premier paragraphe.\n\nSecond paragraphe.").split(
        "\n"
    )
    text = "".join(line + newline[i % len(newline)] for i, line in enumerate(lines))
    site = make_site({"content/posts/2026-01-15-x.md": text.encode()})
    result = build(run, site)
    assert_built(result)
    html = page(site, "/2026/01/x/")
    assert text_of(one(html, "//h1")) == "Titre"
    assert [text_of(a) for a in elements(html, "//a[@rel='tag']")] == ["ia", "llm"]
    body = one(html, "//div[contains(@class, 'post-body')]")
    assert [text_of(p) for p in elements(body, "./p")] == [
        "Premier paragraphe.",
        "Second paragraphe.",
    ]
    for path in (site / "public").rglob("*.html"):
        assert b"\r" not in path.read_bytes(), path


@pytest.mark.parametrize("data", [b"", b"\n  \n\t\n"], ids=["empty", "blank"])
def test_empty_file_warns_and_is_left_out(make_site: MakeSite, run: Runner, data: bytes) -> None:
    """A5.12: an empty post is a warning; the rest of the site is built."""
    site = make_site(
        {
            "content/posts/2026-01-15-vide.md": data,
            "content/posts/2026-01-10-autre.md": post("Autre", date="2026-01-10"),
        }
    )
    result = build(run, site)
    assert_built(result)
    assert "empty" in find(result, "content/posts/2026-01-15-vide.md", warning=True).message
    assert not (site / "public/2026/01/vide").exists()
    assert (site / "public/2026/01/autre/index.html").is_file()


def test_empty_file_is_an_error_under_strict(make_site: MakeSite, run: Runner) -> None:
    """A5.12: `--strict` makes the empty post an error."""
    site = make_site({"content/posts/2026-01-15-vide.md": b""})
    result = build(run, site, "--strict")
    assert_failed(result)
    assert "empty" in find(result, "content/posts/2026-01-15-vide.md", warning=False).message


def test_front_matter_only_warns(make_site: MakeSite, run: Runner) -> None:
    """A5.12: a post with no text after its front matter is a warning (an error with --strict)."""
    site = make_site({"content/posts/2026-01-15-x.md": "---\ntitle: X\ndate: 2026-01-15\n---\n"})
    result = build(run, site)
    assert_built(result)
    assert "no text" in find(result, "content/posts/2026-01-15-x.md", warning=True).message
    strict = build(run, site, "--strict")
    assert_failed(strict)
    assert "no text" in find(strict, "content/posts/2026-01-15-x.md", warning=False).message


# ------------------------------------------------------------- A5.13–14: URLs and paths


@pytest.mark.parametrize(
    ("files", "culprits", "target"),
    [
        pytest.param(
            {
                "content/posts/2026-01-10-a.md": post("A", date="2026-01-10"),
                "content/posts/2026-01-20-b.md": post("B", date="2026-01-20", slug="a"),
            },
            ["content/posts/2026-01-10-a.md", "content/posts/2026-01-20-b.md"],
            "2026/01/a/index.html",
            id="same-slug-same-month",
        ),
        pytest.param(
            {
                "content/posts/2026-01-10-ia.md": post("A", date="2026-01-10"),
                "content/posts/2026-01-20-b.md": post("B", date="2026-01-20", slug="IA"),
            },
            ["content/posts/2026-01-10-ia.md", "content/posts/2026-01-20-b.md"],
            "2026/01/ia/index.html",
            id="case-only",
        ),
        pytest.param(
            {
                "content/posts/2026-01-10-a.md": post("A", date="2026-01-10", tags="[ia]"),
                "content/pages/tags.md": post("Étiquettes"),
            },
            ["content/pages/tags.md"],
            "tags/index.html",
            id="page-vs-tags-index",
        ),
        pytest.param(
            {
                "content/posts/2026-01-10-a.md": post("A", date="2026-01-10"),
                "static/2026/01/a/index.html": "<p>statique</p>\n",
            },
            ["content/posts/2026-01-10-a.md", "static/2026/01/a/index.html"],
            "2026/01/a/index.html",
            id="static-vs-post",
        ),
    ],
)
def test_url_collisions_are_errors_naming_both_sources(
    make_site: MakeSite, run: Runner, files: dict[str, str], culprits: list[str], target: str
) -> None:
    """A5.13: two sources for one output file: an error naming both and the path; no winner."""
    site = make_site(files)
    result = build(run, site)
    errors = assert_failed(result)
    collision = [e for e in errors if target.casefold() in e.message.casefold()]
    assert collision, result.err
    where = " ".join(f"{e.path} {e.message}" for e in collision)
    for culprit in culprits:
        assert culprit in where, f"{culprit} not named in: {where}"
    assert not (site / "public").exists()


@pytest.mark.parametrize(
    "slug",
    [
        pytest.param("../../etc/x", id="dotdot"),
        pytest.param("/abs", id="absolute"),
        pytest.param("'%2e%2e'", id="percent-encoded"),
        pytest.param("a/b", id="slash"),
        pytest.param('"a\\0b"', id="nul-escape"),
        pytest.param("a\0b", id="nul-byte"),
    ],
)
def test_slug_cannot_leave_the_output_folder(
    make_site: MakeSite, run: Runner, tmp_path: Path, slug: str
) -> None:
    """A5.14: a slug that would climb out of, or break, the output path is an error."""
    site = make_site({"content/posts/2026-01-15-x.md": post("X", slug=slug)})
    before = tree(tmp_path)
    result = build(run, site)
    assert_failed(result)
    assert "`slug`" in find(result, "content/posts/2026-01-15-x.md", line=4, warning=False).message
    assert tree(tmp_path) == before  # nothing written anywhere, inside or outside


def test_an_address_too_long_for_a_file_system_is_an_error_at_its_slug(
    make_site: MakeSite, run: Runner, tmp_path: Path
) -> None:
    """A name of more than 255 bytes cannot be written: said at the slug, before writing."""
    site = make_site({"content/posts/2026-01-15-x.md": post("X", slug="ia-" * 90)})
    before = tree(tmp_path)
    result = build(run, site)
    assert_failed(result)
    error = find(result, "content/posts/2026-01-15-x.md", line=4, warning=False)
    assert "270 bytes long" in error.message
    assert tree(tmp_path) == before


# ------------------------------------------------------------ A5.15–16: HTML injection


SCRIPT = "<script>alert(1)</script>"


def test_metadata_is_escaped_and_never_becomes_markup(make_site: MakeSite, run: Runner) -> None:
    """A5.15: `<script>` and quotes in title, tag and description stay text everywhere."""
    title = f'Il a dit "non" {SCRIPT}'
    tags = [SCRIPT, 'le "vrai" tag']
    description = '" onmouseover="alert(1)" x="'
    site = make_site(
        {
            "content/posts/2026-01-15-x.md": post(
                f"'{title}'",
                tags="['" + "', '".join(tags) + "']",
                description=f"'{description}'",
            ),
        }
    )
    result = build(run, site)
    assert_built(result)

    # The theme's only scripts are JSON-LD data and it has no event handlers: any other
    # script or handler would come from metadata.
    pages = sorted((site / "public").rglob("*.html"))
    assert len(pages) >= 8
    for path in pages:
        html = parse_html(path)
        assert unexpected_scripts(html) == [], path
        assert strings(html, "//@*[starts-with(name(), 'on')]") == [], path

    # In JSON-LD, `</script>` cannot end the script: the data parses back to what was written.
    [script] = elements(page(site, "/2026/01/x/"), "//script[@type='application/ld+json']")
    data = json.loads(script.text or "")
    # Typeset as readers are shown them (French quotes and spaces), and still text.
    title, description = typeset(title, "fr"), typeset(description, "fr")
    assert (data["headline"], data["keywords"], data["description"]) == (title, tags, description)

    post_page = page(site, "/2026/01/x/")
    title_text = " ".join(title.split())  # as `text_of` reads an element's text
    assert text_of(one(post_page, "//h1")) == title_text
    assert text_of(one(post_page, "//head/title")) == f"{title_text} · Blog de test"
    assert one(post_page, "//meta[@name='description']").get("content") == description
    tag_links = elements(post_page, "//ul[@class='tags']//a[@rel='tag']")
    assert [text_of(a) for a in tag_links] == tags
    assert [a.get("href") for a in tag_links] == [
        "/tags/script-alert-1-script/",
        "/tags/le-vrai-tag/",
    ]

    home = page(site, "/")
    assert [text_of(a) for a in elements(home, "//h2[@class='post-card-title']/a")] == [title_text]
    tag_page = page(site, "/tags/script-alert-1-script/")
    assert SCRIPT in text_of(one(tag_page, "//h1"))
    assert SCRIPT in text_of(one(tag_page, "//head/title"))
    cloud = elements(page(site, "/tags/"), "//ul[@class='tag-cloud']//a[@rel='tag']")
    assert sorted(text_of(a) for a in cloud) == sorted(tags)


def test_raw_html_in_the_body_is_kept(make_site: MakeSite, run: Runner) -> None:
    """A5.16: the author is trusted: raw HTML in the Markdown body is passed through."""
    body = 'Avant.\n\n<div class="note">x</div>\n\nAprès.'
    site = make_site({"content/posts/2026-01-15-x.md": post("X", body=body)})
    result = build(run, site)
    assert_built(result)
    note = one(page(site, "/2026/01/x/"), "//div[contains(@class, 'post-body')]/div[@class='note']")
    assert text_of(note) == "x"


# ---------------------------------------------------------------- A5.17: templates


@pytest.mark.parametrize(
    ("template", "line", "text"),
    [
        pytest.param(
            "{% extends 'base.html' %}\n{% block main %}\n{% if %}\n{% endblock %}\n",
            3,
            "",
            id="syntax",
        ),
        pytest.param(
            "{% extends 'base.html' %}\n{% block main %}\n<p>{{ page.title }}</p>\n"
            "{{ nope }}\n{% endblock %}\n",
            4,
            "nope",
            id="undefined",
        ),
    ],
)
def test_template_errors_name_the_template_line_and_the_page(
    make_site: MakeSite, run: Runner, template: str, line: int, text: str
) -> None:
    """A5.17: a broken site template (overriding the theme's) fails with template:line."""
    site = make_site(
        {
            "content/posts/2026-01-15-x.md": post("X"),
            "templates/post.html": template,
        }
    )
    result = build(run, site)
    assert_failed(result)
    error = find(result, "templates/post.html", line=line, warning=False, text=text)
    assert "template error" in error.message
    assert "content/posts/2026-01-15-x.md" in error.message  # the page being rendered
    assert not (site / "public").exists()


def test_unknown_layout_is_an_error(make_site: MakeSite, run: Runner) -> None:
    """A5.17: a layout with no template is refused at the `layout` line."""
    site = make_site({"content/posts/2026-01-15-x.md": post("X", layout="galerie")})
    result = build(run, site)
    assert_failed(result)
    error = find(result, "content/posts/2026-01-15-x.md", line=4, warning=False, text="galerie")
    assert "chat" in error.hint


# ---------------------------------------------------------------- A5.18: links


@pytest.mark.parametrize(
    ("markdown", "target"),
    [
        pytest.param("[x](/2099/01/absent/)", "/2099/01/absent/", id="link"),
        pytest.param("![a](/img/absent.png)", "/img/absent.png", id="image"),
        pytest.param("[x](../absent/)", "../absent/", id="relative"),
    ],
)
def test_broken_internal_link_is_an_error(
    make_site: MakeSite, run: Runner, markdown: str, target: str
) -> None:
    """A5.18: a link or image to nothing in the site: error at its file line, naming it."""
    body = f"Premier paragraphe.\n\nVoir {markdown} ici."
    site = make_site({"content/posts/2026-01-15-x.md": post("X", body=body)})
    result = build(run, site)
    assert_failed(result)
    error = find(result, "content/posts/2026-01-15-x.md", line=8, warning=False)
    assert f"`{target}`" in error.message
    assert not (site / "public").exists()


def test_external_and_valid_internal_links_are_fine(make_site: MakeSite, run: Runner) -> None:
    """A5.18: external links are not checked; links to built pages and static files pass."""
    body = (
        "[ailleurs](https://example.com/nulle-part/), [courriel](mailto:a@example.org),\n"
        "[l’autre](/2026/01/autre/), [relatif](../autre/) et ![image](/img/ok.png)."
    )
    site = make_site(
        {
            "content/posts/2026-01-15-x.md": post("X", body=body),
            "content/posts/2026-01-10-autre.md": post("Autre", date="2026-01-10"),
            "static/img/ok.png": b"\x89PNG\r\n\x1a\n",
        }
    )
    result = build(run, site)
    assert_built(result)
    assert diagnostics(result.err) == []


# ----------------------------------------------------- A5.19–21: the output folder


@pytest.mark.parametrize("output", [".", "..", "~", "HOME", "content", "content/posts"])
def test_dangerous_output_folders_are_refused(
    make_site: MakeSite, run: Runner, tmp_path: Path, output: str
) -> None:
    """A5.19: `.`, `..`, `~` (quoted, or as the shell expands it) and the content folder are
    refused before anything is touched. Run from the site folder, so `.` is the site itself."""
    home = tmp_path / "home"
    write_files(home, {"notes.txt": "à garder\n"})
    site = make_site(good_files())
    before = tree(tmp_path)
    target = str(home) if output == "HOME" else output
    result = build(run, site, "--output", target, cwd=site, env={"HOME": str(home)})
    assert_refused(result)
    assert tree(tmp_path) == before


def test_output_folder_holding_a_git_repository_is_refused(
    make_site: MakeSite, run: Runner, tmp_path: Path
) -> None:
    """A5.19: a folder with `.git` in it is never the output."""
    repo = tmp_path / "repo"
    write_files(repo, {".git/HEAD": "ref: refs/heads/main\n", "README.md": "# Mon dépôt\n"})
    site = make_site(good_files())
    before = tree(tmp_path)
    result = build(run, site, "--output", repo)
    assert_refused(result)
    assert tree(tmp_path) == before


def test_foreign_output_folder_is_refused_with_or_without_force(
    make_site: MakeSite, run: Runner, tmp_path: Path
) -> None:
    """A5.20: files sitegen did not write (no marker) are never replaced, even with `--force`."""
    site = make_site({**good_files(), "public/mine.txt": "à moi\n"})
    before = tree(tmp_path)
    for args in ((), ("--force",)):
        result = build(run, site, *args)
        assert_refused(result)
        assert "`mine.txt`" in result.err
        assert tree(tmp_path) == before


def test_builds_after_force_still_work(make_site: MakeSite, run: Runner) -> None:
    """A5.20/21: once `--force` has taken back a folder that lost its marker, the next
    ordinary build succeeds."""
    site = make_site(good_files())
    assert_built(build(run, site))
    (site / "public" / MARKER).unlink()
    write_files(site, {"content/posts/2026-02-10-nouveau.md": post("Nouveau", date="2026-02-10")})
    assert_built(build(run, site, "--force"))
    write_files(site, {"content/posts/2026-02-11-autre.md": post("Autre", date="2026-02-11")})
    result = build(run, site)
    assert_built(result)
    assert (site / "public/2026/02/autre/index.html").is_file()


UNDEFINED_IN_PAGE = "{% extends 'base.html' %}\n{% block main %}{{ nope }}{% endblock %}\n"


@pytest.mark.parametrize(
    ("breakage", "strict"),
    [
        pytest.param(
            {"content/posts/2026-01-15-bonjour.md": "---\ntitle: a: b\n---\n\nx\n"},
            False,
            id="yaml",
        ),
        pytest.param(
            {"content/posts/2026-01-15-bonjour.md": post("B", date="15/01/2026")}, False, id="date"
        ),
        pytest.param(
            {"content/posts/2026-01-15-bonjour.md": post("B", body="[x](/absent/)")},
            False,
            id="link",
        ),
        pytest.param(
            {"content/posts/2026-01-20-b.md": post("B", date="2026-01-20", slug="bonjour")},
            False,
            id="collision",
        ),
        pytest.param(
            {"templates/page.html": UNDEFINED_IN_PAGE},
            False,
            id="template",
        ),
        pytest.param(
            {"content/posts/2026-01-15-bonjour.md": post("B", tilte="B")}, True, id="strict-warning"
        ),
    ],
)
def test_failed_build_leaves_previous_output_byte_identical(
    make_site: MakeSite, run: Runner, breakage: dict[str, str | bytes], strict: bool
) -> None:
    """A5.1/21: whatever the error, the previous public/ is left exactly as it was."""
    site = make_site(good_files())
    assert_built(build(run, site))
    before = tree(site / "public")
    assert "2026/01/bonjour/index.html" in before
    write_files(site, breakage)
    assert_failed(build(run, site, *(["--strict"] if strict else [])))
    assert tree(site / "public") == before
    assert list(site.glob(".public.sitegen-*")) == []


def test_leftovers_of_an_interrupted_build_are_cleaned(make_site: MakeSite, run: Runner) -> None:
    """A5.21: temp folders left by a killed build do not block the next one and are removed."""
    site = make_site(good_files())
    assert_built(build(run, site))
    for leftover in (".public.sitegen-new", ".public.sitegen-old"):
        write_files(site / leftover, {MARKER: "", "2026/01/vieux/index.html": "<p>vieux</p>\n"})
    write_files(site, {"content/posts/2026-02-10-nouveau.md": post("Nouveau", date="2026-02-10")})
    result = build(run, site)
    assert_built(result)
    assert not (site / ".public.sitegen-new").exists()
    assert not (site / ".public.sitegen-old").exists()
    assert (site / "public/2026/02/nouveau/index.html").is_file()
    assert not (site / "public/2026/01/vieux").exists()


def test_build_cut_between_the_two_renames_recovers(make_site: MakeSite, run: Runner) -> None:
    """A5.21: killed after `public` was moved aside but before the swap: the next build succeeds."""
    site = make_site(good_files())
    assert_built(build(run, site))
    os.replace(site / "public", site / ".public.sitegen-old")
    write_files(site, {"content/posts/2026-02-10-nouveau.md": post("Nouveau", date="2026-02-10")})
    result = build(run, site)
    assert_built(result)
    assert not (site / ".public.sitegen-old").exists()
    assert (site / "public/2026/02/nouveau/index.html").is_file()
    assert (site / "public/2026/01/bonjour/index.html").is_file()


def test_an_error_found_after_the_pages_are_written_keeps_previous_output(
    make_site: MakeSite, run: Runner
) -> None:
    """Pages are written beside the site as they are made; a link checked broken afterwards
    fails the build, and the site is the previous one, with nothing left beside it."""
    site = make_site(good_files())
    assert_built(build(run, site))
    before = tree(site / "public")
    broken = post("Cassé", date="2026-02-10", body="Voir [rien](/2026/01/absent/).")
    write_files(site, {"content/posts/2026-02-10-casse.md": broken})
    result = build(run, site)
    assert_failed(result)
    assert "broken link" in find(result, "content/posts/2026-02-10-casse.md", warning=False).message
    assert tree(site / "public") == before
    assert sorted(p.name for p in site.iterdir() if p.name.startswith(".public")) == []
    assert (site / ".sitegen-cache/site/2026/02/casse/index.html").is_file()  # the spare
    (site / "content/posts/2026-02-10-casse.md").unlink()
    assert_built(build(run, site))
    assert tree(site / "public") == before


def test_write_failure_midway_keeps_previous_output(make_site: MakeSite, run: Runner) -> None:
    """A5.21: a file that cannot be written (a path too long for the disk, though each of
    its names is short enough) aborts the swap."""
    site = make_site(good_files())
    assert_built(build(run, site))
    before = tree(site / "public")
    deep = "/" + "/".join(["a" * 250] * 17) + "/"
    long_path = post("Long", date="2026-02-10", url=deep)
    write_files(site, {"content/posts/2026-02-10-long.md": long_path})
    result = build(run, site)
    assert result.code == 2, result.err
    assert "Traceback" not in result.err
    assert re.search(
        r"^error: .*cannot write the site.*previous site is intact", result.err, re.M
    ), result.err
    assert tree(site / "public") == before
    assert not (site / ".public.sitegen-new").exists()
    (site / "content/posts/2026-02-10-long.md").unlink()
    assert_built(build(run, site))


# ---------------------------------------------------------------- A5.22: symlinks


def test_symlinked_post_outside_the_site_is_not_followed(
    make_site: MakeSite, run: Runner, tmp_path: Path
) -> None:
    """A5.22: a link in content/posts to a file outside the project: warning, not published."""
    write_files(tmp_path / "ailleurs", {"2026-01-12-secret.md": post("Secret", date="2026-01-12")})
    site = make_site({"content/posts/2026-01-15-x.md": post("X")})
    (site / "content/posts/2026-01-12-secret.md").symlink_to(
        tmp_path / "ailleurs/2026-01-12-secret.md"
    )
    (site / "content/posts/dehors").symlink_to(tmp_path / "ailleurs", target_is_directory=True)
    result = build(run, site)
    assert_built(result)
    for link in ("content/posts/2026-01-12-secret.md", "content/posts/dehors"):
        assert "not followed" in find(result, link, warning=True).message
    assert not (site / "public/2026/01/secret").exists()
    titles = [text_of(a) for a in elements(page(site, "/"), "//h2[@class='post-card-title']/a")]
    assert titles == ["X"]


def test_symlinked_static_file_outside_the_site_is_not_copied(
    make_site: MakeSite, run: Runner, tmp_path: Path
) -> None:
    """A5.22: a link in static/ to a file outside the project is never copied into the output."""
    write_files(tmp_path, {"secret.txt": "mot de passe\n"})
    site = make_site({"content/posts/2026-01-15-x.md": post("X"), "static/ok.txt": "public\n"})
    (site / "static/secret.txt").symlink_to(tmp_path / "secret.txt")
    result = build(run, site)
    assert_built(result)
    assert "not copied" in find(result, "static/secret.txt", warning=True).message
    assert not (site / "public/secret.txt").exists()
    assert (site / "public/ok.txt").read_text() == "public\n"
    assert all(b"mot de passe" not in data for data in tree(site / "public").values() if data)


# ---------------------------------------------------------------- A5.29: determinism


def _twice(
    run: Runner, site: Path, tmp_path: Path
) -> tuple[dict[str, bytes | None], dict[str, bytes | None]]:
    outputs = []
    for n, seed in ((1, "1"), (2, "4242")):
        out = tmp_path / f"out{n}" / "site"
        seeded = {"SOURCE_DATE_EPOCH": EPOCH, "PYTHONHASHSEED": seed}
        result = build(run, site, "--output", out, env=seeded, process=True)
        assert_built(result)
        outputs.append(tree(out))
    return outputs[0], outputs[1]


def test_two_builds_are_byte_identical(make_site: MakeSite, run: Runner, tmp_path: Path) -> None:
    """A5.29: same input, same SOURCE_DATE_EPOCH, different hash seeds: same bytes."""
    site = make_site(
        {
            "content/posts/2025-03-01-un.md": post(
                "Un", date="2025-03-01", tags="[ia, llm, éthique, données]"
            ),
            "content/posts/2025-03-01-deux.md": post(
                "Deux", date="2025-03-01", tags="[llm, ia, Données]"
            ),
            "content/posts/2025-06-15-trois.md": post(
                "Trois", date="2025-06-15", tags="[zèbre, abeille]"
            ),
            "content/posts/2025-06-15-trois.en.md": post(
                "Three", date="2025-06-15", tags="[bee, zebra]"
            ),
            "content/posts/2024-12-24-noel.md": post(
                "Noël", date="2024-12-24", body="Texte **gras** et `code`."
            ),
            "content/pages/a-propos.md": post("À propos"),
            "static/img/a.png": b"\x89PNG\r\n\x1a\n",
        }
    )
    first, second = _twice(run, site, tmp_path)
    assert "2025/03/un/index.html" in first and "tags/donnees/index.html" in first
    assert first.keys() == second.keys()
    different = [path for path in first if first[path] != second[path]]
    assert different == []


def test_sample_blog_builds_are_byte_identical(
    run: Runner, tmp_path: Path, sample_blog: Path
) -> None:
    """A5.29: the repository's own blog, built twice, gives the same bytes."""
    first, second = _twice(run, sample_blog, tmp_path)
    assert "index.html" in first and len(first) > 10
    assert first.keys() == second.keys()
    different = [path for path in first if first[path] != second[path]]
    assert different == []


# ---------------------------------------------------------------- all errors at once


def test_every_error_of_the_build_is_reported_at_once(make_site: MakeSite, run: Runner) -> None:
    """A5 (preamble): errors in several files are collected, not stopped at the first."""
    site = make_site(
        {
            "content/posts/2026-01-10-a.md": "---\ntitle: a: b\n---\n\nx\n",
            "content/posts/2026-01-11-b.md": post("B", date="2026-01-11", lang="xx"),
            "content/posts/2026-01-12-c.md": post("C", date="2026-01-12", body="[x](/absent/)"),
            "content/posts/2026-01-13-d.md": post("D", date="2026-01-13"),
        }
    )
    result = build(run, site)
    errors = assert_failed(result)
    assert len(errors) == 3, result.err
    find(result, "content/posts/2026-01-10-a.md", line=2, warning=False)
    find(result, "content/posts/2026-01-11-b.md", line=4, warning=False)
    find(result, "content/posts/2026-01-12-c.md", line=6, warning=False)


def test_a_link_to_a_markdown_file_suggests_the_address_of_its_page(
    make_site: MakeSite, run: Runner
) -> None:
    body = (
        "Voir [le premier](2026-01-10-un.md), [l’anglais](../../../posts/2026-01-10-un.en.md),"
        "\n[la page](../pages/a-propos.md) et [rien](inconnu.md)."
    )
    site = make_site(
        {
            "content/posts/2026-01-10-un.md": post("Un", date="2026-01-10"),
            "content/posts/2026-01-10-un.en.md": post("One", date="2026-01-10"),
            "content/pages/a-propos.md": post("À propos"),
            "content/posts/2026-02-01-liens.md": post("Liens", date="2026-02-01", body=body),
        }
    )
    result = build(run, site)
    assert_failed(result)
    said = {
        d.message.split("`")[1]: d.hint
        for d in diagnostics(result.err)
        if names(d.path, "content/posts/2026-02-01-liens.md")
    }
    page = "a link to a Markdown file: write the address of its page"
    assert said == {
        "2026-01-10-un.md": f"{page}, /2026/01/un/",
        "../../../posts/2026-01-10-un.en.md": f"{page}, /en/2026/01/un/",
        "../pages/a-propos.md": f"{page}, /a-propos/",
        "inconnu.md": f"{page} (/{{year}}/{{month}}/{{slug}}/)",
    }
