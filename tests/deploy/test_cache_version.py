"""A cache version (site_conoceles.cache.CacheVersion) is read once per request: a page asks for
the publication version from several caches, and each read was a round trip to Redis."""

from django.core.cache import cache, caches
from django.core.signals import request_finished, request_started

import pytest

from site_conoceles.cache import CacheVersion

# Django's request signals also close stale database connections: a test's own, in its
# transaction, is left open.
pytestmark = pytest.mark.django_db


@pytest.fixture
def reads(monkeypatch):
    """The keys read from the default cache, in order."""
    read = []
    backend = caches["default"]
    original = backend.get

    def get(key, *args, **kwargs):
        read.append(key)
        return original(key, *args, **kwargs)

    monkeypatch.setattr(backend, "get", get)
    cache.clear()
    return read


def test_a_version_is_read_once_per_request(reads):
    version = CacheVersion("test:version")
    request_started.send(sender=None)
    try:
        assert version.current() == 1
        assert version.current() == 1
        assert reads.count("test:version") == 1
        # Another process moves it during this request: the request keeps the version it read,
        # as its keys were built with it.
        cache.incr("test:version")
        assert version.current() == 1
    finally:
        request_finished.send(sender=None)
    request_started.send(sender=None)
    try:
        assert version.current() == 2  # the next request reads it again
    finally:
        request_finished.send(sender=None)


def test_the_request_that_moves_a_version_reads_the_new_one(reads):
    version = CacheVersion("test:version")
    request_started.send(sender=None)
    try:
        assert version.current() == 1
        version.move()
        assert version.current() == 2
        assert reads.count("test:version") == 2
    finally:
        request_finished.send(sender=None)


def test_outside_a_request_every_read_goes_to_the_cache(reads):
    version = CacheVersion("test:version")
    assert version.current() == 1
    cache.incr("test:version")
    assert version.current() == 2
    assert reads.count("test:version") == 2
