"""Public statistics: capture progress, sex, age bands, education, identity groups.

Each cut is one GROUP BY (or one aggregate) over the process's candidacies: the number of
queries does not grow with the data. Demographic cuts are suppressed (see suppression.py);
capture progress counts records per party and office, as the institute reports them to its
commission, and is shown whole.
"""

from django.db.models import Case, Count, Q, Value, When

from candidates.choices import EducationLevel, Sex
from candidates.filters import CandidacyFilter, public_catalog
from candidates.models import CandidacyPage

from .suppression import display, is_hidden, suppress_small

FILTER_PARAMS = ("cargo", "partido")


def active_filters(params, catalog):
    """The valid office and party filters among `params`; invalid values are ignored.

    Only choices of the catalog survive, so the figures' cache has one entry per real cut
    however many made-up query strings arrive.
    """
    data = {k: params.get(k) for k in FILTER_PARAMS if params.get(k)}
    if not data:
        return {}
    form = CandidacyFilter(data, queryset=CandidacyPage.objects.none(), catalog=catalog).form
    form.is_valid()
    return {k: v for k, v in form.cleaned_data.items() if k in data and k not in form.errors and v}


def figures_cache_key(process, active):
    """The `stats.cache` key of one process's figures under the `active` filters.

    The process's slug is part of it: two processes never share an entry, whichever process is
    the current one when the entry is read.
    """
    slug = process.slug if process is not None else "-"
    return f"public:{slug}:" + "|".join(f"{k}={active.get(k, '')}" for k in FILTER_PARAMS)


def filtered(queryset, params, catalog):
    """Apply the listing's own filters (only office and party here)."""
    active = active_filters(params, catalog)
    if not active:
        return queryset, {}
    return CandidacyFilter(active, queryset=queryset, catalog=catalog).qs, active


def _chart(slug, title, description, rows, min_cell=None, unit="Candidaturas"):
    """A bar chart's figures: `rows` are (label, count); with `min_cell`, small counts hidden."""
    counts = [count for _label, count in rows]
    shown = suppress_small(counts, min_cell) if min_cell else counts
    top = max([count for count in shown if not is_hidden(count)] or [0]) or 1
    chart_rows = []
    for index, ((label, _raw), count) in enumerate(zip(rows, shown, strict=True)):
        width = 0 if is_hidden(count) else round(100 * count / top, 1)
        chart_rows.append(
            {
                "label": label,
                "count": count,
                "display": display(count),
                "hidden": is_hidden(count),
                "width": width,
                **_bar_geometry(index, width),
            }
        )
    return {
        "slug": slug,
        "title": title,
        "description": description,
        "min_cell": min_cell,
        "unit": unit,
        "rows": chart_rows,
        "height": len(chart_rows) * BAR_ROW_HEIGHT,
    }


# SVG bar charts: a label line over each bar, text in CSS pixels so it stays legible on a phone
# (no viewBox scaling); bars take at most BAR_SPAN % of the width, leaving room for the value.
BAR_ROW_HEIGHT = 46
BAR_SPAN = 72


def _bar_geometry(index, width):
    top = index * BAR_ROW_HEIGHT
    return {
        "label_y": top + 16,
        "bar_y": top + 23,
        "value_y": top + 35,
        "bar_percent": round(width * BAR_SPAN / 100, 1),
    }


def _age_band_case(process):
    whens = []
    for label, low, high in process.parsed_age_bands():
        condition = Q(age__gte=low) if high is None else Q(age__gte=low, age__lte=high)
        whens.append(When(condition, then=Value(label)))
    return Case(*whens, default=Value(""))


