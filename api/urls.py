from django.http import JsonResponse
from django.urls import path, re_path
from django.views.decorators.csrf import csrf_exempt

from wagtail.api.v2.router import WagtailAPIRouter

from . import resources
from .docs import ReferenceView, SchemaView
from .preview import PreviewResource
from .schema import describe
from .views import CandidacyAPIViewSet

# Resource name (the URL segment) -> view; the candidacies' listing and detail come from Wagtail's
# router, registered below.
RESOURCES = {
    "procesos": resources.ProcessesResource,
    "cargos": resources.OfficesResource,
    "distritos": resources.DistrictsResource,
    "municipios": resources.MunicipalitiesResource,
    "secciones": resources.SectionsResource,
    "partidos": resources.PartiesResource,
    "coaliciones": resources.CoalitionsResource,
    "independientes": resources.IndependentsResource,
    "boleta": resources.BallotResource,
    "estadisticas": resources.StatisticsResource,
    "datos-abiertos": resources.OpenDataResource,
}
describe({**RESOURCES, "vista-previa": PreviewResource})


@csrf_exempt
def api_not_found(request, *args, **kwargs):
    """Any other address under the API: a JSON 404 in Spanish, never a page of the site."""
    return JsonResponse(
        {
            "message": "No existe ese recurso. Recursos de la API: "
            + ", ".join(f"/api/v2/{name}/" for name in ["candidaturas", *RESOURCES])
            + "."
        },
        status=404,
        json_dumps_params={"ensure_ascii": False},
    )


class PublicAPIRouter(WagtailAPIRouter):
    def get_urlpatterns(self):
        # Only paths ending in "/": one without it still gets the usual APPEND_SLASH redirect.
        return [
            *super().get_urlpatterns(),
            *(path(f"{name}/", view.as_view(), name=name) for name, view in RESOURCES.items()),
            # Wrapped like the candidacies' views: it serializes a candidacy with their serializer.
            path("vista-previa/", self.wrap_view(PreviewResource.as_view()), name="preview"),
            path("esquema/", SchemaView.as_view(), name="schema"),
            path("docs/", ReferenceView.as_view(), name="docs"),
            re_path(r"^(?:.*/)?$", api_not_found),
        ]


api_router = PublicAPIRouter("conoceles_api")
api_router.register_endpoint("candidaturas", CandidacyAPIViewSet)
