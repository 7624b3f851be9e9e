"""The progress line: what it says, and when it is shown."""

from __future__ import annotations

import io

import pytest

from sitegen.build import BuildReport
from sitegen.cli.progress import ProgressLine, wanted


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_line_says_the_stage_the_count_and_the_rate() -> None:
    report = BuildReport()
    with report.stage("markdown"):
        report.advance(500, 1000)
        report.started -= 2.5  # as if the stage had been running for 2.5 s
        line = ProgressLine(report, io.StringIO())
        line.start -= 2.5
        text = line.line()
    stage, rate, elapsed = text.split(" · ")
    assert stage == "markdown 500/1000"
    assert rate.endswith("/s") and 190 <= int(rate[:-2]) <= 200
    assert elapsed.endswith(" s") and 2.5 <= float(elapsed[:-2]) < 3.0


def test_an_uncounted_stage_shows_its_name_and_time() -> None:
    report = BuildReport()
    with report.stage("search"):
        assert ProgressLine(report, io.StringIO()).line().startswith("search · ")


def test_the_line_is_erased_when_the_build_ends() -> None:
    stream = io.StringIO()
    with ProgressLine(BuildReport(), stream) as line:
        line.width = 12  # as if a line had been drawn
    assert stream.getvalue() == "\r" + " " * 12 + "\r"


@pytest.mark.parametrize(
    ("forced", "quiet", "terminal", "ci", "shown"),
    [
        (False, False, True, "", True),
        (False, True, True, "", False),
        (False, False, False, "", False),
        (False, False, True, "true", False),
        (True, False, False, "true", True),
    ],
)
def test_shown_on_a_terminal_and_in_ci_only_when_asked(
    monkeypatch: pytest.MonkeyPatch, forced: bool, quiet: bool, terminal: bool, ci: str, shown: bool
) -> None:
    monkeypatch.setenv("CI", ci)
    stream = Terminal() if terminal else io.StringIO()
    assert wanted(forced, quiet, stream) is shown
