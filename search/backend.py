"""Wagtail's database search backend, with an accent-insensitive autocomplete on PostgreSQL, and
search terms that are only ever words.

The PostgreSQL backend hard-codes the `simple` text search configuration for autocomplete, so
"jose" would not complete "José". Settings name an `AUTOCOMPLETE_CONFIG` (created with
`spanish_unaccent` by this app's migration); other databases ignore both options.

Both engines have a query language of their own (FTS5: `"`, `*`, `-`, `AND`, `NEAR`, `(`, `:`;
tsquery: `&`, `|`, `!`, `:*`), and Wagtail passes a term's characters into it unescaped, so a
lone double quote was an FTS5 syntax error, a 500, on every public surface that searches (issue
#11). Everyone who searches here, citizen or capturist, looks for names and words: each term is
reduced to its letters and digits before the query is built, which is also how both engines
tokenize the indexed text, so no match is lost.
"""

import re

from django.db import connection

from wagtail.search.backends.database import SearchBackend as database_backend
from wagtail.search.query import And, Boost, Not, Or, Phrase, PlainText

WORD = re.compile(r"[^\W_]+")


def plain_words(text):
    """The words of `text`, separated by single spaces; "" when it has none."""
    return " ".join(WORD.findall(text or ""))


def _words_only(query):
    """`query` with every term reduced to its words; None when no word is left to look for."""
    if isinstance(query, str):
        return plain_words(query) or None
    if isinstance(query, PlainText):
        words = plain_words(query.query_string)
        return PlainText(words, operator=query.operator, boost=query.boost) if words else None
    if isinstance(query, Phrase):
        words = plain_words(query.query_string)
        return Phrase(words) if words else None
    if isinstance(query, And | Or):
        subqueries = [q for q in map(_words_only, query.subqueries) if q is not None]
        return type(query)(subqueries) if subqueries else None
    if isinstance(query, Not):
        subquery = _words_only(query.subquery)
        return Not(subquery) if subquery is not None else None
    if isinstance(query, Boost):
        subquery = _words_only(query.subquery)
        return Boost(subquery, query.boost) if subquery is not None else None
    return query


class WordsOnly:
    """Mixed into the engine's backend class: the query that reaches the engine has no syntax."""

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        # A term with no word in it (`"`, `*`, `-`) looks for nothing, and finds nothing.
        query = _words_only(query) or ""
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)


_classes = {}


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    backend = database_backend(params)
    engine_class = type(backend)
    if engine_class not in _classes:
        _classes[engine_class] = type(engine_class.__name__, (WordsOnly, engine_class), {})
    backend.__class__ = _classes[engine_class]
    if connection.vendor == "postgresql":
        backend.autocomplete_config = params.get("AUTOCOMPLETE_CONFIG", "simple")
    else:
        backend.config = None
    return backend
