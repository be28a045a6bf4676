"""Only the read API, for the schema generator (the admin's own API views stay out of it)."""

from django.urls import path

from .urls import api_router

urlpatterns = [path("api/v2/", api_router.urls)]
