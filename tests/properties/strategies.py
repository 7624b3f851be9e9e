"""Hypothesis strategies that write what bloggers write: Markdown bodies, front matter and
file names built from the pieces of the grammar sitegen reads, mixed with arbitrary text.

Every piece is a fragment a real post may hold (often half-written: an unclosed fence, a
broken formula, a dangling tag), so the examples are both structured and messy.
"""

from __future__ import annotations

from hypothesis import strategies as st

# What a UTF-8 file can decode to: any code point but a lone surrogate.
CHARACTERS = st.characters(exclude_categories=["Cs"])
ARBITRARY = st.text(CHARACTERS, max_size=12)

NEWLINES = st.sampled_from(["\n", "\n", "\n\n", "\r\n", "\r", "\r\n\r\n", "\n   \n"])
SPACES = st.sampled_from(["", " ", "  ", "\t", "\u00a0", "\u202f", "    "])
ODD = st.sampled_from(
    [
        "\ufeff",  # BOM, also in the middle of a text
        "\u200b",  # zero-width space
        "\u200d",  # zero-width joiner
        "\u2060",
        "\u202e",  # right-to-left override
        "\u200f",
        "\u061f",  # Arabic question mark
        "مرحبا",
        "שלום",
        "\x00",
        "\x07",
        "\x0b",
        "\x0c",
        "\x1b[31m",
        "\x7f",
        "\u0085",
        "\u2028",
        "\u2029",
        "\ufffd",
        "e\u0301",  # combining accent
        "👩‍💻",
        "𝕏",
    ]
)

WORDS = st.sampled_from(
    ["Une", "ligne", "été", "L’IA", "modèle", "texte", "x", "a", "10", "10:30", "_", "*", "\\"]
)
PUNCTUATION = st.sampled_from(
    ["«", "»", ";", ":", "!", "?", "!?", "…", "’", "'", '"', "—", "-", "(", ")", "[", "]"]
)
PROSE = st.lists(st.one_of(WORDS, PUNCTUATION, SPACES), max_size=6).map("".join)


@st.composite
def _emphasis(draw: st.DrawFn) -> str:
    mark = draw(st.sampled_from(["*", "**", "_", "__", "***", "~~", "`", "``"]))
    inner = draw(PROSE)
    closed = draw(st.booleans())
    return mark + inner + (mark if closed else "")


@st.composite
def _punctuated(draw: st.DrawFn) -> str:
    return draw(PROSE) + draw(SPACES) + draw(PUNCTUATION) + draw(SPACES) + draw(PROSE)


TURNS = st.builds(
    "{}{}{}".format,
    st.sampled_from(
        [
            *("A:", "B :", "A :", "**Nom** :", "**Nom :**", "Nom (08:51) :", "**Léa** (08:51) :"),
            *("Nom (25:99) :", "- A:", "> B:", "Q :", "R :", ":", "**:**", "** :"),
        ]
    ),
    SPACES,
    PROSE,
)

