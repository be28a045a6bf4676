"""«Mi boleta»: every contest on a voter's ballot, from a municipality, a district or a section."""

from django.db.models import Q
from django.template.response import TemplateResponse

from elections.models import OfficeScope, Section
from public.badges import public_badges_for
from site_conoceles.cache import public_cache

from ..choices import FormulaRole
from ..filters import public_catalog
from ..images import with_images
from ..queries import public_candidacies
from .listing import PUBLIC_ORDER


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def resolve_place(request, catalog):
    """(municipality, district, district_choices, error) from ?seccion=, ?municipio=, ?distrito=."""
    process = catalog["process"]
    districts = {d.pk: d for d in catalog["districts"]}
    by_code = {m.inegi_code: (m, ids) for m, ids in catalog["municipalities"]}
    section_number = request.GET.get("seccion", "").strip()
    if section_number:
        number = _int(section_number)
        section = (
            Section.objects.filter(process=process, number=number).first()
            if number is not None and process is not None
            else None
        )
        if section is None:
            return None, None, [], f"No encontramos la sección {section_number}."
        municipality = next(
            (m for m, _ in catalog["municipalities"] if m.pk == section.municipality_id), None
        )
        return municipality, districts.get(section.district_id), [], None
    code = request.GET.get("municipio", "").strip()
    if not code:
        return None, None, [], None
    if code not in by_code:
        return None, None, [], "No encontramos ese municipio."
    municipality, district_ids = by_code[code]
    choices = [districts[pk] for pk in district_ids if pk in districts]
    if len(choices) == 1:
        return municipality, choices[0], choices, None
    number = _int(request.GET.get("distrito"))
    chosen = next((d for d in choices if d.number == number), None)
    return municipality, chosen, choices, None


def ballot_contests(catalog, municipality, district):
    """[(office, [candidacies])] in the order of the ballot; one query for every candidacy."""
    offices = catalog["offices"]
    condition = Q()
    for office in offices:
        if office.scope in (OfficeScope.STATE, OfficeScope.LIST):
            condition |= Q(office_id=office.pk)
        elif office.scope == OfficeScope.DISTRICT and district is not None:
            condition |= Q(office_id=office.pk, district_id=district.pk)
        elif office.scope == OfficeScope.MUNICIPALITY and municipality is not None:
            condition |= Q(office_id=office.pk, municipality_id=municipality.pk)
    if not condition:
        return [], {}, {}
    rows = list(
        with_images(
            public_candidacies()
            .filter(condition, formula_role=FormulaRole.OWNER)
            .order_by(*PUBLIC_ORDER)
        )
    )
    substitute_ids = [c.substitute_id for c in rows if c.substitute_id]
    substitutes = (
        {c.pk: c for c in public_candidacies().filter(pk__in=substitute_ids)}
        if substitute_ids
        else {}
    )
    grouped = {office.pk: [] for office in offices}
    for candidacy in rows:
        grouped[candidacy.office_id].append(candidacy)
    contests = [(office, grouped[office.pk]) for office in offices if grouped[office.pk]]
    return contests, substitutes, public_badges_for(rows)


@public_cache
def ballot(request):
    catalog = public_catalog()
    municipality, district, district_choices, error = resolve_place(request, catalog)
    contests, substitutes, badges = [], {}, {}
    if municipality is not None and (district is not None or not district_choices):
        contests, substitutes, badges = ballot_contests(catalog, municipality, district)
    context = {
        "municipalities": [m for m, _ in catalog["municipalities"]],
        "municipality": municipality,
        "district": district,
        "district_choices": district_choices,
        "needs_district": municipality is not None
        and district is None
        and len(district_choices) > 1,
        "error": error,
        "contests": contests,
        "substitutes": substitutes,
        "badges": badges,
        "section": request.GET.get("seccion", "").strip(),
    }
    return TemplateResponse(request, "candidates/ballot.html", context)
