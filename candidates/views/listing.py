"""The public listing of candidacies and the pages of each party and coalition."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.template.response import TemplateResponse

from site_conoceles.cache import public_cache

from ..card_cache import CardRows
from ..counts import cached_count, cached_keys, publication_version
from ..filters import CandidacyFilter, process_context, requested_catalog
from ..process_scope import process_scoped
from ..queries import public_candidacies

PAGE_SIZE = 24
# Office, district, list position, party, fórmula role, name (candidates.ordering), stored as one
# indexed key, then the primary key for ties: the index serves the order and deep pages.
PUBLIC_ORDER = ("public_order", "pk")
# From this row on, a page's keys come from the listing's cached order: the first pages are an
# index scan that stops after them, deeper ones would read every row they skip.
CACHED_KEYS_FROM = 10 * PAGE_SIZE


class CountedPaginator(Paginator):
    """A paginator told its count (cached per filter combination) instead of running COUNT."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self):
        return self._known_count


def paginate(request, queryset, per_page=None, *, scope=None, params=None):
    """One page of keys, in the listing's order; an out-of-range page shows the last one.

    The page holds the candidacies' keys, not their rows: its cards are mostly kept in the
    cache, and `CardRows` reads the rows of only the others (candidates.card_cache).

    With a `scope`, the number of rows comes from the cache of listing counts (one COUNT per
    filter combination until the next publication) rather than from a COUNT per request, and
    a deep page of a long listing takes its keys from the cached order (candidates.counts).
    """
    if scope is None:
        paginator = Paginator(queryset, per_page or PAGE_SIZE)
    else:
        total = cached_count(queryset, scope, params or {})
        paginator = CountedPaginator(queryset, per_page or PAGE_SIZE, count=total)
    page_obj = paginator.get_page(request.GET.get("pagina"))
    start = page_obj.start_index() - 1 if paginator.count else 0
    if scope is not None and start >= CACHED_KEYS_FROM:
        ids = list(cached_keys(queryset, scope, params or {})[start : start + paginator.per_page])
    else:
        # The keys alone, sorted by the index on the stored order, which stops after them.
        ids = list(page_obj.object_list.values_list("pk", flat=True))
    page_obj.object_list = ids
    return page_obj


def cards_context(page_obj):
    """What every card grid needs: its candidacies, read only where no card is kept."""
    return {"candidacies": CardRows(page_obj.object_list)}


def filters_key(request, candidacy_filter, process):
    """What the listing's filter form shows besides the catalog's choices: the values asked for.

    The form's eight selects hold every office, party, municipality and district of the process
    (hundreds of options), as much CPU as the rest of the page once its cards are kept; its HTML
    changes only with the values asked for and the catalog, which a catalog edit changes under
    a new publication version (publishing.pipeline.catalog_changed). Each site and process has
    its own catalog: the key holds the host and the process.
    """
    asked = sorted(
        (name, value)
        for name in candidacy_filter.form.fields
        for value in request.GET.getlist(name)
        if value
    )
    process_key = process.pk if process is not None else ""
    return f"{publication_version()}|{request.get_host()}|{process_key}|{urlencode(asked)}"


def process_candidacies(catalog):
    """Public candidacies of the catalog's process: its offices are the process's own, so the
    condition needs no join."""
    return public_candidacies().filter(office_id__in=[o.pk for o in catalog["offices"]])


@process_scoped("candidacy_list")
@public_cache
def candidacy_list(request):
    catalog = requested_catalog(request)
    process = catalog["process"]
    scoped = process_candidacies(catalog)
    candidacy_filter = CandidacyFilter(
        request.GET or None, queryset=scoped, request=request, catalog=catalog
    )
    queryset = candidacy_filter.qs if candidacy_filter.is_bound else scoped
    valid = not candidacy_filter.is_bound or candidacy_filter.form.is_valid()
    params = (
        {name: str(value) for name, value in candidacy_filter.form.cleaned_data.items()}
        if candidacy_filter.is_bound and valid
        else {}
    )
    page_obj = paginate(
        request,
        queryset.order_by(*PUBLIC_ORDER),
        scope=f"candidaturas:{process.slug if process else ''}" if valid else None,
        params=params,
    )
    context = {
        **process_context(catalog),
        "filter": candidacy_filter,
        "page_obj": page_obj,
        "total": page_obj.paginator.count,
        "active_filters": candidacy_filter.active_filters,
        "invalid": candidacy_filter.is_bound and not candidacy_filter.form.is_valid(),
        "filters_key": filters_key(request, candidacy_filter, process),
        # Only forms of valid values are kept: any text can be sent as an invalid one.
        "filters_seconds": settings.CARD_CACHE_SECONDS if valid else 0,
        **cards_context(page_obj),
    }
    return TemplateResponse(request, "candidates/candidacy_list.html", context)


def _organization_response(request, organization, kind, queryset, catalog):
    page_obj = paginate(
        request,
        queryset.order_by(*PUBLIC_ORDER),
        scope=f"{kind}:{organization.pk}",
    )
    context = {
        **process_context(catalog),
        "organization": organization,
        "kind": kind,
        "page_obj": page_obj,
        "total": page_obj.paginator.count,
        **cards_context(page_obj),
    }
    return TemplateResponse(request, "candidates/organization.html", context)


@process_scoped("party")
@public_cache
def party_detail(request, slug):
    catalog = requested_catalog(request)
    party = next((p for p in catalog["parties"] if p.slug == slug), None)
    if party is None:
        raise Http404("Partido no encontrado")
    coalition_ids = [
        c.pk
        for c in catalog["coalitions"]
        if party.pk in catalog["coalition_members"].get(c.pk, ())
    ]
    coalitions = [c for c in catalog["coalitions"] if c.pk in coalition_ids]
    response = _organization_response(
        request, party, "partido", public_candidacies().filter(party_id=party.pk), catalog
    )
    response.context_data["coalitions"] = coalitions
    return response


@process_scoped("coalition")
@public_cache
def coalition_detail(request, slug):
    catalog = requested_catalog(request)
    coalition = next((c for c in catalog["coalitions"] if c.slug == slug), None)
    if coalition is None:
        raise Http404("Coalición no encontrada")
    member_ids = catalog["coalition_members"].get(coalition.pk, ())
    response = _organization_response(
        request,
        coalition,
        "coalición",
        public_candidacies().filter(coalition_id=coalition.pk),
        catalog,
    )
    response.context_data["members"] = [p for p in catalog["parties"] if p.pk in member_ids]
    return response


@process_scoped("independent")
@public_cache
def independent_detail(request, slug):
    catalog = requested_catalog(request)
    independent = next((i for i in catalog["independents"] if i.slug == slug), None)
    if independent is None:
        raise Http404("Candidatura independiente no encontrada")
    return _organization_response(
        request,
        independent,
        "candidatura independiente",
        public_candidacies().filter(independent_id=independent.pk),
        catalog,
    )


@process_scoped("organization_index")
@public_cache
def organization_index(request):
    catalog = requested_catalog(request)
    return TemplateResponse(
        request,
        "candidates/organization_index.html",
        {
            "parties": catalog["parties"],
            "coalitions": catalog["coalitions"],
            "independents": catalog["independents"],
            **process_context(catalog),
        },
    )
