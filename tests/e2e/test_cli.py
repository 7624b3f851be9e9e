"""The `sitegen` command as a user types it: help, version, build, new, exit codes."""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Callable
from pathlib import Path

import frontmatter

from sitegen import __version__
from tests.conftest import Run, elements, parse_html, post, strings, text_of
from tests.inprocess import KEYED_BY_ALL_THEY_READ

Site = Callable[..., Path]
Runner = Callable[..., Run]


def test_version_and_english_help(run: Runner) -> None:
    assert run("--version").out.strip() == f"sitegen {__version__}"
    help_text = run("build", "--help").out
    for flag in (
        "--source",
        "--output",
        "--base-url",
        "--drafts",
        "--strict",
        "-v",
        "-q",
        "--debug",
    ):
        assert flag in help_text
    assert run(process=True).code == 2  # `python -m sitegen` exits with what main returns


def test_in_the_tests_process_the_command_says_what_the_real_one_says(
    make_site: Site, run: Runner
) -> None:
    """The other tests run `sitegen` inside their own process (`tests/inprocess.py`): there it
    exits, writes and finds its folder as `python -m sitegen` does."""
    site = make_site({
        "content/posts/2026-01-15-x.md": "---\ntitle: [\n---\n",
        "content/posts/2026-01-16-y.md": post("Y", body="Voir [ici](absent.md)."),
    })  # fmt: skip
    for args in (
        ("build",),
        ("build", "--debug"),
        ("check", "--format", "json"),
        ("new", "--layout", "nope"),
        ("--help",),
    ):
        here, real = run(*args, cwd=site), run(*args, cwd=site, process=True)
        assert (here.code, here.out, here.err) == (real.code, real.out, real.err), args


def test_build_prints_one_summary_line(make_site: Site, run: Runner) -> None:
    site = make_site({"content/posts/2026-01-15-bonjour.md": post("Bonjour")})
    result = run("build", "--source", site)
    assert result.code == 0, result.err
    lines = result.out.strip().splitlines()
    assert len(lines) == 1
    assert re.fullmatch(r"Built \d+ pages \(\d+ files\) in \d+\.\d\d s -> .*public", lines[0])
    assert (site / "public/2026/01/bonjour/index.html").is_file()


def test_verbose_prints_each_stage_and_quiet_prints_nothing(make_site: Site, run: Runner) -> None:
    site = make_site({"content/posts/2026-01-15-bonjour.md": post("Bonjour")})
    verbose = run("build", "--source", site, "-v")
    stages = [line.split()[0] for line in verbose.out.splitlines() if line.endswith(" ms")]
    assert stages == [
        "config",
        "inputs",
        "discover",
        "parse",
        "markdown",
        "assemble",
        "render",
        "check",
        "search",
        "write",
    ]
    quiet = run("build", "--source", site, "-q")
    assert quiet.code == 0 and quiet.out == "" and quiet.err == ""


def test_missing_configuration_is_a_usage_error(tmp_path: Path, run: Runner) -> None:
    result = run("build", "--source", tmp_path)
    assert result.code == 2
    assert "sitegen.yaml" in result.err and "Traceback" not in result.err


def test_configuration_errors_name_the_line_and_exit_2(make_site: Site, run: Runner) -> None:
    config = (
        "title: Blog\ntitel: Blog\nbase_url: ftp://x\n"
        "permalink: /{annee}/{slug}/\nposts_per_page: 0\n"
    )
    site = make_site(config=config)
    result = run("build", "--source", site)
    assert result.code == 2
    assert re.search(r"sitegen\.yaml:2:1: unknown key `titel`", result.err)
    assert "did you mean `title`?" in result.err
    assert re.search(r"sitegen\.yaml:3:1: `base_url`", result.err)
    assert re.search(r"sitegen\.yaml:4:1: `permalink`: unknown field \{annee\}", result.err)
    assert re.search(r"sitegen\.yaml:5:1: `posts_per_page`", result.err)
    assert not (site / "public").exists()


