"""`sitegen import whatsapp|article`: a draft post from material found elsewhere."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitegen.project.console import counted, print_diagnostics, shown
from sitegen.project.errors import ContentError, UsageError

if TYPE_CHECKING:
    from sitegen.settings.config import SiteConfig


def add_import_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`import whatsapp` and `import article` under the `sitegen` command."""
    importer = commands.add_parser(
        "import", help="turn a chat export or a pasted article into a draft post"
    )
    kinds = importer.add_subparsers(dest="kind", metavar="KIND", required=True)
    chat = kinds.add_parser("whatsapp", help="a WhatsApp chat export (.txt)")
    chat.add_argument("export", type=Path, help="the exported chat, e.g. export.txt")
    chat.add_argument("--title", help="the post's title (default: « Discussion du … »)")
    chat.add_argument("--from", dest="start", type=_day, help="first day kept (YYYY-MM-DD)")
    chat.add_argument("--to", dest="end", type=_day, help="last day kept (YYYY-MM-DD)")
    chat.add_argument(
        "--names",
        type=Path,
        metavar="MAP.yaml",
        help="`Nom réel: Nom affiché` lines; no name: a pseudonym",
    )
    chat.add_argument(
        "--keep-names",
        action="store_true",
        help="publish participants' full names, only with their consent "
        "(default: first name and initials, « Pierrick B. »)",
    )
    chat.add_argument("--lang", help="language of the chat (default: the site's)")
    chat.add_argument(
        "--keep-system", action="store_true", help="keep the app's notices (joins…) as small notes"
    )
    chat.set_defaults(run=_whatsapp)
    article = kinds.add_parser(
        "article", help="an article copied from a web page (.txt, .md, .html)"
    )
    article.add_argument("page", type=Path, help="the saved page: PAGE.txt, PAGE.md or PAGE.html")
    article.add_argument("--from-lang", help="the original's language, if this is a translation")
    article.add_argument("--url", help="the original's address")
    article.add_argument("--title", help="the post's title (default: the first line or <h1>)")
    article.add_argument("--lang", help="language of the text (default: the site's)")
    article.set_defaults(run=_article)
    blogs = []
    for tool in ("jekyll", "hugo"):
        blog = kinds.add_parser(tool, help=f"a whole {tool.capitalize()} blog, into content/")
        blog.add_argument("old", type=Path, help=f"the {tool.capitalize()} blog's folder")
        blog.set_defaults(run=_blog, tool=tool)
        blogs.append(blog)
    for parser in (chat, article, *blogs):
        parser.add_argument(
            "--source", metavar="DIR", default=".", help="the blog's folder (default: .)"
        )
        parser.add_argument("--debug", action="store_true", help="show Python tracebacks")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: use YYYY-MM-DD") from None


def _language(config: SiteConfig, lang: str | None) -> str:
    lang = lang or config.language
    if lang not in config.languages:
        raise UsageError(
            f"--lang {lang}: not a language of this site ({', '.join(config.languages)})"
        )
    return lang


def _whatsapp(args: argparse.Namespace) -> int:
    from sitegen.importers.chatpost import chat_draft, chat_report
    from sitegen.importers.files import load_names, read_text
    from sitegen.importers.privacy import Redactor
    from sitegen.importers.whatsapp import read_export
    from sitegen.settings.config import load_config

    config = load_config(Path(args.source))
    lang = _language(config, args.lang)
    names = load_names(args.names) if args.names else {}
    export, problems = read_export(read_text(args.export), str(args.export.absolute()))
    if problems:
        raise ContentError(problems)
    export.messages = export.between(args.start, args.end)
    if not export.messages:
        raise UsageError(f"{args.export}: no message between --from and --to")
    redactor = Redactor(lang, names, args.keep_names)
    draft = chat_draft(export, redactor, lang, args.title, args.keep_system)
    path = _write(config, draft.meta, draft.body)
    _report(path, chat_report(export, draft, redactor, args.keep_system))
    return 0


def _article(args: argparse.Namespace) -> int:
    from sitegen.importers.article import article_draft
    from sitegen.importers.files import read_text
    from sitegen.settings.config import load_config

    config = load_config(Path(args.source))
    lang = _language(config, args.lang)
    draft = article_draft(
        args.page, read_text(args.page), lang, args.title, args.from_lang, args.url
    )
    path = _write(config, draft.meta, draft.body)
    _report(path, draft.report)
    return 0


def _blog(args: argparse.Namespace) -> int:
    from sitegen.importers.blog import plan_import, write_import

    new = Path(args.source)
    try:
        plan = plan_import(args.old, args.tool, new)
    except ContentError as exc:  # the old blog's files are named from where the user is
        print_diagnostics(exc.diagnostics, args.old)
        print(
            f"Import failed: {len(exc.diagnostics)} error(s); nothing was written.", file=sys.stderr
        )
        return exc.exit_code
    write_import(plan, new)
    print_diagnostics(plan.warnings, args.old)
    print(
        f"Imported {counted(plan.posts, 'posts')} and {counted(plan.pages, 'pages')} from "
        f"{shown(args.old)} into {shown(new / 'content')}, with "
        f"{counted(plan.copied, 'other files')}; {counted(plan.redirects, 'old addresses')} "
        "kept by redirect pages (`aliases:`)."
    )
    print(f"Next: sitegen build --source {shown(new)}")
    return 0


def _report(path: Path, lines: list[str]) -> None:
    print(f"Wrote {shown(path)} (a draft)")
    for line in lines:
        print(f"  {line}")
    print("Review the draft, then remove `draft: true` to publish it.")


def _write(config: SiteConfig, meta: dict[str, Any], body: str) -> Path:
    from sitegen.content.scaffold import entry_path, write_new
    from sitegen.urls import slugify

    path = entry_path(config, "post", slugify(meta["title"]), meta["lang"], meta["date"])
    write_new(path, meta, body, config, "sitegen import")
    return path
