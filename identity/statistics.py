"""Aggregate identity figures: only people with statistical consent, never an individual.

`group_counts(queryset, min_cell)` suppresses itself, with the rule for answers that are not
public one by one (`stats.suppression.protect_row`): small cells and enough others that no cell
can be worked out from the row's total; a table whose total is too small for that is withheld
whole (`withheld` names it). Hidden cells are `stats.suppression.Hidden`
values, which print as the public sees them. `raw_group_counts` gives the unsuppressed figures
(for snapshots and administrators only).
"""

import copy

from django.db.models import Count, Q

from candidates.choices import AffirmativeAction
from stats.suppression import Hidden, protect_row, withheld_row

from .lifecycle import statistical_q
from .questions import (
    BADGE_ITEMS,
    INCOME_BANDS,
    INCOME_SOURCES,
    NO,
    NO_ANSWER,
    PREFER_NOT,
    YES,
)

CELLS = (("yes", YES), ("no", NO), ("prefer_not", PREFER_NOT))
CELL_LABELS = {
    "yes": "Sí",
    "no": "No",
    "prefer_not": "Prefiero no contestar",
    "no_answer": "Sin respuesta",
}
NO_ANSWER_LABEL = "Sin respuesta"


def _missing(field):
    return Q(identity_questionnaire__isnull=True) | Q(
        **{f"identity_questionnaire__{field}": NO_ANSWER}
    )


def _option_key(field, index):
    return f"{field}__{index}"


def raw_group_counts(candidacy_queryset, include_blocked=False):
    """Unsuppressed counts over a CandidacyPage queryset, in one aggregate query.

    `include_blocked` is for the snapshot taken while blocking: it records what was consented.
    """
    consenting = Q(consent__statistics=True) if include_blocked else statistical_q(prefix="")
    aggregates = {
        "people": Count("pk"),
        "with_statistics_consent": Count("pk", filter=consenting),
    }
    for item in BADGE_ITEMS:
        for key, value in CELLS:
            aggregates[f"{item.field}__{key}"] = Count(
                "pk", filter=consenting & Q(**{f"identity_questionnaire__{item.field}": value})
            )
        aggregates[f"{item.field}__no_answer"] = Count(
            "pk", filter=consenting & _missing(item.field)
        )
    for field, options in (("income_band", INCOME_BANDS), ("income_source", INCOME_SOURCES)):
        for index, option in enumerate(options):
            aggregates[_option_key(field, index)] = Count(
                "pk", filter=consenting & Q(**{f"identity_questionnaire__{field}": option})
            )
        aggregates[f"{field}__no_answer"] = Count("pk", filter=consenting & _missing(field))
    totals = candidacy_queryset.order_by().aggregate(**aggregates)

    groups = []
    for item in BADGE_ITEMS:
        groups.append(
            {
                "slug": item.badge,
                "label": AffirmativeAction(item.badge).label,
                "question": item.label,
                "counts": {
                    key: totals[f"{item.field}__{key}"]
                    for key in ("yes", "no", "prefer_not", "no_answer")
                },
            }
        )

    def distribution(field, options):
        rows = [
            {"label": option, "count": totals[_option_key(field, index)]}
            for index, option in enumerate(options)
        ]
        rows.append({"label": NO_ANSWER_LABEL, "count": totals[f"{field}__no_answer"]})
        return rows

    return {
        "min_cell": None,
        "people": totals["people"],
        "with_statistics_consent": totals["with_statistics_consent"],
        "groups": groups,
        "income_bands": distribution("income_band", INCOME_BANDS),
        "income_sources": distribution("income_source", INCOME_SOURCES),
    }


def suppress(counts, min_cell):
    """A copy of `raw_group_counts` output with its cells suppressed (see module docstring)."""
    counts = copy.deepcopy(counts)
    counts["min_cell"] = min_cell
    counts["withheld"] = []
    if counts["with_statistics_consent"] < min_cell:
        counts["with_statistics_consent"] = Hidden(min_cell)

    def protect(table, values):
        shown = protect_row(values, min_cell)
        if shown is None:
            if table not in counts["withheld"]:
                counts["withheld"].append(table)
            shown = withheld_row(values, min_cell)
        return shown

    for group in counts["groups"]:
        keys = list(group["counts"])
        values = protect("groups", [group["counts"][key] for key in keys])
        group["counts"] = dict(zip(keys, values, strict=True))
    for name in ("income_bands", "income_sources"):
        values = protect(name, [row["count"] for row in counts[name]])
        for row, value in zip(counts[name], values, strict=True):
            row["count"] = value
    return counts


def group_counts(candidacy_queryset, min_cell):
    """Identity-group and income figures for the people of `candidacy_queryset`, suppressed.

    {"min_cell", "people" (everyone in the queryset), "with_statistics_consent",
     "groups": [{"slug", "label", "question", "counts": {"yes", "no", "prefer_not",
     "no_answer"}}], "income_bands": [{"label", "count"}], "income_sources": [...]}
    Any count is a `Hidden` when suppressed. One SQL query.
    """
    return suppress(raw_group_counts(candidacy_queryset), min_cell)


def take_snapshot(process):
    """Store the process's raw aggregates (overall, by office, by party) before deleting answers."""
    from candidates.models import CandidacyPage

    from .models import IdentityAggregateSnapshot

    candidacies = CandidacyPage.objects.filter(office__process=process)
    data = {
        "overall": raw_group_counts(candidacies, include_blocked=True),
        "by_office": {},
        "by_party": {},
    }
    for office in process.offices.all():
        data["by_office"][office.slug] = raw_group_counts(
            candidacies.filter(office=office), include_blocked=True
        )
    party_ids = candidacies.exclude(party=None).values_list("party_id", "party__acronym").distinct()
    for party_id, acronym in party_ids:
        data["by_party"][acronym] = raw_group_counts(
            candidacies.filter(party_id=party_id), include_blocked=True
        )
    return IdentityAggregateSnapshot.objects.create(process=process, data=data)


def snapshot_counts(process, min_cell=None, office_slug=None, party_acronym=None):
    """Suppressed figures from the latest snapshot of a blocked or cancelled process (or None)."""
    snapshot = process.identity_snapshots.order_by("-created_at").first()
    if snapshot is None:
        return None
    if office_slug:
        raw = snapshot.data["by_office"].get(office_slug)
    elif party_acronym:
        raw = snapshot.data["by_party"].get(party_acronym)
    else:
        raw = snapshot.data["overall"]
    if raw is None:
        return None
    return suppress(raw, min_cell or process.statistics_min_cell)
