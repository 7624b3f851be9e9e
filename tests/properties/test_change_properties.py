"""Any `updated:` and `corrections:` the author writes: the post's `dateModified` is the
latest of their dates, and odd values (text, numbers, nested junk) are errors at the key's
line, never a crash."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitegen.content.addresses import SiteUrls
from sitegen.content.changes import check_dates
from sitegen.content.flags import moment
from sitegen.content.schema import validate
from sitegen.model import Document, Entry, Rendered, Site, SourceFile
from sitegen.project.errors import Problems
from sitegen.project.yamlmap import Entry as Written
from sitegen.settings.config import SiteConfig
from sitegen.text.i18n import Catalog, load_catalogs
from sitegen.theme.marks import json_ld
from sitegen.theme.views import entry_view
from tests.conftest import REPO
from tests.properties.files import VALUES

DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
ZONES = st.sampled_from([UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-11))])
MOMENTS = st.one_of(
    DAYS,
    st.builds(
        lambda day, minutes, zone: (
            datetime.combine(day, datetime.min.time(), zone) + timedelta(minutes=minutes)
        ),
        DAYS,
        st.integers(0, 24 * 60 - 1),
        st.one_of(st.none(), ZONES),
    ),
)
WRITTEN = st.one_of(MOMENTS, MOMENTS.map(lambda m: m.isoformat()))
"""A date as YAML gives it: a date, a date-time with or without a zone, or ISO text."""
NOTES = st.text(min_size=1, max_size=30).filter(str.strip)


def change(with_note: bool) -> st.SearchStrategy[Any]:
    noted = st.fixed_dictionaries({"date": WRITTEN, "note": NOTES})
    return noted if with_note else st.one_of(WRITTEN, noted)


@pytest.fixture(scope="module")
def config(configs: dict[str, SiteConfig]) -> SiteConfig:
    return configs["sitegen"]


@pytest.fixture(scope="module")
def french() -> Catalog:
    return load_catalogs((REPO / "templates",), ("fr",), REPO, Problems())["fr"]


def source(config: SiteConfig) -> SourceFile:
    rel = "content/posts/x.md"
    return SourceFile(config.root / rel, rel, "post", "x", None, None, None, "posts/x.md")


def read(config: SiteConfig, values: dict[str, Any], problems: Problems) -> Any:
    written = {"title": "Un billet", "date": date(2000, 1, 1)} | values
    entries = [Written(k, v, line, 1) for line, (k, v) in enumerate(written.items(), 2)]
    return validate(source(config), entries, config, problems)


def instant(value: Any) -> datetime:
    found = moment(datetime.fromisoformat(value) if isinstance(value, str) else value)
    assert found is not None
    return found


@given(
    published=st.one_of(st.just(date(2000, 1, 1)), WRITTEN),
    updated=st.lists(change(with_note=False), max_size=4),
    corrections=st.lists(change(with_note=True), max_size=4),
)
def test_date_modified_is_the_latest_change(
    config: SiteConfig,
    french: Catalog,
    published: Any,
    updated: list[Any],
    corrections: list[Any],
) -> None:
    """dateModified is the latest change when it comes after the publication (a time of
    day included, in any zone), and is never before datePublished."""
    problems = Problems()
    values = {"date": published, "updated": updated, "corrections": corrections}
    meta = read(config, values, problems)
    assert meta is not None, problems.items
    dates = [instant(c["date"] if isinstance(c, dict) else c) for c in updated + corrections]
    assert meta.last_change == max(dates, default=None)
    doc = Document(source(config), meta, "", 6)
    post = Entry(doc, Rendered("", "", False, (), 0, ()), "/x/", "x")
    view = entry_view(post, Site((), (post,)), SiteUrls(config), french)
    data = json.loads(json_ld(view, "Blog", "", "/", "", SiteUrls(config)))
    first = datetime.fromisoformat(data["datePublished"])
    assert first == instant(published)
    if dates and max(dates) > first:
        assert datetime.fromisoformat(data["dateModified"]) == max(dates)
    else:
        assert "dateModified" not in data
    assert datetime.fromisoformat(data.get("dateModified", data["datePublished"])) >= first
    assert len(data.get("correction", [])) == len(corrections)
    assert len(view.changes) == len(dates)
    check_dates([post], datetime(2200, 1, 1, tzinfo=UTC), Problems())


@given(
    key=st.sampled_from(["updated", "corrections"]),
    value=st.one_of(VALUES, st.lists(st.one_of(VALUES, st.dictionaries(st.text(), VALUES)))),
)
def test_any_value_is_read_or_an_error_at_its_key(
    config: SiteConfig, french: Catalog, key: str, value: Any
) -> None:
    problems = Problems()
    meta = read(config, {key: value}, problems)
    for diagnostic in problems.items:
        assert diagnostic.line == 4, diagnostic  # title, date, then the key
        assert diagnostic.message.startswith(f"`{key}`")
    if meta is None:
        assert problems.items
        return
    doc = Document(source(config), meta, "", 6)
    post = Entry(doc, Rendered("", "", False, (), 0, ()), "/x/", "x")
    view = entry_view(post, Site((), (post,)), SiteUrls(config), french)
    json.loads(json_ld(view, "Blog", "", "/", "", SiteUrls(config)))
    check_dates([post], datetime.now(UTC), Problems())
