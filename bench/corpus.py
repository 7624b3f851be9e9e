"""A deterministic French corpus for the benchmarks (standard library only).

    python bench/corpus.py --posts 1000 --out corpus [--seed 1]

Writes OUT/posts/YYYY-MM-DD-slug.md: YAML front matter with the blog's keys, and a
French-ish Markdown body of log-normal size (files of median 6.3 KB, p95 18.5 KB; 7.8 MB
for 1000 posts) with headings, lists, links, inline code, python fences (64 % of posts),
tables (30 %), blockquotes, footnotes (49 %) and "A : … B : …" dialogue turns; 51 tags,
1–5 per post. The bodies are those of the shared `bench/gen_corpus.py` for the same seed;
only the front matter differs, written as sitegen reads it without a warning:
`translated: {from: en}` on ~20 % of posts, `generated: {model: …}` on ~10 %, the key
left out otherwise; `audio: false` on every post, as there (sitegen accepts it silently).
Same arguments, same bytes.
"""

from __future__ import annotations

import argparse
import datetime
import math
import random
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

NBSP, NNBSP = "\u00a0", "\u202f"  # before « » and before ; : ! ?


def _words(text: str) -> list[str]:
    return text.split()


WORDS = _words("""modèle réseau neurone donnée apprentissage entraînement poids biais gradient
couche attention requête clé valeur vecteur matrice produit scalaire softmax
probabilité distribution échantillon prédiction erreur perte fonction paramètre
tokenisation jeton contexte fenêtre mémoire génération texte image son voix
traduction résumé question réponse raisonnement chaîne pensée agent outil
évaluation référence métrique précision rappel généralisation surapprentissage
régularisation décrochage normalisation initialisation optimiseur pas taux
itération époque lot calcul processeur carte graphique mémoire vive coût énergie
sécurité alignement préférence humaine récompense politique valeur état action
environnement simulation expérience hypothèse résultat conclusion méthode
système architecture encodeur décodeur transformeur convolution récurrence
représentation espace latent dimension projection plongement similarité
distance cosinus regroupement classification régression arbre forêt
""")
VERBS = _words("""apprend calcule prédit génère transforme compresse estime mesure compare
améliore dégrade explique illustre montre réduit augmente propage corrige
résume traduit décode encode échantillonne normalise optimise""")
ADJ = _words("""profond large étroit dense clairsemé rapide lent coûteux précis robuste
fragile stochastique déterministe linéaire non-linéaire récurrent causal
pré-entraîné fin ajusté quantifié distillé multimodal génératif discriminatif
élégant étrange célèbre récent ancien""")
GLUE = _words("""le la les un une des du de et ou mais donc car puis ensuite alors
ainsi cependant pourtant avec sans pour par dans sur sous entre chaque tout
très plus moins assez souvent parfois toujours jamais déjà encore""")
ELIDED = ["l’", "d’", "qu’", "n’", "s’", "c’est "]
TAGS = _words("""intelligence-artificielle apprentissage-profond réseaux-de-neurones
transformeurs attention llm gpt bert diffusion vision audio parole traduction
éthique sécurité alignement rlhf agents outils évaluation benchmarks données
tokenisation embeddings rag recherche mathématiques probabilités statistiques
optimisation gradient matériel gpu énergie open-source python pytorch jax
histoire vulgarisation tutoriel opinion actualité recherche-scientifique
philosophie langage cognition robotique jeux échecs go""")
TITLE_HEADS = [
    "Comprendre",
    "Pourquoi",
    "Comment",
    "À quoi sert",
    "Démystifier",
    "Petite histoire de",
    "Les coulisses de",
    "Tout savoir sur",
    "Ce que cache",
    "Réflexions sur",
    "Une introduction à",
]
MODELS = ["Mistral Large 2", "GPT-4o", "Claude 3.5 Sonnet", "Llama 3.1 70B"]
"""Named in `generated`, in turn by post number (no draw: the bodies stay the shared ones)."""
START, SPAN_DAYS = datetime.date(2016, 1, 1), 3650


