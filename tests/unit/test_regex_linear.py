"""Every regular expression run on text from a post, a chat, an imported page or another
tool's blog tree takes time in proportion to the text, not its square.

Each case runs a pattern (or the code around it) on a hostile text of 300 000 characters
that made it quadratic or worse: a linear pattern reads it in well under a second, a
quadratic one takes hours. The cases run in one child process, each bounded by a generous
timeout, so a slow machine cannot fail them and a quadratic pattern always does.
"""

from __future__ import annotations

import selectors
import subprocess
import sys
from collections.abc import Callable, Iterator
from re import Pattern

import pytest

from sitegen.check import text as check_text
from sitegen.content import foreignmatter as matter
from sitegen.foreign import (
    code,
    hugotemplates,
    includes,
    kramdown,
    leftovers,
    liquid,
    liquidtree,
    liquidvalues,
    shortcodes,
)
from sitegen.importers import ownsyntax, pages, whatsapp
from sitegen.importers.privacy import Redactor
from sitegen.markdown import rules as mdrules
from sitegen.markdown import texdialect
from sitegen.model import OutputFile
from sitegen.publish import feeds
from sitegen.publish.htaccess import Redirects
from sitegen.text import contacts, typography
from sitegen.text import language as textlanguage
from sitegen.theme import descriptions
from tests.conftest import REPO

N = 300_000
CASE_TIMEOUT = 20.0
"""Seconds for one case: a hundred times what a linear pattern needs on a busy machine."""


