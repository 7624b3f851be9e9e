"""`sitegen import jekyll|hugo`: an old blog becomes sitegen's files, and every address the
old blog published still leads the reader to the same post."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from lxml import etree

from sitegen.text.typography import typeset
from tests.conftest import REPO, Run, elements, parse_html, sitegen, strings, text_of, write_files

FIXTURES = REPO / "tests" / "fixtures" / "foreign"
TREES = {"jekyll": "jekyll", "hugo": "hugo", "hugo-dirs": "hugo"}


@dataclass
class Imported:
    tool: str
    old: Path
    new: Path
    old_out: Path
    new_out: Path
    imported: Run
    built: Run


def import_and_build(tmp: Path, tree: str) -> Imported:
    old = tmp / "old"
    shutil.copytree(FIXTURES / tree, old)
    old_out, new_out, new = tmp / "old-out", tmp / "new-out", tmp / "new"
    assert sitegen("build", "--source", old, "--output", old_out).code == 0
    imported = sitegen("import", TREES[tree], old, "--source", new)
    built = sitegen("build", "--source", new, "--output", new_out)
    return Imported(TREES[tree], old, new, old_out, new_out, imported, built)


@pytest.fixture(scope="module", params=sorted(TREES))
def blog(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Imported:
    return import_and_build(tmp_path_factory.mktemp(request.param), request.param)


def post_title(page: etree._Element) -> str | None:
    """The title of the post or page this HTML shows (None for lists and other pages)."""
    found = elements(page, "//main//article//h1")
    return text_of(found[0]) if found else None


def redirect_target(page: etree._Element) -> str | None:
    refresh = strings(page, "//meta[@http-equiv='refresh']/@content")
    return refresh[0].split("url=", 1)[1] if refresh else None


def page_at(out: Path, path: str) -> Path | None:
    """The built file a site path (below the base path) is served from."""
    target = out / path.lstrip("/")
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def base_path(out: Path) -> str:
    home = parse_html(out / "index.html")
    return urlsplit(strings(home, "//link[@rel='canonical']/@href")[0]).path


def old_posts(out: Path) -> dict[str, str]:
    """Every post and page the old blog published: site path -> title."""
    found = {}
    for file in sorted(out.rglob("*.html")):
        title = post_title(parse_html(file))
        if title is not None:
            rel = file.relative_to(out).as_posix()
            found["/" + rel.removesuffix("index.html")] = title
    return found


def test_the_import_succeeds_and_the_new_blog_builds(blog: Imported) -> None:
    assert blog.imported.code == 0, blog.imported.err
    assert "Imported" in blog.imported.out
    assert blog.built.code == 0, blog.built.err
    assert "unknown front-matter key" not in blog.built.err


def test_every_old_address_still_leads_to_the_same_post(blog: Imported) -> None:
    old, base = old_posts(blog.old_out), base_path(blog.new_out)
    assert old, "the fixture publishes posts"
    for path, title in old.items():
        file = page_at(blog.new_out, path)
        assert file is not None, f"{path} is gone after the import"
        page = parse_html(file)
        target = redirect_target(page)
        if target is not None:
            assert target.startswith(base)
            moved = page_at(blog.new_out, "/" + target.removeprefix(base))
            assert moved is not None, f"{path} redirects to {target}, which does not exist"
            page = parse_html(moved)
        assert post_title(page) == title


def test_the_settings_are_carried_over(blog: Imported) -> None:
    settings = yaml.safe_load((blog.new / "sitegen.yaml").read_text(encoding="utf-8"))
    old_home = parse_html(blog.old_out / "index.html")
    shown = text_of(elements(old_home, "//header//a[@rel='home']")[0])
    assert typeset(settings["title"], settings["language"]) == shown
    assert base_path(blog.new_out) == base_path(blog.old_out)
    assert settings["languages"] == ["fr", "en"]


def test_translations_stay_linked(blog: Imported) -> None:
    def versions(out: Path) -> set[tuple[str | None, str | None, str]]:
        """(post title, language of a version, that version's title)."""
        base, found = base_path(out), set()
        for file in out.rglob("*.html"):
            page = parse_html(file)
            title = post_title(page)
            for link in elements(page, "//head/link[@rel='alternate'][@hreflang]") if title else []:
                href = link.get("href")
                assert href, f"{file}: a link to the {link.get('hreflang')} version has no href"
                path = urlsplit(href).path.removeprefix(base)
                target = page_at(out, "/" + path)
                assert target is not None, f"{file} links to a missing {path}"
                found.add((title, link.get("hreflang"), post_title(parse_html(target)) or ""))
        return found

    old = versions(blog.old_out)
    assert old, "the fixture has translations"
    assert versions(blog.new_out) == old


def test_posts_are_written_with_sitegens_front_matter(blog: Imported) -> None:
    for path in (blog.new / "content").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        assert text.startswith("---\n")
        meta = yaml.safe_load(text.split("---\n")[1])
        assert isinstance(meta["title"], str) and meta["title"]
        assert meta["lang"] in ("fr", "en")
        assert not {"categories", "permalink", "translationKey", "layout"} & set(meta)


def test_bundle_files_move_with_their_post(tmp_path: Path) -> None:
    blog = import_and_build(tmp_path, "hugo")
    bundles = [p.parent for p in (blog.new / "content" / "posts").rglob("index.md")]
    assert [sorted(f.name for f in b.iterdir()) for b in bundles] == [
        ["index.en.md", "index.md", "schema.png"]
    ]
    for page in ("2024/05/vision/index.html", "en/2024/05/vision/index.html"):
        figure = strings(parse_html(blog.new_out / page), "//figure/img/@src")
        assert (blog.new_out / Path(page).parent / figure[0]).is_file()


def test_jekyll_assets_become_static_files(tmp_path: Path) -> None:
    blog = import_and_build(tmp_path, "jekyll")
    assert (blog.new / "static" / "assets" / "img" / "schema.png").is_file()
    assert not (blog.new / "static" / "notes").exists()  # excluded in _config.yml


def test_an_import_never_overwrites(tmp_path: Path) -> None:
    blog = import_and_build(tmp_path, "jekyll")
    before = {p: p.read_bytes() for p in blog.new.rglob("*") if p.is_file()}
    again = sitegen("import", "jekyll", blog.old, "--source", blog.new)
    assert again.code == 2
    assert "never overwrites" in again.err
    assert {p: p.read_bytes() for p in blog.new.rglob("*") if p.is_file()} == before


def test_the_wrong_tool_is_refused(tmp_path: Path) -> None:
    refused = sitegen("import", "hugo", FIXTURES / "jekyll", "--source", tmp_path / "new")
    assert refused.code == 2
    assert "not a Hugo blog" in refused.err
    assert not (tmp_path / "new").exists()


def test_a_broken_post_stops_the_import_before_anything_is_written(tmp_path: Path) -> None:
    old = tmp_path / "old"
    write_files(
        old,
        {
            "_config.yml": "title: Carnet\n",
            "_posts/2024-01-02-lien.md": (
                "---\ntitle: Lien\n---\n\nVoir [ici]({% post_url 2023-01-01-absent %}).\n"
            ),
        },
    )
    failed = sitegen("import", "jekyll", old, "--source", tmp_path / "new")
    assert failed.code == 1
    assert "_posts/2024-01-02-lien.md:5:" in failed.err
    assert "no post is named" in failed.err
    assert not (tmp_path / "new").exists()


def test_an_existing_sitegen_blog_keeps_its_settings(tmp_path: Path) -> None:
    new = tmp_path / "new"
    write_files(new, {"sitegen.yaml": "title: Mon blog\nbase_url: https://moi.example/\n"})
    write_files(
        tmp_path / "old",
        {
            "_config.yml": "title: Ancien\npermalink: pretty\n",
            "_posts/2024-01-02-bonjour.md": "---\ntitle: Bonjour\n---\n\nPremier billet.\n",
        },
    )
    assert sitegen("import", "jekyll", tmp_path / "old", "--source", new).code == 0
    assert (new / "sitegen.yaml").read_text(encoding="utf-8").startswith("title: Mon blog")
    text = (new / "content/posts/2024-01-02-bonjour.md").read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("---\n")[1])
    # Mon blog publishes /2024/01/bonjour/; the old address gets a redirect page.
    assert meta["aliases"] == ["/2024/01/02/bonjour/"]


