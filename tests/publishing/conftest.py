"""Publishing fixtures: a clean pipeline, an empty shared cache and a media folder per test."""

from django.core.cache import cache

import pytest

from publishing import pipeline


@pytest.fixture(autouse=True)
def clean_pipeline(settings, tmp_path_factory):
    """Fixtures publish pages whose commit never comes; each test starts from nothing pending."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    cache.clear()
    pipeline.reset()
    yield
    pipeline.reset()
