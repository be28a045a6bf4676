from django.urls import path, reverse

from wagtail import hooks

from . import views


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("dos-pasos/", views.setup, name="security_2fa_setup"),
        path("dos-pasos/verificar/", views.verify, name="security_2fa_verify"),
        path("dos-pasos/codigos/", views.regenerate_codes, name="security_2fa_codes"),
        path("dos-pasos/desactivar/", views.remove, name="security_2fa_remove"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request):
    return {
        "url": reverse("security_2fa_setup"),
        "label": "Verificación en dos pasos",
        "help_text": "Un código de su teléfono además de la contraseña.",
    }