def compute_figures(params, catalog=None):
    """The figures of one process: `catalog`'s (`candidates.filters.requested_catalog`), the
    default process's when None. Every cut counts that process's candidacies only."""
    catalog = catalog or public_catalog()
    process = catalog["process"]
    if process is None:
        return {"process": None, "charts": [], "progress": None, "identity": None, "active": {}}
    min_cell = process.statistics_min_cell
    registered, active = filtered(
        CandidacyPage.objects.filter(office__process=process), params, catalog
    )
    published = registered.filter(live=True)
    charts = []

    by_party = (
        registered.order_by()
        .values("party__acronym", "independent__name")
        .annotate(
            registered=Count("pk"),
            complete=Count("pk", filter=Q(curricular_complete=True)),
            published=Count("pk", filter=Q(live=True)),
        )
        .order_by("party__acronym", "independent__name")
    )
    by_office = (
        registered.order_by()
        .values("office__name", "office__sort_order")
        .annotate(
            registered=Count("pk"),
            complete=Count("pk", filter=Q(curricular_complete=True)),
            published=Count("pk", filter=Q(live=True)),
        )
        .order_by("office__sort_order", "office__name")
    )
    progress = {
        "by_party": _progress_rows(
            by_party, lambda row: row["party__acronym"] or row["independent__name"] or "—"
        ),
        "by_office": _progress_rows(by_office, lambda row: row["office__name"]),
    }
    for key in ("by_party", "by_office"):
        progress[f"{key}_height"] = len(progress[key]) * BAR_ROW_HEIGHT

    sexes = dict(published.order_by().values_list("sex").annotate(n=Count("pk")))
    charts.append(
        _chart(
            "sexo",
            "Candidaturas publicadas por sexo",
            "Distribución por sexo de las candidaturas publicadas.",
            [(label, sexes.get(value, 0)) for value, label in Sex.choices],
            min_cell,
        )
    )
    bands = dict(
        published.order_by()
        .annotate(band=_age_band_case(process))
        .values_list("band")
        .annotate(n=Count("pk"))
    )
    charts.append(
        _chart(
            "edad",
            "Candidaturas publicadas por rango de edad",
            "Edad el día de la jornada electoral, por rangos.",
            [(label, bands.get(label, 0)) for label, _low, _high in process.parsed_age_bands()],
            min_cell,
        )
    )
    levels = dict(published.order_by().values_list("education_level").annotate(n=Count("pk")))
    charts.append(
        _chart(
            "escolaridad",
            "Candidaturas publicadas por grado máximo de estudios",
            "Según el cuestionario curricular; «No proporcionó» si no lo indicó.",
            [(label, levels.get(value, 0)) for value, label in EducationLevel.choices]
            + [("No proporcionó", levels.get("", 0))],
            min_cell,
        )
    )
    identity = identity_figures(published, min_cell)
    return {
        "process": process,
        "min_cell": min_cell,
        "active": active,
        "progress": progress,
        "registered_total": sum(row["registered"] for row in progress["by_party"]),
        "complete_total": sum(row["complete"] for row in progress["by_party"]),
        "published_total": sum(sexes.values()),
        "charts": charts,
        "identity": identity,
        "identity_charts": _identity_charts(identity) if identity else [],
    }


def _progress_rows(rows, label):
    """Progress per party or office, with bar widths relative to the largest registration."""
    rows = [{**row, "label": label(row)} for row in rows]
    top = max([row["registered"] for row in rows] or [0]) or 1
    for index, row in enumerate(rows):
        row.update(_bar_geometry(index, 100 * row["registered"] / top))
        row["registered_percent"] = row.pop("bar_percent")
        row["published_bar_percent"] = round(BAR_SPAN * row["published"] / top, 1)
        row["published_percent"] = (
            round(100 * row["published"] / row["registered"]) if row["registered"] else 0
        )
    return rows


# Identity charts: (slug, title, description, table in identity.statistics' figures).
IDENTITY_CHARTS = (
    (
        "identidad",
        "Personas que se identifican con cada grupo",
        "Respuestas «Sí» de quienes dieron su consentimiento para uso estadístico.",
        "groups",
    ),
    (
        "ingresos",
        "Ingreso mensual",
        "Grupo de ingreso mensual declarado; nunca se publica de forma individual.",
        "income_bands",
    ),
    (
        "fuente-ingresos",
        "Fuente principal de ingresos",
        "Fuente principal de ingresos declarada; nunca se publica de forma individual.",
        "income_sources",
    ),
)


def _identity_charts(identity):
    """Bars of already suppressed identity figures: who belongs to each group, income."""
    charts = []
    for slug, title, description, table in IDENTITY_CHARTS:
        if table == "groups":
            rows = [(group["label"], group["counts"]["yes"]) for group in identity["groups"]]
        else:
            rows = [(row["label"], row["count"]) for row in identity[table]]
        chart = _chart(slug, title, description, rows, unit="Personas")
        chart["withheld"] = table in identity["withheld"]
        charts.append(chart)
    return charts


def identity_figures(queryset, min_cell):
    """Only the identity app reads identity answers; it suppresses its own cells.

    Over published candidacies, like every other public figure: a draft is not public data, and
    its answers would otherwise move the figures whenever anyone else is published.
    """
    try:
        from identity.statistics import group_counts
    except ImportError:  # pragma: no cover - identity app without statistics
        return None
    return group_counts(queryset, min_cell)
