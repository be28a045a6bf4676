"""Keeps one SearchDocument per live candidacy, written when Wagtail publishes or withdraws it.

Receivers run in the publishing transaction, not after its commit: the document commits or
rolls back with the publication it describes. A bulk publication (INE import, registry load)
announces its pages inside `candidates.events.bulk_change()`: their documents are written
together when the outermost block ends, 500 pages per query, instead of three queries per page
(20,000 candidacies: 60,000 queries). `rebuild_search_documents` redoes the whole table in one
pass when needed. Only text the public profile shows is indexed.
"""

import logging
import threading

from django.db import DatabaseError, transaction

from .models import SearchDocument
from .text import fold, sound_key

logger = logging.getLogger(__name__)


def _join(*parts):
    return " ".join(str(part) for part in parts if part)


def document_for(page):
    """The unsaved document of a candidacy page, from its published content."""
    related = _join(
        getattr(page.party, "acronym", ""),
        getattr(page.party, "name", ""),
        getattr(page.coalition, "name", ""),
        getattr(page.independent, "name", ""),
        page.office.name if page.office_id else "",
        f"distrito {page.district.number}" if page.district_id else "",
        page.district.head_town if page.district_id else "",
        page.municipality.name if page.municipality_id else "",
    )
    proposals = _join(page.proposals_text(), page.gender_proposal)
    other = _join(page.motivation, page.trajectory_text(), page.professional_text())
    return SearchDocument(
        candidacy_id=page.pk,
        name=page.title[:255],
        name_key=sound_key(page.title)[:255],
        related=related,
        proposals=proposals,
        other=other,
        folded=fold(_join(page.title, related, proposals, other)),
    )


RELATIONS = ("office", "district", "municipality", "party", "coalition", "independent")


REFRESH_BATCH = 500


def refresh(pks):
    """Rewrite the documents of these candidacies: live ones get theirs, the others lose it."""
    from candidates.queries import public_candidacies

    pks = list(pks)
    with transaction.atomic():
        for start in range(0, len(pks), REFRESH_BATCH):
            chunk = pks[start : start + REFRESH_BATCH]
            pages = list(public_candidacies().filter(pk__in=chunk).select_related(*RELATIONS))
            SearchDocument.objects.filter(candidacy_id__in=chunk).delete()
            SearchDocument.objects.bulk_create([document_for(page) for page in pages])


def rebuild(batch_size=1000):
    """Every document again, from the live candidacies: after a bulk load or a catalog rename.

    Moves the publication version once the documents are committed: the kept searches
    (search.views) were answered from the old ones."""
    from candidates.counts import forget_listing_counts
    from candidates.queries import public_candidacies

    transaction.on_commit(forget_listing_counts)

    with transaction.atomic():
        SearchDocument.objects.all().delete()
        ids = list(public_candidacies().order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), batch_size):
            chunk = ids[start : start + batch_size]
            pages = public_candidacies().filter(pk__in=chunk).select_related(*RELATIONS)
            SearchDocument.objects.bulk_create([document_for(page) for page in pages])
    return len(ids)


_bulk = threading.local()


def candidacy_visibility_changed(sender, instance, **kwargs):
    pending = getattr(_bulk, "pending", None)
    if pending is not None:
        pending[instance.pk] = None  # written when the bulk change ends, in first-seen order
    else:
        refresh([instance.pk])


def bulk_change_started(sender, **kwargs):
    _bulk.pending = {}


def bulk_change_finished(sender, **kwargs):
    """Sent whether the bulk change succeeded or not: a failure here is logged, not raised over
    the change's own outcome; `rebuild_search_documents` writes every document again."""
    pending, _bulk.pending = getattr(_bulk, "pending", None), None
    if not pending:
        return
    try:
        refresh(pending)
    except DatabaseError:
        logger.exception(
            "No se pudieron escribir %d documentos de búsqueda; "
            "manage.py rebuild_search_documents los rehace",
            len(pending),
        )


def candidacy_deleted(sender, instance, **kwargs):
    SearchDocument.objects.filter(candidacy_id=instance.pk).delete()


def connect():
    from django.db.models.signals import post_delete

    from wagtail.signals import page_published, page_unpublished

    from candidates.events import bulk_change_finished as finished
    from candidates.events import bulk_change_started as started
    from candidates.models import CandidacyPage

    started.connect(bulk_change_started, dispatch_uid="search-bulk-started")
    finished.connect(bulk_change_finished, dispatch_uid="search-bulk-finished")
    page_published.connect(
        candidacy_visibility_changed, sender=CandidacyPage, dispatch_uid="search-published"
    )
    page_unpublished.connect(
        candidacy_visibility_changed, sender=CandidacyPage, dispatch_uid="search-unpublished"
    )
    post_delete.connect(candidacy_deleted, sender=CandidacyPage, dispatch_uid="search-deleted")
