from django.http import JsonResponse
from django.urls import re_path
from django.views.decorators.csrf import csrf_exempt

from wagtail.api.v2.router import WagtailAPIRouter

from .views import CandidacyAPIViewSet


@csrf_exempt
def api_not_found(request, *args, **kwargs):
    """Any other address under the API: a JSON 404 in Spanish, never a page of the site."""
    return JsonResponse(
        {"message": "No existe ese recurso. La API ofrece /api/v2/candidaturas/ y su detalle."},
        status=404,
        json_dumps_params={"ensure_ascii": False},
    )


class PublicAPIRouter(WagtailAPIRouter):
    def get_urlpatterns(self):
        # Only paths ending in "/": one without it still gets the usual APPEND_SLASH redirect.
        return [*super().get_urlpatterns(), re_path(r"^(?:.*/)?$", api_not_found)]


api_router = PublicAPIRouter("conoceles_api")
api_router.register_endpoint("candidaturas", CandidacyAPIViewSet)