FORMULAS = st.sampled_from(
    [
        "$x^2$",
        "$a_1$",
        "$\\frac{a}{b}$",
        "$\\frac{a$",
        "$}$",
        "$\\begin{matrix} a & b \\end{matrix}$",
        "$\\begin{cases} a$",
        "$\\end{x}$",
        "$\\left( x$",
        "$\\sqrt[$",
        "$\\unknowncommand{x}$",
        "$x^^2$",
        "$x__2$",
        "$\\mathbb{R}$",
        "$\\text{$x$}$",
        "$&$",
        "$\\\\$",
        "$\\$",
        "$#$",
        "5 $ et 10 $",
        "5$",
        "$5",
        "$ x $",
        "$$",
        "$$$",
        "$$x$$",
        "$$\n\\sum_{i=1}^n i\n$$",
        "$$\n\\begin{aligned} a &= b \\\\ c\n$$",
        "$$\n\\frac{\n",
        "$$ $$",
        "\\(x\\)",
        "\\[x\\]",
    ]
)
TEX = st.lists(
    st.sampled_from(
        [
            *("x", "2", " ", "{", "}", "^", "_", "&", "\\\\", "\\frac", "\\sqrt", "[", "]"),
            *("\\left(", "\\right)", "\\left.", "\\begin{matrix}", "\\end{matrix}"),
            *("\\begin{aligned}", "\\end{aligned}", "\\begin{cases}", "\\end{cases}"),
            *("\\begin{bmatrix}", "\\end{bmatrix}", "\\text{", "\\mathrm", "\\operatorname"),
            *("\\sum", "\\int", "\\lim", "\\over", "\\choose", "\\hat", "\\overbrace"),
            *("\\_", "\\$", "\\{", "\\}", "\\,", "\\ ", "'", "<", ">", "%", "#", "~"),
            *("\\color{red}", "\\mathbb", "\\alpha", "\\inconnu", "\\", "é", "\\label{a}"),
        ]
    ),
    min_size=1,
    max_size=12,
).map("".join)
MATH = st.one_of(
    FORMULAS,
    st.builds(str.format, st.sampled_from(["${}$", "$${}$$", "$$\n{}\n$$", "\\({}\\)"]), TEX),
)

ATTRIBUTES = st.sampled_from(
    [
        "{lang=en}",
        "{lang=ar dir=rtl}",
        "{lang=fr}",
        "{lang=}",
        '{lang="en"}',
        "{lang=en",
        "{.note}",
        "{#ancre}",
        "{#}",
        "{#fn1}",
        "{: .class}",
        '{: width="45%"}',
        "{onclick=x}",
    ]
)
SPANS = st.builds("[{}]{}".format, PROSE, ATTRIBUTES)

FOOTNOTES = st.sampled_from(
    ["[^1]", "[^note]", "[^]", "[^1]: Une note.", "[^1]:", "[^x]: ", "^[inline]", "[^1]: [^1]"]
)

TABLES = st.sampled_from(
    [
        "| a | b |\n|---|---|\n| c | d |",
        "| a | b |\n|---|\n| c | d | e |",
        "a | b\n--|--\nc",
        "|a|\n|:-:|\n",
        "| a |\n|---|\n| $x$ | **b** |",
        "|---|---|",
        "| |\n|-|\n|||||",
    ]
)

HTML = st.sampled_from(
    [
        "<div>",
        "</div>",
        "<div>\n\n**x**\n\n</div>",
        "<span>",
        "</span>",
        "<code>",
        "</code>",
        "<code>a ; b</code>",
        "<pre>",
        "</pre>",
        "<pre>\nx\n",
        "<kbd>",
        "<!-- commentaire -->",
        "<!--",
        "-->",
        "<!--more-->",
        "<!-- more -->",
        "<script>alert(1)</script>",
        "<style>",
        "<b",
        "<a href='/x'>",
        "<img src=/i.png>",
        "<math>",
        "<br/>",
        "<![CDATA[",
        "<?php ?>",
        "<details><summary>x</summary>",
        "&nbsp;",
        "&#0;",
        "&#x110000;",
        "&amp",
    ]
)

GENERATED = st.sampled_from(
    [
        "> [!generated]",
        "> [!generated] Réponse du modèle",
        "> [!GENERATED]",
        "> [!generated]\n> texte",
        ">[!generated]",
        "> > [!generated]",
        "> [!note]",
        "> [!generated",
    ]
)

REFERENCES = st.sampled_from(
    [
        "Source : https://example.org/article",
        "Source : [un article](https://example.org/)",
        "Sources :",
        "Voir aussi : [x](/y/)",
        "Voir aussi :",
        "Source :",
        "- Source : ",
    ]
)

