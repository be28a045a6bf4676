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
"""

from django.http import Http404
from django.urls import path

from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import parse_fields_parameter
from wagtail.api.v2.views import BaseAPIViewSet

from rest_framework.response import Response

from candidates.filters import CandidacyFilter
from candidates.images import open_photo_prefetch
from candidates.models import CandidacyPage
from candidates.queries import public_candidacies
from public.badges import public_badges_for

from .base import NOT_FOUND_MESSAGE, PublicAPIError, PublicAPIMixin, page_bounds
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
# Longer than every public field named once with a sign; the parser is quadratic in the length.
FIELDS_MAX_LENGTH = 1000
# The largest primary key any database we support can hold (a larger one cannot exist).
MAX_PK = 2**63 - 1

FIELDS_SYNTAX_HELP = (
    "use nombres de campo separados por comas y sin espacios, p. ej. fields=nombre,cargo; "
    "«*» pide todos los campos, «_» ninguno, «-campo» quita uno de los predeterminados"
)


class CandidacyPagination(WagtailPagination):
    """Wagtail's `limit`/`offset` pagination with Spanish messages; an offset past the end is an
    empty page (never a huge number handed to the database)."""

    def paginate_queryset(self, queryset, request, view=None):
        offset, limit = page_bounds(request)
        self.view = view
        self.total_count = queryset.count()
        if limit == 0 or offset >= self.total_count:
            return []
        return list(queryset[offset : offset + limit])


class CandidacyAPIViewSet(PublicAPIMixin, BaseAPIViewSet):
    model = CandidacyPage
    name = "candidaturas"
    pagination_class = CandidacyPagination
    filter_backends = []
    known_query_parameters = OPERATION_PARAMETERS | FILTER_PARAMETERS
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
        if getattr(self, "swagger_fake_view", False):  # the schema generator, without a query
            return CandidacyPage.objects.none()
        queryset = (
            public_candidacies()
            .select_related("office__process", "municipality")
            .prefetch_related(open_photo_prefetch())
        )
        params = {k: v for k, v in self.request.GET.items() if k in FILTER_PARAMETERS and v}
        if params:
            candidacy_filter = CandidacyFilter(params, queryset=queryset)
            if not candidacy_filter.form.is_valid():
                errors = "; ".join(
                    f"{field}: {' '.join(messages)}"
                    for field, messages in candidacy_filter.form.errors.items()
                )
                raise PublicAPIError(f"Filtro inválido: {errors}")
            queryset = candidacy_filter.qs
        return queryset.order_by("office__sort_order", "district__number", "title", "pk")

    @candidacy_listing_schema
    def listing_view(self, request):
        self.check_query_parameters()
        page = self.paginate_queryset(self.get_queryset())
        self.badges = public_badges_for(page)
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)

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
