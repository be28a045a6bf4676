"""A rendered public profile, kept in the shared cache until the next publication.

The front-end cache (nginx, a CDN) answers most profile requests, but not all: each of its nodes
asks once per page after a purge or expiry, and its key holds the query string, so every link
shared with a tracking parameter (`?fbclid=…`, `?utm_source=…`) is a miss. Rendering a profile
costs 15-20 ms of CPU (routing, nine queries, the template); its HTML only changes when something
is published or withdrawn. So the HTML is kept in Django's cache (Redis in production, shared by
every app server) under the listings' publication version (candidates.counts), which the
publishing pipeline moves on every publication, withdrawal and identity visibility change, for
as long as the front-end cache keeps a page (PUBLIC_CACHE_S_MAXAGE). A catalog edit moves the
version too (publishing.pipeline.catalog_changed); the institute's settings show within the same
time as through nginx.

Only what any anonymous visitor gets is kept: never a preview, never a request with a session
cookie (an editor), never a page under a view restriction; and what varies by request is kept
out of the key's content: the CSP nonce is put back on every answer.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone

from .counts import publication_version

NONCE_PLACEHOLDER = "\x00csp-nonce\x00"


def _seconds():
    """How long a copy is kept: PROFILE_RENDER_CACHE_SECONDS, by default the front-end cache's
    s-maxage; 0 turns the cache off."""
    return settings.PROFILE_RENDER_CACHE_SECONDS


def _key(page, request):
    """The cache key for this page and request, or None when the answer may not be shared."""
    if (
        not _seconds()
        or request.method != "GET"
        or getattr(request, "is_preview", False)
        or request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        or not page.live
        or page.get_view_restrictions()
    ):
        return None
    # Its own publication (also when no version moved), the host (absolute links), the
    # printable variant, the day (a process becomes an archive on a date).
    variant = (
        f"{page.last_published_at}|{request.get_host()}|{bool(request.GET.get('ficha'))}|"
        f"{timezone.localdate()}"
    )
    digest = hashlib.sha256(variant.encode()).hexdigest()[:16]
    return f"conoceles:profile:{publication_version()}:{page.pk}:{digest}"


def serve_cached(page, request, render):
    """The profile's answer from the cache, or `render()`'s, kept for the next visitor."""
    key = _key(page, request)
    if key is None:
        return render()
    html = cache.get(key)
    if html is not None:
        return HttpResponse(html.replace(NONCE_PLACEHOLDER, _nonce(request)))
    response = render()
    if hasattr(response, "render"):
        response.render()
    if response.status_code == 200:
        html = response.content.decode()
        nonce = getattr(request, "_csp_nonce", None) and _nonce(request)
        cache.set(key, html.replace(nonce, NONCE_PLACEHOLDER) if nonce else html, _seconds())
    return response


def _nonce(request):
    """This request's nonce (made now if the template has not asked for it yet): django-csp's
    lazy object is falsy until it is made, so it is turned into text, never tested."""
    nonce = getattr(request, "csp_nonce", None)
    return "" if nonce is None else str(nonce)
