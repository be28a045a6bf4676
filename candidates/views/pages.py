"""Static public pages, and Wagtail's pages with a profile's kept copy looked up first."""

from django.template.response import TemplateResponse

from wagtail import views as wagtail_views

from home.caching import page_cache_headers
from site_conoceles.cache import public_cache

from ..filters import public_catalog
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
    return wagtail_views.serve(request, path)
