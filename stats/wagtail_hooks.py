from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import can_view, monitoring_report


@hooks.register("register_admin_urls")
def register_monitoring_url():
    patterns = [path("", monitoring_report, name="monitoring")]
    return [path("seguimiento/", include((patterns, "stats"), namespace="stats"))]


class MonitoringMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view(request.user)


@hooks.register("register_admin_menu_item")
def register_monitoring_menu_item():
    return MonitoringMenuItem(
        "Informe de avance",
        reverse("stats:monitoring"),
        name="informe-de-avance",
        icon_name="table",
        order=900,
    )
