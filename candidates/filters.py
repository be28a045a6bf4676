"""The public filters of candidacies (DOMAIN.md §6), shared by the listing and the read API.

Query parameters are part of the public contract: `cargo`, `partido`, `distrito`, `municipio`,
`sexo`, `edad`, `escolaridad`, `accion_afirmativa` and `q`. Choices come from the catalogs of the
current process, kept in the cache so that a listing costs the same few queries whatever it filters.
"""

from django.core.cache import cache
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

import django_filters

from elections.models import (
    Coalition,
    District,
    ElectoralProcess,
    IndependentCandidacy,
    Municipality,
    Office,
    Party,
)
from site_conoceles.cache import forget_per_request, per_request

from .choices import AffirmativeAction, EducationLevel, Sex
from .widgets import PublicSelect

CATALOG_CACHE_KEY = "conoceles:public-catalog:v2"
CATALOG_KEYS_KEY = "conoceles:public-catalog:v2:keys"
CATALOG_CACHE_SECONDS = 300
ANY_AFFIRMATIVE_ACTION = "cualquiera"
SEARCH_RESULT_LIMIT = 1000


PROCESS_PARAMETER = "proceso"


def current_process():
    """The process the public site shows by default (see `_default_process`)."""
    return public_catalog()["process"]


def _default_process():
    """The latest process still in its publication period, with a live page.

    Archived processes (publication ended) stay reachable through `?proceso=`, but the default
    listing, search, ballot and figures are about the process being voted. When every process
    is an archive, the latest one is still shown (with its archive notice) rather than nothing.
    """
    today = timezone.localdate()
    processes = ElectoralProcess.objects.order_by("-election_day", "-pk")
    return (
        processes.filter(page__live=True, online_until__gte=today).first()
        or processes.filter(page__live=True).first()
        or processes.first()
    )


def _load_catalog(slug=None):
    process = ElectoralProcess.objects.filter(slug=slug).first() if slug else _default_process()
    if process is None:
        return {
            "process": None,
            "offices": [],
            "parties": [],
            "coalitions": [],
            "independents": [],
            "districts": [],
            "municipalities": [],
            "coalition_members": {},
            "processes": [],
        }
    districts = list(District.objects.filter(process=process).order_by("number"))
    district_ids = {d.pk for d in districts}
    through = District.municipalities.through.objects.filter(district_id__in=district_ids)
    districts_of = {}
    for row in through.values_list("municipality_id", "district_id"):
        districts_of.setdefault(row[0], []).append(row[1])
    # Municipalities are national: the process's state is the first two digits of INEGI's key.
    municipalities = list(
        Municipality.objects.filter(inegi_code__startswith=process.state_code).order_by("name")
    )
    coalitions = list(
        Coalition.objects.filter(process=process).select_related("emblem").order_by("name")
    )
    members = {}
    for coalition_id, party_id in Coalition.members.through.objects.filter(
        coalition_id__in=[c.pk for c in coalitions]
    ).values_list("coalition_id", "party_id"):
        members.setdefault(coalition_id, set()).add(party_id)
    return {
        "process": process,
        "offices": list(Office.objects.filter(process=process).order_by("sort_order", "name")),
        "parties": list(
            Party.objects.filter(process=process)
            .select_related("emblem")
            .order_by("sort_order", "name")
        ),
        "processes": _process_links(process),
        "coalitions": coalitions,
        "coalition_members": members,
        "independents": list(IndependentCandidacy.objects.filter(process=process).order_by("name")),
        "districts": districts,
        "municipalities": [(m, sorted(districts_of.get(m.pk, []))) for m in municipalities],
    }


def _process_links(current):
    """(slug, name, is_archive) of every process with a live page, for the process switcher."""
    today = timezone.localdate()
    return [
        (slug, name, online_until < today)
        for slug, name, online_until in ElectoralProcess.objects.filter(page__live=True)
        .exclude(pk=current.pk)
        .order_by("-election_day", "-pk")
        .values_list("slug", "name", "online_until")
    ]


