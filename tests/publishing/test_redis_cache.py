"""The shared cache on a real Redis: pages work with it, clear() keeps to its prefix, and a
publication's invalidation reaches another process (as it must reach every web worker)."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

from django.core.cache import cache
from django.test import override_settings

import pytest

from candidates.factories import CandidacyPageFactory
from home.figures import FIGURES_CACHE_KEY, headline_figures
from stats.cache import VERSION_KEY, cached_figures

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")

pytestmark = pytest.mark.redis


def _redis_client():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"Redis no responde en {REDIS_URL}")
    return client


@pytest.fixture
def redis_cache():
    """The default cache on Redis under a prefix of this test's own; its keys removed after."""
    client = _redis_client()
    prefix = f"test-redis-{uuid.uuid4().hex[:12]}"
    config = {
        "default": {
            "BACKEND": "site_conoceles.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    with override_settings(CACHES=config):
        yield prefix
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)


class CacheReader:
    """A second Django process on the same Redis and prefix, asked what it sees on each line."""

    CODE = (
        "import json, sys, django; django.setup()\n"
        "from django.core.cache import cache\n"
        "for _ in sys.stdin:\n"
        "    print(json.dumps({'figures': cache.get(sys.argv[1]),"
        " 'stats_version': cache.get(sys.argv[2])}), flush=True)\n"
    )

    def __init__(self, prefix):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "site_conoceles.settings.test",
            "REDIS_URL": REDIS_URL,
            "CACHE_KEY_PREFIX": prefix,
        }
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter, fixed code
            [sys.executable, "-c", self.CODE, FIGURES_CACHE_KEY, VERSION_KEY],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def read(self):
        self.process.stdin.write("?\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)


@pytest.mark.django_db
def test_cached_pages_answer_with_redis(redis_cache, client):
    for url in ("/", "/candidaturas/", "/estadisticas/", "/datos-abiertos/"):
        assert client.get(url).status_code == 200, url
        assert client.get(url).status_code == 200, url  # the second one from the cache


def test_clear_drops_only_its_own_prefix(redis_cache):
    client = _redis_client()
    other = f"other-{uuid.uuid4().hex[:12]}:1:kept"
    client.set(other, "1")
    try:
        cache.set("mine", "1")
        cache.clear()
        assert cache.get("mine") is None
        assert client.get(other) == b"1"
    finally:
        client.delete(other)


@pytest.mark.django_db
def test_a_publication_invalidates_what_another_process_sees(
    redis_cache, tree, offices, settings, django_capture_on_commit_callbacks
):
    settings.OPEN_DATA_AUTO_REGENERATE = False
    _, actors = tree
    page = CandidacyPageFactory(parent=actors["PRI"], office=offices["gubernatura"], complete=True)
    headline_figures()
    cached_figures("sexo", lambda: {"mujeres": 0})
    reader = CacheReader(redis_cache)
    try:
        before = reader.read()
        assert before["figures"]["total"] == 0  # the other process shares our cached figures
        with django_capture_on_commit_callbacks(execute=True):
            page.get_latest_revision().publish()
        after = reader.read()
    finally:
        reader.close()

    assert after["figures"] is None  # the home page recomputes on its next request
    assert after["stats_version"] > before["stats_version"]  # every statistics key orphaned


def test_one_redis_client_serves_every_operation_and_thread(redis_cache):
    from concurrent.futures import ThreadPoolExecutor

    from django.core.cache import caches

    backend = caches["default"]
    client = backend._cache.get_client()
    assert backend._cache.get_client(write=True) is client

    def round_trip(n):
        backend.set(f"thread-{n}", {"n": n, "text": "x" * n})
        return backend.get(f"thread-{n}")

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(round_trip, range(200)))
    assert answers == [{"n": n, "text": "x" * n} for n in range(200)]
    assert backend._cache.get_client() is client
