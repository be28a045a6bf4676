"""Wagtail's view restrictions (private sections), read once per request.

A profile used to read the whole restriction table four times (Wagtail's `public()` on every
queryset of the public projection) and twice more for its own page (`get_view_restrictions`:
its ancestors, then their restrictions). The table holds a handful of rows: each request now
reads it once (site_conoceles.cache.per_request) and answers both questions from those rows.

Those rows are kept in the shared cache under the publication version (candidates.counts), so
that an uncached page does not read them at all: adding, changing or removing a restriction moves
the version as it is saved and again once it commits (publishing.pipeline.catalog_changed), and so
does moving a page (a restriction's page path), so a restriction added in the admin applies to
the very next request.
"""

from django.core.cache import cache
from django.db.models import Q

from site_conoceles.cache import forget_per_request, per_request

KEY = "view-restrictions"
# A safety net only: every change moves the version at once.
KEPT_SECONDS = 30 * 60


def view_restrictions():
    """Every PageViewRestriction with its page (path, depth), this request's copy."""
    from wagtail.models import PageViewRestriction

    from .counts import publication_version

    def kept():
        key = f"conoceles:view-restrictions:{publication_version()}"
        restrictions = cache.get(key)
        if restrictions is None:
            restrictions = list(PageViewRestriction.objects.select_related("page"))
            cache.set(key, restrictions, KEPT_SECONDS)
        return restrictions

    return per_request(KEY, kept)


def private_q():
    """Wagtail's PageQuerySet.private_q() from this request's restrictions."""
    q = Q()
    for restriction in view_restrictions():
        page = restriction.page
        q |= Q(path__startswith=page.path, depth__gte=page.depth)
    # No private section: match no page (as Wagtail does).
    return q if q else Q(pk__in=[])


def restrictions_key():
    """What `private_q()` is built from, as a hashable value: a query compiled once per set of
    restrictions (site_conoceles.precompiled) is compiled again when they change."""
    return tuple(sorted((r.page.path, r.page.depth) for r in view_restrictions()))


def restrictions_over(page):
    """The restrictions on `page` and its ancestors, as Page.get_view_restrictions() finds them
    for a page with no alias in its tree (the caller falls back to Wagtail for an alias)."""
    return [r for r in view_restrictions() if page.path.startswith(r.page.path)]


def forget_view_restrictions(**kwargs):
    """A restriction added or removed changes what every listing holds: its cached counts and
    order go (candidates.counts), and this request's copy of the restrictions."""
    from .counts import forget_listing_counts

    forget_per_request(KEY)
    forget_listing_counts()


def connect():
    from django.db.models.signals import post_delete, post_save

    from wagtail.models import PageViewRestriction

    post_save.connect(
        forget_view_restrictions, sender=PageViewRestriction, dispatch_uid="restrictions-save"
    )
    post_delete.connect(
        forget_view_restrictions, sender=PageViewRestriction, dispatch_uid="restrictions-delete"
    )
