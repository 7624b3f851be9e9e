"""Every word the theme shows comes from its message catalogs: no template hard-codes one.

A site overrides every message of the theme with a marked value (`⟦key {n}⟧`) and writes
only recognisable text of its own (every word starts with "zz"). Once the marks, the
site's words and what Babel writes (dates, language names, units) are taken out of every
visible text of the built site, no letter may remain.
"""

from __future__ import annotations

import re
import shutil
import string
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import yaml
from babel import Locale
from babel.dates import format_date
from babel.units import format_unit
from lxml import etree

from sitegen import __version__
from tests.conftest import REPO, parse_html, post, sitegen, strings, write_files

THEME = REPO / "templates"
THEME_CATALOGS: dict[str, dict[str, str]] = {
    path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
    for path in sorted((THEME / "i18n").glob("*.yaml"))
}
ALL_KEYS = frozenset(key for messages in THEME_CATALOGS.values() for key in messages)
LANGUAGES = ("fr", "en", "de")
"""German has no post: its pages show the "no posts yet" messages."""
OTHER_LANGUAGES = ("ru",)
"""Only named in a disclosure (« traduit du russe »)."""

SKIPPED = frozenset({"script", "style", "math", "code", "pre", "template"})
"""Elements whose text is not prose for the reader (or is the author's code)."""
READER_ATTRIBUTES = (
    "aria-label",
    "aria-description",
    "aria-roledescription",
    "aria-placeholder",
    "aria-valuetext",
    "title",
    "alt",
    "placeholder",
)
READER_METAS = frozenset({"description", "og:title", "og:description", "twitter:description"})

AUTHOR_WORD = re.compile(r"(?<!\w)zz\w*", re.I)
LETTER = re.compile(r"[^\W\d_]")
MARK_OPEN = re.compile(
    "⟦(?:" + "|".join(map(re.escape, sorted(ALL_KEYS, key=len, reverse=True))) + r")(?=[\s⟧])"
)

AUDIO_BYTES = b"ID3\x03\x00" + bytes(150_000)


def marked(key: str, text: str) -> str:
    """`⟦key {n}⟧`: recognisable, with the original's placeholders so formatting works."""
    fields = [name for _, name, _, _ in string.Formatter().parse(text) if name]
    return "⟦" + " ".join([key, *(f"{{{name}}}" for name in fields)]) + "⟧"


def marked_catalog(lang: str) -> str:
    """The site's own catalog for `lang`: every message of the theme's, marked."""
    messages = THEME_CATALOGS.get(lang, THEME_CATALOGS["en"])
    values = {key: marked(key, text) for key, text in messages.items()}
    return yaml.safe_dump(values, allow_unicode=True, sort_keys=True)


