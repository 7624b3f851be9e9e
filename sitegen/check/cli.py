"""`sitegen check`: its options, its output and its exit codes."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path

from sitegen.check.rules import RULES
from sitegen.project.errors import ConfigError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def add_check_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`check` under the `sitegen` command."""
    check = commands.add_parser(
        "check",
        help="lint the content and the built site (nothing is written)",
        description="Lint the posts and the site as `sitegen build` would publish it; "
        "nothing is written. Exit 1 when there is an error, 2 on a usage problem.",
        epilog=_rules_table(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("--source", metavar="DIR", default=".", help="the blog's folder")
    check.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    check.add_argument("--drafts", action="store_true", help="check drafts and future posts too")
    check.add_argument(
        "--external", action="store_true", help="also fetch every web link (cached for a day)"
    )
    check.add_argument(
        "--timeout",
        type=_seconds,
        default=10.0,
        metavar="SECONDS",
        help="time each web link may take with --external (default: 10)",
    )
    check.add_argument("--debug", action="store_true", help="show Python tracebacks")
    check.set_defaults(run=_check)


def _rules_table() -> str:
    width = max(len(r.code) for r in RULES)
    lines = [f"  {r.code:<{width}} {r.severity.value:<8} {r.summary}" for r in RULES]
    return "rules (turn one off in sitegen.yaml: `check: {disable: [code]}`):\n" + "\n".join(lines)


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0
    if not 0 < seconds <= 600:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds (up to 600)")
    return seconds


def _check(args: argparse.Namespace) -> int:
    from sitegen.check.report import as_json, as_text, summary
    from sitegen.check.runner import CheckOptions, check
    from sitegen.project.console import located, print_diagnostics

    options = CheckOptions(Path(args.source), args.drafts, args.external, args.timeout)
    try:
        findings = check(options)
    except ConfigError as exc:  # the check could not start: nothing was checked
        if args.debug:
            traceback.print_exc()
        print_diagnostics(exc.diagnostics, args.source)
        print(f"error: {exc}" if not exc.diagnostics else f"Check not run: {exc}", file=sys.stderr)
        return EXIT_USAGE
    findings = sorted((located(f, args.source) for f in findings), key=lambda f: f.sort_key())
    try:
        (as_json if args.format == "json" else as_text)(findings, sys.stdout)
        sys.stdout.flush()
    except BrokenPipeError:  # `sitegen check | head`: the reader has seen enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    print(summary(findings), file=sys.stderr)
    return EXIT_FINDINGS if any(f.severity.value == "error" for f in findings) else EXIT_OK
