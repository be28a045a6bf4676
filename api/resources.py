"""The catalog, ballot, statistics and open-data resources of the read API.

Each one answers what a public page shows, from the code that page uses: the ballot from
`candidates.views.ballot` (`resolve_place`, `place_contests`), the statistics from
`stats.figures` through the same cache and small-cell suppression, the open-data index from the
manifest the files were written with.

One process per answer: every catalog, the ballot and the statistics are those of the process
the public site shows by default, or of the one asked for with `?proceso=<slug>`
(api.base.requested_catalog); `procesos` lists them all. Catalogs come from that process's cached
public catalog (`candidates.filters.public_catalog`), the one the public filters use, so that most
of them cost no query at all; sections and coalitions, which it does not hold, are read per
request, their total kept in the API's cache. The open-data files cover every process (each row
names its own), so that index takes no `proceso`.

Lists carry `meta.total_count` and a stable order; every query count is fixed whatever the data
(tests/api/test_query_counts.py measures two sizes).
"""

import hashlib
import importlib
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.db.models import Prefetch

from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from candidates.views.ballot import place_contests, resolve_place
from elections.models import Coalition, District, ElectoralProcess, Office, Party, Section
from opendata.publication import read_manifest
from stats.cache import cached_figures
from stats.figures import FILTER_PARAMS, active_filters, compute_figures, figures_cache_key
from stats.suppression import is_hidden

from .base import (
    PROCESS_PARAMETER,
    PublicAPIError,
    PublicAPIMixin,
    PublicNotFound,
    cached,
    page_bounds,
    requested_catalog,
)
from .candidacies import candidacy_summary
from .serializers import (
    CoalitionSerializer,
    DistrictSerializer,
    IndependentSerializer,
    MunicipalitySerializer,
    OfficeSerializer,
    PartySerializer,
    ProcessSerializer,
    SectionSerializer,
    open_data_entry,
)
from .views import LISTING_PARAMETERS

# The page's module (the package's `ballot` name is the view function): its CONTEST_LIMIT is read
# per request, so that the API and the page always cap contests alike.
ballot_page = importlib.import_module("candidates.views.ballot")
PAGING = ("limit", "offset")
# The largest value a positive integer column of any database we support can hold.
MAX_ID = 2**31 - 1


def check_parameters(request, known):
    unknown = set(request.GET.keys()) - set(known) - {"format"}
    if unknown:
        valid = ", ".join(sorted(known)) or "ninguno"
        raise PublicAPIError(
            f"Parámetro desconocido: {', '.join(sorted(unknown))}. Parámetros válidos: {valid}."
        )
    if request.GET.get("format") not in (None, "", "json"):
        raise PublicAPIError("Formato no disponible: la API solo responde JSON (format=json).")


def positive_id(request, name):
    """An optional identifier from the query string: None, or an integer a table can hold."""
    raw = request.GET.get(name, "")
    if raw == "":
        return None
    if not (raw.isascii() and raw.isdigit()) or not 0 < int(raw) <= MAX_ID:
        raise PublicAPIError(f"«{name}» debe ser un identificador numérico positivo.")
    return int(raw)


class ListResource(PublicAPIMixin, GenericAPIView):
    """A list of one process's catalog entries: `{"meta": {"total_count": n}, "items": [...]}`.

    `rows(catalog)` gives the entries; a paginated list gives a queryset instead, whose total is
    cached per process and filters until the next publication or catalog change."""

    parameters = (PROCESS_PARAMETER,)
    paginated = False
    pagination_class = None
    filter_backends = []

    def filter_queryset(self, queryset):
        return queryset

    def get(self, request):
        known = self.parameters + (PAGING if self.paginated else ())
        check_parameters(request, known)
        catalog = requested_catalog(request)
        rows = self.rows(catalog)
        if self.paginated:
            offset, limit = page_bounds(request)
            total = self.cached_total(rows, catalog)
            rows = list(rows[offset : offset + limit]) if limit and offset < total else []
        else:
            rows = list(rows)
            total = len(rows)
        context = {**self.get_serializer_context(), **self.serializer_extra(catalog)}
        items = self.serializer_class(rows, many=True, context=context).data
        return Response({"meta": {"total_count": total}, "items": items})

    def serializer_extra(self, catalog):
        return {}

    def cached_total(self, queryset, catalog):
        process = catalog["process"]
        query = "&".join(
            f"{name}={self.request.GET.get(name, '')}"
            for name in self.parameters
            if name != PROCESS_PARAMETER
        )
        scope = f"{self.__class__.__name__}:{process.pk if process else ''}?{query}"
        digest = hashlib.sha256(scope.encode()).hexdigest()[:32]
        return cached(f"total:{digest}", lambda: queryset.order_by().count())


