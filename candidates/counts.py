"""How many candidacies a listing's filters match, cached per filter combination until publication.

A COUNT over 20,000 rows on every request of a listing was most of its SQL time, and the number
only changes when something is published or withdrawn. A version number in the cache is part of
every key; `forget_listing_counts` (called by the publishing pipeline with the other public
figures) bumps it, which orphans every cached count at once on any cache backend.
"""

import hashlib

from django.core.cache import cache

VERSION_KEY = "conoceles:listing-counts:version"
# A safety net only: publication forgets the counts at once.
COUNT_CACHE_SECONDS = 60 * 30


def _version():
    version = cache.get(VERSION_KEY)
    if version is None:
        version = 1
        cache.add(VERSION_KEY, version, None)
    return version


def count_key(scope, params):
    """The cache key of one listing (`scope`: which listing) filtered by `params`."""
    canonical = "&".join(f"{name}={value}" for name, value in sorted(params.items()) if value)
    digest = hashlib.sha256(f"{scope}?{canonical}".encode()).hexdigest()[:32]
    return f"conoceles:listing-count:{_version()}:{digest}"


def cached_count(queryset, scope, params):
    key = count_key(scope, params)
    total = cache.get(key)
    if total is None:
        total = queryset.order_by().count()
        cache.set(key, total, COUNT_CACHE_SECONDS)
    return total


def forget_listing_counts(**kwargs):
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)
