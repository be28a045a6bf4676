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

from .suppression import display, suppress_counts

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


def filtered(queryset, params, catalog):
    """Apply the listing's own filters (only office and party here)."""
    active = active_filters(params, catalog)
    if not active:
        return queryset, {}
    return CandidacyFilter(active, queryset=queryset, catalog=catalog).qs, active


def _chart(slug, title, description, rows, min_cell=None):
    counts = [row[1] for row in rows]
    shown = suppress_counts(counts, min_cell) if min_cell else counts
    top = max([c for c in shown if c] or [1])
    return {
        "slug": slug,
        "title": title,
        "description": description,
        "min_cell": min_cell,
        "rows": [
            {
                "label": label,
                "count": count,
                "display": display(count, min_cell) if min_cell else str(count),
                "width": round(100 * count / top, 1) if count else 0,
            }
            for (label, _raw), count in zip(rows, shown, strict=True)
        ],
    }


def _age_band_case(process):
    whens = []
    for label, low, high in process.parsed_age_bands():
        condition = Q(age__gte=low) if high is None else Q(age__gte=low, age__lte=high)
        whens.append(When(condition, then=Value(label)))
    return Case(*whens, default=Value(""))


def compute_figures(params):
    catalog = public_catalog()
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
        "by_party": [
            {**row, "label": row["party__acronym"] or row["independent__name"] or "—"}
            for row in by_party
        ],
        "by_office": [{**row, "label": row["office__name"]} for row in by_office],
    }
    charts.append(
        _chart(
            "avance-partido",
            "Candidaturas publicadas por partido",
            "Número de candidaturas publicadas de cada partido o candidatura independiente.",
            [(row["label"], row["published"]) for row in progress["by_party"]],
        )
    )

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
    return {
        "process": process,
        "min_cell": min_cell,
        "active": active,
        "progress": progress,
        "charts": charts,
        "identity": identity_figures(registered, min_cell),
        "published_total": sum(sexes.values()),
    }


def identity_figures(queryset, min_cell):
    """Only the identity app reads identity answers; it suppresses its own cells."""
    try:
        from identity.statistics import group_counts
    except ImportError:  # pragma: no cover - identity app without statistics
        return None
    return group_counts(queryset, min_cell)