def long(unit: str, end: str = "") -> str:
    """`unit` repeated to N characters, then `end` (what makes the pattern fail at last)."""
    return unit * (N // len(unit) + 1) + end


def each(pattern: Pattern[str], text: str) -> Callable[[], object]:
    return lambda: list(pattern.finditer(text))


def redirected(rule: str, path: str) -> Callable[[], object]:
    """Whether a tree's `.htaccess` holding `rule` sends `path` somewhere."""
    files = [OutputFile(".htaccess", rule.encode(), ".htaccess")]
    redirects = Redirects(files, "https://carnet.example/")
    return lambda: redirects.lead_somewhere(path, lambda moved: False)


CASES: dict[str, Callable[[], object]] = {
    # Chats and the contacts `sitegen check` reports.
    "e-mail address: a long word": each(contacts.EMAIL, long("a")),
    "e-mail address: a long dotted word": each(contacts.EMAIL, long("a.")),
    "e-mail address: at signs": each(contacts.EMAIL, long("a@")),
    "e-mail address: a domain without its end": each(contacts.EMAIL, "a@" + long("a.", "1")),
    "e-mail address: a long word then [at]": each(contacts.EMAIL, long("a", " [at] b")),
    "spelled e-mail address: dots": each(contacts.WRITTEN_EMAIL, long("a dot ")),
    "spelled e-mail address: -dot-": each(contacts.WRITTEN_EMAIL, long("a-dot-", "!")),
    "spelled e-mail address: spaced dots": each(contacts.WRITTEN_EMAIL, long("a . ")),
    "spelled e-mail address: at": each(contacts.WRITTEN_EMAIL, long("a at ")),
    "phone number: digits and spaces": each(contacts.PHONE_CANDIDATE, long("1 ")),
    "phone number: a table's columns": lambda: contacts._COLUMNS.search(long(" ", "1")),
    "phone number: alternatives": lambda: contacts._ALTERNATIVES.split(long(" ", "1")),
    "chat: spaces inside a number": lambda: Redactor("fr").text("1234567" + long(" ", "1.1")),
    "chat: a long word": lambda: Redactor("fr").text(long("a")),
    "chat: words with dots and at signs": lambda: Redactor("fr").text(long("nom.a@b ")),
    "chat: an edited mark after spaces": lambda: whatsapp._EDITED.sub("", long(" ", "x")),
    "chat: a header line": lambda: whatsapp._HEADER.match("=== a" + long(" ", "b")),
    "check: placeholders {{": each(check_text.PLACEHOLDER, long("{{")),
    "check: placeholders {%": each(check_text.PLACEHOLDER, long("{%")),
    "check: placeholders [insérer": each(check_text.PLACEHOLDER, long("[insérer")),
    "check: raw HTML attributes": lambda: check_text._ATTRIBUTE.sub(" ", long("a")),
    # Posts as sitegen builds them.
    "French spaces before ; ! ? : »": lambda: typography.typeset(long(" ", "x"), "fr"),
    "a heading's {#id}": lambda: mdrules._HEADING_ID.search(long(" ", "x")),
    "a feed's heading anchors": lambda: feeds._HEADING_ANCHOR.sub("", long(" ")),
    "a page's description: tags": lambda: descriptions.plain(long("<")),
    "a page's description: formulas": each(descriptions._MATH, long('<math alttext="a">')),
    "a post's language: Liquid code": each(textlanguage._NOT_PROSE, long("{% raw %}")),
    "a post's language: tags": each(textlanguage._NOT_PROSE, long("{{")),
    # Other tools' blog trees.
    "Hugo template actions {{": each(hugotemplates._ACTION, long("{{")),
    "Hugo template actions and spaces": each(hugotemplates._ACTION, "{{ a" + long(" ")),
    "Hugo template comments": each(hugotemplates._COMMENT, long("{{/*")),
    "Hugo shortcodes": each(shortcodes._SHORTCODE, long("{{< a")),
    "Hugo shortcode comments": each(shortcodes._SHORTCODE, long("{{</*")),
    "Hugo shortcodes and spaces": each(shortcodes._SHORTCODE, "{{< a" + long(" ")),
    "Liquid raw blocks": each(liquidtree.TAG, long("{% raw %}")),
    "Liquid comments": each(liquidtree.TAG, long("{% comment %}")),
    "Liquid tags": each(liquidtree.TAG, long("{% a ")),
    "Liquid outputs": each(liquidtree.TAG, long("{{ a ")),
    "Liquid when values": lambda: liquid._WHEN_VALUES.split(long(" ", "x")),
    "Liquid ranges": lambda: liquid._RANGE.match("(" + long("(..")),
    "Liquid assign": lambda: liquid._ASSIGN.match("a = b" + long(" ", "c") + " "),
    "Liquid assign without a value": lambda: liquid._ASSIGN.match("a =" + long(" ")),
    "Liquid variable paths": each(liquidvalues._PATH_PART, long("[")),
    "Liquid strip_html": lambda: liquidvalues._TAGS.sub("", long("<")),
    "Liquid and/or": lambda: liquidvalues._LOGIC.split(long(" ", "x")),
    "Liquid comparisons": lambda: liquidvalues._COMPARISON.split(long(" ", "x")),
    "Jekyll include parameters": each(includes._PARAMETER, long("a")),
    "Jekyll leftovers {%": each(leftovers._LEFTOVER, long("{%")),
    "Jekyll leftovers {{<": each(leftovers._LEFTOVER, long("{{<")),
    "Jekyll leftovers {:": each(leftovers._LEFTOVER, long("{:")),
    "kramdown attribute lists": each(kramdown._SPAN_IAL, long(" {:")),
    "kramdown extensions": each(kramdown._EXTENSION, long("{::comment}")),
    "kramdown single extensions": each(kramdown._EXTENSION, long("{::a")),
    "kramdown options": each(kramdown._MARKDOWN_IN_HTML, long("{::options")),
    "kramdown HTML blocks": lambda: kramdown._closing_line([long("<div ")], 0, "div"),
    "HTML code in a Markdown tree": each(code._HTML_CODE, long("<pre>")),
    ".htaccess: nested repeats": redirected("RedirectMatch ^/(a+)+$ /x", "/" + "a" * 40 + "!"),
    ".htaccess: three wildcards": redirected(
        "RewriteRule (.*)(.*)(.*)x https://exemple.fr/ [R]", long("a")
    ),
    "a heading in front matter's place": lambda: matter._HEADING.match("#" + long(" ")),
    "a heading with spaces inside": lambda: matter._HEADING.match("# a" + long(" ", "b")),
    # Formulas: each binomial is grouped, without copying the formula once per binomial.
    "binomials never closed": lambda: texdialect._grouped_binomials(long("\\binom{")),
    # Imports.
    "imported page links": lambda: pages._LINK.findall(long("[a](x")),
    "imported dialogue turns": lambda: ownsyntax._HEAD.sub("", long(" ", "x")),
    "imported dialogue turns in a list": lambda: ownsyntax._HEAD.sub("", "- " + long(" ", "x")),
}

RUNNER = """
import sys
from tests.unit.test_regex_linear import CASES
for name in sys.argv[1:]:
    CASES[name]()
    print(name, flush=True)
"""


def finished(names: list[str]) -> Iterator[tuple[str, bool]]:
    """(name, finished in time) of each case, run in order in a child process; after a case
    that does not finish, a new child goes on with the next one."""
    while names:
        child = subprocess.Popen(
            [sys.executable, "-c", RUNNER, *names], cwd=REPO, stdout=subprocess.PIPE, text=True
        )
        assert child.stdout is not None
        with selectors.DefaultSelector() as selector:
            selector.register(child.stdout, selectors.EVENT_READ)
            while names and selector.select(CASE_TIMEOUT):
                line = child.stdout.readline().rstrip("\n")
                if line != names[0]:  # the child stopped: a case raised
                    break
                yield names.pop(0), True
        child.kill()
        child.wait()
        if names:
            yield names.pop(0), False


@pytest.fixture(scope="module")
def in_time() -> dict[str, bool]:
    return dict(finished(list(CASES)))


@pytest.mark.parametrize("case", list(CASES))
def test_a_long_hostile_text_takes_linear_time(case: str, in_time: dict[str, bool]) -> None:
    assert in_time[case], f"{case}: not done in {CASE_TIMEOUT:.0f} s on {N} characters (or failed)"
