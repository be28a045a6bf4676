"""A rendered public profile, kept in the shared cache until something it shows changes.

The front-end cache (nginx, a CDN) answers most profile requests, but not all: each of its nodes
asks once per page after a purge or expiry, and its key holds the query string, so every link
shared with a tracking parameter (`?fbclid=…`, `?utm_source=…`) is a miss. Rendering a profile
costs 8-13 ms of CPU (routing, two queries, the template); its HTML only changes when something
is published or withdrawn. So the HTML is kept in Django's cache (Redis in production, shared by
every app server) for as long as the front-end cache keeps a page (PUBLIC_CACHE_S_MAXAGE), under
two versions:

- PROFILES (candidates.counts), moved by what changes every profile: a catalog edit, a view
  restriction, a page moved or renamed, a new public order (`forget_listing_counts`), a batch of
  more than 500 candidacies (publishing.pipeline);
- one per path, moved by the publishing pipeline for the profiles a publication, withdrawal or
  identity visibility change shows on: the candidacy's own and those that list it (its fórmula
  partner, its contest's rivals; publishing.purge.profiles_showing, the same pages that the
  front-end cache is told to drop). A publication no longer renders 20,000 profiles again: on
  election night, corrections keep coming while the copies of every other profile are kept.

The institute's settings show within the same time as through nginx.

Only what any anonymous visitor gets is kept: never a preview, never a request with a session
cookie (an editor), never a page under a view restriction; and what varies by request is kept
out of the key's content: the CSP nonce is put back on every answer.

A kept copy is found by the request's host and path, before Wagtail's routing (`kept_profile`,
called by candidates.views.pages.serve_page): routing a profile's URL reads the site and three
levels of pages, which was most of what a kept copy still cost. Keying by path is safe because
everything that changes what a path shows moves one of its versions: a publication,
withdrawal or deletion of it or of a candidacy it lists (Wagtail unpublishes a page before
deleting it), a move, a view restriction, a catalog edit.

What a publication does not follow, like the front-end cache: a candidacy published into
another seat leaves it listed among its former rivals until their copies expire.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone

from .counts import PROFILES

NONCE_PLACEHOLDER = "\x00csp-nonce\x00"
# A profile's path below the site's root, /<proceso>/<partido>/<candidatura>/, as Wagtail's
# own `serve_pattern` would capture it (wagtail.urls).
PROFILE_PATH = r"^((?:[\w\-]+/){3})$"


def _seconds():
    """How long a copy is kept: PROFILE_RENDER_CACHE_SECONDS, by default the front-end cache's
    s-maxage; 0 turns the cache off."""
    return settings.PROFILE_RENDER_CACHE_SECONDS


def _shareable(request):
    """Whether this request gets (and may leave) the copy any anonymous visitor gets."""
    return bool(
        _seconds()
        and request.method == "GET"
        and not getattr(request, "is_preview", False)
        and not request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    )


def _path_key(path):
    """The key of the version of the profile at `path` below a site's root (`proc/actor/slug/`,
    as PROFILE_PATH captures it), on every host of the site."""
    return "conoceles:profile-path:" + hashlib.sha256(path.encode()).hexdigest()[:24]


def _key(request):
    """The cache key of the page at this request's host and path."""
    path = request.path_info.lstrip("/")
    path_key = _path_key(path)
    versions = cache.get_many([PROFILES.key, path_key])
    every = versions.get(PROFILES.key) or PROFILES.current()
    # The host (absolute links), the path, the printable variant, the day (a process becomes
    # an archive on a date); no other query parameter changes a profile.
    variant = f"{request.get_host()}|{path}|{bool(request.GET.get('ficha'))}|{timezone.localdate()}"
    digest = hashlib.sha256(variant.encode()).hexdigest()[:24]
    return f"conoceles:profile:{every}:{versions.get(path_key, 0)}:{digest}"


def forget_profiles(pages):
    """Renew the kept copies of these profiles, on every site that shows them.

    Each path's version becomes a new random token, never a counter: a version that expired
    reads as 0 again, and no copy made under an earlier token can match a later one. The
    version outlives the copies it guards (twice their time), so a copy made before the change
    is never found under the version it had."""
    from wagtail.models import Site

    roots = [root.root_path for root in Site.get_site_root_paths()]
    paths = {
        page.url_path[len(root) :]
        for page in pages
        for root in roots
        if page.url_path and page.url_path.startswith(root)
    }
    if not paths or not _seconds():
        return
    token = uuid.uuid4().hex[:16]
    cache.set_many({_path_key(path): token for path in paths}, 2 * _seconds())


def forget_all_profiles():
    PROFILES.move()


def kept_profile(request, path):
    """The kept copy of the profile at `path` for this request, or None.

    Only paths shaped like a profile's (PROFILE_PATH) come here: other Wagtail pages are never
    kept, and a lookup costs a cache round trip.
    """
    if not _shareable(request):
        return None
    return _kept(request, _key(request))


def _kept(request, key):
    """The copy under `key` as this request's answer, or None; a miss is remembered on the
    request, so that the render after it (serve_cached) neither reads the version nor the
    copy again."""
    if getattr(request, "_missed_profile_copy", None) == key:
        return None
    html = cache.get(key)
    if html is None:
        request._missed_profile_copy = key
        return None
    return HttpResponse(html.replace(NONCE_PLACEHOLDER, _nonce(request)))


def serve_cached(page, request, render):
    """`render()`'s answer, kept for the next visitor when it may be shared."""
    if not _shareable(request) or not page.live or page.get_view_restrictions():
        return render()
    key = getattr(request, "_missed_profile_copy", None) or _key(request)
    kept = _kept(request, key)
    if kept is not None:
        return kept
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
