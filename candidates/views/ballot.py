"""«Mi boleta»: every contest on a voter's ballot, from a municipality, a district or a section."""

import operator
from dataclasses import dataclass
from functools import reduce
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.template.response import TemplateResponse

from elections.models import OfficeScope, Section
from public.badges import public_badges_for
from site_conoceles.cache import public_cache

from ..card_cache import CardRows
from ..choices import FormulaRole
from ..counts import cached_figures
from ..filters import process_context, requested_catalog
from ..images import with_images
from ..process_scope import process_scoped
from ..queries import public_candidacies, public_cards
from .listing import PUBLIC_ORDER

# What orders and places a contest's candidacy without its row: (public_order, pk) is the
# listing's order (PUBLIC_ORDER).
KEY_COLUMNS = ("public_order", "pk", "office_id")
# Cards per contest on the page; more than this and the contest links to the filtered listing.
CONTEST_LIMIT = 24


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


@dataclass
class Contest:
    """One contest of the ballot: its first candidacies, how many there are, where to see all.

    Iterating gives (office, candidacies), the pair the read API's ballot resource unpacks.
    """

    office: object
    candidacies: list
    total: int
    more_url: str = ""

    def __iter__(self):
        return iter((self.office, self.candidacies))

    @property
    def truncated(self):
        return self.total > len(self.candidacies)


def _contest_condition(office, municipality, district):
    if office.scope in (OfficeScope.STATE, OfficeScope.LIST):
        return Q(office_id=office.pk)
    if office.scope == OfficeScope.DISTRICT and district is not None:
        return Q(office_id=office.pk, district_id=district.pk)
    if office.scope == OfficeScope.MUNICIPALITY and municipality is not None:
        return Q(office_id=office.pk, municipality_id=municipality.pk)
    return None


def _listing_url(office, municipality, district, process=None):
    params = {"cargo": office.slug}
    if office.scope == OfficeScope.DISTRICT and district is not None:
        params["distrito"] = district.number
    elif office.scope == OfficeScope.MUNICIPALITY and municipality is not None:
        params["municipio"] = municipality.inegi_code
    # The default listing shows the current process only: an archive's is under its path.
    prefix = f"/{process.slug}" if process is not None and process.is_archive() else ""
    return f"{prefix}/candidaturas/?{urlencode(params)}"


def place_contests(catalog, municipality, district, error, *, cards=False):
    """(contests, substitutes, badges) for a resolved place: none if the place is unknown.

    Without a place, or with a municipality whose district is still to be chosen, the ballot
    holds the contests that do not depend on what is missing (the governorship, the statewide
    lists, the municipality's own offices): `_contest_condition` leaves out only those. The page
    and the API's ballot resource both call this, so they answer the same for the same query.
    """
    if error is not None:
        return [], {}, {}
    return ballot_contests(catalog, municipality, district, cards=cards)