def test_disclosures_and_references_survive_the_import(tmp_path: Path) -> None:
    said = {
        "translated": {"from": "en", "url": "https://example.org/original", "machine": False},
        "generated": {
            "model": "Modèle fictif 2",
            "reviewed_by": "Noé Garnier",
            "reviewed_on": date(2024, 3, 3),
        },
        "updated": [date(2024, 3, 1)],
        "corrections": [{"date": date(2024, 3, 2), "note": "Une date était fausse."}],
        "sources": [{"title": "Un article", "url": "https://example.org/a", "lang": "en"}],
        "see_also": [{"title": "Un autre billet"}],
        "discussion": ["Et vous, qu’en pensez-vous ?"],
    }
    front = yaml.safe_dump({"title": "Traduit", "date": "2024-02-03", **said}, allow_unicode=True)
    write_files(
        tmp_path / "old",
        {
            "hugo.toml": 'title = "Notes"\ndefaultContentLanguage = "fr"\n',
            "content/posts/traduit.md": f"---\n{front}---\n\nUn texte traduit.\n",
        },
    )
    new = tmp_path / "new"
    assert sitegen("import", "hugo", tmp_path / "old", "--source", new).code == 0
    text = (new / "content/posts/2024-02-03-traduit.md").read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("---\n")[1])
    assert {key: meta.get(key) for key in said} == said
    assert sitegen("build", "--source", new, "--output", tmp_path / "out").code == 0
    page = parse_html(tmp_path / "out/posts/traduit/index.html")
    notice = elements(page, "//*[@data-disclosure]")
    assert notice and "Modèle fictif 2" in text_of(notice[0])