def site_files(at_root: bool) -> dict[str, str | bytes]:
    config = (
        "title: zzblog zztitre\n"
        "description: zzdescription zzdu zzblog\n"
        "author: zzauteur zzanonyme\n"
        "base_url: https://example.org/\n"
        "language: fr\n"
        f"languages: [{', '.join(LANGUAGES)}]\n"
        "posts_per_page: 2\n"
        f"default_language_at_root: {str(at_root).lower()}\n"
        "llms_txt: true\n"
    )
    home = "/" if at_root else "/fr/"
    rich_body = """\
zzintro zzpremier[^1] `zzcode` [zzhello: zzworld!]{lang=en} [zzlien](https://example.org/zz).

<!--more-->

## zzun

zztexte ![zzimage](/images/zzimage.png)

## zzdeux

```python
print("hello world")
```

## zztrois

$$\\sin x + \\mathrm{softmax}(y)$$

[^1]: zznote
"""
    return {
        "sitegen.yaml": config,
        **{f"templates/i18n/{lang}.yaml": marked_catalog(lang) for lang in LANGUAGES},
        "static/audio/zzalpha.mp3": AUDIO_BYTES,
        "static/audio/zzalpha.en.mp3": AUDIO_BYTES,
        "static/images/zzimage.png": b"\x89PNG\r\n\x1a\n",
        # French: every disclosure wording, audio, footnotes, contents, references.
        "content/posts/2026-03-01-zzalpha.md": post(
            "zzalpha zztitre",
            date="2026-03-01",
            body=rich_body,
            tags="[zzcommun, zzun]",
            generated=(
                "{model: zzmodele, reviewed_by: zzrelectrice, reviewed_on: 2026-03-01,"
                " prompted_by: zzdemandeur}"
            ),
            audio="{voice: synthetic, model: zzvoix}",
            updated="2026-03-01",
            corrections="[{date: 2026-03-01, note: zzerreur}]",
            sources="[{title: zzsource zzanglaise, url: 'https://example.org/zzp', lang: en}]",
            see_also=f"[{{title: zzvoir, url: {home}zzapropos/}}]",
        ),
        "content/posts/2026-02-01-zzbeta.md": post(
            "zzbeta",
            date="2026-02-01",
            body="zzcorps zzbeta.",
            tags="[zzcommun]",
            generated="true",
            translated=(
                "{from: en, url: 'https://example.org/zzorigine', title: zzorigine, by: zzrobot}"
            ),
        ),
        # Shown as `sitegen serve --drafts` shows it, with its mark.
        "content/posts/2025-06-01-zzbrouillon.md": post(
            "zzbrouillon", date="2025-06-01", body="zzcorps zzbrouillon.", draft="true"
        ),
        "content/posts/2026-01-15-zzgamma.md": post(
            "zzgamma",
            date="2026-01-15",
            body="zzcorps zzgamma.",
            tags="[zzcommun]",
            translated="{from: ru, machine: false, by: zztraductrice, reviewed_by: zzrelecteur}",
        ),
        "content/posts/2025-12-01-zzpaire.md": post(
            "zzpaire zzfrancaise",
            date="2025-12-01",
            body="zzcorps zzpaire.",
            tags="[zzcommun]",
            translated="{reviewed_by: zzrelecteur, reviewed_on: 2025-12-01}",
        ),
        "content/posts/2025-11-20-zzdelta.md": post(
            "zzdelta",
            date="2025-11-20",
            body="zzcorps zzdelta.",
            tags="[zzcommun]",
            generated="{model: zzmodele}",
            translated="{from: en, machine: false}",
        ),
        "content/posts/2025-10-05-zzdialogue.md": post(
            "zzdialogue",
            date="2025-10-05",
            body="Zzalice : zzbonjour.\n\nZzbob : zzsalut !",
            tags="[zzcommun]",
            layout="conversation",
        ),
        # A generated passage, alone and in translations by a machine and by a person.
        "content/posts/2025-08-01-zzpassage.md": post(
            "zzpassage",
            date="2025-08-01",
            body="Zzalice (08:51) : zzvoici\n\n> [!generated] zzoutil\n>\n> zzgenere.",
            tags="[zzcommun]",
            layout="chat",
            generated=(
                "{part: zzresume, model: zzmodele, prompted_by: zzdemandeur,"
                " reviewed_by: zzrelectrice, reviewed_on: 2025-08-01}"
            ),
            discussion="['zzquestion ?']",
        ),
        "content/posts/2025-07-01-zzpassage-traduit.md": post(
            "zzpassage zztraduit",
            date="2025-07-01",
            body="zzcorps.\n\n> [!generated]\n> zzgenere.",
            tags="[zzcommun]",
            generated="{part: zzresume, reviewed_by: zzrelectrice}",
            translated="{from: en}",
        ),
        "content/posts/2025-07-02-zzpassage-humain.md": post(
            "zzpassage zzhumain",
            date="2025-07-02",
            body="zzcorps.\n\n> [!generated]\n> zzgenere.",
            tags="[zzcommun]",
            generated="{part: zzresume}",
            translated="{from: de, machine: false}",
        ),
        # An old address: its redirect page says the post moved.
        "content/posts/2025-06-01-zzsimple.md": post(
            "zzsimple",
            date="2025-06-01",
            body="zzcorps zzsimple.",
            tags="[zzcommun, zzdeux]",
            aliases="[/zzancien/zzsimple/]",
        ),
        # English: a translation with its original on the site, an original, a group chat.
        "content/posts/2026-03-01-zzalpha.en.md": post(
            "zzalpha zzenglish",
            date="2026-03-01",
            body="zzenglish zzbody[^1].\n\n[^1]: zznote",
            tags="[zzcommon]",
            generated="{model: zzmodel}",
            translated="{reviewed_by: zzreviewer}",
            audio="true",
        ),
        "content/posts/2025-12-01-zzpaire.en.md": post(
            "zzpaire zzoriginal", date="2025-12-01", body="zzbody zzpair.", tags="[zzcommon]"
        ),
        "content/posts/2026-02-10-zzplain.en.md": post(
            "zzplain", date="2026-02-10", body="zzbody zzplain.", tags="[zzcommon]"
        ),
        "content/posts/2025-09-09-zzchat.en.md": post(
            "zzchat",
            date="2025-09-09",
            body="Zzann: zzhi!\n\nZzben: zzho?",
            tags="[zzcommon]",
            layout="chat",
        ),
        "content/pages/zzapropos.md": (
            "---\ntitle: zzapropos\ngenerated: true\n---\n\nzzqui zzsommes-zznous ?\n"
        ),
        "content/pages/zzabout.en.md": "---\ntitle: zzabout\n---\n\nzzwho zzare zzwe?\n",
        # The page every disclosure notice links to (the English posts to the French page).
        "content/pages/zzprincipes.md": (
            "---\ntitle: zzprincipes\nlayout: principles\n---\n\nzzcomment zznous zztravaillons.\n"
        ),
    }


