"""`image:`, the picture a post opens with, as authors and other tools write it."""

from __future__ import annotations

from typing import Any

import pytest

from sitegen.content.flags import Invalid
from sitegen.content.values import cover
from sitegen.model import Cover


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("couverture.jpg", Cover("couverture.jpg")),
        ({"src": "/images/a.png", "alt": "Un schéma"}, Cover("/images/a.png", "Un schéma")),
        ({"src": "a.png", "alt": ""}, Cover("a.png")),
        # jekyll-seo-tag's way: `path`, and sizes sitegen measures itself
        ({"path": "/assets/a.png", "width": 800, "height": 400}, Cover("/assets/a.png")),
    ],
)
def test_a_cover_is_read_as_written(written: Any, read: Cover) -> None:
    assert cover(written) == read


@pytest.mark.parametrize(
    ("written", "said"),
    [
        (12, "expected the image's file"),
        ({"alt": "Sans fichier"}, "expected the image's file"),
        ({"src": "a.png", "legende": "x"}, "`image` has no `legende`"),
        ("../ailleurs/a.png", "is not an image's file"),
        ("  ", "is not an image's file"),
    ],
)
def test_a_cover_that_names_no_file_is_said_so(written: Any, said: str) -> None:
    with pytest.raises(Invalid, match=said):
        cover(written)