def public_catalog(process_slug=None):
    """Catalogs of one process (the default one when no slug is given), cached: the filters
    need them on every listing. An unknown slug gives a catalog whose process is None, never
    cached: any path `/<slug>/candidaturas/` asks for one, and each would add a key to the
    never-expiring list of cached catalogs. Read once per request: a profile asks for it from
    its view and its template (a cache read and the unpickling of every catalog row each)."""
    key = f"{CATALOG_CACHE_KEY}:{process_slug}" if process_slug else CATALOG_CACHE_KEY
    return per_request(key, lambda: _shared_catalog(key, process_slug))


def _shared_catalog(key, process_slug):
    catalog = cache.get(key)
    if catalog is None:
        catalog = _load_catalog(process_slug)
        if process_slug and catalog["process"] is None:
            return catalog
        cache.set(key, catalog, CATALOG_CACHE_SECONDS)
        if process_slug:
            known = cache.get(CATALOG_KEYS_KEY) or set()
            if key not in known:
                cache.set(CATALOG_KEYS_KEY, known | {key}, None)
    return catalog


def requested_catalog(request):
    """The catalog of the process the page is under (`/<proceso>/…`, candidates.process_scope)
    or asked for with `?proceso=<slug>`, else the default one.

    Raises Http404 for an unknown process, so that a mistyped slug never silently shows
    another process's candidacies.
    """
    slug = getattr(request, "process_slug", None) or request.GET.get(PROCESS_PARAMETER) or ""
    slug = slug.strip()[:50]
    if not slug:
        return public_catalog()
    catalog = public_catalog(slug)
    if catalog["process"] is None:
        raise Http404("No existe ese proceso electoral.")
    return catalog


def process_context(catalog):
    """What a public page's archive notice and process switcher need."""
    process = catalog["process"]
    return {
        "scoped_process": process,
        "process_is_archive": process is not None and process.is_archive(),
        "other_processes": catalog.get("processes", []),
    }


def forget_public_catalog(**kwargs):
    keys = [CATALOG_CACHE_KEY, *(cache.get(CATALOG_KEYS_KEY) or ())]
    cache.delete_many([*keys, CATALOG_KEYS_KEY])
    for key in keys:
        forget_per_request(key)


def search_candidacy_ids(queryset, text, limit=SEARCH_RESULT_LIMIT):
    """Primary keys of candidacies whose indexed text matches, accent-insensitively."""
    text = (text or "").strip()
    if not text:
        return None
    results = queryset.search(text, operator="and", order_by_relevance=False)
    return [page.pk for page in results[:limit]]