def test_hugos_last_change_is_imported_as_an_update(tmp_path: Path) -> None:
    write_files(
        tmp_path / "old",
        {
            "hugo.toml": 'title = "Notes"\ndefaultContentLanguage = "fr"\n',
            "content/posts/revu.md": (
                "---\ntitle: Revu\ndate: 2024-02-03\nlastmod: 2024-05-06\n---\n\nT.\n"
            ),
        },
    )
    new = tmp_path / "new"
    assert sitegen("import", "hugo", tmp_path / "old", "--source", new).code == 0
    text = (new / "content/posts/2024-02-03-revu.md").read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("---\n")[1])
    assert meta["updated"] == [date(2024, 5, 6)]
    assert "extra" not in meta


def test_a_hugo_file_name_with_a_date_is_not_dated_twice(tmp_path: Path) -> None:
    write_files(
        tmp_path / "old",
        {
            "hugo.toml": 'title = "Notes"\ndefaultContentLanguage = "fr"\n',
            "content/posts/2024-03-01-vision.md": (
                "---\ntitle: Vision\ndate: 2024-03-01\n---\n\nVoir.\n"
            ),
        },
    )
    new = tmp_path / "new"
    assert sitegen("import", "hugo", tmp_path / "old", "--source", new).code == 0
    assert [p.name for p in (new / "content/posts").iterdir()] == ["2024-03-01-vision.md"]
    assert sitegen("build", "--source", new, "--output", tmp_path / "out").code == 0
    # Hugo published it at /posts/2024-03-01-vision/: so does the imported blog.
    assert post_title(parse_html(tmp_path / "out/posts/2024-03-01-vision/index.html")) == "Vision"


def test_jekyll_posts_dated_without_leading_zeros_keep_their_languages(tmp_path: Path) -> None:
    # Jekyll reads `2024-5-4-` as 4 May: the pair of names still says the blog has two languages.
    write_files(
        tmp_path / "old",
        {
            "_config.yml": "title: Carnet\n",
            "_posts/2024-5-4-bonjour-fr.md": "---\ntitle: Bonjour\n---\n\nUn billet.\n",
            "_posts/2024-5-4-bonjour-en.md": "---\ntitle: Hello\n---\n\nA post.\n",
        },
    )
    new, out = tmp_path / "new", tmp_path / "out"
    assert sitegen("import", "jekyll", tmp_path / "old", "--source", new).code == 0
    assert sitegen("build", "--source", new, "--output", out).code == 0
    english = parse_html(out / "en/2024/05/bonjour/index.html")
    assert english.get("lang") == "en" and post_title(english) == "Hello"
    french = parse_html(out / "2024/05/bonjour/index.html")
    assert french.get("lang") == "fr" and post_title(french) == "Bonjour"


def test_a_synthetic_voice_survives_the_import(tmp_path: Path) -> None:
    said = {"file": "/audio/lu.mp3", "voice": "synthetic", "model": "Aurore"}
    front = yaml.safe_dump({"title": "Lu", "date": "2024-02-03", "audio": said})
    write_files(
        tmp_path / "old",
        {
            "hugo.toml": 'title = "Notes"\ndefaultContentLanguage = "fr"\n',
            "static/audio/lu.mp3": b"ID3" + bytes(100),
            "content/posts/lu.md": f"---\n{front}---\n\nUn texte lu.\n",
        },
    )
    new = tmp_path / "new"
    imported = sitegen("import", "hugo", tmp_path / "old", "--source", new)
    assert imported.code == 0, imported.err
    text = (new / "content/posts/2024-02-03-lu.md").read_text(encoding="utf-8")
    assert yaml.safe_load(text.split("---\n")[1])["audio"] == said
    assert sitegen("build", "--source", new, "--output", tmp_path / "out").code == 0
    player = elements(parse_html(tmp_path / "out/posts/lu/index.html"), "//audio")[0]
    [label] = elements(player, f"//*[@id='{player.get('aria-describedby')}']")
    assert text_of(label) == "Voix de synthèse (Aurore)"
