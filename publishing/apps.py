from django.apps import AppConfig

from wagtail.contrib.frontend_cache import apps as frontend_cache_apps


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = "Publicación"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import pipeline

        pipeline.connect()


class FrontendCacheConfig(frontend_cache_apps.WagtailFrontendCacheAppConfig):
    """`wagtail.contrib.frontend_cache` without its per-page signal handlers.

    They purge each page on its own and before the transaction commits; publishing.pipeline sends
    one batch per transaction or import, after commit, with every URL that shows a candidacy.
    """

    default = False  # publishing's own config stays the one Django picks for "publishing"

    def ready(self):
        pass
