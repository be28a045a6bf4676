from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Inicio"

    def ready(self):
        """The site root and its information pages are the administrators' alone (see
        candidates.page_permissions)."""
        from candidates.page_permissions import register_tester
        from moderation.permissions import AdministratorsOnlyPermissionTester

        from .models import HomePage, InformationPage

        register_tester(HomePage, AdministratorsOnlyPermissionTester)
        register_tester(InformationPage, AdministratorsOnlyPermissionTester)
