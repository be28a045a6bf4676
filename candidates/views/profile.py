"""The context of a candidacy's public profile (CandidacyPage.get_context calls this).

What the profile publishes about the person is the public projection's: badges from
`public.badges`, the JSON-LD from `public.schema_org`; the rest is the contest around them.
"""

from django.db.models import Q, prefetch_related_objects

from elections.models import OfficeScope
from public.badges import public_badges
from public.schema_org import json_ld

from ..choices import FormulaRole
from ..filters import public_catalog
from ..images import PHOTO_SPECS, rendition_prefetches, with_images
from ..process_scope import prefix_for
from ..queries import attach_catalog, public_candidacies, public_cards

CONTEST_LIMIT = 12
# How a profile sorts its rivals; publishing.purge sorts the same way to know who shows whom.
# The stored public order (candidates.ordering): within one contest, the list position (lists
# only: every list's head first), the party's number, the name; the (office, public_order)
# index serves it without sorting a statewide contest's thousands of rows.
RIVAL_ORDER = ("public_order", "pk")
# The columns a profile reads of the other candidacies it names: building the SQL for the
# ninety columns of a candidacy and its page was a third of a profile's CPU time.
PARTNER_FIELDS = ("title", "url_path")
RIVAL_FIELDS = (
    "title",
    "public_order",
    "office",
    "district",
    "municipality",
    "party",
    "coalition",
    "independent",
)


def formula_partner(candidacy):
    """The other person of the fórmula when their page is public too; one query. The profile
    links to them by name: no relation is joined."""
    partner_q = Q(substitute_id=candidacy.pk)
    if candidacy.substitute_id:
        partner_q |= Q(pk=candidacy.substitute_id)
    partners = public_cards().select_related(None).only(*PARTNER_FIELDS)
    return partners.filter(partner_q).exclude(pk=candidacy.pk).first()


def contest_rivals(candidacy, limit=CONTEST_LIMIT, catalog=None):
    """Other public candidacies competing for the same seat (same office and district)."""
    queryset = public_candidacies().filter(office_id=candidacy.office_id).exclude(pk=candidacy.pk)
    scope = candidacy.office.scope
    if scope == OfficeScope.DISTRICT:
        queryset = queryset.filter(district_id=candidacy.district_id)
    elif scope == OfficeScope.MUNICIPALITY:
        queryset = queryset.filter(municipality_id=candidacy.municipality_id)
    queryset = queryset.filter(formula_role=candidacy.formula_role)
    order = RIVAL_ORDER
    # Keys first, in the index's order, then the few rows: a statewide contest holds thousands
    # of candidacies. The list shows names and parties only: no long texts, no images, and
    # the parties from the catalog when it holds them (queries.attach_catalog).
    ids = list(queryset.order_by(*order).values_list("pk", flat=True)[:limit])
    rows = public_cards().filter(pk__in=ids).order_by(*order)
    if catalog is None:
        return list(rows)
    rivals = list(rows.select_related(None).only(*RIVAL_FIELDS))
    if not attach_catalog(rivals, catalog):
        prefetch_related_objects(rivals, "office", "district", "party", "coalition", "independent")
    return rivals


def _loaded(candidacy, request):
    """The page with every relation the template reads, and the catalog it belongs to.

    A preview shows unsaved content, so it keeps the instance it was given. A live page was
    just routed and checked for view restrictions by Wagtail: its catalog rows come from the
    cached catalog of its process, its photo and document with the renditions. Outside the
    current process's catalog, the page is read again with its relations joined.
    """
    if getattr(request, "is_preview", False) or not candidacy.live:
        return candidacy, None
    catalog = public_catalog()
    if attach_catalog([candidacy], catalog):
        prefetch_related_objects([candidacy], "three_of_three", *rendition_prefetches(PHOTO_SPECS))
        return candidacy, catalog
    loaded = (
        with_images(public_candidacies(), PHOTO_SPECS)
        .select_related("office__process", "three_of_three", "municipality")
        .filter(pk=candidacy.pk)
        .first()
    )
    return loaded or candidacy, None


def profile_context(candidacy, request):
    candidacy, catalog = _loaded(candidacy, request)
    rivals = contest_rivals(candidacy, catalog=catalog)
    return {
        "page": candidacy,
        "self": candidacy,
        "badges": public_badges(candidacy),
        "partner": formula_partner(candidacy),
        "rivals": rivals,
        "rivals_more": len(rivals) >= CONTEST_LIMIT,
        "is_substitute": candidacy.formula_role == FormulaRole.SUBSTITUTE,
        "json_ld": json_ld(candidacy, request),
        "age_band": candidacy.process.age_band_for(candidacy.age),
        # Its contest's listing is its own process's (candidates.process_scope).
        "process_prefix": prefix_for(candidacy.process),
    }
