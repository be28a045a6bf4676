"""Cached statistics figures, invalidated as a whole on every publish/unpublish.

A version number in the cache is part of every key; bumping it orphans every cached figure at
once, which works on any cache backend (no key listing, no pattern delete).
"""

from django.core.cache import cache

from site_conoceles.cache import CacheVersion

VERSION_KEY = "stats:version"
VERSION = CacheVersion(VERSION_KEY)
TIMEOUT = 60 * 60 * 6


def cached_figures(key, compute):
    full_key = f"stats:{VERSION.current()}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, TIMEOUT)
    return value


def invalidate_statistics():
    VERSION.move()