class ProcessesResource(ListResource):
    """Every process with a public site, newest first, each marked as the current one (the
    default of every other resource) or as an archive."""

    serializer_class = ProcessSerializer
    parameters = ()

    def rows(self, catalog):
        return ElectoralProcess.objects.filter(page__live=True).order_by("-election_day", "pk")

    def serializer_extra(self, catalog):
        return {"current": catalog["process"].pk if catalog["process"] else None}


class OfficesResource(ListResource):
    serializer_class = OfficeSerializer

    def rows(self, catalog):
        return catalog["offices"]


class DistrictsResource(ListResource):
    serializer_class = DistrictSerializer

    def rows(self, catalog):
        return catalog["districts"]

    def serializer_extra(self, catalog):
        municipalities_of = {}
        for municipality, district_ids in catalog["municipalities"]:
            for district_id in district_ids:
                municipalities_of.setdefault(district_id, []).append(municipality.pk)
        return {"municipalities_of": municipalities_of}


class MunicipalitiesResource(ListResource):
    """The municipalities of the process's state, each with the process's districts in it."""

    serializer_class = MunicipalitySerializer

    def rows(self, catalog):
        return [municipality for municipality, _ids in catalog["municipalities"]]

    def serializer_extra(self, catalog):
        return {"districts_of": {m.pk: ids for m, ids in catalog["municipalities"]}}


class SectionsResource(ListResource):
    """Electoral sections, paged (a state has thousands), filterable by district and
    municipality."""

    serializer_class = SectionSerializer
    parameters = (PROCESS_PARAMETER, "distrito", "municipio", "numero")
    paginated = True

    def rows(self, catalog):
        process = catalog["process"]
        queryset = Section.objects.filter(process_id=process.pk if process else None)
        for name, column in (("distrito", "district_id"), ("municipio", "municipality_id")):
            value = positive_id(self.request, name)
            if value is not None:
                queryset = queryset.filter(**{column: value})
        number = positive_id(self.request, "numero")
        if number is not None:
            queryset = queryset.filter(number=number)
        return queryset.select_related("district", "municipality").order_by("number", "pk")


class PartiesResource(ListResource):
    serializer_class = PartySerializer

    def rows(self, catalog):
        return catalog["parties"]


class CoalitionsResource(ListResource):
    serializer_class = CoalitionSerializer

    def rows(self, catalog):
        process = catalog["process"]
        return (
            Coalition.objects.filter(process_id=process.pk if process else None)
            .prefetch_related(
                Prefetch("members", Party.objects.only("pk")),
                Prefetch("offices", Office.objects.only("pk")),
                Prefetch("districts", District.objects.only("pk")),
                "siglado",
            )
            .order_by("name", "pk")
        )


class IndependentsResource(ListResource):
    serializer_class = IndependentSerializer

    def rows(self, catalog):
        return catalog["independents"]


def place(entry, **extra):
    return {"id": entry.pk, **extra} if entry is not None else None


class BallotResource(PublicAPIMixin, GenericAPIView):
    """«Mi boleta»: the contests on a voter's ballot, each with its candidacies, as the page."""

    def get(self, request):
        check_parameters(request, ("seccion", "municipio", "distrito", PROCESS_PARAMETER))
        catalog = requested_catalog(request)
        municipality, district, choices, error = resolve_place(request, catalog)
        if error:
            raise PublicNotFound(error)
        # Without a place, the contests every voter shares (gubernatura, lists), as the page.
        contests, substitutes, badges = place_contests(catalog, municipality, district, error)
        needs_district = municipality is not None and district is None and len(choices) > 1
        return Response(
            {
                "municipio": place(
                    municipality,
                    nombre=getattr(municipality, "name", None),
                    clave_inegi=getattr(municipality, "inegi_code", None),
                ),
                "distrito": place(district, numero=getattr(district, "number", None)),
                "requiere_distrito": needs_district,
                "distritos": [{"id": d.pk, "numero": d.number} for d in choices],
                "maximo_por_contienda": ballot_page.CONTEST_LIMIT,
                "contiendas": [
                    {
                        "cargo": {"id": contest.office.pk, "nombre": contest.office.name},
                        "candidaturas": [
                            {
                                **candidacy_summary(candidacy, badges),
                                "suplente": candidacy_summary(
                                    substitutes[candidacy.substitute_id], badges
                                )
                                if candidacy.substitute_id in substitutes
                                else None,
                            }
                            for candidacy in contest.candidacies
                        ],
                        "total": contest.total,
                        "completa": not contest.truncated,
                        "listado": contest.more_url,
                        "listado_api": api_listing_url(contest.more_url),
                    }
                    for contest in contests
                ],
            }
        )


