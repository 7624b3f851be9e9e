"""What a reader sees of the markup a Jekyll or Hugo blog wrote for its own tool: Hugo's
shortcodes, kramdown's attribute lists and extensions, Liquid's tags. Each is done as the
other tool did it, or left out with a warning at its place; none is ever shown as written,
except in code. The last tests check that over generated bodies (hypothesis)."""

from __future__ import annotations

import os
from collections.abc import Callable
from copy import deepcopy
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from lxml import etree

from sitegen.content.foreignmarkup import translate_markup
from sitegen.project.errors import Problems
from sitegen.settings.config import load_config
from sitegen.settings.inputs import configuration
from tests.conftest import (
    Run,
    elements,
    fragment,
    make_doc,
    parse_html,
    raw_text,
    render,
    strings,
    text_of,
    write_files,
)
from tests.e2e.foreign_sites import BODY, Said, line_in, messages, one, plain

Runner = Callable[..., Run]
LEFTOVERS = ("{{<", "{{%", "{%", "{:", "%}", ">}}")
JEKYLL_CONFIG = "title: Carnet\nurl: https://carnet.example.org\nlang: fr\n"
HUGO_CONFIG = 'title = "Notes"\nbaseURL = "https://notes.example.org/"\nlanguageCode = "fr"\n'
FRONT = "---\ntitle: Essai\ndate: 2024-03-04\n---\n"


def outside_code(root: etree._Element) -> str:
    """The text and attribute values a reader meets, code and math left out: one line each
    (`{` before an image and `%}` after it are not `{%`)."""
    copy = deepcopy(root)
    code = ".//pre | .//code | .//*[local-name()='math'] | .//*[contains(@class, 'math')]"
    for node in elements(copy, code):
        parent, before = node.getparent(), node.getprevious()
        assert parent is not None
        if before is not None:  # the code's place stays a break between the texts around
            before.tail = (before.tail or "") + "\n" + (node.tail or "")
        else:
            parent.text = (parent.text or "") + "\n" + (node.tail or "")
        parent.remove(node)
    values = [str(v) for element in copy.iter() for v in element.attrib.values()]
    return "\n".join([*map(str, copy.itertext()), *values])


def built_post(
    run: Runner, tmp_path: Path, tool: str, body: str, front: str = FRONT, **files: str
) -> tuple[etree._Element, list[Said], Path]:
    """The post `body` built in a Jekyll or Hugo tree (`files` beside it): its body element,
    the warnings about it and its file."""
    root = tmp_path / "blog"
    if tool == "jekyll":
        rel, url = "_posts/2024-03-04-essai.md", "2024/03/04/essai.html"
        files = {"_config.yml": JEKYLL_CONFIG, **files}
    else:
        rel, url = "content/posts/essai.md", "posts/essai/index.html"
        files = {"hugo.toml": HUGO_CONFIG, **files}
    write_files(root, {rel: front + body, **files})
    out = tmp_path / "public"
    result = run("build", "--source", root, "--output", out)
    assert result.code == 0, result.err
    page = parse_html(out / url)
    said = [s for s in messages(result.err) if s.warning and s.about(rel)]
    return one(page, BODY), said, root / rel


def warned_at(said: list[Said], path: Path, needle: str, word: str) -> bool:
    line, col = line_in(path, needle)
    return any(s.line == line and s.col == col and word in s.text for s in said)


# ------------------------------------------------------------------ Hugo's shortcodes


