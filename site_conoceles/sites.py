"""The Wagtail site that answers a request, from the shared cache instead of a query each time.

Wagtail looks the site up on every request that serves a page or reads a site setting
(`Site.find_for_request`: one query with a CASE over the sites table, 0.5-1 ms of ORM CPU). An
institute has one or two sites and changes them a few times a year, so the answer is kept per
host and port under a version that any change of a site, or a move of a page (a site's root),
moves at once for every process. The root page travels with the site as Wagtail selects it;
its specific page (content, live state) is still read fresh when a request needs it.
"""

from django.core.cache import cache
from django.core.exceptions import DisallowedHost

from .cache import CacheVersion

VERSION = CacheVersion("conoceles:sites:version")
# A safety net: a change of a site forgets the entries at once.
SITE_CACHE_SECONDS = 300
_NO_SITE = "none"


def forget_sites(**kwargs):
    """Orphan every cached site (Site saved or deleted, page moved)."""
    VERSION.move()


def cached_site_for(request):
    """Wagtail's `Site.find_for_request` answer for this host and port, kept between requests.

    Only for a host that ALLOWED_HOSTS accepts (any other is refused by Django anyway), so that
    made-up Host headers add no entries."""
    from wagtail.models import Site

    try:
        host = request.get_host()
    except DisallowedHost:
        return Site.find_for_request(request)
    key = f"conoceles:sites:{VERSION.current()}:{host}:{request.get_port()}"
    site = cache.get(key)
    if site is None:
        site = Site._find_for_request(request)
        cache.set(key, site if site is not None else _NO_SITE, SITE_CACHE_SECONDS)
    return None if site == _NO_SITE else site


class CachedSiteMiddleware:
    """Puts the cached site where Wagtail looks first (`request._wagtail_site`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._wagtail_site = cached_site_for(request)
        return self.get_response(request)
