"""Static public pages, and Wagtail's pages with a profile's kept copy looked up first."""

from django.conf import settings
from django.http import Http404
from django.template.response import TemplateResponse

from wagtail import views as wagtail_views
from wagtail.models import Site

from home.caching import page_cache_headers
from site_conoceles.cache import public_cache

from ..filters import public_catalog
from ..models.tree import candidacy_at
from ..profile_cache import kept_profile


@public_cache
def faq(request):
    process = public_catalog()["process"]
    return TemplateResponse(request, "candidates/faq.html", {"process": process})


def serve_page(request, path):
    """Wagtail's `serve`, after the profile kept for this host and path (candidates.profile_cache):
    a kept profile is answered without routing, which reads the site and three pages."""
    kept = kept_profile(request, path)
    if kept is not None:
        return page_cache_headers(request, kept)
    _route_profile(request, path)
    return wagtail_views.serve(request, path)


def _route_profile(request, path):
    """Route a profile's path as its site root would, without reading the root's specific page.

    Wagtail's routing reads the site root's specific page to call its `route`; a root that finds
    profiles by path (`finds_profiles_by_path`: home.models.HomePage) only needs the depth and
    URL path that the site's cached root page holds. The route is left where Wagtail's `serve`
    looks first; a path that is no candidacy's is routed by Wagtail as before."""
    if settings.WAGTAIL_I18N_ENABLED:
        return  # Wagtail routes from the root's translation for the request's language.
    site = Site.find_for_request(request)
    root = site.root_page if site is not None else None
    if root is None or not getattr(root.specific_class, "finds_profiles_by_path", False):
        return
    candidacy = candidacy_at(root, [segment for segment in path.split("/") if segment])
    if candidacy is None:
        return
    try:
        request._wagtail_route_for_request = candidacy.route(request, [])
    except Http404:
        request._wagtail_route_for_request = None