@dataclass(frozen=True, slots=True)
class Finding:
    page: str
    where: str
    text: str
    left: str
    """What remains of `text` once marked messages and allowed words are taken out."""


def written_date(day: date, lang: str) -> str:
    """A long date as Babel writes it; French writes the 1st of a month « 1er »."""
    text = str(format_date(day, "long", locale=lang))
    return re.sub(r"^1 ", "1er ", text) if lang == "fr" else text


def allowed_phrases() -> list[str]:
    """What a page may show without a catalog: Babel's dates, language names and units, the
    narrated file's format (from its name) and the generator's name."""
    languages = (*LANGUAGES, *OTHER_LANGUAGES)
    dated = (re.match(r"content/posts/(\d{4}-\d{2}-\d{2})-", path) for path in site_files(True))
    days = {date.fromisoformat(match[1]) for match in dated if match}
    phrases = {f"sitegen {__version__}", "MP3"}
    for lang in LANGUAGES:
        phrases |= {written_date(day, lang) for day in days}
        for name in ("digital-kilobyte", "digital-megabyte"):
            unit = str(format_unit(1, name, "short", locale=lang))
            phrases.add(re.sub(r"[\d\s]", "", unit))
        for code in languages:
            phrases.add(str(Locale.parse(code).get_display_name(lang)))
    return sorted(phrases, key=len, reverse=True)


PHRASES = re.compile("|".join(rf"(?<!\w){re.escape(p)}(?!\w)" for p in allowed_phrases()), re.I)


def leftover(text: str) -> str:
    """`text` without marked messages, author words and allowed phrases; "" if no letters."""
    text = MARK_OPEN.sub(" ", text).replace("⟧", " ")
    text = AUTHOR_WORD.sub(" ", PHRASES.sub(" ", text))
    return " ".join(text.split()) if LETTER.search(text) else ""


def reader_texts(element: etree._Element) -> Iterator[tuple[str, str]]:
    """(where, text) for every text node and reader-facing attribute under `element`."""
    if not isinstance(element.tag, str):
        return  # a comment
    tag = etree.QName(element).localname  # MathML and SVG keep their namespace
    if tag in SKIPPED:
        return
    for name in READER_ATTRIBUTES:
        if element.get(name):
            yield f"{tag}/@{name}", element.get(name, "")
    if tag == "meta" and (element.get("name") or element.get("property")) in READER_METAS:
        yield "meta/@content", element.get("content", "")
    if element.text and element.text.strip():
        yield tag, element.text
    for child in element:
        yield from reader_texts(child)
        if child.tail and child.tail.strip():
            yield tag, child.tail


