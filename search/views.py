"""Public search over candidacies' names and texts, and name autocomplete.

Both read the search documents (search.engine), which exist only for live candidacies, and then
load the page of results through the public projection's queryset, which shows only public
fields. No search is recorded, so a search page is a read like any other and can be cached.
"""

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.template.response import TemplateResponse

from candidates.counts import cached_figures
from candidates.filters import process_context, requested_catalog
from candidates.process_scope import process_prefix, process_scoped
from candidates.queries import public_candidacies, public_cards
from candidates.restrictions import view_restrictions
from candidates.views.listing import PAGE_SIZE, cards_context
from site_conoceles.cache import public_cache, public_cache_headers

from . import engine
from .intents import filter_links
from .text import fold

MAX_QUERY_LENGTH = 200
MIN_QUERY_LENGTH = 2
AUTOCOMPLETE_LIMIT = 8
# Fewer results than this, and names that sound like the query are offered and added.
FEW_RESULTS = 3


def _query(request):
    return " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]


def _office_ids(catalog):
    return [office.pk for office in catalog["offices"]]


def _in_process(ids, catalog, searched_in_process=False):
    """The ids of candidacies of the catalog's process, in their order: the search documents
    span every process, and an archive is searched only when asked for (`?proceso=`).

    When search already kept the process's offices (engine.search_ids), and documents exist
    only for live candidacies, what is left to check is Wagtail's private sections, when there
    are any (the request's restrictions are read once, candidates.restrictions)."""
    if not ids or (searched_in_process and not view_restrictions()):
        return ids
    office_ids = _office_ids(catalog)
    kept = set(
        public_candidacies()
        .filter(pk__in=ids, office_id__in=office_ids)
        .order_by()
        .values_list("pk", flat=True)
    )
    return [pk for pk in ids if pk in kept]


def _in_order(ids, queryset):
    position = {pk: index for index, pk in enumerate(ids)}
    return sorted(queryset.filter(pk__in=ids), key=lambda c: position[c.pk])


def _hits(query, catalog):
    """(keys, suggested names) of the candidacies a query finds in the catalog's process.

    Kept until the next publication like a listing's count (candidates.counts): on election
    night the same few queries come from thousands of visitors with different query strings
    (a tracking parameter, a page number), and what they find only changes when something is
    published, withdrawn or restricted, or the documents are rebuilt (search.documents), all of
    which move the publication version.
    """

    def find():
        ids, similar = engine.search_ids(query, office_ids=_office_ids(catalog)), []
        if len(ids) < FEW_RESULTS:
            # "brisenio" finds no word, but Briseño sounds like it: found, and named.
            found = set(ids)
            similar = [(pk, name) for pk, name in engine.similar_names(query) if pk not in found]
            ids += [pk for pk, _ in similar]
        ids = _in_process(ids, catalog, searched_in_process=not similar)
        kept = set(ids)
        names = (name for pk, name in similar if pk in kept)
        return ids, list(dict.fromkeys(names))

    process = catalog["process"]
    return cached_figures("buscar", {"q": query, "proceso": getattr(process, "pk", "")}, find)


@process_scoped("search")
@public_cache
def search(request):
    query = _query(request)
    catalog = requested_catalog(request)
    context = {
        **process_context(catalog),
        "search_query": query,
        "total": 0,
        "candidacies": [],
        "badges": {},
        "suggestions": [],
        "filter_links": [],
        "too_short": False,
    }
    if query and len(fold(query).replace(" ", "")) < MIN_QUERY_LENGTH:
        context["too_short"] = True
    elif query:
        ids, context["suggestions"] = _hits(query, catalog)
        page_obj = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("pagina"))
        # Keys: the cards' rows are read only where no card is kept (candidates.card_cache).
        page_obj.object_list = list(page_obj.object_list)
        context.update(
            {
                "page_obj": page_obj,
                "total": page_obj.paginator.count,
                "filter_links": filter_links(
                    query, catalog, prefix=process_prefix(request)["process_prefix"]
                ),
                **cards_context(page_obj),
            }
        )
    return TemplateResponse(request, "search/search.html", context)


def autocomplete(request):
    """Names that start like the query: [{"name", "url", "office"}], for the search box."""
    query = _query(request)
    suggestions = []
    if len(fold(query).replace(" ", "")) >= MIN_QUERY_LENGTH:
        ids = engine.autocomplete_ids(query, AUTOCOMPLETE_LIMIT)
        suggestions = [
            {"name": c.title, "url": c.url, "office": c.office.short_name}
            # Name, link and office: one join, not the card's nine (planned on every keystroke).
            for c in _in_order(ids, public_cards().select_related(None).select_related("office"))
        ]
    response = JsonResponse({"query": query, "results": suggestions})
    return public_cache_headers(response)
