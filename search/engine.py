"""Search, autocomplete and name suggestions over SearchDocument.

PostgreSQL: full text on the weighted `document` (GIN), prefix matching on `name_vector` (GIN),
and trigram word similarity on `name_key` (GIN, pg_trgm) for misspelt names. Other databases
(the embedded SQLite): every word must appear in the folded text (LIKE), and a name's sound key
must contain every word's. Each function is one query; each returns primary keys of live
candidacies, best first, which the views load through the public projection's queryset.
"""

from contextlib import contextmanager

from django.db import connection, transaction

from .backend import plain_words
from .models import SearchDocument
from .text import fold, sound_key

RESULT_LIMIT = 1000
# How many of the shortest names autocomplete tries before asking the GIN index.
AUTOCOMPLETE_WINDOW = 200


def _postgres():
    return connection.vendor == "postgresql"


@contextmanager
def _no_sequential_scan():
    """For the full-text search: a sequential scan reads every (TOASTed) document to test it,
    and the planner picks one whenever a word matches most documents."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        yield


def _ids(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def search_ids(query, limit=RESULT_LIMIT, office_ids=None):
    """Candidacies whose public text has every word of the query, the most relevant first;
    with `office_ids`, only candidacies for those offices (one process's)."""
    words = plain_words(query)
    if not words:
        return []
    if _postgres():
        # Names that have the words first, then every match, each in name order: two limited
        # walks, one query. A word most documents have («seguridad») is answered by walking
        # the name index and stopping after `limit` matches (the planner knows the word is
        # common from the vector's statistics); a rare one by the GIN bitmap and a small sort.
        # Sorting every match by name was 470 ms for a word all 20,000 documents have.
        # No sequential scan: it would read every (TOASTed) document to test it.
        offices, office_params = "", []
        if office_ids is not None:
            # The candidacy's office, by its primary key, for each row the walk keeps.
            offices = (
                "JOIN candidates_candidacypage ON page_ptr_id = candidacy_id "
                "AND office_id = ANY(%s)"
            )
            office_params = [list(office_ids)]
        with _no_sequential_scan():
            # `offices` is one of two constant fragments; every value is a parameter.
            found = _ids(
                f"(SELECT candidacy_id FROM search_searchdocument {offices} "  # noqa: S608
                "WHERE name_vector @@ plainto_tsquery('simple_unaccent'::regconfig, %s) "
                "AND document @@ plainto_tsquery('spanish_unaccent'::regconfig, %s) "
                "ORDER BY name, candidacy_id LIMIT %s) "
                "UNION ALL "
                f"(SELECT candidacy_id FROM search_searchdocument {offices} "
                "WHERE document @@ plainto_tsquery('spanish_unaccent'::regconfig, %s) "
                "ORDER BY name, candidacy_id LIMIT %s)",
                [*office_params, words, words, limit, *office_params, words, limit],
            )
        return list(dict.fromkeys(found))[:limit]
    documents = SearchDocument.objects.all()
    if office_ids is not None:
        documents = documents.filter(candidacy__office_id__in=office_ids)
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
        # A common prefix («pers») matches most names, and sorting them all to keep 8 read every
        # row (60 ms at 20,000). The shortest names first, through their index: the first
        # matches among the first AUTOCOMPLETE_WINDOW names are the first matches of all.
        # Fewer than `limit` there, and more names than the window: the GIN index answers
        # (a rare prefix, few rows to sort).
        with connection.cursor() as cursor:
            cursor.execute(
                "WITH first_names AS MATERIALIZED ("
                "SELECT candidacy_id, name, name_vector FROM search_searchdocument "
                "ORDER BY length(name), name, candidacy_id LIMIT %s) "
                "SELECT (SELECT count(*) FROM first_names), ARRAY("
                "SELECT candidacy_id FROM first_names "
                "WHERE name_vector @@ to_tsquery('simple_unaccent'::regconfig, %s) "
                "ORDER BY length(name), name, candidacy_id LIMIT %s)",
                [AUTOCOMPLETE_WINDOW, tsquery, limit],
            )
            examined, found = cursor.fetchone()
        if len(found) >= limit or examined < AUTOCOMPLETE_WINDOW:
            return list(found)
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
