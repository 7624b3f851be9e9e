"""Which language a text is written in: French or English, from their most frequent words.

The blog writes French and English, so a small detector does: the share of each
language's most frequent words (articles, pronouns, prepositions), which in running text
of a few dozen words differ by a factor of ten between the two. It only judges when one
language clearly wins. `sitegen check` reads a post's prose with it (`check/language.py`);
a Jekyll or Hugo tree that names no language is read as the language its posts are
written in (`posts_language`), since neither tool has a language of its own.
(py3langid would know 97 languages, but needs numpy, 50 MB, and 0.8 s to load its model:
more than checking the whole sample blog.)
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from sitegen.project.errors import Problems
from sitegen.project.files import read_head, walk


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words frequent in one language and (nearly) absent from the other: "a", "on", "as", "or",
# "but" and "an" are words of both and left out. To judge another language, add its own.
STOPWORDS = {
    "fr": _words(
        "le la les un une des du de et est en que qui dans pour pas sur au aux ce cette ces"
        " il elle ils elles nous vous je se sa son ses leur leurs ne avec par mais où sont"
        " été être ont fait comme tout tous aussi très donc ça cela l' d' j' c' n' qu'"
    ),
    "en": _words(
        "the of and to in is that it for was are with be by this have from not which they"
        " you we he she his her their been has had will would can there what all were if"
        " when so no than its also these into who do does about our them"
    ),
}
MIN_WORDS = 30
"""Shorter texts are not judged: a title or a caption says too little."""
MIN_SHARE = 0.15
"""The winning language's words are at least this share of all words…"""
MARGIN = 3
"""…and this many times the other's."""
_WORD = re.compile(r"[^\W\d_]+'?")
"""A word, with the apostrophe of an elision: French `l'`, not the `l` of a formula."""

POSTS_READ = 20
"""The newest posts say what a blog is written in; more would only slow each build."""
_HEAD = 8_192
"""Characters read of each post: a few paragraphs are plenty."""
_NOT_PROSE = re.compile(
    r"\A(---|\+\+\+)\n.*?^\1[ \t]*$"  # front matter
    r"|^[ \t]*(```|~~~).*?^[ \t]*\2"  # fenced code
    r"|\{%-?\s*(highlight|raw)\b(?:(?!\{%-?\s*\3\b).)*?\{%-?\s*end\3\s*-?%\}"  # Liquid's code
    r"|\$\$.*?\$\$|`[^`\n]*`"  # math, code
    r"|<[^<>\n]{0,300}>|\{[{%](?:(?!\{[{%]).){0,300}?[}%]\}"  # tags
    r"|https?://\S+|^(?: {4}|\t)[^\n]*",  # addresses, indented code
    re.S | re.M,
)
"""What the raw file of a post holds besides its author's sentences."""


def detect(text: str) -> str | None:
    """The language `text` is clearly written in, or None when unsure."""
    words = _WORD.findall(text.casefold().replace("’", "'"))
    if len(words) < MIN_WORDS:
        return None
    hits = sorted(
        ((sum(w in s for w in words), lang) for lang, s in STOPWORDS.items()), reverse=True
    )
    (best, lang), (second, _) = hits[0], hits[1]
    if best < MIN_SHARE * len(words) or best < MARGIN * second:
        return None
    return lang


def posts_language(folder: Path, root: Path) -> str | None:
    """The language most of the newest posts under `folder` (in the project `root`) are
    written in, or None when they do not say (too short, or as many in each)."""
    if not folder.is_dir():
        return None
    walked = walk(folder, root, Problems(), _is_post)
    files = [here / name for here, _, names in walked for name in names]
    votes: Counter[str] = Counter()
    for path in sorted(files, key=lambda p: p.name, reverse=True)[:POSTS_READ]:
        said = file_language(_head(path))
        if said:
            votes[said] += 1
    ranked = votes.most_common(2)
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _is_post(name: str) -> bool:
    return name.endswith((".md", ".markdown", ".html"))


def file_language(text: str) -> str | None:
    """The language a post's file is written in, reading its author's sentences only."""
    return detect(_NOT_PROSE.sub(" ", text))


def _head(path: Path) -> str:
    try:
        head = read_head(path, _HEAD * 4)  # a character takes up to four bytes
    except OSError:
        return ""
    return head.decode("utf-8", errors="replace")[:_HEAD].replace("\r\n", "\n")
