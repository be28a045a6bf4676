"""Read API (Wagtail API v2): published candidacies only, public fields only.

Why v2 and not v3: v2 is the API Wagtail has supported since 1.x, with a documented, stable
serializer/field model; our endpoint is read-only and needs a custom queryset, custom filters and
a per-page badge lookup, all ordinary v2 extension points. v3 (django-ninja) brings OpenAPI docs
and write endpoints we don't want public; the field allow-list is the same `APIField` mechanism.

What this module adds to Wagtail's `BaseAPIViewSet`, and why:

- Only two URLs, the listing and the detail (no `find/`): `get_urlpatterns`.
- No authentication at all: the answer is the same for everyone, so the view never reads the
  session (no `Vary: Cookie`, nothing per user in a shared cache) and never checks a password
  sent in an `Authorization` header.
- Always JSON, whatever `Accept` says; `format` may only be `json`.
- Every refusal in Spanish, as `{"message": …}`: the query parameters, `fields`, `limit` and
  `offset` are validated here before Wagtail sees them, so that none of its English messages
  (nor a server error on an absurd number) can reach the public.
- One process per answer: the listing is the current process's candidacies, or another's with
  `?proceso=<slug>` (api.base.requested_catalog).
- The listing's cost does not grow with the data (20,000 candidacies): its ordered keys are
  read once per filter combination, in the order of the `candidacy_public_order` index, and kept
  in the shared cache until the next publication (api.base.cached); each request then takes one
  page of items by key from the same cache (api.base.cached_each), building only those no
  request has asked for since the publication. The total is the number of keys, so no COUNT
  runs either. `q` goes through the search engine's own full-text index
  (search.engine.search_ids, at most 1,000 matches), whose matches are then ordered alike.
"""

import hashlib

from django.http import Http404
from django.urls import path
from django.utils import timezone

from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import parse_fields_parameter
from wagtail.api.v2.views import BaseAPIViewSet

from rest_framework.response import Response

from candidates.filters import CandidacyFilter
from candidates.images import open_photo_prefetch
from candidates.models import CandidacyPage
from candidates.queries import public_candidacies
from public.badges import public_badges_for
from search.engine import search_ids

from .base import (
    NOT_FOUND_MESSAGE,
    PROCESS_PARAMETER,
    PublicAPIError,
    PublicAPIMixin,
    cached,
    cached_each,
    page_bounds,
    requested_catalog,
)
from .fields import API_FIELDS, LISTING_DEFAULT_FIELDS
from .schema import candidacy_detail_schema, candidacy_listing_schema

FILTER_PARAMETERS = frozenset(
    [
        "cargo",
        "partido",
        "distrito",
        "municipio",
        "sexo",
        "edad",
        "escolaridad",
        "accion_afirmativa",
        "q",
    ]
)
OPERATION_PARAMETERS = frozenset(["limit", "offset", "fields", "format"])
# What a listing's URL may say about which candidacies it lists (api.resources.api_listing_url).
LISTING_PARAMETERS = FILTER_PARAMETERS | {PROCESS_PARAMETER}
# The public listing's order (office, district, list position, party, fórmula role, name), stored
# on the candidacy as one indexed key (candidates.ordering); the primary key breaks ties.
LISTING_ORDER = ("public_order", "pk")
# Longer than every public field named once with a sign; the parser is quadratic in the length.
FIELDS_MAX_LENGTH = 1000
# The field selections whose list items are kept in the shared cache: the default and every
# field. Any other selection is built on each request (the same queries), so that varying
# `fields` cannot fill the cache with copies of every candidacy.
CACHED_FIELD_SELECTIONS = frozenset(["", "*"])
# The largest primary key any database we support can hold (a larger one cannot exist).
MAX_PK = 2**63 - 1

FIELDS_SYNTAX_HELP = (
    "use nombres de campo separados por comas y sin espacios, p. ej. fields=nombre,cargo; "
    "«*» pide todos los campos, «_» ninguno, «-campo» quita uno de los predeterminados"
)


