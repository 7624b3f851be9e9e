"""The three kinds of tree the properties run on, each with only its settings file."""

from __future__ import annotations

import pytest

from sitegen.settings.config import SiteConfig, load_config
from tests.conftest import DEFAULT_CONFIG, write_files

SETTINGS: dict[str, dict[str, str | bytes]] = {
    "sitegen": {"sitegen.yaml": DEFAULT_CONFIG},
    "jekyll": {"_config.yml": "title: Blog\nurl: https://example.org\nlang: fr\n"},
    "hugo": {
        "hugo.toml": 'title = "Blog"\nbaseURL = "https://example.org/"\n'
        'defaultContentLanguage = "fr"\n[languages.fr]\nweight = 1\n[languages.en]\nweight = 2\n'
    },
}


@pytest.fixture(scope="module")
def configs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, SiteConfig]:
    """Each kind of tree's settings, read as a build reads them."""
    found = {}
    for dialect, files in SETTINGS.items():
        root = tmp_path_factory.mktemp(dialect)
        write_files(root, files)
        found[dialect] = load_config(root)
        assert found[dialect].dialect == dialect
    return found