TEMPLATE_TAGS = st.sampled_from(
    [
        "{% include note.html %}",
        "{% post_url 2024-01-01-x %}",
        "{% highlight python %}",
        "{% endhighlight %}",
        "{% raw %}",
        "{%",
        "%}",
        "{{ site.title }}",
        "{{",
        "}}",
        '{{< figure src="/i.png" >}}',
        "{{< youtube abc >}}",
        '{{< ref "x.md" >}}',
        "{{< x >}}",
        "{{< /x >}}",
        "{{% note %}}",
        "{{% /note %}}",
        "{{<",
        "{{< ",
    ]
)
TEMPLATE_SOUP = st.lists(
    st.sampled_from(
        [
            *("{%", "%}", "{%-", "-%}", "{{", "}}", "{{<", ">}}", "{{%", "%}}", "{{</*", "*/>}}"),
            *(" ", "include", "highlight", "endhighlight", "raw", "endraw", "if", "endif"),
            *("for", "endfor", "comment", "endcomment", "assign", "capture", "endcapture"),
            *("post_url", "link", "figure", "youtube", "vimeo", "gist", "ref", "relref", "param"),
            *("x", "tweet", "highlight python", "/figure", "/x", "note", "/note", "details"),
            *('"', "'", "src=", "=", "|", "upcase", "site.title", "page.", "/img/x.png"),
            *("2024-01-01-x", "x.md", "../x.md", "#ancre", "linenos", "\n", "**", "$"),
        ]
    ),
    min_size=1,
    max_size=10,
).map("".join)
TEMPLATES = st.one_of(TEMPLATE_TAGS, TEMPLATE_SOUP)

LINKS = st.sampled_from(
    [
        "[texte](/posts/x/)",
        "[texte](../x.md)",
        "[texte](x.md)",
        "[texte](#ancre)",
        "[texte]()",
        "[texte](<>)",
        "[texte](/%zz)",
        "[texte](/a b)",
        "[texte](javascript:alert(1))",
        "[texte](https://exemple.fr/é)",
        "![image](/img/x.png)",
        "![](i.png)",
        '![image](/img/x.png "titre")',
        "https://example.org",
        "https://example.org/a_(b)",
        "www.example.org",
        "<https://x>",
        "<mail@example.org>",
        "mail@example.org",
        "[ref][1]",
        "[1]: /x/",
        "[1]:",
        "[texte](//x)",
        "[texte](/)",
        "[texte](file:///etc/passwd)",
    ]
)

HEADINGS = st.sampled_from(
    [
        "# Titre",
        "## Titre",
        "## ",
        "##",
        "### Titre {#ancre}",
        "## Titre {#}",
        "## fn1",
        "## Titre #",
        "####### Trop",
        "Titre\n=====",
        "Titre\n-----",
        "\n---\n",
        "## `code`",
        "## $x$",
        "## [^1]",
        "## [lien](/x/)",
        "## « Guillemets » !",
    ]
)

LISTS = st.sampled_from(["- ", "* ", "+ ", "1. ", "1) ", "- [ ] ", "- [x] ", "  - ", "    "])

FENCES = st.sampled_from(
    [
        "```",
        "```python",
        "```langue-inconnue",
        "```{python}",
        "``` python hl_lines=2",
        "~~~",
        "~~~~",
        "````",
        "```mermaid",
        "    code indenté",
        "`code`",
    ]
)

PIECES = st.one_of(
    PROSE,
    _emphasis(),
    _punctuated(),
    TURNS,
    MATH,
    ATTRIBUTES,
    SPANS,
    FOOTNOTES,
    TABLES,
    HTML,
    GENERATED,
    REFERENCES,
    TEMPLATES,
    LINKS,
    HEADINGS,
    LISTS,
    FENCES,
    ODD,
    ARBITRARY,
)

BODIES = st.lists(st.one_of(PIECES, NEWLINES, SPACES), max_size=40).map("".join)
"""A Markdown body: pieces, line breaks and spaces in any order."""

LINES = st.lists(st.lists(PIECES, min_size=1, max_size=4).map("".join), max_size=12)
LINED_BODIES = st.tuples(LINES, NEWLINES).map(lambda parts: parts[1].join(parts[0]))
"""A body of whole lines: line-start rules (turns, quotes, fences) see more of their input."""

MARKDOWN = st.one_of(BODIES, LINED_BODIES)
