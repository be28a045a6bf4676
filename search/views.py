"""Public search over candidacies' names and texts, and name autocomplete.

No search is recorded (Wagtail's hit counter writes to the database on every query), so a search
page is a read like any other and can be cached.
"""

from django.http import JsonResponse
from django.template.response import TemplateResponse

from candidates.images import with_images
from candidates.queries import public_candidacies
from candidates.views.listing import cards_context, paginate
from site_conoceles.cache import public_cache, public_cache_headers

MAX_QUERY_LENGTH = 200
AUTOCOMPLETE_LIMIT = 8


def _query(request):
    return " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]


@public_cache
def search(request):
    query = _query(request)
    context = {"search_query": query, "total": 0, "candidacies": [], "badges": {}}
    if query:
        results = public_candidacies().search(query, operator="and")
        ids = [page.pk for page in results[:1000]]
        position = {pk: index for index, pk in enumerate(ids)}
        page_obj = paginate(request, ids)
        rows = with_images(public_candidacies().filter(pk__in=list(page_obj.object_list)))
        ordered = sorted(rows, key=lambda c: position[c.pk])
        page_obj.object_list = ordered
        context.update(
            {"page_obj": page_obj, "total": page_obj.paginator.count, **cards_context(page_obj)}
        )
    return TemplateResponse(request, "search/search.html", context)


def autocomplete(request):
    """Names that start like the query: [{"name", "url", "office"}], for the search box."""
    query = _query(request)
    suggestions = []
    if len(query) >= 2:
        results = public_candidacies().autocomplete(query, fields=["title"])
        suggestions = [
            {"name": c.title, "url": c.url, "office": c.office.short_name}
            for c in results[:AUTOCOMPLETE_LIMIT]
        ]
    response = JsonResponse({"query": query, "results": suggestions})
    return public_cache_headers(response)
