"""Static public pages."""

from django.template.response import TemplateResponse

from site_conoceles.cache import public_cache

from ..filters import public_catalog


@public_cache
def faq(request):
    process = public_catalog()["process"]
    return TemplateResponse(request, "candidates/faq.html", {"process": process})
