"""The three fixture blogs of tests/fixtures/foreign/ as their readers know them: where each
post is published, its title, language and date, and the draft its author keeps back.

- `jekyll/`: a Jekyll 4 tree, `_config.yml` with a base path and a permalink pattern, posts in
  `_posts/` (a translation pair by file-name suffix, a post in a language folder, Liquid tags,
  front-matter quirks), a draft, a root page, a Liquid home page, assets, and files the
  configuration excludes;
- `hugo/`: `config.toml`, translations by file-name suffix (`attention.en.md`), a page bundle
  with its image, TOML and YAML front matter, shortcodes, aliases, a draft, a section's
  `_index.md` and a page outside the sections;
- `hugo-dirs/`: `hugo.yaml` with one content folder per language, a base path, Hugo's default
  addresses and a `translationKey`.

Shared by test_foreign_trees.py, which checks what the three have in common, and by
test_foreign_jekyll.py and test_foreign_hugo.py, which check what only one tool has.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tests.e2e.foreign_sites import Tree


@dataclass(frozen=True)
class Post:
    """A post as its page shows it; `date` is how its `datetime` starts."""

    url: str
    title: str
    lang: str
    date: str


@dataclass(frozen=True)
class Draft:
    """A post kept back: `folder` is where it would be published, inside the output; `url`
    where `--drafts` publishes it, if it has a date of its own."""

    title: str
    folder: str
    url: str | None = None


@dataclass(frozen=True)
class Blog:
    """One fixture blog: the tool the build names, its posts, the home of each language."""

    tree: Tree
    tool: str
    posts: Mapping[str, Post]
    homes: Mapping[str, str]
    draft: Draft
    undated: str | None = None
    """The title of a file without front matter that may be published or not, once at most."""
    undated_lang: str | None = None
    """The language it is written in: the one home it may be listed on."""

    def url(self, key: str) -> str:
        return self.posts[key].url

    def title(self, key: str) -> str:
        return self.posts[key].title


JEKYLL = Blog(
    Tree("jekyll", "carnet.example.org", "/carnet/"),  # `url` and `baseurl` of _config.yml
    "Jekyll",
    {
        "premier": Post(
            "/carnet/recherche/2024/05/01/premier-modele/",
            "Mon premier modèle de langue",
            "fr",
            "2024-05-01",
        ),
        "first": Post(
            "/carnet/en/recherche/2024/05/01/premier-modele/",
            "My first language model",
            "en",
            "2024-05-01",
        ),
        "tokens": Post("/carnet/en/2024/06/10/tokens/", "Counting tokens", "en", "2024-06-10"),
        "liens": Post("/carnet/2024/07/02/liens/", "Des liens entre billets", "fr", "2024-07-02"),
        "clair": Post("/carnet/a-propos-du-modele/", "Le modèle, en clair", "fr", "2024-07-20"),
        "evaluer": Post(
            "/carnet/2024/08/15/evaluer/", "Évaluer sans se tromper", "fr", "2024-08-15"
        ),
        "commentaires": Post(
            "/carnet/2024/09/02/commentaires-yaml/",
            "La température, un réglage discret",
            "fr",
            "2024-09-02",
        ),
        "espaces": Post(
            "/carnet/2024/09/03/espaces/", "Pourquoi les modèles hallucinent", "fr", "2024-09-03"
        ),
        "crlf": Post("/carnet/2024/09/04/crlf/", "Le contexte long", "fr", "2024-09-04"),
        "bom": Post("/carnet/2024/09/05/bom/", "Les plongements lexicaux", "fr", "2024-09-05"),
        "sans": Post("/carnet/2024/09/06/sans-en-tete/", "Un titre", "fr", "2024-09-06"),
        "outils": Post("/carnet/2024/09/07/autres-outils/", "Le réglage fin", "fr", "2024-09-07"),
    },
    {"fr": "/carnet/", "en": "/carnet/en/"},
    Draft("Un brouillon sans date", "brouillon-sans-date"),
)

HUGO = Blog(
    Tree("hugo", "notes.example.org", "/"),
    "Hugo",
    {
        "attention": Post("/2024/03/attention/", "L'attention expliquée", "fr", "2024-03-10"),
        "attention.en": Post("/en/2024/03/attention/", "Attention explained", "en", "2024-03-10"),
        # Hugo's own address, accents kept
        "reseaux": Post(
            "/2024/04/les-réseaux-de-neurones/", "Les réseaux de neurones", "fr", "2024-04-12"
        ),
        "vision": Post("/2024/05/vision/", "Les modèles qui voient", "fr", "2024-05-20"),
        "vision.en": Post("/en/2024/05/vision/", "Models that see", "en", "2024-05-20"),
        "outils": Post("/2024/06/outils/", "Petit inventaire des shortcodes", "fr", "2024-06-01"),
    },
    {"fr": "/", "en": "/en/"},
    Draft("Un brouillon d'essai", "2024/07/brouillon", "/2024/07/brouillon/"),
    undated="Sans en-tête",
    undated_lang="fr",
)

DIRS = Blog(
    Tree("hugo-dirs", "dirs.example.org", "/blog/"),
    "Hugo",
    {
        "fr/embeddings": Post(
            "/blog/posts/embeddings/", "Les plongements, des mots aux vecteurs", "fr", "2024-02-14"
        ),
        "en/embeddings": Post(
            "/blog/en/posts/embeddings/", "Embeddings, from words to vectors", "en", "2024-02-14"
        ),
        "fr/apprentissage": Post(
            "/blog/posts/apprentissage/", "Comment une machine apprend", "fr", "2024-03-02"
        ),
        "en/learning": Post("/blog/en/posts/learning/", "How a machine learns", "en", "2024-03-02"),
    },
    {"fr": "/blog/", "en": "/blog/en/"},
    Draft("Notes en chantier", "posts/brouillon"),
)

BLOGS = {blog.tree.name: blog for blog in (JEKYLL, HUGO, DIRS)}
"""The fixture blogs by the name of their folder: `jekyll`, `hugo`, `hugo-dirs`."""
