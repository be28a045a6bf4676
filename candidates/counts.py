"""How many candidacies a listing's filters match, cached per filter combination until publication.

A COUNT over 20,000 rows on every request of a listing was most of its SQL time, and the number
only changes when something is published or withdrawn. A version number in the cache is part of
every key; `forget_listing_counts` (called by the publishing pipeline with the other public
figures) bumps it, which orphans every cached count at once on any cache backend.
"""

import hashlib
from array import array

from django.core.cache import cache

from site_conoceles.cache import CacheVersion

VERSION = CacheVersion("conoceles:listing-counts:version")
# The kept profiles' (candidates.profile_cache): moved by what changes every profile, not by a
# publication.
PROFILES = CacheVersion("conoceles:profiles:version")
# A safety net only: publication forgets the counts at once.
COUNT_CACHE_SECONDS = 60 * 30


def publication_version():
    """A number that moves on every publication, withdrawal or visibility change (the key of
    every cache that holds what is public: listings, cards, rivals; profiles have their own,
    PROFILES, and one per path, candidates.profile_cache)."""
    return VERSION.current()


def count_key(scope, params):
    """The cache key of one listing (`scope`: which listing) filtered by `params`."""
    canonical = "&".join(f"{name}={value}" for name, value in sorted(params.items()) if value)
    digest = hashlib.sha256(f"{scope}?{canonical}".encode()).hexdigest()[:32]
    return f"conoceles:listing-count:{VERSION.current()}:{digest}"


def cached_count(queryset, scope, params):
    key = count_key(scope, params)
    total = cache.get(key)
    if total is None:
        total = queryset.order_by().count()
        cache.set(key, total, COUNT_CACHE_SECONDS)
    return total


def cached_figures(scope, params, compute):
    """Any figures of a listing-like view (`compute()`'s picklable answer), cached like a count.

    «Mi boleta» counts every contest of a place: the statewide ones read thousands of rows.
    """
    key = count_key(scope, params) + ":figures"
    figures = cache.get(key)
    if figures is None:
        figures = compute()
        cache.set(key, figures, COUNT_CACHE_SECONDS)
    return figures


def cached_keys(queryset, scope, params):
    """The primary keys of a listing in its order, cached like its count (same version).

    A deep page of a broad listing (`?pagina=834` of 20,000 rows) makes PostgreSQL read every
    row it skips, in two wide tables (the candidacy and Wagtail's page, for `live`): 170 ms,
    whatever the index. The order of a listing only changes when its count may change (a
    publication, a withdrawal, a view restriction, a catalog's new order), so the keys are read
    once per version and every page is a slice of them. Stored as an array of 32-bit keys
    (80 KB for 20,000). The rows of the page are read again through the public projection, so
    keys a change made stale can hide a card until the version moves, never show one.
    """
    key = count_key(scope, params) + ":keys"
    packed = cache.get(key)
    if packed is None:
        ids = list(queryset.values_list("pk", flat=True))
        packed = array("I", ids).tobytes()
        cache.set(key, packed, COUNT_CACHE_SECONDS)
        return ids
    keys = array("I")
    keys.frombytes(packed)
    return keys


def forget_listing_counts(**kwargs):
    """Every listing's counts and order, the kept cards and every kept profile: a catalog edit,
    a view restriction, a page moved, a new public order."""
    VERSION.move()
    PROFILES.move()


def forget_listings_after_publication():
    """Every listing's counts and order and the kept cards, not the kept profiles: a
    publication changes a few of them, which the publishing pipeline forgets one by one
    (candidates.profile_cache.forget_profiles)."""
    VERSION.move()
