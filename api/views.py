"""Read API (Wagtail API v2): published candidacies only, public fields only.

Why v2 and not v3: v2 is the API Wagtail has supported since 1.x, with a documented, stable
serializer/field model; our endpoint is read-only and needs a custom queryset, custom filters and
a per-page badge lookup, all ordinary v2 extension points. v3 (django-ninja) brings OpenAPI docs
and write endpoints we don't want public; the field allow-list is the same `APIField` mechanism.
"""

from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet

from rest_framework.renderers import JSONRenderer

from candidates.filters import CandidacyFilter
from candidates.models import CandidacyPage
from candidates.queries import public_candidacies
from candidates.views.images import open_photo_prefetch
from identity.public import public_badges_for
from site_conoceles.cache import public_cache_headers

from .fields import API_FIELDS, LISTING_DEFAULT_FIELDS

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


class CandidacyAPIViewSet(BaseAPIViewSet):
    model = CandidacyPage
    name = "candidaturas"
    renderer_classes = [JSONRenderer]
    filter_backends = []
    known_query_parameters = frozenset(["limit", "offset", "fields", "format"]) | FILTER_PARAMETERS
    listing_default_fields = LISTING_DEFAULT_FIELDS

    @classmethod
    def get_body_fields(cls, model):
        return cls._convert_api_fields(cls.body_fields + API_FIELDS)

    def check_query_parameters(self, queryset):
        """Only the operations and the listing's filters: no filtering on arbitrary fields."""
        unknown = set(self.request.GET.keys()) - self.known_query_parameters
        if unknown:
            raise BadRequestError("parámetro desconocido: " + ", ".join(sorted(unknown)))

    def get_queryset(self):
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
                raise BadRequestError(f"filtro inválido: {errors}")
            queryset = candidacy_filter.qs
        return queryset.order_by("office__sort_order", "district__number", "title", "pk")

    def listing_view(self, request):
        queryset = self.get_queryset()
        self.check_query_parameters(queryset)
        page = list(self.paginate_queryset(queryset))
        self.badges = public_badges_for(page)
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)

    def detail_view(self, request, pk):
        self.check_query_parameters(self.get_queryset())
        return super().detail_view(request, pk)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["badges"] = getattr(self, "badges", None)
        return context

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200:
            public_cache_headers(response)
        return response
