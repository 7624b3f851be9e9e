"""The `sitegen` command: argument parsing, messages and exit codes."""

from __future__ import annotations

import argparse
import gc
import os
import sys
import traceback
from contextlib import nullcontext, suppress
from datetime import datetime
from pathlib import Path
from typing import NoReturn

from sitegen import __version__
from sitegen.check.cli import add_check_command
from sitegen.importers.cli import add_import_commands
from sitegen.project.console import print_diagnostics, shown
from sitegen.project.errors import (
    REPORT_HINT,
    ContentError,
    InternalError,
    Problems,
    SitegenError,
    bug_message,
)

EXIT_OK, EXIT_USAGE = 0, 2
EXIT_INTERNAL = InternalError.exit_code


def run() -> NoReturn:
    """The command as a process runs it (`sitegen`, `python -m sitegen`).

    A build of ten thousand posts makes a million objects that live until it ends: Python's
    collector would walk them again and again while they are made, and the interpreter free
    them one by one at exit, for nothing (together a fifth of an edit build). So the
    collector waits for many more new objects than its default, and the process ends at
    once when the command returns: by then every file it wrote is closed, and only the
    standard streams hold what was not written yet."""
    gc.set_threshold(_NEW_OBJECTS, *gc.get_threshold()[1:])
    code = main()
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):  # a closed pipe or stream: nothing more to say
            stream.flush()
    os._exit(code)


_NEW_OBJECTS = 100_000
"""Objects made between two collections of the youngest ones (Python's default is 700)."""


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.run(args))
    except InternalError as exc:
        if args.debug:
            print("\n".join(exc.tracebacks), file=sys.stderr)
        print_diagnostics(exc.diagnostics, args.source)
        print(_stopped(args.command), file=sys.stderr)
        return exc.exit_code
    except SitegenError as exc:
        if args.debug:
            traceback.print_exc()
        if exc.diagnostics:
            print_diagnostics(exc.diagnostics, args.source)
            what = "Build failed" if isinstance(exc, ContentError) else str(exc)
            kept = "the previous output was left untouched"
            if args.command == "import":
                what, kept = "Import failed", "nothing was written"
            print(f"{what}: {len(exc.diagnostics)} error(s); {kept}.", file=sys.stderr)
        else:
            print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("Interrupted; the previous output was left untouched.", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug in sitegen: say so plainly, traceback only on request
        if args.debug:
            raise
        print(f"sitegen: {bug_message(exc)}", file=sys.stderr)
        print(f"  hint: {REPORT_HINT}", file=sys.stderr)
        print(_stopped(args.command), file=sys.stderr)
        return EXIT_INTERNAL


def _stopped(command: str) -> str:
    kept = (
        "nothing was written" if command == "import" else "the previous output was left untouched"
    )
    return f"sitegen {__version__} stopped on a bug of its own (exit {EXIT_INTERNAL}); {kept}."


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sitegen",
        description="Build the blog into a static site (French first, honest about AI).",
    )
    parser.add_argument("--version", action="version", version=f"sitegen {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="build the site into the output folder")
    _common(build)
    build.add_argument("--output", metavar="DIR", help="output folder (default: public/)")
    build.add_argument(
        "--base-url",
        metavar="URL",
        help="public URL of the site, e.g. https://user.github.io/repo/",
    )
    build.add_argument("--drafts", action="store_true", help="include drafts and future posts")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument(
        "--force",
        action="store_true",
        help="replace an output folder that lost sitegen's marker (only if sitegen wrote it all)",
    )
    build.add_argument(
        "--no-cache",
        action="store_true",
        help="reuse and save nothing in .sitegen-cache/ (--force still reads what sitegen wrote)",
    )
    build.add_argument(
        "--progress", action="store_true", help="show the progress line even in CI logs"
    )
    volume = build.add_mutually_exclusive_group()
    volume.add_argument("-v", "--verbose", action="store_true", help="print each stage's time")
    volume.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    build.set_defaults(run=_build)

    serve = commands.add_parser("serve", help="serve the site while you write; pages reload")
    _common(serve)
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
    )
    serve.add_argument("--port", type=int, help="port (default: 8000, or the next free one)")
    serve.add_argument("--drafts", action="store_true", help="include drafts and future posts")
    serve.add_argument(
        "--poll", action="store_true", help="poll for changes (network drives, containers)"
    )
    serve.add_argument("--open", action="store_true", help="open the site in a browser")
    serve.set_defaults(run=_serve)

    clean = commands.add_parser("clean", help="delete the built site and the build cache")
    _common(clean)
    clean.set_defaults(run=_clean)

    new = commands.add_parser("new", help="start a new post or page")
    _common(new)
    new.add_argument(
        "title",
        nargs="?",
        help='the title, e.g. "L’attention expliquée" (the principles page has its own)',
    )
    new.add_argument("--lang", help="language of the text (default: the site's)")
    new.add_argument(
        "--layout",
        choices=["post", "conversation", "chat", "page", "principles"],
        default="post",
        help="principles: the page saying how the blog uses AI, reviews and corrects",
    )
    new.set_defaults(run=_new)

    add_import_commands(commands)
    add_check_command(commands)
    return parser


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--source", metavar="DIR", default=".", help="the blog's folder (default: .)"
    )
    parser.add_argument("--debug", action="store_true", help="show Python tracebacks")


