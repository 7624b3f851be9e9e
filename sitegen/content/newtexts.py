"""The texts `sitegen new` writes for the author to replace, and where one was left."""

from __future__ import annotations

from collections.abc import Iterator

BODIES = {
    "post": "Premier paragraphe : il sert de résumé sur la page d’accueil.\n\n<!--more-->\n\n"
    "## Première partie\n\nLa suite du billet.\n",
    "page": "Le texte de la page.\n",
    "conversation": "A: Première réplique.\n\nB: Deuxième réplique.\n",
    "chat": "Contexte de l’échange.\n\n**Prénom** : premier message.\n\n"
    "**Autre prénom** : réponse.\n",
}
"""A new entry's body, by its layout."""
PLACEHOLDERS = (
    "Premier paragraphe : il sert de résumé sur la page d’accueil.",
    "La suite du billet.",
    "Le texte de la page.",
    "Première réplique.",
    "Deuxième réplique.",
    "Contexte de l’échange.",
)
"""The sentences of `BODIES` no author would write: one still in a text was never replaced."""


def placeholders_left(body: str) -> Iterator[tuple[int, int, str]]:
    """Each placeholder sentence still in `body`: its line in the body (from 0), its column
    (from 1) and the sentence."""
    if not any(sentence in body for sentence in PLACEHOLDERS):  # most bodies: one pass each
        return
    for number, line in enumerate(body.split("\n")):
        for sentence in PLACEHOLDERS:
            if (col := line.find(sentence)) >= 0:
                yield number, col + 1, sentence
