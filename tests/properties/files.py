"""Hypothesis strategies for whole source files: front matter in every shape bloggers and
their old tools write it (YAML and Hugo's TOML, broken or not), and file names.

Together with the Markdown bodies of `strategies.py` they make the bytes a post file holds.
"""

from __future__ import annotations

import os
from datetime import UTC, timedelta, timezone

from hypothesis import strategies as st

from tests.properties.strategies import CHARACTERS, HEADINGS, NEWLINES, ODD, PIECES

KEYS = st.sampled_from(
    [
        *("title", "date", "lang", "layout", "tags", "draft", "slug", "description"),
        *("translated", "generated", "audio", "sources", "see_also", "discussion"),
        *("translation_key", "url", "aliases", "extra", "updated", "corrections"),
        # Jekyll's and Hugo's own keys, and their spellings.
        *("categories", "category", "published", "permalink", "publishDate", "lastmod"),
        *("expiryDate", "summary", "weight", "Title", "DATE", "excerpt", "author", "type"),
        *("headless", "isCJKLanguage", "keywords", "tag", "x", "last_modified_at"),
    ]
)

DATES = st.sampled_from(
    [
        *("2024-01-01", "2024-13-45", "2024-02-30", "2023-02-29", "0000-01-01", "0001-01-01"),
        *("9999-12-31", "10000-01-01", "2024-1-1", "20240101", "01/02/2024", "2024/01/02"),
        *("2024-01-01T10:00:00+01:00", "2024-01-01 10:00:00", "2024-01-01T25:61:00Z"),
        *("2024-01-01T10:00:00.123456789Z", "9999-12-31T23:59:59-23:59", "'2024-01-01'"),
        *("0001-01-01T00:00:00+14:00", "2024-01-01T10:00", "2024-01-01 10:00:00 +0100"),
        *("2024-01-01T10:00:00+25:00", "2024-W01", "1 janvier 2024", "2024-01-01T"),
    ]
)

SCALARS = st.sampled_from(
    [
        *("T", "Un titre", "'cité'", '"double \\x41"', '"\\ud800"', "", "~", "null", "Null"),
        *("true", "False", "yes", "NO", "fales", "on", "off", "y", "0", "-1", "1", "2"),
        *("1e400", "-1e400", "99999999999999999999999999", ".inf", "-.inf", ".nan"),
        *("0x1F", "0o17", "0b101", "1_000", "12:30:00", "3.14", "1:2:3", "-0"),
        *("[a, b]", "[]", "{}", "{a: 1}", "{part: texte}", "{model: x, part: 1}", "[[a]]"),
        *("[{a: b}]", "{from: en}", "{from: [en]}", "[1, 2, 3]", "[a, [b, [c]]]"),
        *("&a x", "*a", "*inconnu", "&a [1, *a]", "!!binary aGVsbG8=", "!!str 1"),
        *("!!python/object:os.system x", "!!timestamp x", "!perso x", "!!set {a}", "!!omap []"),
        *("|\n  bloc\n  de texte", ">-\n  plié", "\n  - a\n  - b", "\n  sous: clé\n  autre: 1"),
        *("\n  - {a: [1", "'non fermée", '"non fermée', "a: b: c", "# commentaire", "@x", "`x`"),
        *("%x", "x\ty", "\t", "/chemin/", "../hors", "/a b/", "https://example.org/", "//x"),
        *("/%zz/", "fr", "en", "fr-CA", "ar", "xx-YY", "EN", "chat", "conversation", "page"),
    ]
)

DATED_LINES = st.builds(
    "{}: {}".format, st.sampled_from(["date", "publishDate", "lastmod", "expiryDate"]), DATES
)
YAML_LINES = st.one_of(
    DATED_LINES,
    st.builds(
        "{}{}{}{}".format,
        st.one_of(KEYS, KEYS, KEYS, st.text(CHARACTERS, max_size=6)),
        st.sampled_from([":", ":", " :", "="]),
        st.sampled_from([" ", " ", "", "\t", "  "]),
        st.one_of(SCALARS, DATES, st.text(CHARACTERS, max_size=8)),
    ),
    st.sampled_from(
        [
            *("<<: *a", "<<: {a: 1}", "- item", "  - imbriqué", "? clé complexe", "---"),
            *("...", "clé", ": valeur", "\ttitle: x", "title: T", "date: 2024-01-01"),
            *("tags:", "  - a", "  -", "generated:", "  part: texte", "  model: x"),
            *("translated:", "  from: en", "%YAML 1.1", "%TAG ! tag:x,2024:", "  ", ""),
            *("title: &a T", "slug: *a", "aliases:", "  - /ancien/", "  - ../x"),
        ]
    ),
)

