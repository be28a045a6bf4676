"""HTTP caching policy: public pages are cacheable by a shared cache (CDN/nginx) and purged on
publish; anything that depends on who is asking is never cached."""

from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from django.core.signals import request_finished, request_started
from django.utils.cache import patch_cache_control

from asgiref.local import Local


def public_cache_headers(response):
    """Mark a response as cacheable by browsers briefly and by a shared cache for longer."""
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PUBLIC_CACHE_MAX_AGE,
        s_maxage=settings.PUBLIC_CACHE_S_MAXAGE,
        stale_while_revalidate=settings.PUBLIC_CACHE_STALE_WHILE_REVALIDATE,
    )
    return response


def public_cache(view):
    """Decorator for public views; a view must not read cookies or the session if it uses this."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.has_header("Cache-Control"):
            public_cache_headers(response)
        return response

    return wrapped


class ReusedRedisClient(RedisCacheClient):
    """Django's Redis cache client, with one `redis.Redis` per connection pool made once.

    Django makes a new `redis.Redis` for every cache operation; each one builds its table of
    about 170 response callbacks, so that a public page's 5-7 cache reads cost it about 1 ms of
    CPU for nothing. A `redis.Redis` over a pool is safe to share between threads and across a
    fork (the pool checks its process id), so one per pool is enough."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    """Django's RedisCache whose clear() drops only the keys under this site's KEY_PREFIX, and
    whose client is made once per connection pool (ReusedRedisClient).

    Django's own clear() empties the whole Redis database (FLUSHDB): on a Redis shared with other
    sites, or by parallel test workers (each with its own prefix), that would wipe their entries.
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedRedisClient

    def clear(self):
        client = self._cache.get_client(write=True)
        keys = []
        for key in client.scan_iter(match=f"{self.key_prefix}:*", count=1000):
            keys.append(key)
            if len(keys) == 1000:
                client.delete(*keys)
                keys = []
        if keys:
            client.delete(*keys)
        return True


# --- Values read once per request ------------------------------------------------------------

_request_values = Local()


def _request_started(**kwargs):
    _request_values.values = {}


def _request_finished(**kwargs):
    end_request_values()


def end_request_values():
    """Forget the values read in this thread's request (Django's request_finished does it; a
    test whose request raised through the test client never gets that signal)."""
    _request_values.values = None


request_started.connect(_request_started, dispatch_uid="conoceles-per-request-start")
request_finished.connect(_request_finished, dispatch_uid="conoceles-per-request-end")


def per_request(key, load):
    """`load()` once per request for `key`: several querysets of one page need the same rows.

    Only inside a request (between Django's request_started and request_finished): whatever
    runs outside one (commands, tasks, the shell) loads every time, so nothing read here can
    outlive the request that read it.
    """
    values = getattr(_request_values, "values", None)
    if values is None:
        return load()
    if key not in values:
        values[key] = load()
    return values[key]


def forget_per_request(key):
    """Drop `key` from the current request's values (it changed during the request)."""
    values = getattr(_request_values, "values", None)
    if values:
        values.pop(key, None)


class CacheVersion:
    """A number kept in the shared cache and written into every key of a family of cached
    values: moving it orphans the whole family at once, in every process that shares the cache
    and on any backend (no key listing, no pattern delete). The orphans expire on their own."""

    def __init__(self, key):
        self.key = key

    def current(self):
        """The version, read once per request (per_request): a page asks for the publication
        version from several caches (restrictions, rivals, cards), a cache round trip each."""
        return per_request(self.key, self._read)

    def _read(self):
        version = cache.get(self.key)
        if version is None:
            version = 1
            cache.add(self.key, version, None)
        return version

    def move(self, **kwargs):
        """Usable as a signal receiver. The request that moves it reads it again."""
        forget_per_request(self.key)
        try:
            cache.incr(self.key)
        except ValueError:
            cache.set(self.key, 2, None)
