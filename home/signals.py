"""Keep public caches and renditions in step with publication and catalog edits."""

from django.db.models.signals import post_delete, post_save

from wagtail.signals import page_published, page_unpublished

from candidates.filters import forget_public_catalog

from .figures import forget_headline_figures


def candidacy_published(sender, instance, **kwargs):
    """Visitors never generate renditions: the ones public pages use are made on publication."""
    from candidates.views.images import generate_public_renditions

    forget_headline_figures()
    generate_public_renditions(instance)


def connect():
    from candidates.models import CandidacyPage, ProcessPage
    from elections import models as catalogs

    page_published.connect(candidacy_published, sender=CandidacyPage, dispatch_uid="h4-publish")
    page_unpublished.connect(
        forget_headline_figures, sender=CandidacyPage, dispatch_uid="h4-unpublish"
    )
    for model in (ProcessPage,):
        page_published.connect(forget_public_catalog, sender=model, dispatch_uid="h4-process")
        page_unpublished.connect(forget_public_catalog, sender=model, dispatch_uid="h4-process-u")
    for model in (
        catalogs.ElectoralProcess,
        catalogs.Office,
        catalogs.District,
        catalogs.Municipality,
        catalogs.Party,
        catalogs.Coalition,
        catalogs.IndependentCandidacy,
    ):
        uid = f"h4-catalog-{model.__name__}"
        post_save.connect(forget_public_catalog, sender=model, dispatch_uid=uid)
        post_delete.connect(forget_public_catalog, sender=model, dispatch_uid=f"{uid}-d")
