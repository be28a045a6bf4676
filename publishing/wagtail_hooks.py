from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import can_view, queue_report


@hooks.register("register_admin_urls")
def register_queue_report_url():
    patterns = [path("", queue_report, name="queue_report")]
    return [path("tareas/", include((patterns, "publishing"), namespace="publishing"))]


class QueueReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view(request.user)


@hooks.register("register_reports_menu_item")
def register_queue_report_menu_item():
    return QueueReportMenuItem(
        "Tareas en segundo plano",
        reverse("publishing:queue_report"),
        name="tareas-en-segundo-plano",
        icon_name="cogs",
        order=900,
    )