def _build(args: argparse.Namespace) -> int:
    from sitegen.build import Build, BuildReport
    from sitegen.cli.progress import ProgressLine, wanted

    problems = Problems(strict=args.strict)
    report = BuildReport()
    line = ProgressLine(report, sys.stderr) if wanted(args.progress, args.quiet) else nullcontext()
    try:
        with line:
            Build(
                Path(args.source),
                problems,
                report,
                # A path typed on the command line is relative to where the user is.
                output_dir=Path(args.output).expanduser().absolute() if args.output else None,
                base_url=args.base_url,
                drafts=args.drafts or None,
            ).write(force=args.force, use_cache=not args.no_cache)
    finally:
        print_diagnostics(problems.warnings, args.source)
    if args.verbose:
        for stage, seconds in report.timings:
            print(f"  {stage:<10} {seconds * 1000:8.1f} ms")
    if not args.quiet:
        for note in report.notes:
            print(f"note: {note}", file=sys.stderr)
        where = shown(report.output) if report.output else "?"
        summary = f"Built {report.pages} pages ({report.files} files) in {report.seconds:.2f} s"
        if report.unchanged:
            summary = (
                f"Nothing changed: {report.pages} pages ({report.files} files) are up to date"
                f" ({report.seconds:.2f} s)"
            )
        print(f"{summary} -> {where}")
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from sitegen.server.serve import ServeOptions, serve

    options = ServeOptions(
        root=Path(args.source),
        host=args.host,
        port=args.port,
        drafts=args.drafts,
        poll=args.poll,
        open_browser=args.open,
    )
    return serve(options)


def _clean(args: argparse.Namespace) -> int:
    from sitegen.output.writer import remove_output
    from sitegen.project.paths import MARKER
    from sitegen.settings.config import load_config
    from sitegen.state.cache import CACHE_FOLDER, clean

    config = load_config(Path(args.source))
    out = config.root / config.output_dir
    removed = [shown(out)] if remove_output(out) else []
    if out.is_dir():
        print(f"{shown(out)} was not written by sitegen (no {MARKER}): left alone")
    if clean(config.root):
        removed.append(shown(config.root / CACHE_FOLDER))
    print(f"Removed {' and '.join(removed)}" if removed else "Nothing to remove")
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    from sitegen.content.scaffold import new_entry
    from sitegen.settings.config import load_config

    config = load_config(Path(args.source))
    path = new_entry(config, args.title, args.lang, args.layout, datetime.now().astimezone())
    print(f"Created {shown(path)}")
    # Every entry `sitegen new` writes says `draft: true` (the table of keys, `keys.py`).
    print("It is a draft: `sitegen serve --drafts` shows it while you write it; remove")
    print("`draft: true` from its front matter to publish it.")
    return EXIT_OK
