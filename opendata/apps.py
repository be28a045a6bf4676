from django.apps import AppConfig


class OpenDataConfig(AppConfig):
    name = "opendata"
    verbose_name = "Datos abiertos"

    def ready(self):
        from . import signals  # noqa: F401
