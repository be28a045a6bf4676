"""Cache headers for pages Wagtail serves (home, candidacy profiles).

Anonymous visitors share one cached copy (CDN-friendly, purged on publication); a request that
carries a session cookie (an editor browsing the site) or a preview is never stored by a shared
cache, so nothing an editor sees can leak to the public copy.
"""

from django.conf import settings
from django.utils.cache import add_never_cache_headers, patch_cache_control

from site_conoceles.cache import public_cache_headers


def page_cache_headers(request, response):
    if getattr(request, "is_preview", False):
        add_never_cache_headers(response)
    elif request.COOKIES.get(settings.SESSION_COOKIE_NAME):
        patch_cache_control(response, private=True, no_cache=True)
    elif response.status_code == 200:
        public_cache_headers(response)
    return response