def test_base_url_override_prefixes_every_link(make_site: Site, run: Runner) -> None:
    site = make_site({"content/posts/2026-01-15-bonjour.md": post("Bonjour", tags="[ia]")})
    assert run("build", "--source", site, "--base-url", "https://user.github.io/repo").code == 0
    html = parse_html(site / "public/2026/01/bonjour/index.html")
    urls = strings(html, "//a/@href | //link/@href")
    local = [u for u in urls if not u.startswith(("http", "#", "data:"))]
    assert local and all(u.startswith("/repo/") for u in local)
    assert "/repo/tags/ia/" in urls


def test_output_option_is_relative_to_the_current_folder(
    make_site: Site, run: Runner, tmp_path: Path
) -> None:
    site = make_site({"content/posts/2026-01-15-bonjour.md": post("Bonjour")})
    assert run("build", "--source", site, "--output", "built", cwd=tmp_path).code == 0
    assert (tmp_path / "built/2026/01/bonjour/index.html").is_file()


def test_drafts_and_future_posts_only_with_drafts(make_site: Site, run: Runner) -> None:
    site = make_site({
        "content/posts/2026-01-15-brouillon.md": post("Brouillon", draft="true"),
        "content/posts/2999-01-15-futur.md": post("Futur", date="2999-01-15"),
        "content/posts/2026-01-16-publie.md": post("Publié"),
    })  # fmt: skip
    assert run("build", "--source", site).code == 0
    assert not (site / "public/2026/01/brouillon").exists()
    assert not (site / "public/2999").exists()
    home = {text_of(a) for a in elements(parse_html(site / "public/index.html"), "//h2/a")}
    assert home == {"Publié"}
    assert run("build", "--source", site, "--drafts").code == 0
    assert (site / "public/2026/01/brouillon/index.html").is_file()
    assert (site / "public/2999/01/futur/index.html").is_file()


def test_source_date_epoch_decides_what_is_in_the_future(make_site: Site, run: Runner) -> None:
    site = make_site({"content/posts/2026-06-01-ete.md": post("Été", date="2026-06-01")})
    before = run("build", "--source", site, env={"SOURCE_DATE_EPOCH": "1767225600"})  # 2026-01-01
    assert before.code == 0 and not (site / "public/2026/06/ete").exists()
    after = run("build", "--source", site, env={"SOURCE_DATE_EPOCH": "1798761600"})  # 2027-01-01
    assert after.code == 0 and (site / "public/2026/06/ete/index.html").is_file()


def test_new_writes_a_named_file_with_complete_front_matter(make_site: Site, run: Runner) -> None:
    site = make_site()
    result = run("new", "L’été des transformeurs", "--source", site)
    assert result.code == 0, result.err
    created = list((site / "content/posts").glob("*.md"))
    assert len(created) == 1
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}-l-ete-des-transformeurs\.md", created[0].name)
    meta = frontmatter.load(created[0]).metadata
    assert meta["title"] == "L’été des transformeurs"
    assert {"date", "lang", "layout", "tags", "draft", "translated", "generated", "audio"} <= set(
        meta
    )
    assert meta["draft"] is True and meta["lang"] == "fr" and meta["layout"] == "post"
    said = " ".join(result.out.split())
    assert "It is a draft: `sitegen serve --drafts` shows it" in said
    assert "remove `draft: true` from its front matter to publish it" in said
    built = run("build", "--source", site, "--drafts", "--strict")
    assert built.code == 0, built.err
    page = parse_html(next((site / "public").rglob("l-ete-des-transformeurs/index.html")))
    assert strings(page, "//p[@class='post-meta']/span[@class='badge badge-draft']/text()") == [
        "Brouillon"
    ]


