from wagtail.api.v2.router import WagtailAPIRouter

from .views import CandidacyAPIViewSet

api_router = WagtailAPIRouter("conoceles_api")
api_router.register_endpoint("candidaturas", CandidacyAPIViewSet)