def slugify(text: str) -> str:
    """ASCII, lower case, dashes; at most 60 characters."""
    ascii_text = unicodedata.normalize("NFKD", text.replace("’", "-"))
    ascii_text = ascii_text.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].rstrip("-")


def quoted(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Writer:
    """Draws French-ish prose and Markdown blocks from one random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng

    def word(self) -> str:
        r = self.r.random()
        if r < 0.45:
            return self.r.choice(GLUE)
        if r < 0.75:
            return self.r.choice(WORDS)
        if r < 0.88:
            return self.r.choice(ADJ)
        return self.r.choice(VERBS)

    def inline(self, w: str) -> str:
        """The word, sometimes emphasised, coded, linked, quoted or elided."""
        r = self.r.random()
        if r < 0.03:
            return f"**{w}**"
        if r < 0.06:
            return f"*{w}*"
        if r < 0.08:
            return f"`{w.replace('’', '_')}()`"
        if r < 0.095:
            return f"[{w}](https://exemple.fr/{slugify(w) or 'x'}/)"
        if r < 0.11:
            return f"«{NBSP}{w} {self.r.choice(WORDS)}{NBSP}»"
        if r < 0.14:
            return self.r.choice(ELIDED) + self.r.choice(WORDS)
        return w

    def sentence(self, lo: int = 8, hi: int = 20) -> str:
        words = [self.inline(self.word()) for _ in range(self.r.randint(lo, hi))]
        text = " ".join(words)
        text = text[0].upper() + text[1:]
        end = self.r.choices([".", f"{NNBSP}!", f"{NNBSP}?", "…"], [85, 5, 7, 3])[0]
        if self.r.random() < 0.2:  # French colon/semicolon spacing
            i = len(words) // 2
            text = " ".join(words[:i]) + f"{NNBSP}{self.r.choice(':;')} " + " ".join(words[i:])
            text = text[0].upper() + text[1:]
        return text + end

    def para(self, n: int | None = None) -> str:
        return " ".join(self.sentence() for _ in range(n or self.r.randint(3, 7)))

    def title(self) -> str:
        t = f"{self.r.choice(TITLE_HEADS)} {self.r.choice(['le', 'la', 'l’'])}"
        t = t.replace("l’ ", "l’") + (" " if not t.endswith("’") else "")
        t += f"{self.r.choice(WORDS)} {self.r.choice(ADJ)}"
        if self.r.random() < 0.5:
            t += f"{NNBSP}: {self.r.choice(WORDS)} et {self.r.choice(WORDS)}"
        return t.replace("  ", " ")

    def code(self) -> str:
        name, var = slugify(self.r.choice(WORDS)).replace("-", "_"), self.r.choice("xyzw")
        lines = [
            f"def {name}({var}, taux=0.{self.r.randint(1, 9)}):",
            f'    """{self.sentence(4, 8)}"""',
        ]
        for i in range(self.r.randint(2, 10)):
            lines.append(f"    {var} = {var} * taux + {i}  # {self.r.choice(WORDS)}")
        lines.append(f"    return {var}")
        lines += ["", f"print({name}({self.r.randint(1, 99)}))"]
        return "```python\n" + "\n".join(lines) + "\n```"

    def listing(self) -> str:
        ordered = self.r.random() < 0.4
        items = [self.sentence(3, 12) for _ in range(self.r.randint(3, 7))]
        return "\n".join((f"{i + 1}. " if ordered else "- ") + it for i, it in enumerate(items))

    def table(self) -> str:
        cols = self.r.sample(WORDS, self.r.randint(2, 4))
        rows = ["| " + " | ".join(c.capitalize() for c in cols) + " |", "|" + "---|" * len(cols)]
        for _ in range(self.r.randint(2, 6)):
            cells = (f"{self.r.random():.3f}".replace(".", ",") for _ in cols)
            rows.append("| " + " | ".join(cells) + " |")
        return "\n".join(rows)

    def dialogue(self) -> str:
        turns = range(self.r.randint(2, 6))
        return "\n\n".join(f"{'AB'[i % 2]}{NNBSP}: {self.sentence(5, 15)}" for i in turns)

    def quote(self) -> str:
        return "> " + self.para(2)

    def subsection(self) -> str:
        return f"### {self.title()}\n\n{self.para()}"

    def body(self, target: int) -> str:
        """Sections until `target` characters, then the footnotes they call."""
        out, notes = [self.para()], []
        extras: list[tuple[float, Callable[[], str]]] = [
            (0.35, self.listing),
            (0.3, self.code),
            (0.1, self.table),
            (0.15, self.quote),
            (0.12, self.dialogue),
            (0.2, self.subsection),
        ]
        while sum(map(len, out)) < target:
            out.append(f"## {self.title()}")
            for _ in range(self.r.randint(1, 3)):
                p = self.para()
                if self.r.random() < 0.1:
                    notes.append(self.sentence(5, 12))
                    p += f"[^{len(notes)}]"
                out.append(p)
            for chance, block in extras:
                if self.r.random() < chance:
                    out.append(block())
        out += [f"[^{i + 1}]: {n}" for i, n in enumerate(notes)]
        return "\n\n".join(out) + "\n"


@dataclass(frozen=True)
class Corpus:
    """What `write_corpus` wrote."""

    posts: Path
    """The folder of the posts."""
    files: int
    size: int
    """Total bytes."""


def front_matter(number: int, title: str, date: datetime.date, w: Writer) -> list[str]:
    """The post's front matter lines, drawing in the shared generator's order."""
    rng = w.r
    tags = rng.sample(TAGS, rng.randint(1, 5))
    translated, generated = rng.random() < 0.2, rng.random() < 0.1
    lines = [
        "---",
        f"title: {quoted(title)}",
        f"date: {date.isoformat()}",
        "tags: [" + ", ".join(quoted(t) for t in tags) + "]",
        "lang: fr",
        "layout: post",
    ]
    if translated:
        lines.append("translated: {from: en}")
    if generated:
        lines.append(f"generated: {{model: {quoted(MODELS[number % len(MODELS)])}}}")
    lines += ["audio: false", f"description: {quoted(w.sentence(8, 16))}", "---", ""]
    return lines


def write_corpus(posts: int, out: Path, seed: int = 1) -> Corpus:
    """Write `posts` posts into `out/posts/`; the same arguments give the same bytes."""
    rng = random.Random(seed)
    w = Writer(rng)
    folder = out / "posts"
    folder.mkdir(parents=True, exist_ok=True)
    seen: set[object] = set()
    size = 0
    for number in range(posts):
        date = START + datetime.timedelta(days=number * SPAN_DAYS // max(posts, 1))
        title = w.title()
        slug = _unique_slug(slugify(title), date, seen)
        target = int(min(40000, max(300, rng.lognormvariate(math.log(4500), 0.8))))
        head = front_matter(number, title, date, w)
        data = ("\n".join(head) + "\n" + w.body(target)).encode()
        (folder / f"{date.isoformat()}-{slug}.md").write_bytes(data)
        size += len(data)
    return Corpus(folder, posts, size)


def _unique_slug(base: str, date: datetime.date, seen: set[object]) -> str:
    slug, n = base, 2
    while (date, slug) in seen or slug in seen:
        slug, n = f"{base}-{n}", n + 1
    seen.update({slug, (date, slug)})
    return slug


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--posts", type=int, required=True, help="how many posts")
    parser.add_argument("--out", type=Path, required=True, help="folder; posts go in OUT/posts")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    args = parser.parse_args(argv)
    corpus = write_corpus(args.posts, args.out, args.seed)
    print(f"{corpus.files} posts, {corpus.size / 1e6:.1f} MB in {corpus.posts}")


if __name__ == "__main__":
    main()
