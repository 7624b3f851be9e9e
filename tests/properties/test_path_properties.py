"""Any file name a blogger gives a post goes through discovery, parsing and addressing:
accents, spaces, dots, dates that are no dates, language suffixes, very long names. The
result is a post at an address inside the site, or a message naming the file."""

from __future__ import annotations

import shutil

from hypothesis import given
from hypothesis import strategies as st

from sitegen.content.addresses import address, language_prefix
from sitegen.content.frontmatter import parse_all
from sitegen.content.sources import discover
from sitegen.foreign.permalinks import published_at
from sitegen.model import Document, OutputFile
from sitegen.output.clashes import check_files
from sitegen.project.errors import Problems
from sitegen.settings.config import SiteConfig
from sitegen.urls import output_path
from tests.properties.conftest import SETTINGS
from tests.properties.files import file_names

# Where each kind of tree keeps its posts, and folders people put them in.
FOLDERS = {
    "sitegen": ["content/posts/", "content/pages/", "content/en/posts/", "_posts/"],
    "jekyll": ["_posts/", "_drafts/", "", "ia/_posts/", "en/_posts/"],
    "hugo": ["content/posts/", "content/", "content/posts/été 2024/"],
}
TEXT = "---\ntitle: Un billet\ndate: 2024-05-01\n---\n\nDu texte.\n"


def fresh(config: SiteConfig) -> None:
    """Only the settings file: each example's post is the site's one source."""
    for path in config.root.iterdir():
        if path.name not in SETTINGS[config.dialect]:
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    (config.root / "content").mkdir()


def prefix_of(config: SiteConfig, doc: Document) -> str:
    return language_prefix(config, doc.meta.lang)


@given(
    name=file_names(),
    dialect=st.sampled_from(sorted(SETTINGS)),
    folder=st.integers(0, 4),
    bundle=st.booleans(),
)
def test_any_file_name_gets_an_address_or_a_message(
    configs: dict[str, SiteConfig], name: str, dialect: str, folder: int, bundle: bool
) -> None:
    config = configs[dialect]
    fresh(config)
    folders = FOLDERS[dialect]
    rel = folders[folder % len(folders)] + (f"{name}/index.md" if bundle else name)
    path = config.root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(TEXT, encoding="utf-8")
    problems = Problems()
    docs = parse_all(discover(config, problems), config, problems)
    for diagnostic in problems.items:
        assert diagnostic.path == rel, diagnostic
    for doc in docs:
        for url in (address(config, doc)[1], published_at(config, doc, prefix_of(config, doc))):
            assert url.startswith("/"), url
            # An address outside the output folder is the build's located error, never a write.
            checked = Problems()
            check_files([OutputFile(output_path(url), b"", rel)], checked)
            assert all(d.path == rel for d in checked.items)
