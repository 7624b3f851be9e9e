"""A chat's contacts are removed however they are spelled: obfuscated addresses, numbers glued
to their label, written in fullwidth digits or cut by a line break. Words that merely look
like them (a year range, a price, `at` in English, `point` in French) are kept.

Every number and address here is invented (06 12 34 56 xx, exemple.fr).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

import pytest

from sitegen.importers.chatpost import chat_draft
from sitegen.importers.privacy import Redactor
from sitegen.importers.whatsapp import read_export

PHONES = [
    "06 12 34 56 30",
    "0612345630",
    "tel0612345630",
    "Tel.0612345631",
    "tél:06.12.34.56.30",
    "Tél : 06 12 34 56 32",
    "portable06-12-34-56-33",
    "06.12.34.56.34",
    "06-12-34-56-35",
    "06/12/34/56/36",
    "06\u00a012\u00a034\u00a056\u00a037",
    "06\u202f12\u202f34\u202f56\u202f38",
    "06\u201112\u201134\u201156\u201139",
    "06\u201412\u201434\u201456\u201440",
    "\uff10\uff16 \uff11\uff12 \uff13\uff14 \uff15\uff16 \uff14\uff11",
    "\uff10\uff16\uff11\uff12\uff13\uff14\uff15\uff16\uff14\uff12",
    "+33 6 12 34 56 43",
    "+33 (0)6 12 34 56 44",
    "+33(0)612345645",
    "(+33) 6 12 34 56 46",
    "+33.6.12.34.56.47",
    "0033 6 12 34 56 48",
    "0033612345649",
    "+33 6 12 34\n56 50",
    "06 12\n34 56 51",
    "06 12 34 56\n52",
    "0612\n345653",
    "06 - 12 - 34 - 56 - 54",
    "+33 6 12 34 56 55 / 06 12 34 56 56",
    "\uff0b\uff13\uff13 \uff16 \uff11\uff12 \uff13\uff14 \uff15\uff16 \uff15\uff17",
]
EMAILS = [
    "camille.dupont@exemple.fr",
    "camille.dupont [at] exemple.fr",
    "camille.dupont [at] exemple [dot] fr",
    "camille.dupont (at) exemple (dot) fr",
    "camille.dupont(at)exemple(dot)fr",
    "camille.dupont at exemple dot fr",
    "camille.dupont AT exemple DOT fr",
    "camille.dupont At exemple Dot fr",
    "camille.dupont arobase exemple point fr",
    "camille.dupont AROBASE exemple POINT fr",
    "camille.dupont (arobase) exemple (point) fr",
    "camille.dupont\uff20exemple\uff0efr",
    "camille.dupont\uff20exemple.fr",
    "camille.dupont @ exemple . fr",
    "camille.dupont @ exemple.fr",
    "camille.dupont{at}exemple.fr",
    "camille.dupont {at} exemple {dot} fr",
    "camille.dupont <at> exemple <dot> fr",
    "camille.dupont [ at ] exemple [ point ] fr",
    "camille.dupont [@] exemple [.] fr",
    "camille.dupont [chez] exemple [point] fr",
    "camille.dupont -at- exemple -dot- fr",
    "camille.dupont@exemple point fr",
    "camille dot dupont at exemple dot fr",
    "camille.dupont at\nexemple dot fr",
    "camille.dupont@\nexemple.fr",
    "camille.dupont [at] mail.exemple [dot] com",
    "camille.dupont@exemple\u3002fr",
]
NEAR_MISSES = [
    "J’y étais de 2019-2024, puis plus rien.",
    "Le menu coûte 12,50 € par personne.",
    "You should look at the data first.",
    "Passe à Python 3.11.7 avant lundi.",
    "On se retrouve à 10:30 devant la gare.",
    "Du point de vue de Léa, c’est clair.",
    "L’arobase est un vieux signe, et le point aussi.",
    "On dîne chez Marie, point barre.",
    "salut @ Paul. Ca va ?",
    "Merci @Léa.De rien !",
    "Le modèle a 175 000 000 000 paramètres.",
    "Rendez-vous le 04/08/2024 à 18h30.",
    "Le dépôt est sur exemple.fr, page 12.",
    "Meet me at noon, then look at the slides.",
    "Voir l’article arXiv 2201.02177 pour les détails.",
]


def plain(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def redacted(text: str) -> str:
    return Redactor("fr").text(text)


@pytest.mark.parametrize("number", PHONES)
def test_a_phone_number_is_removed_however_written(number: str) -> None:
    said = redacted(f"Appelle-moi au {number} ce soir, merci !")
    assert "[numéro masqué]" in said
    assert not re.search(r"\d", plain(said)), said


@pytest.mark.parametrize("address", EMAILS)
def test_an_address_is_removed_however_written(address: str) -> None:
    said = redacted(f"Écris-moi à {address} si besoin.")
    assert "[adresse masquée]" in said
    assert not re.search("dupont|exemple", plain(said), re.I), said


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_words_that_only_look_like_a_contact_are_kept(text: str) -> None:
    assert redacted(text) == text


def test_a_number_cut_across_a_messages_lines_is_removed_from_the_chat_post() -> None:
    export, problems = read_export(
        "04/08/2024, 08:51 - Inès: Mon numéro : 06 12 34\n56 30\n"
        "04/08/2024, 08:52 - Hugo: et le mien 06 12\n34 56 31, ou camille.dupont at\n"
        "exemple dot fr\n",
        "chat.txt",
    )
    assert not problems and export.messages[0].when == datetime(2024, 8, 4, 8, 51)
    body = chat_draft(export, Redactor("fr"), "fr", None, keep_system=False).body
    messages = body.split("<!--more-->")[1]
    assert not re.search(r"\d{2} \d{2}|\n\d{2}\b|dupont|exemple", messages), messages
    assert messages.count("numéro masqué") == 2 and "adresse masquée" in messages
