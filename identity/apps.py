from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "identity"
    verbose_name = "Identidad y privacidad"

    def ready(self):
        from . import checks, signals  # noqa: F401
