"""The FAQ keeps its address: the institute's page when it exists, the old template otherwise."""

from django.http import Http404

from wagtail.views import serve


def faq(request):
    """/preguntas-frecuentes/ is routed here before the microsite's own URL: the information
    page of that slug under the site root answers it, and without one (a site set up before
    the page existed, or whose page was removed) the former template still does."""
    from candidates.views import faq as template_faq

    try:
        return serve(request, "preguntas-frecuentes/")
    except Http404:
        return template_faq(request)
