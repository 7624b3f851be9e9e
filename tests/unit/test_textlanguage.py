"""The language a blog's posts are written in, read from their files as the author wrote
them: front matter, code, Liquid and addresses are not their sentences."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from sitegen.text.language import file_language, posts_language
from tests.conftest import write_files

FRENCH = (
    "Ce billet explique comment le modèle lit une phrase : il la coupe en morceaux, puis il "
    "donne à chaque morceau un poids qui dit ce qu’il apporte au sens de la phrase entière."
)
ENGLISH_CODE = (
    "```python\n# This is the loop that reads the file and writes what it has found to the log\n"
    "for line in open(path):\n    if line and not line.startswith('#'):\n"
    "        print(line, 'is the one that was found in the file', file=log)\n```\n"
    "{% highlight python %}\n# And this is what the other tool does with it when it is run\n"
    "{% endhighlight %}\n    # an indented block, which is code for all of them\n"
)


def test_french_posts_full_of_english_code_are_french(tmp_path: Path) -> None:
    body = "---\ntitle: The attention\nlang_note: none of the words are there\n---\n\n"
    body += f"{ENGLISH_CODE}\n{FRENCH}\n\n{ENGLISH_CODE}\nVoir https://example.org/the-end-of-it\n"
    posts: dict[str, str | bytes] = {f"_posts/2024-01-0{n}-b.md": body for n in range(1, 4)}
    write_files(tmp_path, posts)
    assert posts_language(tmp_path / "_posts", tmp_path) == "fr"


def test_posts_too_short_or_as_many_in_each_language_say_nothing(tmp_path: Path) -> None:
    english = "This post is in English, and it says what the model does with the words of a " * 3
    files: dict[str, str | bytes] = {"court/2024-01-01-a.md": "Un mot."}
    files |= {"moitie/2024-01-01-a.md": FRENCH * 2}
    files |= {"moitie/2024-01-02-b.md": english}
    write_files(tmp_path, files)
    assert posts_language(tmp_path / "court", tmp_path) is None
    assert posts_language(tmp_path / "moitie", tmp_path) is None
    assert posts_language(tmp_path / "absent", tmp_path) is None


def test_a_post_linked_to_a_file_of_the_project_is_read(tmp_path: Path) -> None:
    """The build reads such a post: the language it is written in counts too."""
    write_files(tmp_path, {"brouillons/2024-01-01-a.md": FRENCH * 2})
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_posts/2024-01-01-a.md").symlink_to("../brouillons/2024-01-01-a.md")
    assert posts_language(tmp_path / "_posts", tmp_path) == "fr"


PIECES = ["---\n", "```", "~~~", "{%", "%}", "{{", "}}", "$$", "`", "<", ">", "\n    ", "\r\n"]
PIECES += ["{% highlight %}", "{% endraw %}", "https://", "le ", "the ", "\x00", "\ufeff", "é"]


@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=6)).map("".join))
def test_any_post_file_is_read_without_failing(text: str) -> None:
    assert file_language(text) in (None, "fr", "en")
