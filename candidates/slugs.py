"""Candidacy slugs made on the server from "Nombre completo", unique within the process.

Parties never see the slug: Wagtail requires it before validation, so a party's first "Guardar
borrador" used to fail on a field in a tab it should not need. Uniqueness is checked across the
whole process, not only among the party's pages, so that a person's URL never depends on which
party captured a namesake first.
"""

from django.utils.text import slugify

from wagtail.models import Page

MAX_LENGTH = 200
FALLBACK = "candidatura"


def process_scope(parent):
    """Pages whose slugs a new candidacy under `parent` must not repeat."""
    from .models import ProcessPage

    process_page = ProcessPage.objects.ancestor_of(parent, inclusive=True).first()
    if process_page is None:
        return parent.get_children()
    return Page.objects.descendant_of(process_page)


def candidacy_slug(title, parent, instance=None):
    """An ASCII slug from the person's name, suffixed -2, -3… if the process already has it."""
    base = slugify(title or "")[: MAX_LENGTH - 6].strip("-") or FALLBACK
    taken = process_scope(parent).filter(slug__startswith=base)
    if instance is not None and instance.pk:
        taken = taken.exclude(pk=instance.pk)
    taken = set(taken.values_list("slug", flat=True))
    slug, counter = base, 2
    while slug in taken:
        slug = f"{base}-{counter}"
        counter += 1
    return slug
