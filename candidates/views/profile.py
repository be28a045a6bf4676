"""The context of a candidacy's public profile (CandidacyPage.get_context calls this)."""

import json

from django.db.models import Q
from django.utils.safestring import mark_safe

from elections.models import OfficeScope
from identity.public import public_badges

from ..choices import FormulaRole
from ..queries import public_candidacies
from .images import PHOTO_SPECS, PROFILE_PHOTO_SPECS, with_images

CONTEST_LIMIT = 12


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
    queryset = with_images(queryset.order_by("party__sort_order", "list_position", "title"))
    return list(queryset[:limit])


def json_ld(candidacy, request):
    """schema.org Person from public registration and questionnaire fields only."""
    organization = candidacy.display_organization
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": candidacy.title,
        "url": request.build_absolute_uri(candidacy.url),
        "jobTitle": f"Candidatura a {candidacy.office.name}",
    }
    if organization is not None:
        data["affiliation"] = {"@type": "Organization", "name": getattr(organization, "name", "")}
    if candidacy.photo_id and candidacy.photo is not None:
        rendition = candidacy.photo.get_renditions(*PROFILE_PHOTO_SPECS)[PROFILE_PHOTO_SPECS[0]]
        data["image"] = request.build_absolute_uri(rendition.url)
    same_as = [url for _, url in candidacy.social_links]
    if candidacy.website:
        same_as.insert(0, candidacy.website)
    if same_as:
        data["sameAs"] = same_as
    text = json.dumps(data, ensure_ascii=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    return mark_safe(text)  # noqa: S308 - JSON with every HTML-significant character escaped


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
