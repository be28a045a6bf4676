from django.apps import AppConfig

from wagtail.contrib.frontend_cache import apps as frontend_cache_apps


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Inicio"

    def ready(self):
        from . import purge, signals

        signals.connect()
        purge.connect()


class FrontendCacheConfig(frontend_cache_apps.WagtailFrontendCacheAppConfig):
    """`wagtail.contrib.frontend_cache` without its per-page signal handlers.

    They purge each page on its own and before the transaction commits; home.purge sends one
    batch per transaction or import, after commit, with every URL that shows a candidacy.
    """

    default = False  # home's own config stays the one Django picks for "home"

    def ready(self):
        pass