class APICandidacyFilter(CandidacyFilter):
    """The listing's filters, with `q` answered by the search engine's full-text index
    (search.engine.search_ids: at most 1,000 matches) instead of Wagtail's generic search."""

    def filter_text(self, queryset, name, value):
        # Within the process asked for: the engine's first matches must not be another
        # process's, or a common word would find nothing here (as the search page does).
        offices = [office.pk for office in self.catalog["offices"]]
        return queryset.filter(pk__in=search_ids(value, office_ids=offices))


class CandidacyPagination(WagtailPagination):
    """Wagtail's `limit`/`offset` pagination with Spanish messages, over the listing's ordered
    keys: an offset past the end is an empty page (never a huge number handed to the
    database); the view then serves the page's items by key."""

    def paginate_keys(self, keys, request, view=None):
        offset, limit = page_bounds(request)
        self.view = view
        self.total_count = len(keys)
        return keys[offset : offset + limit] if limit else []


class CandidacyAPIViewSet(PublicAPIMixin, BaseAPIViewSet):
    model = CandidacyPage
    name = "candidaturas"
    pagination_class = CandidacyPagination
    filter_backends = []
    known_query_parameters = OPERATION_PARAMETERS | LISTING_PARAMETERS
    listing_default_fields = LISTING_DEFAULT_FIELDS

    @classmethod
    def get_urlpatterns(cls):
        """The listing and the detail; not Wagtail's `find/` (a redirect nobody needs)."""
        return [
            path("", cls.as_view({"get": "listing_view"}), name="listing"),
            path("<int:pk>/", cls.as_view({"get": "detail_view"}), name="detail"),
        ]

    @classmethod
    def get_body_fields(cls, model):
        return cls._convert_api_fields(cls.body_fields + API_FIELDS)

    # --- validation of the query string ----------------------------------------------------

    def check_query_parameters(self, queryset=None):
        """Only the operations and the listing's filters: no filtering on arbitrary fields."""
        unknown = set(self.request.GET.keys()) - self.known_query_parameters
        if unknown:
            raise PublicAPIError(
                "Parámetro desconocido: "
                + ", ".join(sorted(unknown))
                + ". Parámetros válidos: "
                + ", ".join(sorted(self.known_query_parameters))
                + "."
            )
        requested_format = self.request.GET.get("format")
        if requested_format not in (None, "", "json"):
            raise PublicAPIError("Formato no disponible: la API solo responde JSON (format=json).")
        self.check_fields_parameter()

    def check_fields_parameter(self):
        """`fields` names public fields only, without nesting: checked before Wagtail parses it,
        so that every refusal is ours and in Spanish."""
        raw = self.request.GET.get("fields")
        if not raw:
            return
        if len(raw) > FIELDS_MAX_LENGTH:
            raise PublicAPIError(f"El parámetro «fields» es demasiado largo: {FIELDS_SYNTAX_HELP}.")
        if "(" in raw or ")" in raw:
            raise PublicAPIError(
                "Los campos de la API no tienen subcampos: «campo(subcampo)» no es válido; "
                f"{FIELDS_SYNTAX_HELP}."
            )
        try:
            config = parse_fields_parameter(raw)
        except ValueError as error:
            raise PublicAPIError(
                f"El parámetro «fields» está mal formado: {FIELDS_SYNTAX_HELP}."
            ) from error
        available = self.get_available_fields(self.model)
        unknown = sorted(
            {name for name, _negated, _sub in config if name not in ("*", "_")} - set(available)
        )
        if unknown:
            raise PublicAPIError(
                "Estos campos no existen o no son públicos: "
                + ", ".join(unknown)
                + ". Campos disponibles: "
                + ", ".join(available)
                + "."
            )

    # --- data ------------------------------------------------------------------------------

    def get_queryset(self):
        """Public candidacies with what their serialization reads, narrowed by the listing's
        filters when the query names any (the detail answers 404 for one they exclude)."""
        if getattr(self, "swagger_fake_view", False):  # the schema generator, without a query
            return CandidacyPage.objects.none()
        queryset = (
            public_candidacies()
            .select_related("office__process", "municipality")
            .prefetch_related(open_photo_prefetch())
        )
        if self.action == "listing_view":
            # Wagtail asks the listing's queryset only for its model (get_serializer_class); the
            # listing filters its keys itself (listing_keys), so no search runs twice.
            return queryset
        return self.filtered(queryset, requested_catalog(self.request))

    def filtered(self, queryset, catalog):
        params = {k: v for k, v in self.request.GET.items() if k in FILTER_PARAMETERS and v}
        if not params:
            return queryset
        candidacy_filter = APICandidacyFilter(params, queryset=queryset, catalog=catalog)
        if not candidacy_filter.form.is_valid():
            errors = "; ".join(
                f"{field}: {' '.join(messages)}"
                for field, messages in candidacy_filter.form.errors.items()
            )
            raise PublicAPIError(f"Filtro inválido: {errors}")
        return candidacy_filter.qs

    def listing_keys(self):
        """Keys of the listed candidacies, in the listing's order: from the shared cache per
        process and filter combination; a search (`q`) is not cached (its matches come from the
        full-text index, at most 1,000)."""
        catalog = requested_catalog(self.request)
        process = catalog["process"]
        scoped = public_candidacies().filter(office_id__in=[o.pk for o in catalog["offices"]])
        ordered = (
            self.filtered(scoped, catalog).order_by(*LISTING_ORDER).values_list("pk", flat=True)
        )
        if self.request.GET.get("q", "").strip():
            return list(ordered)
        params = {k: v for k, v in self.request.GET.items() if k in FILTER_PARAMETERS and v}
        canonical = "&".join(f"{k}={v}" for k, v in sorted(params.items()))
        scope = f"{process.slug if process else ''}?{canonical}"
        digest = hashlib.sha256(scope.encode()).hexdigest()[:32]
        return cached(f"candidaturas:{digest}", lambda: list(ordered))

    @candidacy_listing_schema
    def listing_view(self, request):
        self.check_query_parameters()
        page_keys = self.paginator.paginate_keys(self.listing_keys(), request, view=self)
        fields = request.GET.get("fields", "")
        if fields in CACHED_FIELD_SELECTIONS:
            # Each item as this selection and base URL show it, kept until the next publication
            # (api.base.cached_each): the same for every client until then. The day is part of
            # the key: identity data is blocked from a date (identity.lifecycle).
            variant = hashlib.sha256(
                f"{request.build_absolute_uri('/')}|{fields}|{timezone.localdate()}".encode()
            ).hexdigest()[:16]
            items = cached_each(f"candidatura:{variant}", page_keys, self.serialized)
        else:
            items = self.serialized(page_keys) if page_keys else {}
        return self.get_paginated_response([items[pk] for pk in page_keys if pk in items])

    def serialized(self, keys):
        """{pk: representation} of the public candidacies among `keys` (one query for the rows,
        one for their badges, one for their photos)."""
        rows = (
            public_candidacies()
            .select_related("office__process", "municipality")
            .prefetch_related(open_photo_prefetch())
            .filter(pk__in=keys)
        )
        page = list(rows)
        self.badges = public_badges_for(page)
        data = self.get_serializer(page, many=True).data
        return {row.pk: dict(item) for row, item in zip(page, data, strict=True)}

    @candidacy_detail_schema
    def detail_view(self, request, pk):
        self.check_query_parameters()
        if not 0 < pk <= MAX_PK:
            raise Http404(NOT_FOUND_MESSAGE)
        instance = self.get_object()
        self.badges = public_badges_for([instance])
        serializer = self.get_serializer(instance)
        return Response(serializer.data)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["badges"] = getattr(self, "badges", None)
        return context
