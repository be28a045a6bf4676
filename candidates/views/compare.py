"""Two to four candidacies side by side, section by section."""

from django.http import Http404
from django.template.response import TemplateResponse

from public.badges import public_badges_for
from site_conoceles.cache import public_cache

from ..images import with_images
from ..queries import public_candidacies

MIN_COMPARED = 2
MAX_COMPARED = 4
# Page ids are 32-bit integers: a larger number is no candidacy, and would overflow the query.
MAX_PAGE_ID = 2**31 - 1


def requested_ids(request):
    ids = []
    for raw in request.GET.getlist("c"):
        try:
            value = int(raw)
        except (TypeError, ValueError):
            continue
        if 0 < value <= MAX_PAGE_ID and value not in ids:
            ids.append(value)
    return ids


@public_cache
def compare(request):
    ids = requested_ids(request)
    too_many = len(ids) > MAX_COMPARED
    ids = ids[:MAX_COMPARED]
    found = {c.pk: c for c in with_images(public_candidacies().filter(pk__in=ids))} if ids else {}
    if len(found) != len(ids):
        # A draft, an unpublished or an unknown candidacy: no hint of which one exists.
        raise Http404("Alguna de las candidaturas no está publicada.")
    candidacies = [found[pk] for pk in ids]
    context = {
        "candidacies": candidacies,
        "badges": public_badges_for(candidacies),
        "too_many": too_many,
        "too_few": len(candidacies) < MIN_COMPARED,
        "max_compared": MAX_COMPARED,
    }
    return TemplateResponse(request, "candidates/compare.html", context)
