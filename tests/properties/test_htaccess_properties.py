"""Any `.htaccess` a blog publishes is read without failing: Apache's rules are written in
a regex dialect RE2 reads only in part, and a rule RE2 cannot read is left out."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitegen.model import OutputFile
from sitegen.publish.htaccess import Redirects

DIRECTIVES = ["Redirect", "RedirectMatch", "RewriteRule", "RewriteCond", "redirect 301", "#"]
PIECES = ["^", "$", "(.*)", "[/]?", "$1", "%{HTTP_HOST}", "{", "}", "(", ")", "\\", "[R=301,L]"]
PIECES += ["https://carnet.example/", "/2024/05/billet/", "a{4294967296}", "%C2%A0", "é", " "]
words = st.lists(st.sampled_from(PIECES) | st.text(max_size=8), max_size=6).map("".join)
lines = st.tuples(st.sampled_from(DIRECTIVES), st.lists(words, max_size=4)).map(
    lambda line: " ".join([line[0], *line[1]])
)


def redirects_of(text: str) -> Redirects:
    return Redirects(
        [OutputFile(".htaccess", text.encode(), ".htaccess")], "https://carnet.example/"
    )


@given(st.lists(lines, max_size=8).map("\n".join), words)
def test_any_htaccess_is_read_and_any_address_looked_up(text: str, path: str) -> None:
    found = redirects_of(text).lead_somewhere("/" + path, lambda moved: moved.startswith("/20"))
    assert found in (True, False)


@pytest.mark.parametrize(
    "rule",
    [
        "RewriteRule a{1001} /2024/ [R]",
        "RedirectMatch " + "(" * 2000 + " /2024/",
        "RedirectMatch ^/(?!blog/)(.*)$ /2024/",
    ],
)
def test_a_rule_re2_cannot_read_is_left_out(rule: str) -> None:
    assert redirects_of(rule).rules == []
