"""Keeps one SearchDocument per live candidacy, written when Wagtail publishes or withdraws it.

Receivers run in the publishing transaction, not after its commit: the document commits or
rolls back with the publication it describes. A bulk publication (INE import) announces each
page after its commit; each then costs a few queries, and `rebuild_search_documents` redoes
the whole table in one pass when needed. Only text the public profile shows is indexed.
"""

from django.db import transaction

from .models import SearchDocument
from .text import fold, sound_key


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


def refresh(pks):
    """Rewrite the documents of these candidacies: live ones get theirs, the others lose it."""
    from candidates.queries import public_candidacies

    pks = list(pks)
    if not pks:
        return
    pages = list(public_candidacies().filter(pk__in=pks).select_related(*RELATIONS))
    with transaction.atomic():
        SearchDocument.objects.filter(candidacy_id__in=pks).delete()
        SearchDocument.objects.bulk_create([document_for(page) for page in pages], batch_size=500)


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


def candidacy_visibility_changed(sender, instance, **kwargs):
    refresh([instance.pk])


def candidacy_deleted(sender, instance, **kwargs):
    SearchDocument.objects.filter(candidacy_id=instance.pk).delete()


def connect():
    from django.db.models.signals import post_delete

    from wagtail.signals import page_published, page_unpublished

    from candidates.models import CandidacyPage

    page_published.connect(
        candidacy_visibility_changed, sender=CandidacyPage, dispatch_uid="search-published"
    )
    page_unpublished.connect(
        candidacy_visibility_changed, sender=CandidacyPage, dispatch_uid="search-unpublished"
    )
    post_delete.connect(candidacy_deleted, sender=CandidacyPage, dispatch_uid="search-deleted")
