"""Cached statistics figures, invalidated as a whole on every publish/unpublish.

A version number in the cache is part of every key; bumping it orphans every cached figure at
once, which works on any cache backend (no key listing, no pattern delete).
"""

from django.core.cache import cache

VERSION_KEY = "stats:version"
TIMEOUT = 60 * 60 * 6


def _version():
    version = cache.get(VERSION_KEY)
    if version is None:
        version = 1
        cache.add(VERSION_KEY, version, None)
    return version


def cached_figures(key, compute):
    full_key = f"stats:{_version()}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, TIMEOUT)
    return value


def invalidate_statistics():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)