TOML_LINES = st.sampled_from(
    [
        *('title = "T"', "date = 2024-01-01", "date = 2024-01-01T10:00:00Z", 'tags = ["a", 1]'),
        *("draft = true", 'draft = "fales"', "[params]", "x = ", 'title = """', "[[a]]"),
        *("a.b = 1", "date = 1979-05-27T07:32:00-08:00", "x = inf", "x = 1e400", "x = nan"),
        *("date = 07:32:00", 'title = "T"', 'title = "U"', 'aliases = ["/a/", "/b/"]', ""),
        *('slug = "été"', "weight = 99999999999999999999", "[taxonomies]", "= x", "tags = ["),
        *('lang = "en"', 'generated = { part = "texte" }', 'url = "/x/"', "title: T"),
    ]
)

BODIES = st.lists(st.one_of(HEADINGS, PIECES, NEWLINES), max_size=8).map("".join)
"""Short bodies: the front matter is what is tested, and Jekyll's title may be a heading."""

FENCES = st.sampled_from(["---"] * 6 + ["+++"] * 2 + ["--- ", "----", "...", "", "---\t", "+++ "])


@st.composite
def post_texts(draw: st.DrawFn) -> str:
    """A post file's text: front matter (maybe unclosed, maybe TOML) then a body."""
    fence = draw(FENCES)
    lines = draw(st.lists(TOML_LINES if fence.startswith("+") else YAML_LINES, max_size=10))
    closing = draw(st.sampled_from([fence.strip(), fence.strip(), "---", "+++", "...", None]))
    newline = draw(st.sampled_from(["\n", "\n", "\r\n", "\r"]))
    head = [fence, *lines] + ([] if closing is None else [closing])
    start = draw(st.sampled_from([""] * 6 + ["\ufeff", "\n", " ", "\ufeff\ufeff"]))
    return start + newline.join(head) + newline + draw(BODIES)


@st.composite
def post_bytes(draw: st.DrawFn) -> bytes:
    """What a post file may hold on disk, valid UTF-8 or not."""
    data = draw(post_texts()).encode("utf-8")
    if draw(st.sampled_from([False] * 19 + [True])):
        at = draw(st.integers(0, len(data)))
        bad = draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xfe\xff", b"\x00"]))
        data = data[:at] + bad + data[at:]
    return data


_STEM_PIECES = st.one_of(
    st.sampled_from(
        [
            *("été", "a b", "a.b", "..", ".", "-", "_", "_index", "index", "x.en", "x.fr-CA"),
            *("x-en", "x.EN", "x.xyz", "L’IA", "a%20b", "a#b", "a?b", "a&b", "CON", "~x", "#x"),
            *("2024-01-01", "2024-13-45-x", "x.draft", "   ", "a\tb", "😀", "ﬁn", "İ", "ß"),
            # A name that is not UTF-8 on disk, as Python reads it (surrogate escapes).
            *("\udcff", "caf\udce9"),
        ]
    ),
    st.text(CHARACTERS.filter(lambda c: c not in "/\0"), max_size=10),
    ODD.filter(lambda c: "\0" not in c),
)
_DATE_PREFIXES = st.sampled_from(
    [
        *("", "", "2024-01-01-", "2024-13-45-", "0000-00-00-", "2024-1-1-", "99999-01-01-"),
        *("2024-02-29-", "2023-02-29-", "2024-01-01", "2024-01-01--"),
    ]
)
_SUFFIXES = st.sampled_from(
    [".md", ".md", ".en.md", ".fr.md", ".markdown", ".MD", ".ar.md", ".fr-CA.md", ".zz.md"]
)


@st.composite
def file_names(draw: st.DrawFn) -> str:
    """A Markdown file name as people name posts, shortened to what a file system holds."""
    stem = draw(_DATE_PREFIXES) + "".join(draw(st.lists(_STEM_PIECES, max_size=5)))
    stem *= draw(st.sampled_from([1, 1, 1, 40]))  # some very long names
    suffix = draw(_SUFFIXES)
    room = 255 - len(suffix.encode())
    while len(os.fsencode(stem)) > room:
        stem = stem[:-1]
    return stem + suffix


# The farthest offsets a date can carry: the edges of the calendar overflow in them.
_EAST, _WEST = timezone(timedelta(hours=14)), timezone(-timedelta(hours=23, minutes=59))
_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(CHARACTERS, max_size=8),
    SCALARS,
    st.dates(),
    st.datetimes(timezones=st.sampled_from([None, UTC, _EAST, _WEST])),
)


_SUBKEYS = st.sampled_from(["part", "model", "from", "by", "x"])


def _nested(inner: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    mapping = st.dictionaries(_SUBKEYS, inner, max_size=3)
    return st.one_of(st.lists(inner, max_size=3), mapping)


VALUES = st.recursive(_LEAVES, _nested, max_leaves=5)
"""What YAML or TOML can give a key: any value, nested, of any type."""
