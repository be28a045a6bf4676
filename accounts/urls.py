"""Admin URLs (mounted under /admin/cuentas/ by the register_admin_urls hook)."""

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.capturist_list, name="list"),
    path("nueva/", views.capturist_create, name="create"),
    path(
        "<int:pk>/desactivar/",
        views.capturist_set_active,
        {"active": False},
        name="disable",
    ),
    path("<int:pk>/activar/", views.capturist_set_active, {"active": True}, name="enable"),
]
