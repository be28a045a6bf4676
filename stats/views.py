"""Public statistics page and one CSV per chart. No cookies, no session: cacheable by a shared
cache; the figures themselves are cached (stats.cache) until the next publish/unpublish."""

import csv

from django.http import Http404, HttpResponse
from django.shortcuts import render

from site_conoceles.cache import public_cache

from .cache import cached_figures
from .figures import FILTER_PARAMS, active_filters, compute_figures


def _figures(request):
    from candidates.filters import public_catalog

    active = active_filters(
        {k: request.GET.get(k, "")[:60] for k in FILTER_PARAMS}, public_catalog()
    )
    key = "public:" + "|".join(f"{k}={active.get(k, '')}" for k in FILTER_PARAMS)
    return cached_figures(key, lambda: compute_figures(active))


@public_cache
def statistics(request):
    figures = _figures(request)
    from candidates.filters import CandidacyFilter
    from candidates.models import CandidacyPage

    form = CandidacyFilter(
        dict(figures["active"]) or None, queryset=CandidacyPage.objects.none()
    ).form
    query = "&".join(f"{k}={v}" for k, v in figures["active"].items())
    return render(
        request,
        "stats/statistics.html",
        {**figures, "filter_form": form, "query": query},
    )


@public_cache
def chart_csv(request, slug):
    figures = _figures(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="estadisticas-{slug}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    if slug == "identidad":
        identity = figures["identity"]
        if not identity:
            raise Http404
        min_cell = identity["min_cell"]
        writer.writerow(["grupo", "si", "no", "prefiero_no_contestar", "sin_respuesta"])
        for group in identity["groups"]:
            c = group["counts"]
            writer.writerow(
                [group["label"]]
                + [
                    f"< {min_cell}" if c[k] is None else c[k]
                    for k in ("yes", "no", "prefer_not", "no_answer")
                ]
            )
        return response
    if slug == "avance":
        writer.writerow(["partido", "registradas", "curricular_completo", "publicadas"])
        for row in figures["progress"]["by_party"]:
            writer.writerow([row["label"], row["registered"], row["complete"], row["published"]])
        return response
    chart = next((c for c in figures["charts"] if c["slug"] == slug), None)
    if chart is None:
        raise Http404
    writer.writerow(["categoria", "candidaturas"])
    for row in chart["rows"]:
        writer.writerow([row["label"], row["display"]])
    return response