def unmarked_text(out: Path) -> list[Finding]:
    """Every visible text of the built site that is neither a message nor allowed."""
    findings = []
    for page in sorted(out.rglob("*.html")):
        for where, text in reader_texts(parse_html(page)):
            left = leftover(text)
            if left:
                findings.append(Finding(page.relative_to(out).as_posix(), where, text, left))
    return findings


def build(root: Path, at_root: bool = True) -> Path:
    write_files(root, site_files(at_root))
    result = sitegen("build", "--source", root, "--drafts")
    assert result.code == 0, result.err
    # The wording of a review with no date is shown only where its warning is said.
    warnings = [line for line in result.err.splitlines() if "warning" in line]
    assert all("has no `reviewed_on`" in line for line in warnings), result.err
    return root / "public"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[bool, Path]:
    """The site built twice: French at the root, and every language in its own folder."""
    return {
        at_root: build(tmp_path_factory.mktemp(f"at-root-{at_root}"), at_root)
        for at_root in (True, False)
    }


@pytest.mark.parametrize("at_root", [True, False], ids=["french-at-root", "all-in-folders"])
def test_every_visible_word_comes_from_the_catalogs(sites: dict[bool, Path], at_root: bool) -> None:
    findings = unmarked_text(sites[at_root])
    shown = "\n".join(f"{f.page} <{f.where}>: {f.text.strip()!r} -> {f.left!r}" for f in findings)
    assert not findings, "text not from the catalogs:\n" + shown


def test_the_site_shows_every_message_and_renders_every_template(
    sites: dict[bool, Path],
) -> None:
    shown: set[str] = set()
    classes: set[str] = set()
    for out in sites.values():
        for page in out.rglob("*.html"):
            root = parse_html(page)
            texts = [text for _, text in reader_texts(root)]
            shown |= set(re.findall(r"⟦(\w+)", " ".join(texts)))
            classes.update(strings(root, "//body/@class"))
        for copy in [*out.rglob("*.md"), *out.rglob("llms.txt")]:  # what agents read
            text = re.sub(r"\\(.)", r"\1", copy.read_text(encoding="utf-8"))  # Markdown escapes
            shown |= set(re.findall(r"⟦(\w+)", text))
    assert sorted(ALL_KEYS - shown) == []
    templates = {f"layout-{path.stem}" for path in THEME.glob("*.html") if path.stem != "base"}
    assert sorted(templates - classes) == []


INJECTED = [
    pytest.param(
        "partials/post_meta.html",
        '<p class="post-meta">',
        '<p class="post-meta">Publié le ',
        "Publié le",
        id="text",
    ),
    pytest.param(
        "base.html",
        "aria-label=\"{{ t('nav_label') }}\"",
        "aria-label=\"Menu {{ t('nav_label') }}\"",
        "Menu",
        id="aria-label",
    ),
    pytest.param(
        "404.html",
        "{% block title %}",
        "{% block title %}Erreur ",
        "Erreur",
        id="title",
    ),
]


@pytest.mark.parametrize(("template", "old", "new", "word"), INJECTED)
def test_a_word_written_in_a_template_is_found(
    sites: dict[bool, Path], tmp_path: Path, template: str, old: str, new: str, word: str
) -> None:
    site = tmp_path / "site"
    shutil.copytree(sites[True].parent, site, ignore=shutil.ignore_patterns("public"))
    theme_text = (THEME / template).read_text(encoding="utf-8")
    assert old in theme_text
    (site / "templates" / template).parent.mkdir(parents=True, exist_ok=True)
    (site / "templates" / template).write_text(theme_text.replace(old, new), encoding="utf-8")
    result = sitegen("build", "--source", site)
    assert result.code == 0, result.err
    findings = unmarked_text(site / "public")
    assert findings
    assert all(word in f.left for f in findings), findings