class PublicChoiceFilter(django_filters.ChoiceFilter):
    """A choice filter whose select is written in Python (candidates.widgets.PublicSelect)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", PublicSelect)
        super().__init__(*args, **kwargs)


class CandidacyFilter(django_filters.FilterSet):
    cargo = PublicChoiceFilter(label="Cargo", method="filter_office", empty_label="Todos")
    partido = PublicChoiceFilter(
        label="Partido, coalición o independiente",
        method="filter_party",
        empty_label="Todos",
    )
    distrito = PublicChoiceFilter(label="Distrito", method="filter_district", empty_label="Todos")
    municipio = PublicChoiceFilter(
        label="Municipio", method="filter_municipality", empty_label="Todos"
    )
    sexo = PublicChoiceFilter(
        label="Sexo",
        field_name="sex",
        choices=Sex.choices,
        empty_label="Todos",
    )
    edad = PublicChoiceFilter(label="Edad", method="filter_age", empty_label="Todas")
    escolaridad = PublicChoiceFilter(
        label="Escolaridad",
        field_name="education_level",
        choices=EducationLevel.choices,
        empty_label="Todas",
    )
    accion_afirmativa = PublicChoiceFilter(
        label="Acción afirmativa",
        method="filter_affirmative_action",
        choices=[
            (ANY_AFFIRMATIVE_ACTION, "Cualquier acción afirmativa"),
            *AffirmativeAction.choices,
        ],
        empty_label="Todas",
    )
    q = django_filters.CharFilter(label="Nombre", method="filter_text")

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, catalog=None):
        if data is not None and data.get("edad", "").endswith(" "):
            # "60+" typed into a URL arrives as "60 " (a plus is a space in a query string).
            data = data.copy()
            data["edad"] = data["edad"].rstrip() + "+"
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.catalog = catalog or public_catalog()
        catalog = self.catalog
        process = catalog["process"]
        self.offices_by_slug = {o.slug: o for o in catalog["offices"]}
        self.parties_by_slug = {p.slug: p for p in catalog["parties"]}
        self.coalitions_by_slug = {c.slug: c for c in catalog["coalitions"]}
        self.independents_by_slug = {i.slug: i for i in catalog["independents"]}
        self.districts_by_number = {str(d.number): d for d in catalog["districts"]}
        self.municipalities_by_code = {
            m.inegi_code: (m, ids) for m, ids in catalog["municipalities"]
        }
        self.age_bands = {
            label: (low, high)
            for label, low, high in (process.parsed_age_bands() if process else [])
        }
        fields = self.filters
        fields["cargo"].extra["choices"] = [(o.slug, o.name) for o in catalog["offices"]]
        fields["partido"].extra["choices"] = (
            [(p.slug, f"{p.acronym} · {p.name}") for p in catalog["parties"]]
            + [(c.slug, c.name) for c in catalog["coalitions"]]
            + [(i.slug, i.name) for i in catalog["independents"]]
        )
        fields["distrito"].extra["choices"] = [
            (str(d.number), str(d)) for d in catalog["districts"]
        ]
        fields["municipio"].extra["choices"] = [
            (m.inegi_code, m.name) for m, _ in catalog["municipalities"]
        ]
        fields["edad"].extra["choices"] = [(label, label) for label in self.age_bands]

    # Each method maps a public value to primary keys already in the cached catalog, so that a
    # filter adds a WHERE clause but never a query or a join.

    def filter_office(self, queryset, name, value):
        office = self.offices_by_slug.get(value)
        return queryset.filter(office_id=office.pk) if office else queryset.none()

    def filter_party(self, queryset, name, value):
        if value in self.parties_by_slug:
            party = self.parties_by_slug[value]
            coalition_ids = [
                c.pk for c in self.catalog["coalitions"] if party.pk in self._members(c)
            ]
            return queryset.filter(Q(party_id=party.pk) | Q(coalition_id__in=coalition_ids))
        if value in self.coalitions_by_slug:
            return queryset.filter(coalition_id=self.coalitions_by_slug[value].pk)
        if value in self.independents_by_slug:
            return queryset.filter(independent_id=self.independents_by_slug[value].pk)
        return queryset.none()

    def _members(self, coalition):
        return self.catalog["coalition_members"].get(coalition.pk, ())

    def filter_district(self, queryset, name, value):
        district = self.districts_by_number.get(value)
        return queryset.filter(district_id=district.pk) if district else queryset.none()

    def filter_municipality(self, queryset, name, value):
        municipality, district_ids = self.municipalities_by_code.get(value, (None, []))
        if municipality is None:
            return queryset.none()
        return queryset.filter(Q(district_id__in=district_ids) | Q(municipality_id=municipality.pk))

    def filter_age(self, queryset, name, value):
        low, high = self.age_bands[value]
        queryset = queryset.filter(age__gte=low)
        return queryset.filter(age__lte=high) if high is not None else queryset

    def filter_affirmative_action(self, queryset, name, value):
        if value == ANY_AFFIRMATIVE_ACTION:
            return queryset.exclude(affirmative_action="")
        return queryset.filter(affirmative_action=value)

    def filter_text(self, queryset, name, value):
        # Search the whole public set, then intersect: the search backend cannot apply every
        # filter above (subqueries on districts), and the name query stays one query.
        ids = search_candidacy_ids(queryset.model.objects.live().public(), value)
        return queryset if ids is None else queryset.filter(pk__in=ids)

    @property
    def active_filters(self):
        """(label, value label) of every filter in use, for the summary above the results."""
        if not self.is_bound or not self.form.is_valid():
            return []
        active = []
        for name, value in self.form.cleaned_data.items():
            if not value:
                continue
            field = self.form.fields[name]
            choices = dict(getattr(field, "choices", []))
            active.append((name, field.label, choices.get(value, value)))
        return active