def api_listing_url(listing_url):
    """The page's filtered listing as the same query on /api/v2/candidaturas/ (whose filters
    are the listing's, `candidates.filters.CandidacyFilter`); a listing under a process's path
    (`/<proceso>/candidaturas/`) is that process's (`?proceso=`)."""
    parts = urlsplit(listing_url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k in LISTING_PARAMETERS]
    segments = parts.path.strip("/").split("/")
    if len(segments) == 2:
        query.insert(0, ("proceso", segments[0]))
    return "/api/v2/candidaturas/?" + urlencode(query)


def cell(value):
    """A figure as the page shows it: the number, or null with what the page prints instead."""
    hidden = is_hidden(value)
    return {"valor": None if hidden else value, "mostrado": str(value), "reservada": hidden}


class StatisticsResource(PublicAPIMixin, GenericAPIView):
    """Every figure of /estadisticas/, from the page's own cache entry and suppression."""

    def get(self, request):
        check_parameters(request, (*FILTER_PARAMS, PROCESS_PARAMETER))
        catalog = requested_catalog(request)
        params = {k: request.GET.get(k, "") for k in FILTER_PARAMS if request.GET.get(k, "")}
        active = active_filters({k: v[:60] for k, v in params.items()}, catalog)
        invalid = sorted(set(params) - set(active))
        if invalid:
            raise PublicAPIError(
                "Filtro inválido: "
                + ", ".join(invalid)
                + ". Use el «slug» de /api/v2/cargos/ o de /api/v2/partidos/."
            )
        # The page's own cache entry (one per process and cut) and computation.
        key = figures_cache_key(catalog["process"], active)
        figures = cached_figures(key, lambda: compute_figures(active, catalog))
        return Response(statistics_payload(figures))


def statistics_payload(figures):
    if figures["process"] is None:
        return {"proceso": None, "filtros": {}, "totales": None, "avance": None, "graficas": []}
    progress = figures["progress"]
    return {
        "proceso": figures["process"].pk,
        "filtros": dict(figures["active"]),
        "minimo_celda": figures["min_cell"],
        "totales": {
            "registradas": figures["registered_total"],
            "curricular_completo": figures["complete_total"],
            "publicadas": figures["published_total"],
        },
        "avance": {
            corte: [
                {
                    "etiqueta": row["label"],
                    "registradas": row["registered"],
                    "curricular_completo": row["complete"],
                    "publicadas": row["published"],
                }
                for row in progress[key]
            ]
            for corte, key in (("por_partido", "by_party"), ("por_cargo", "by_office"))
        },
        "graficas": [
            {
                "slug": chart["slug"],
                "titulo": chart["title"],
                "unidad": chart["unit"],
                "reservada_completa": bool(chart.get("withheld")),
                "filas": [
                    {"etiqueta": row["label"], **cell(row["count"])} for row in chart["rows"]
                ],
            }
            for chart in figures["charts"] + figures.get("identity_charts", [])
        ],
        "identidad": identity_payload(figures["identity"]),
    }


def identity_payload(identity):
    if not identity:
        return None
    return {
        "con_consentimiento_estadistico": cell(identity["with_statistics_consent"]),
        "grupos": [
            {
                "etiqueta": group["label"],
                **{name: cell(group["counts"][key]) for name, key in IDENTITY_CELLS},
            }
            for group in identity["groups"]
        ],
    }


IDENTITY_CELLS = (
    ("si", "yes"),
    ("no", "no"),
    ("prefiero_no_contestar", "prefer_not"),
    ("sin_respuesta", "no_answer"),
)


class OpenDataResource(PublicAPIMixin, GenericAPIView):
    """The open-data files as the manifest describes them (empty before the first build)."""

    def get(self, request):
        check_parameters(request, (PROCESS_PARAMETER,))
        slug = None
        if request.GET.get(PROCESS_PARAMETER, "") != "":
            # A public process (as every resource checks it); its own files, if it has any yet.
            slug = requested_catalog(request)["process"].slug
        manifest = read_manifest(slug) or {}
        items = [open_data_entry(entry, slug) for entry in manifest.get("files", [])]
        return Response(
            {
                "meta": {"total_count": len(items)},
                "generado": manifest.get("generated_at"),
                "items": items,
            }
        )