def ballot_contests(catalog, municipality, district, limit=None, *, cards=False):
    """([Contest], substitutes, badges) in the order of the ballot, each contest holding at
    most `limit` candidacies.

    A ballot is what one voter chooses from: a handful of formulas per contest. A statewide
    contest or list can hold thousands of registrations (20,000 in the benchmark made a 10 MB
    page), so each contest shows its first `limit` in public order and links to the filtered
    listing for the rest. Three queries whatever the data: the counts per contest (cached until
    the next publication), the first keys of each contest, and those rows.

    With `cards`, each contest's candidacies are a `CardRows` of one grid for the whole ballot
    (candidates.card_cache): the page reads the rows, substitutes and badges of only the cards
    the cache does not hold, in one query for every contest; substitutes and badges then come
    with the cards.
    """
    limit = limit or CONTEST_LIMIT
    offices = catalog["offices"]
    conditions = {
        office.pk: condition
        for office in offices
        if (condition := _contest_condition(office, municipality, district)) is not None
    }
    if not conditions:
        return [], {}, {}
    condition = reduce(operator.or_, conditions.values())
    every_owner = public_candidacies().filter(formula_role=FormulaRole.OWNER)
    owners = every_owner.filter(condition)
    place = {
        "proceso": getattr(catalog["process"], "pk", None),
        "municipio": getattr(municipality, "pk", None),
        "distrito": getattr(district, "pk", None),
    }
    totals = cached_figures(
        "boleta",
        place,
        lambda: dict(
            owners.order_by()
            .values_list("office_id")
            .annotate(total=Count("pk"))
            .values_list("office_id", "total")
        ),
    )
    firsts = sorted(_first_in_each_contest(every_owner, conditions.values(), limit))
    grouped = {office.pk: [] for office in offices}
    if cards:
        grid = CardRows([pk for _, pk, _ in firsts], on_rows=_with_substitutes)
        for _, pk, office_id in firsts:
            grouped[office_id].append(pk)
        grouped = {office_id: grid.subset(pks) for office_id, pks in grouped.items()}
        substitutes, badges = {}, {}
    else:
        # Cards: without the long texts, which no card shows.
        rows = with_images(public_cards().filter(pk__in=[pk for _, pk, _ in firsts]))
        rows = list(rows.order_by(*PUBLIC_ORDER))
        for candidacy in rows:
            grouped[candidacy.office_id].append(candidacy)
        substitutes = _with_substitutes(rows)["substitutes"]
        badges = public_badges_for(rows)
    contests = [
        Contest(
            office,
            grouped[office.pk],
            totals.get(office.pk, 0),
            _listing_url(office, municipality, district, catalog["process"]),
        )
        for office in offices
        if grouped[office.pk]
    ]
    return contests, substitutes, badges


def _with_substitutes(rows):
    """The substitutes the cards of `rows` name, by key (`CardRows`' `on_rows`)."""
    ids = [c.substitute_id for c in rows if c.substitute_id]
    return {"substitutes": {c.pk: c for c in public_cards().filter(pk__in=ids)} if ids else {}}


def _first_in_each_contest(owners, conditions, limit):
    """(public_order, key, office) of each contest's first `limit` owners, in one query.

    On PostgreSQL, one `LIMIT`ed walk of the (office, public_order) index per contest, joined by
    UNION ALL: a statewide contest of thousands reads its first rows and stops. SQLite cannot
    order and limit inside a compound statement; there (the embedded, small default) the keys
    are ranked within their contest by a window function instead, which reads every owner.
    The order key comes along so that the caller orders the ballot without reading the rows.
    """
    if connection.features.supports_slicing_ordering_in_compound:
        walks = [
            owners.filter(condition).order_by(*PUBLIC_ORDER).values_list(*KEY_COLUMNS)[:limit]
            for condition in conditions
        ]
        return list(walks[0].union(*walks[1:], all=True))
    order = [F(name).asc() for name in PUBLIC_ORDER]
    return list(
        owners.filter(reduce(operator.or_, conditions))
        .annotate(contest_rank=Window(RowNumber(), partition_by=[F("office_id")], order_by=order))
        .filter(contest_rank__lte=limit)
        .values_list(*KEY_COLUMNS)
    )


@process_scoped("ballot")
@public_cache
def ballot(request):
    catalog = requested_catalog(request)
    municipality, district, district_choices, error = resolve_place(request, catalog)
    contests, substitutes, badges = place_contests(
        catalog, municipality, district, error, cards=True
    )
    needs_district = municipality is not None and district is None and len(district_choices) > 1
    context = {
        "municipalities": [m for m, _ in catalog["municipalities"]],
        "municipality": municipality,
        "district": district,
        "district_choices": district_choices,
        "needs_district": needs_district,
        # Only the contests that do not depend on the voter's district: say how to find it.
        "statewide_only": municipality is None or needs_district,
        "error": error,
        "contests": contests,
        "substitutes": substitutes,
        "badges": badges,
        "section": request.GET.get("seccion", "").strip(),
        **process_context(catalog),
    }
    return TemplateResponse(request, "candidates/ballot.html", context)
