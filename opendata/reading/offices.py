"""An office label as OPL reports write it, reduced to a key the process's catalog can match.

Offices are catalog data (`Office.ine_label`, name, short name, identifier): the importer knows
no list of offices. Real files write the same office many ways: «DIPUTACIÓN LOCAL MR»,
«Diputaciones de Mayoría Relativa», «Diputado MR»; «CONCEJALÍA RP», «Concejalías de
representación proporcional»; «Jefa de Gobierno». `office_key` folds case, accents,
punctuation, plurals, the person's title (diputada → diputación), the principle's long form
(mayoría relativa → MR) and filler words, and sorts what is left, so each of those variants
gives the key of the catalog's own label. A key two offices of one process share is ambiguous
and matches neither (`OfficeIndex`): the row is reported with the catalog's labels.
"""

import re

from .vocabulary import fold

PHRASES = [
    ("mayoria relativa", "mr"),
    ("representacion proporcional", "rp"),
    ("presidente municipal", "presidencia municipal"),
    ("presidenta municipal", "presidencia municipal"),
    ("jefe de gobierno", "jefatura gobierno"),
    ("jefa de gobierno", "jefatura gobierno"),
]
# A person's title → the office's name, singular.
WORDS = {
    "diputado": "diputacion", "diputada": "diputacion", "diputade": "diputacion",
    "concejal": "concejalia", "concejala": "concejalia",
    "alcalde": "alcaldia", "alcaldesa": "alcaldia",
    "senador": "senaduria", "senadora": "senaduria",
    "regidor": "regiduria", "regidora": "regiduria",
    "sindico": "sindicatura", "sindica": "sindicatura",
    "gobernador": "gubernatura", "gobernadora": "gubernatura",
    "presidente": "presidencia", "presidenta": "presidencia",
    "migrantes": "migrante",
}  # fmt: skip
# Words that do not tell two offices of one process apart.
FILLER = {"de", "del", "la", "las", "el", "los", "por", "y", "principio", "local", "federal",
          "persona", "cargo"}  # fmt: skip
SEPARATORS = re.compile(r"[\s.,;:_/()\-–·]+")


def _singular(word):
    if word.endswith(("ones", "ales")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def office_key(label):
    text = fold(label)
    for phrase, replacement in PHRASES:
        text = text.replace(phrase, replacement)
    words = []
    for word in SEPARATORS.split(text):
        if not word:
            continue
        word = WORDS.get(word) or WORDS.get(_singular(word)) or _singular(word)
        if word not in FILLER:
            words.append(word)
    return " ".join(sorted(words))


class OfficeIndex:
    """The offices of one process by every key of their catalog labels."""

    def __init__(self, offices):
        self.offices = list(offices)
        found = {}
        for office in self.offices:
            for label in (office.ine_label, office.name, office.short_name, office.slug):
                if label:
                    found.setdefault(office_key(label), set()).add(office)
        self.by_key = {key: next(iter(o)) for key, o in found.items() if len(o) == 1}

    def get(self, label):
        return self.by_key.get(office_key(label))
