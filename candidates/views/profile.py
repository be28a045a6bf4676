"""The context of a candidacy's public profile (CandidacyPage.get_context calls this).

What the profile publishes about the person is the public projection's: badges from
`public.badges`, the JSON-LD from `public.schema_org`; the rest is the contest around them.
"""

from django.db.models import Q

from elections.models import OfficeScope
from public.badges import public_badges
from public.schema_org import json_ld

from ..choices import FormulaRole
from ..images import PHOTO_SPECS, with_images
from ..queries import public_candidacies

CONTEST_LIMIT = 12
# How a profile sorts its rivals; publishing.purge sorts the same way to know who shows whom.
RIVAL_ORDER = ("party__sort_order", "list_position", "title")


def formula_partner(candidacy):
    """The other person of the fórmula when their page is public too; one query."""
    partner_q = Q(substitute_id=candidacy.pk)
    if candidacy.substitute_id:
        partner_q |= Q(pk=candidacy.substitute_id)
    return public_candidacies().filter(partner_q).exclude(pk=candidacy.pk).first()


def contest_rivals(candidacy, limit=CONTEST_LIMIT):
    """Other public candidacies competing for the same seat (same office and district)."""
    queryset = public_candidacies().filter(office_id=candidacy.office_id).exclude(pk=candidacy.pk)
    scope = candidacy.office.scope
    if scope == OfficeScope.DISTRICT:
        queryset = queryset.filter(district_id=candidacy.district_id)
    elif scope == OfficeScope.MUNICIPALITY:
        queryset = queryset.filter(municipality_id=candidacy.municipality_id)
    queryset = queryset.filter(formula_role=candidacy.formula_role)
    order = RIVAL_ORDER
    # Keys first, sorted alone, then the few rows: a statewide contest holds thousands of
    # candidacies, and sorting their whole pages to keep 12 was most of the profile's SQL time.
    ids = list(queryset.order_by(*order).values_list("pk", flat=True)[:limit])
    return list(with_images(public_candidacies().filter(pk__in=ids).order_by(*order)))


def _loaded(candidacy, request):
    """The live page again with every relation the template reads, in one query plus renditions.

    A preview shows unsaved content, so it keeps the instance it was given.
    """
    if getattr(request, "is_preview", False) or not candidacy.live:
        return candidacy
    loaded = (
        with_images(public_candidacies(), PHOTO_SPECS)
        .select_related("office__process", "three_of_three", "municipality")
        .filter(pk=candidacy.pk)
        .first()
    )
    return loaded or candidacy


def profile_context(candidacy, request):
    candidacy = _loaded(candidacy, request)
    rivals = contest_rivals(candidacy)
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
    }
