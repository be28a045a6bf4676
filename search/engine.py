"""Search, autocomplete and name suggestions over SearchDocument.

PostgreSQL: full text on the weighted `document` (GIN), prefix matching on `name_vector` (GIN),
and trigram word similarity on `name_key` (GIN, pg_trgm) for misspelt names. Other databases
(the embedded SQLite): every word must appear in the folded text (LIKE), and a name's sound key
must contain every word's. Each function is one query; each returns primary keys of live
candidacies, best first, which the views load through the public projection's queryset.
"""

from django.db import connection, transaction

from .backend import plain_words
from .models import SearchDocument
from .text import fold, sound_key

RESULT_LIMIT = 1000


def _postgres():
    return connection.vendor == "postgresql"


def _ids(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def search_ids(query, limit=RESULT_LIMIT):
    """Candidacies whose public text has every word of the query, the most relevant first."""
    words = plain_words(query)
    if not words:
        return []
    if _postgres():
        # A word most documents have ("seguridad") makes the planner prefer a sequential scan,
        # which reads every (TOASTed) document to test it: 300 ms at 20,000 rows. The GIN
        # bitmap answers the match exactly without reading one (70 ms). For the same reason
        # relevance is "the name matches" (the small name vector), not ts_rank over documents.
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
            return _ids(
                "SELECT candidacy_id FROM search_searchdocument "
                "WHERE document @@ plainto_tsquery('spanish_unaccent'::regconfig, %s) "
                "ORDER BY name_vector @@ plainto_tsquery('simple_unaccent'::regconfig, %s) DESC, "
                "name, candidacy_id LIMIT %s",
                [words, words, limit],
            )
    documents = SearchDocument.objects.all()
    for word in fold(words).split():
        documents = documents.filter(folded__contains=word)
    return list(documents.order_by("name", "pk").values_list("pk", flat=True)[:limit])


def autocomplete_ids(query, limit):
    """Candidacies whose name has words starting like each word of the query."""
    words = fold(query).split()
    if not words:
        return []
    if _postgres():
        # Words are letters and digits only (fold), so ":*" is the only syntax in the tsquery.
        tsquery = " & ".join(f"{word}:*" for word in words)
        return _ids(
            "SELECT candidacy_id FROM search_searchdocument "
            "WHERE name_vector @@ to_tsquery('simple_unaccent'::regconfig, %s) "
            "ORDER BY length(name), name, candidacy_id LIMIT %s",
            [tsquery, limit],
        )
    documents = SearchDocument.objects.all()
    for word in words:
        documents = documents.filter(folded__contains=word)  # folded begins with the name
    rows = documents.values_list("pk", "name")
    starts = [
        (len(name), name, pk)
        for pk, name in rows
        if all(any(w.startswith(word) for w in fold(name).split()) for word in words)
    ]
    return [pk for *_, pk in sorted(starts)[:limit]]


def similar_names(query, limit=5):
    """(pk, name) of candidacies whose name sounds like the query, the closest first."""
    key = sound_key(query)
    if not key:
        return []
    if _postgres():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT candidacy_id, name FROM search_searchdocument "
                # %> is word_similarity(query, name_key) >= pg_trgm.word_similarity_threshold
                # (0.6), the form the trigram index answers.
                "WHERE name_key %%> %s "
                "ORDER BY word_similarity(%s, name_key) DESC, name, candidacy_id LIMIT %s",
                [key, key, limit],
            )
            return cursor.fetchall()
    documents = SearchDocument.objects.all()
    for word in key.split():
        documents = documents.filter(name_key__contains=word)
    return list(documents.order_by("name", "pk").values_list("pk", "name")[:limit])
