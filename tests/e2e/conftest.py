"""The fixture trees of tests/fixtures/foreign/, built once a session (`FixtureBuilds`)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.foreign_sites import FixtureBuilds


@pytest.fixture(scope="session")
def fixture_builds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FixtureBuilds]:
    builds = FixtureBuilds(tmp_path_factory)
    yield builds
    builds.assert_unchanged()
