"""Admin wiring of the imports (registered by one line in opendata/wagtail_hooks.py)."""

from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import urls
from .views import can_import


@hooks.register("register_admin_urls")
def register_import_urls():
    return [path("importaciones/", include(urls))]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_import(request.user)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        "Importaciones",
        reverse("opendata_imports:start"),
        name="importaciones",
        icon_name="upload",
        order=950,
    )