@pytest.mark.parametrize(
    ("shortcode", "href"),
    [
        ("{{< youtube dQw4w9WgXcQ >}}", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
        ('{{% youtube id="dQw4w9WgXcQ" %}}', "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
        ("{{< vimeo 146022717 >}}", "https://vimeo.com/146022717"),
        ("{{< gist spf13 7896402 >}}", "https://gist.github.com/spf13/7896402"),
        (
            '{{< x user="exemple" id="1453110110599868418" >}}',
            "https://x.com/exemple/status/1453110110599868418",
        ),
        ("{{< tweet 1453110110599868418 >}}", "https://x.com/i/status/1453110110599868418"),
        ("{{< youtube id=`abcDEF12345` >}}", "https://www.youtube.com/watch?v=abcDEF12345"),
    ],
)
def test_an_embed_becomes_a_link_and_runs_nothing(
    tmp_path: Path, run: Runner, shortcode: str, href: str
) -> None:
    body, _, _ = built_post(run, tmp_path, "hugo", f"Avant.\n\n{shortcode}\n\nAprès.\n")
    assert href in strings(body, ".//a/@href")
    assert not elements(body, ".//iframe | .//script | .//object | .//embed")
    assert not [s for s in LEFTOVERS if s in outside_code(body)]


def test_a_sites_own_paired_shortcode_keeps_its_markdown(tmp_path: Path, run: Runner) -> None:
    text = "Avant.\n\n{{< note >}}\nUne remarque **importante**.\n{{< /note >}}\n\nAprès.\n"
    body, said, path = built_post(run, tmp_path, "hugo", text)
    note = one(body, ".//div[@class='shortcode-note']")
    assert plain(text_of(one(note, ".//strong"))) == "importante"
    assert "{{" not in outside_code(body)
    assert warned_at(said, path, "{{< note", "note")


def test_a_paired_shortcode_with_a_plain_template_writes_what_hugo_writes(
    tmp_path: Path, run: Runner
) -> None:
    files = {
        "layouts/shortcodes/message.html": '<div class="message {{ .Get 0 }}">'
        "{{ .Inner | markdownify }}</div>",
        "themes/sobre/layouts/shortcodes/u.html": "{{/* souligné */}}<u>{{ .Inner }}</u>",
    }
    text = (
        "Début.\n\n{{< message info >}}\nUn *encadré*.\n{{< /message >}}\n\n"
        "Il s'agit {{< u >}}du mot{{< /u >}} juste.\n\nVoir [la page](/nulle-part/).\n"
    )
    body, said, path = built_post(run, tmp_path, "hugo", text, **files)
    message = one(body, ".//div[@class='message info']")
    assert plain(text_of(one(message, ".//em"))) == "encadré"
    assert plain(text_of(one(body, ".//p/u"))) == "du mot"
    assert not elements(body, ".//*[starts-with(@class, 'shortcode-')]")
    assert [s.line for s in said] == [line_in(path, "/nulle-part/")[0]], said


def test_an_inline_paired_shortcode_becomes_a_span(tmp_path: Path, run: Runner) -> None:
    body, _, _ = built_post(
        run, tmp_path, "hugo", "Un mot {{% mark %}}surligné{{% /mark %}} ici.\n"
    )
    assert plain(text_of(one(body, ".//span[@class='shortcode-mark']"))) == "surligné"


def test_a_sites_own_single_shortcode_is_done_from_its_plain_template(
    tmp_path: Path, run: Runner
) -> None:
    template = '<img class="portrait" src="{{ .Get "src" }}" alt="{{ .Get "alt" }}">'
    text = 'Voici : {{< avatar src="/moi.png" alt="Moi <3" >}}\n'
    files = {"layouts/shortcodes/avatar.html": template}
    body, _, _ = built_post(run, tmp_path, "hugo", text, **files)
    image = one(body, ".//img[@class='portrait']")
    assert (image.get("src"), image.get("alt")) == ("/moi.png", "Moi <3")


@pytest.mark.parametrize(
    "template",
    [
        '<div onclick="alert(1)">{{ .Get 0 }}</div>',
        "<script>console.log(1)</script>",
        '{{ $x := readFile "a" }}{{ $x }}',
    ],
)
def test_a_single_shortcode_whose_template_does_more_is_left_out_with_a_warning(
    tmp_path: Path, run: Runner, template: str
) -> None:
    files = {"layouts/shortcodes/encart.html": template}
    text = "Avant {{< encart bonjour >}} après.\n"
    body, said, path = built_post(run, tmp_path, "hugo", text, **files)
    assert plain(text_of(body)) == "Avant après."
    assert not elements(body, ".//script | .//*[@onclick]")
    assert warned_at(said, path, "{{< encart", "encart")


def test_a_shortcode_without_a_template_is_left_out_with_a_warning(
    tmp_path: Path, run: Runner
) -> None:
    body, said, path = built_post(run, tmp_path, "hugo", "Un {{< inconnu 3 >}} mot.\n")
    assert plain(text_of(body)) == "Un mot."
    assert warned_at(said, path, "{{< inconnu", "inconnu")


def test_a_sites_own_shortcode_used_again_is_said_once_at_its_first_place(
    tmp_path: Path, run: Runner
) -> None:
    text = (
        "Un {{< inconnu >}} mot.\n\nDeux {{< inconnu >}} mots, {{< marque >}}ici{{< /marque >}}.\n"
    )
    text += "\nEt {{< marque >}}là{{< /marque >}}.\n"
    _, said, path = built_post(run, tmp_path, "hugo", text)
    line, col = line_in(path, "Un {{< inconnu")
    assert [(s.line, s.col) for s in said if "inconnu" in s.text] == [(line, col + 3)]
    first = line_in(path, "{{< marque >}}ici")
    assert [(s.line, s.col) for s in said if "marque" in s.text] == [first]


def test_an_escaped_shortcode_in_a_sentence_is_shown_as_code(tmp_path: Path, run: Runner) -> None:
    text = 'Écrire {{</* figure src="a.png" */>}} dans le billet.\n'
    body, said, _ = built_post(run, tmp_path, "hugo", text)
    assert plain(text_of(one(body, ".//p/code"))) == '{{< figure src="a.png" >}}'
    assert plain(text_of(body)) == 'Écrire {{< figure src="a.png" >}} dans le billet.'
    assert said == []


def test_param_shows_the_posts_front_matter_then_the_sites_params(
    tmp_path: Path, run: Runner
) -> None:
    front = FRONT.replace("date:", "version: 2.1\ndate:")
    text = 'Version {{< param "version" >}}, par {{% param auteur %}}.\n'
    config = HUGO_CONFIG + '[params]\nAuteur = "Basile"\nversion = "1.0"\n'
    body, _, _ = built_post(run, tmp_path, "hugo", text, front, **{"hugo.toml": config})
    assert plain(text_of(body)) == "Version 2.1, par Basile."


@pytest.mark.parametrize("beside", [{}, {"hugo.toml": 'title = "Notes"\n[params]\nseul = "ici"\n'}])
def test_param_reads_the_params_of_hugos_config_folder(
    tmp_path: Path, run: Runner, beside: dict[str, str]
) -> None:
    """Hugo merges `config/_default/`: `params.toml` is the site's `params`, over those of its
    `hugo.toml` and of a `hugo.toml` at the root, keys in any case (Hugo 0.168 prints
    "Par Basile à Lyon.")."""
    folder = {
        "config/_default/hugo.toml": HUGO_CONFIG + '[params]\nauteur = "Racine"\nville = "Lyon"\n',
        "config/_default/params.toml": 'Auteur = "Basile"\n',
        "content/posts/essai.md": FRONT + 'Par {{< param "auteur" >}} à {{< param ville >}}.\n',
    }
    write_files(tmp_path / "blog", {**beside, **folder})
    result = run("build", "--source", tmp_path / "blog", "--output", tmp_path / "public")
    assert result.code == 0, result.err
    body = one(parse_html(tmp_path / "public/posts/essai/index.html"), BODY)
    assert plain(text_of(body)) == "Par Basile à Lyon."
    assert [s for s in messages(result.err) if s.warning] == []


def test_an_edit_of_the_params_within_the_same_instant_is_read(tmp_path: Path) -> None:
    """`sitegen serve` builds again in one process: an edit that keeps the file's size and
    modification time (a save within the same tick of a coarse clock) still changes the page."""
    params = tmp_path / "config/_default/params.toml"
    write_files(tmp_path, {"hugo.toml": HUGO_CONFIG, "content/posts/essai.md": FRONT})
    write_files(tmp_path, {"config/_default/params.toml": 'auteur = "Basile"\n'})
    config = load_config(tmp_path)
    seen = [configuration(config)["params"]["auteur"]]
    stamp = params.stat().st_mtime_ns
    params.write_text('auteur = "Gisèl"\n', encoding="utf-8")
    os.utime(params, ns=(stamp, stamp))
    seen.append(configuration(config)["params"]["auteur"])
    assert seen == ["Basile", "Gisèl"]


def test_details_and_comment_shortcodes(tmp_path: Path, run: Runner) -> None:
    text = (
        '{{< details summary="Plus" >}}\nLe *détail*.\n{{< /details >}}\n\n'
        "{{< comment >}}\nNote pour moi.\n{{< /comment >}}\n\nFin.\n"
    )
    body, _, _ = built_post(run, tmp_path, "hugo", text)
    details = one(body, ".//details")
    assert plain(text_of(one(details, "summary"))) == "Plus"
    assert plain(text_of(one(details, ".//em"))) == "détail"
    assert "Note pour moi" not in text_of(body)


@pytest.mark.parametrize(
    ("tool", "before"),
    [
        ("hugo", "{{< encadre >}}\nUn encadré.\n{{< /encadre >}}"),
        ("hugo", '{{< details summary="Plus" >}}\nLe détail.\n{{< /details >}}'),
        ("hugo", '{{< extrait\n  fichier="a.go"\n  lignes="3-9" >}}'),
        ("hugo", '{{< figure src="/a.png"\n  alt="Un schéma" >}}'),
        ("jekyll", '{% include video\n   id="Tpsu2uz9rCE"\n   provider="youtube" %}'),
        ("jekyll", "{% comment %}\nÀ revoir.\n{% endcomment %}"),
        ("jekyll", '{% if page.title == "Autre" %}\nUn.\n\nDeux.\n{% endif %}'),
        ("jekyll", "{% capture note %}\nUne note.\n{% endcapture %}"),
        ("jekyll", 'Avant.\n{: .notice--info\n  width="45%"}'),
    ],
)
def test_a_message_after_the_tools_markup_points_at_its_own_line(
    tmp_path: Path, run: Runner, tool: str, before: str
) -> None:
    """Shortcodes, Liquid tags and kramdown attribute lists over several lines, left out or
    replaced: what follows them keeps the line it has in the file."""
    text = f"Début.\n\n{before}\n\nVoir [la page](/nulle-part/).\n"
    beside = {"static/a.png": "png"} if tool == "hugo" else {}
    _, said, path = built_post(run, tmp_path, tool, text, **beside)
    line, _ = line_in(path, "/nulle-part/")
    found = [s for s in said if "/nulle-part/" in s.text]
    assert [s.line for s in found] == [line], said


# ------------------------------------------------------------------ kramdown


def test_a_block_attribute_list_gives_its_class_and_drops_the_rest(
    tmp_path: Path, run: Runner
) -> None:
    text = (
        'Une remarque.\n{: .notice--info width="45%" onclick="x()"}\n\n'
        "* un\n* deux\n{: #liste}\n\n"
        "{: .avant}\nLa suite.\n"
    )
    body, _, _ = built_post(run, tmp_path, "jekyll", text)
    notice = one(body, ".//p[contains(., 'Une remarque')]")
    assert notice.get("class") == "notice--info"
    assert notice.get("width") is None and notice.get("onclick") is None
    assert one(body, ".//ul").get("id") == "liste"
    assert one(body, ".//p[contains(., 'La suite')]").get("class") == "avant"
    assert "{:" not in outside_code(body)


def test_a_span_attribute_list_after_an_image_or_a_link(tmp_path: Path, run: Runner) -> None:
    text = (
        '![Un schéma](/a.png){: .align-right width="45%"} Le texte autour.\n\n'
        'Voir [la source](https://exemple.org){:target="_blank"} et *ceci*{: .x}.\n'
    )
    body, _, _ = built_post(run, tmp_path, "jekyll", text)
    assert one(body, ".//img").get("class") == "align-right"
    assert one(body, ".//img").get("width") is None
    assert "{:" not in outside_code(body)


def test_kramdown_extensions_and_toc(tmp_path: Path, run: Runner) -> None:
    text = (
        '* TOC\n{:toc}\n\n{::options parse_block_html="true" /}\n'
        "{::comment}\nÀ revoir.\n{:/comment}\n\n## Titre\n{:.no_toc}\n\nTexte.\n\n"
        "```\n{: .exemple}\n* TOC\n{:toc}\n```\n"
    )
    body, _, _ = built_post(run, tmp_path, "jekyll", text)
    assert "TOC" not in outside_code(body) and "À revoir" not in text_of(body)
    assert "no_toc" in (one(body, ".//h2").get("class") or "")
    assert "{:" not in outside_code(body)
    assert raw_text(one(body, ".//pre")) == "{: .exemple}\n* TOC\n{:toc}\n"


def test_an_html_element_is_read_whole_as_kramdown_reads_it(tmp_path: Path, run: Runner) -> None:
    """Blank and indented lines inside a `<div>` (often what `{% if %}` lines leave) are
    still the element's, not code; and the lines after keep their numbers."""
    text = (
        '<div class="carte">\n  <h3>Un titre</h3>\n\n'
        "        <p>Un texte indenté.</p>\n\n</div>\n\nVoir [la page](/nulle-part/).\n"
    )
    body, said, path = built_post(run, tmp_path, "jekyll", text)
    card = one(body, ".//div[@class='carte']")
    assert plain(text_of(one(card, "./p"))) == "Un texte indenté."
    assert not elements(body, ".//pre | .//code")
    assert [s.line for s in said if "/nulle-part/" in s.text] == [line_in(path, "nulle-part")[0]]


def test_a_column_in_math_is_not_an_attribute_list(tmp_path: Path, run: Runner) -> None:
    body, said, _ = built_post(run, tmp_path, "jekyll", "La colonne $M_{:,j}$ du tableau.\n")
    assert not [s for s in said if "{:" in s.text], said
    assert "La colonne" in text_of(body) and elements(body, ".//*[local-name()='math']")


# ------------------------------------------------------------------ Liquid


def test_liquid_logic_is_followed(tmp_path: Path, run: Runner) -> None:
    text = (
        '{% assign nom = "Basile" %}{% capture salut %}Bonjour {{ nom }}{% endcapture %}\n'
        "{{ salut }} !\n\n"
        '{% if page.title == "Essai" %}En français.{% else %}In English.{% endif %}\n\n'
        "{% unless site.inconnu %}Sans option.{% endunless %}\n\n"
        'Par {{ site.author.name | default: "personne" }}.\n\n'
        '[Accueil]({{ "/" | relative_url }})\n'
    )
    config = JEKYLL_CONFIG + "author:\n  name: Basile\n"
    body, _, _ = built_post(run, tmp_path, "jekyll", text, **{"_config.yml": config})
    shown = plain(text_of(body))
    assert "Bonjour Basile !" in shown
    assert "En français." in shown and "In English" not in shown
    assert "Sans option." in shown and "Par Basile." in shown
    assert not [s for s in LEFTOVERS if s in outside_code(body)]


def test_page_lang_is_there_only_when_the_front_matter_says_it(tmp_path: Path, run: Runner) -> None:
    """Jekyll's `page` holds what the front matter says, not the site's language."""
    text = "{% if page.lang %}Langue {{ page.lang }}.{% else %}Pas de langue.{% endif %}\n"
    body, _, _ = built_post(run, tmp_path / "sans", "jekyll", text)
    assert plain(text_of(body)) == "Pas de langue."
    front = FRONT.replace("date:", "lang: fr\ndate:")
    body, _, _ = built_post(run, tmp_path / "avec", "jekyll", text, front)
    assert plain(text_of(body)) == "Langue fr."


def test_a_theme_figure_include_as_jekyll_renders_it(tmp_path: Path, run: Runner) -> None:
    """minimal-mistakes' `figure`: a filter in an attribute, `{%-` trimming, markdownify."""
    figure = (
        '<figure class="{{ include.class }}">\n'
        '  <img src="{{ include.image_path | relative_url }}"\n'
        '       alt="{% if include.alt %}{{ include.alt | escape_once }}{% endif %}">\n'
        "  {%- if include.caption -%}\n"
        '    <figcaption>{{ include.caption | markdownify | remove: "<p>" | remove: "</p>" }}'
        "</figcaption>\n"
        "  {%- endif -%}\n"
        "</figure>\n"
    )
    text = '{% include figure image_path="/a.png" alt="Un schéma" caption="Une *belle* image" %}\n'
    config = JEKYLL_CONFIG + "baseurl: /carnet\n"
    files = {"_includes/figure": figure, "_config.yml": config, "a.png": "png"}
    body, said, _ = built_post(run, tmp_path, "jekyll", text, **files)
    image = one(body, ".//figure/img")
    assert (image.get("src"), image.get("alt")) == ("/carnet/a.png", "Un schéma")
    assert plain(text_of(one(body, ".//figure/figcaption/em"))) == "belle"
    assert not elements(body, ".//pre") and said == []


def test_a_gallery_include_loops_over_the_front_matter(tmp_path: Path, run: Runner) -> None:
    """minimal-mistakes' `gallery`: `{% for %}` over `page.gallery`, indented HTML with
    `{% if %}` lines in it."""
    gallery = (
        "{% assign gallery = page.gallery %}\n"
        "{% if gallery.size >= 3 %}{% assign mise = 'third' %}{% endif %}\n"
        '<figure class="{{ mise }}">\n'
        "  {% for img in gallery %}\n"
        "    {% if img.url %}\n"
        '      <a href="{{ img.url | relative_url }}"><img src="{{ img.image_path }}"></a>\n'
        "    {% else %}\n"
        '      <img src="{{ img.image_path }}" alt="{{ forloop.index }}">\n'
        "    {% endif %}\n"
        "  {% endfor %}\n"
        "</figure>\n"
    )
    front = FRONT.replace(
        "date:",
        "gallery:\n  - image_path: /a.png\n  - image_path: /b.png\n"
        "  - image_path: /c.png\n    url: /c.png\ndate:",
    )
    text = "Trois images :\n\n{% include gallery %}\n\nFin.\n"
    files = {"_includes/gallery": gallery, **{f"{n}.png": "png" for n in "abc"}}
    body, said, _ = built_post(run, tmp_path, "jekyll", text, front, **files)
    figure = one(body, ".//figure[@class='third']")
    assert strings(figure, ".//img/@src") == ["/a.png", "/b.png", "/c.png"]
    assert strings(figure, "./img/@alt") == ["1", "2"]
    assert strings(figure, "./a/@href") == ["/c.png"]
    assert not elements(body, ".//pre") and said == []


def test_a_page_lists_the_posts_of_a_category_as_jekyll_does(tmp_path: Path, run: Runner) -> None:
    listing = (
        "---\ntitle: Apprentissage\npermalink: /apprentissage/\n---\n"
        "{% for post in site.categories.ia %}\n"
        "- [{{ post.title }}]({{ post.url | relative_url }}), "
        'le {{ post.date | date: "%-d/%m/%Y" }} : '
        "{{ post.excerpt | strip_html | truncatewords: 3 }}\n"
        "{% endfor %}\n"
    )
    files = {
        "_posts/2024-03-05-couches.md": "---\ntitle: Les couches\ncategories: ia\n---\n"
        "*Une* couche après l'autre, jusqu'au bout.\n\nLa suite.\n",
        "_posts/2024-03-06-attention.md": "---\ntitle: L'attention\ncategory: ia\n---\nCourt.\n",
        "apprentissage.md": listing,
    }
    built_post(run, tmp_path, "jekyll", "Sans catégorie.\n", **files)
    page = parse_html(tmp_path / "public/apprentissage/index.html")
    items = elements(page, "//main//li")
    assert [plain(text_of(li)) for li in items] == [
        "L'attention, le 6/03/2024 : Court.",
        "Les couches, le 5/03/2024 : Une couche après...",
    ]
    hrefs = [strings(li, ".//a/@href")[0] for li in items]
    assert hrefs == ["/ia/2024/03/06/attention.html", "/ia/2024/03/05/couches.html"]


def test_site_posts_are_newest_first_as_jekyll_dates_them(tmp_path: Path, run: Runner) -> None:
    """Jekyll 4 dates every post in the site's time zone, a day alone at its midnight there:
    9 h in Montréal is 22 h in Tokyo, after 8 h in Tokyo, after the day alone (though 8 h in
    Tokyo is the day before in UTC)."""
    listing = (
        "---\ntitle: Journal\npermalink: /journal/\n---\n"
        "{% for post in site.posts %}\n- {{ post.title }}\n{% endfor %}\n"
    )
    files = {
        "_config.yml": JEKYLL_CONFIG + "timezone: Asia/Tokyo\n",
        "_posts/2024-03-05-montreal.md": "---\ntitle: Matin à Montréal\n"
        "date: 2024-03-05 09:00:00 -0400\n---\nNeige.\n",
        "_posts/2024-03-05-tokyo.md": "---\ntitle: Matin à Tokyo\n"
        "date: 2024-03-05 08:00:00 +0900\n---\nThé.\n",
        "_posts/2024-03-05-jour.md": "---\ntitle: Le jour même\ndate: 2024-03-05\n---\nJour.\n",
        "journal.md": listing,
    }
    built_post(run, tmp_path, "jekyll", "Hier.\n", **files)
    page = parse_html(tmp_path / "public/journal/index.html")
    titles = [plain(text_of(li)) for li in elements(page, "//main//li")]
    assert titles == ["Matin à Montréal", "Matin à Tokyo", "Le jour même", "Essai"]


def test_a_loop_over_what_sitegen_does_not_know_is_left_out_with_a_warning(
    tmp_path: Path, run: Runner
) -> None:
    text = "Les billets :\n\n{% for p in site.pages %}\n- {{ p.title }}\n{% endfor %}\n\nFin.\n"
    body, said, path = built_post(run, tmp_path, "jekyll", text)
    assert plain(text_of(body)) == "Les billets : Fin."
    assert warned_at(said, path, "{% for", "site.pages")


def test_a_theme_video_include_becomes_a_link(tmp_path: Path, run: Runner) -> None:
    iframe = '<iframe src="https://www.youtube-nocookie.com/embed/{{ include.id }}"></iframe>'
    text = 'Regardez :\n\n{% include video id="Tpsu2uz9rCE" provider="youtube" %}\n'
    body, _, _ = built_post(run, tmp_path, "jekyll", text, **{"_includes/video": iframe})
    assert "https://www.youtube.com/watch?v=Tpsu2uz9rCE" in strings(body, ".//a/@href")
    assert not elements(body, ".//iframe")


@pytest.mark.parametrize(
    "theme", ["theme: minimal-mistakes-jekyll", "remote_theme: mmistakes/minimal-mistakes@4.26.2"]
)
def test_the_minimal_mistakes_figure_include_is_the_themes_figure(
    tmp_path: Path, run: Runner, theme: str
) -> None:
    """The include comes from the theme, not the tree: its figure, every value escaped and
    the caption's Markdown rendered without raw HTML."""
    text = (
        'Le réseau :\n\n{% include figure\n  image_path="/images/réseau.png"\n'
        '  alt="Routeur & « box »" class="large"\n'
        '  caption="Le *schéma* du [billet](/2024/03/04/essai.html) <b>alerte</b>" %}\n\n'
        "Voir [la page](/nulle-part/).\n"
    )
    config = f"{JEKYLL_CONFIG}baseurl: /carnet\n{theme}\n"
    files = {"_config.yml": config, "images/réseau.png": "png"}
    body, said, path = built_post(run, tmp_path, "jekyll", text, **files)
    figure = one(body, ".//figure[@class='large']")
    image = one(figure, "./img")
    assert (image.get("src"), image.get("alt")) == (
        "/carnet/images/réseau.png",
        "Routeur & « box »",
    )
    caption = one(figure, "./figcaption")
    assert plain(text_of(caption)) == "Le schéma du billet <b>alerte</b>"
    assert strings(caption, "./em/text()") == ["schéma"] and not elements(caption, ".//b")
    assert strings(caption, "./a/@href") == ["/carnet/2024/03/04/essai.html"]
    # the lines after a multi-line include keep their numbers
    assert [s.line for s in said if "/nulle-part/" in s.text] == [line_in(path, "/nulle-part/")[0]]


def test_a_figure_include_of_another_theme_is_still_left_out(tmp_path: Path, run: Runner) -> None:
    text = 'Avant.\n\n{% include figure image_path="/a.png" alt="A" %}\n\nAprès.\n'
    files = {"_config.yml": JEKYLL_CONFIG + "theme: jekyll-theme-minimal\n", "a.png": "png"}
    body, said, path = built_post(run, tmp_path, "jekyll", text, **files)
    assert not elements(body, ".//figure | .//img")
    assert warned_at(said, path, "{% include figure", "no such file")


def test_the_minimal_mistakes_gallery_include_shows_the_front_matter_images(
    tmp_path: Path, run: Runner
) -> None:
    front = FRONT.replace(
        "date:",
        "photos:\n  - image_path: /a.png\n    alt: Le col\n"
        "  - image_path: https://images.example.org/b.png\n    url: javascript:alert(1)\ndate:",
    )
    text = '{% include gallery id="photos" caption="Deux *vues*." %}\n'
    files = {"_config.yml": JEKYLL_CONFIG + "theme: minimal-mistakes-jekyll\n", "a.png": "png"}
    body, said, _ = built_post(run, tmp_path, "jekyll", text, front, **files)
    figure = one(body, ".//figure[@class='half']")
    assert strings(figure, ".//img/@src") == ["/a.png", "https://images.example.org/b.png"]
    assert strings(figure, "./img/@alt") == ["Le col"]
    assert strings(figure, "./a/@href") == ["/javascript:alert(1)"]
    assert plain(text_of(one(figure, "./figcaption/em"))) == "vues"
    assert said == []


def test_an_include_in_an_html_block_is_done_like_elsewhere(tmp_path: Path, run: Runner) -> None:
    text = '<div class="encadre">\n{% include signature.html nom="Basile" %}\n</div>\n'
    files = {"_includes/signature.html": "<em>Signé {{ include.nom }}</em>"}
    body, _, _ = built_post(run, tmp_path, "jekyll", text, **files)
    assert plain(text_of(one(body, ".//div[@class='encadre']/em"))) == "Signé Basile"


def test_include_relative_shows_the_file_beside_the_post(tmp_path: Path, run: Runner) -> None:
    text = "Le tableau :\n\n{% include_relative tableau.md %}\n"
    files = {"_posts/tableau.md": "| a | b |\n|---|---|\n| 1 | 2 |\n"}
    body, said, _ = built_post(run, tmp_path, "jekyll", text, **files)
    assert [plain(text_of(td)) for td in elements(body, ".//table//td")] == ["1", "2"]
    assert said == []


def test_an_unsafe_or_missing_include_is_left_out_with_a_warning(
    tmp_path: Path, run: Runner
) -> None:
    text = "Un graphique :\n\n{% include courbe.html %}\n\n{% include absente.html %}\n\nFin.\n"
    files = {"_includes/courbe.html": "<div><script>Plotly.plot()</script></div>"}
    body, said, path = built_post(run, tmp_path, "jekyll", text, **files)
    assert not elements(body, ".//script")
    assert plain(text_of(body)) == "Un graphique : Fin."
    assert warned_at(said, path, "{% include courbe", "courbe.html")
    assert warned_at(said, path, "{% include absente", "absente.html")


# ------------------------------------------------------------------ generated bodies

PIECES = [
    "Du texte.",
    "\n",
    "\n\n",
    "{{< note >}}",
    "{{< /note >}}",
    "{{% aside %}}",
    "{{< youtube abc >}}",
    '{{< figure src="/a.png" caption="Une *image*" >}}',
    "{{< highlight go >}}",
    "{{< /highlight >}}",
    "{{</* x */>}}",
    "{{< u >}}",
    "{{< /u >}}",
    "{% for i in (1..2) %}",
    "{% endfor %}",
    "{% capture c %}",
    "{% endcapture %}",
    "{{- x -}}",
    "{%- if true -%}",
    "{::nomarkdown}",
    "{:/}",
    "    ",
    "{{<",
    "{{%",
    ">}}",
    "{%",
    "%}",
    "{% raw %}",
    "{% endraw %}",
    "{% if page.title %}",
    "{% else %}",
    "{% endif %}",
    '{% assign x = "a" %}',
    "{{ x }}",
    "{{ page.nope }}",
    "{% include absent.html %}",
    "{: .note}",
    "{:toc}",
    "{::comment}",
    "{:/comment}",
    "{: #id}",
    "* ",
    "![a](b.png)",
    "[l](http://a)",
    "`",
    "```",
    "$x$",
    "<div>",
    "</div>",
    "é",
    "{",
    "}",
    ":",
]


@pytest.fixture(scope="module")
def configs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    root = tmp_path_factory.mktemp("trees")
    write_files(root / "jekyll", {"_config.yml": JEKYLL_CONFIG})
    write_files(root / "hugo", {"hugo.toml": HUGO_CONFIG})
    return {tool: load_config(root / tool) for tool in ("jekyll", "hugo")}


@example(tool="jekyll", body="Du texte.```\n```{{< note >}}```")  # runs of backticks
@example(tool="hugo", body="<div>{{< note >}}")  # an HTML block is not code
@example(tool="hugo", body="{{{</* x */>}}%}")  # `{`, an escaped shortcode, `%}`
@given(
    tool=st.sampled_from(["jekyll", "hugo"]),
    body=st.lists(st.sampled_from(PIECES), max_size=24).map("".join),
)
def test_no_tools_markup_reaches_a_reader_outside_code(
    configs: dict[str, object], tool: str, body: str
) -> None:
    config = configs[tool]
    doc = replace(make_doc(body), body=body)
    # Addresses are another stage's matter: one for every post is enough here.
    translated = translate_markup([doc], config, Problems(), lambda _: "/billet/")  # type: ignore[arg-type]
    html, _ = render(translated[0].body)
    shown = outside_code(fragment(html.html))
    assert not [s for s in ("{{<", "{{%", "{%", "{:") if s in shown], (body, shown)


# ------------------------------------------------------------------ what a change rebuilds


@pytest.mark.parametrize(
    ("tool", "rel", "text"),
    [
        ("jekyll", "_includes/signature.html", "{% include signature.html %}\n"),
        ("hugo", "layouts/shortcodes/signature.html", "{{< signature >}}\n"),
        ("hugo", "themes/sobre/layouts/shortcodes/signature.html", "{{< signature >}}\n"),
    ],
)
def test_an_edit_of_an_include_or_a_shortcode_template_is_built(
    tmp_path: Path, run: Runner, tool: str, rel: str, text: str
) -> None:
    body, _, _ = built_post(run, tmp_path, tool, text, **{rel: "<em>Signé Basile</em>"})
    assert plain(text_of(one(body, ".//em"))) == "Signé Basile"
    body, _, _ = built_post(run, tmp_path, tool, text, **{rel: "<em>Signé Odile</em>"})
    assert plain(text_of(one(body, ".//em"))) == "Signé Odile"
