"""Text normalisation shared by the indexed documents and the queries that look them up.

The same function is applied on both sides, so whatever it loses it loses symmetrically.
"""

import re
import unicodedata

from .backend import plain_words

_SOUND_RULES = [
    (re.compile(r"ch"), "\x01"),  # kept apart: the silent-h rule must not eat it
    (re.compile(r"h"), ""),
    (re.compile(r"qu(?=[ei])"), "k"),
    (re.compile(r"q"), "k"),
    (re.compile(r"c(?=[ei])"), "s"),
    (re.compile(r"c"), "k"),
    (re.compile(r"g(?=[ei])"), "j"),
    (re.compile(r"gu(?=[ei])"), "g"),
    (re.compile(r"z"), "s"),
    (re.compile(r"v"), "b"),
    (re.compile(r"ll"), "y"),
    (re.compile(r"ni(?=[aeou])"), "n"),  # "ñ" folds to "n"; "brisenio" is how many type it
    (re.compile(r"\x01"), "ch"),
    (re.compile(r"(.)\1+"), r"\1"),
]


def fold(text):
    """Lower case, accents and "ñ" folded to plain letters, only words, single spaces."""
    decomposed = unicodedata.normalize("NFKD", plain_words(text).lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def sound_key(text):
    """`fold(text)` with Spanish spellings of one sound made one: people type names by ear."""
    words = []
    for word in fold(text).split():
        for pattern, replacement in _SOUND_RULES:
            word = pattern.sub(replacement, word)
        if word:
            words.append(word)
    return " ".join(words)
