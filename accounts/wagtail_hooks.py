from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import urls
from .views import can_manage


@hooks.register("register_admin_urls")
def register_accounts_urls():
    return [path("cuentas/", include(urls))]


class AccountsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_manage(request.user)


@hooks.register("register_settings_menu_item")
def register_accounts_menu_item():
    return AccountsMenuItem(
        "Cuentas de captura",
        reverse("accounts:list"),
        name="cuentas-de-captura",
        icon_name="group",
        order=150,
    )
