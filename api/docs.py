"""The schema and the reference page.

The reference page is Swagger UI from drf-spectacular-sidecar's static files, started by our
own script (`api/static/api/docs.js`): the site's Content-Security-Policy allows no inline script
and no third-party origin, so drf-spectacular's own page templates (an inline start-up script,
Google Fonts) cannot be used as they are.
"""

from django.views.generic import TemplateView

from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny

from site_conoceles.cache import public_cache_headers


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema of /api/v2/, as JSON (the committed copy is docs/openapi.json)."""

    authentication_classes = []
    permission_classes = [AllowAny]
    renderer_classes = [OpenApiJsonRenderer]
    urlconf = "api.schema_urls"

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200:
            public_cache_headers(response)
        return response


class ReferenceView(TemplateView):
    template_name = "api/docs.html"

    def get(self, request, *args, **kwargs):
        return public_cache_headers(super().get(request, *args, **kwargs))
