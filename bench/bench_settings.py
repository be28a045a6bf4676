"""Production settings plus the bench's bakerydemo-style blog (bench/bakery_baseline), so that
the baseline page is served by the same process, middleware and caches as the pages measured."""

from site_conoceles.settings.production import *  # noqa: F403
from site_conoceles.settings.production import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bakery_baseline"]