def test_a_post_published_with_the_text_new_wrote_fails_a_strict_build(
    make_site: Site, run: Runner
) -> None:
    site = make_site()
    assert run("new", "Pas fini", "--source", site).code == 0
    [created] = (site / "content/posts").glob("*.md")
    text = created.read_text(encoding="utf-8").replace("draft: true\n", "")
    created.write_text(text.replace("Premier paragraphe", "Mon résumé. Premier paragraphe"))
    lines = created.read_text(encoding="utf-8").split("\n")
    where = [n for n, line in enumerate(lines, start=1) if "paragraphe" in line or "suite" in line]
    built = run("build", "--source", site, "--strict")
    assert built.code == 1
    said = [line for line in built.err.splitlines() if "`sitegen new` wrote" in line]
    assert [int(line.split(":")[1]) for line in said] == where
    assert said[0].split(":")[2] == str(len("Mon résumé. ") + 1)  # the column it starts at
    checked = run("check", "--source", site, "--format", "json")
    findings = [f for f in json.loads(checked.out) if "`sitegen new`" in f["message"]]
    assert [f["line"] for f in findings] == where
    assert run("build", "--source", site).code == 0  # a warning, without --strict
    home = parse_html(site / "public/index.html")
    assert elements(home, "//main//a[contains(., 'Pas fini')]")
    assert not elements(home, "//*[contains(@class, 'badge-draft')]")  # published: no mark


def test_new_refuses_to_overwrite(make_site: Site, run: Runner) -> None:
    site = make_site()
    assert run("new", "Deux fois", "--source", site, "--layout", "page").code == 0
    page = site / "content/pages/deux-fois.md"
    page.write_text("mon texte", encoding="utf-8")
    again = run("new", "Deux fois", "--source", site, "--layout", "page")
    assert again.code == 2
    assert "already exists" in again.err
    assert page.read_text(encoding="utf-8") == "mon texte"


def test_new_in_another_language_and_layouts(make_site: Site, run: Runner) -> None:
    site = make_site()
    assert run("new", "Attention explained", "--lang", "en", "--source", site).code == 0
    assert run("new", "Un dialogue", "--layout", "conversation", "--source", site).code == 0
    assert run("new", "Le groupe", "--layout", "chat", "--source", site).code == 0
    assert run("new", "Klingon", "--lang", "tlh", "--source", site).code == 2
    names = sorted(p.name[11:] for p in (site / "content/posts").glob("*.md"))
    assert names == ["attention-explained.en.md", "le-groupe.md", "un-dialogue.md"]
    assert run("build", "--source", site, "--drafts").code == 0
    english = next((site / "public/en").rglob("attention-explained/index.html"))
    assert parse_html(english).get("lang") == "en"
    conversation = next((site / "public").rglob("un-dialogue/index.html"))
    assert elements(parse_html(conversation), "//div[@class='dialogue']/p[contains(@class,'turn')]")


def test_debug_shows_the_traceback_only_when_asked(make_site: Site, run: Runner) -> None:
    site = make_site({"content/posts/2026-01-15-x.md": "---\ntitle: [\n---\n"})
    plain = run("build", "--source", site)
    debug = run("build", "--source", site, "--debug")
    assert plain.code == debug.code == 1
    assert "Traceback" not in plain.err
    assert "Traceback" in debug.err


def test_new_refuses_a_blank_title(make_site: Site, run: Runner) -> None:
    site = make_site()
    result = run("new", "   ", "--source", site)
    assert result.code == 2 and "the title is empty" in result.err
    assert not (site / "content").exists()


def test_a_template_that_fails_while_rendering_is_located(make_site: Site, run: Runner) -> None:
    site = make_site({
        "content/posts/2026-01-15-bonjour.md": post("Bonjour"),
        "templates/post.html": (
            "{% extends 'base.html' %}\n{% block main %}\n{{ 1 / 0 }}\n{% endblock %}\n"
        ),
    })  # fmt: skip
    result = run("build", "--source", site)
    assert result.code == 1 and "Traceback" not in result.err
    assert re.search(r"templates/post\.html:3:1: template error: ZeroDivisionError", result.err)


def test_the_caches_an_in_process_run_inherits_are_still_caches() -> None:
    """A renamed cache would be emptied before every run again, or a name left here would
    keep nothing: each name must still be a `functools` cache of sitegen."""
    for name in sorted(KEYED_BY_ALL_THEY_READ):
        module, _, attribute = name.rpartition(".")
        assert callable(getattr(importlib.import_module(module), attribute).cache_clear)
