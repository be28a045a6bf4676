"""Admin URLs (mounted under /admin/importaciones/ by opendata's wagtail_hooks)."""

from django.urls import path

from . import views

app_name = "opendata_imports"

urlpatterns = [
    path("", views.import_start, name="start"),
    path("<int:pk>/", views.import_detail, name="detail"),
    path("<int:pk>/confirmar/", views.import_confirm, name="confirm"),
    path("<int:pk>/informe.<str:extension>", views.import_report, name="report"),
]
