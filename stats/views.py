"""Public statistics page and one CSV per chart. No cookies, no session: cacheable by a shared
cache; the figures themselves are cached (stats.cache) until the next publish/unpublish."""

import csv
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import render

from candidates.process_scope import process_scoped
from site_conoceles.cache import public_cache

from .cache import cached_figures
from .figures import FILTER_PARAMS, active_filters, compute_figures, figures_cache_key

IDENTITY_CELLS = ("yes", "no", "prefer_not", "no_answer")


def _figures(request):
    """(catalog, figures) of the process asked for (`/<proceso>/estadisticas/`, archived ones
    too), or of the current process; an unknown slug is a 404, never another process's."""
    from candidates.filters import requested_catalog

    catalog = requested_catalog(request)
    process = catalog["process"]
    active = active_filters({k: request.GET.get(k, "")[:60] for k in FILTER_PARAMS}, catalog)
    # One cache entry per process and cut (the default process and its own slug share one).
    key = figures_cache_key(process, active)
    return catalog, cached_figures(key, lambda: compute_figures(active, catalog))


@process_scoped("statistics")
@public_cache
def statistics(request):
    catalog, figures = _figures(request)
    from candidates.filters import CandidacyFilter, process_context
    from candidates.models import CandidacyPage

    form = CandidacyFilter(
        dict(figures["active"]) or None, queryset=CandidacyPage.objects.none(), catalog=catalog
    ).form
    # A page under its process's path keeps it in every link (filters, CSVs, «Quitar»): the
    # template prefixes them with `process_prefix`.
    return render(
        request,
        "stats/statistics.html",
        {
            **figures,
            **process_context(catalog),
            "filter_form": form,
            "query": urlencode(figures["active"]),
        },
    )


@process_scoped("chart_csv")
@public_cache
def chart_csv(request, slug):
    """The figures of one chart as CSV, exactly as the page shows them (suppressed cells too)."""
    _catalog, figures = _figures(request)
    rows = _csv_rows(figures, slug)
    if rows is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="estadisticas-{slug}.csv"'
    response.write("\ufeff")
    csv.writer(response).writerows(rows)
    return response


def _csv_rows(figures, slug):
    if slug == "avance":
        if not figures["progress"]:
            return None
        rows = [["corte", "nombre", "registradas", "curricular_completo", "publicadas"]]
        for cut, key in (("partido", "by_party"), ("cargo", "by_office")):
            rows += [
                [cut, row["label"], row["registered"], row["complete"], row["published"]]
                for row in figures["progress"][key]
            ]
        return rows
    if slug == "identidad":
        if not figures["identity"]:
            return None
        rows = [["grupo", "si", "no", "prefiero_no_contestar", "sin_respuesta"]]
        for group in figures["identity"]["groups"]:
            counts = group["counts"]
            rows.append([group["label"]] + [str(counts[key]) for key in IDENTITY_CELLS])
        return rows
    for chart in figures["charts"] + figures.get("identity_charts", []):
        if chart["slug"] == slug:
            header = ["categoria", chart["unit"].lower()]
            return [header] + [[row["label"], row["display"]] for row in chart["rows"]]
    return None
