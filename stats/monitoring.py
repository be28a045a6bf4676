"""The institute's monitoring report (*informe de avance*): capture progress per actor, office and
district, and a dated activity summary, each computed in one grouped query.

Moderation states come from Wagtail's own workflow tables (WorkflowState per page) and its page
log (PageLogEntry), so the report agrees with what moderators see in the admin.
"""

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Exists, OuterRef, Q
from django.db.models.functions import Cast, TruncDate

from wagtail.models import Page, PageLogEntry, WorkflowState

from candidates.models import CandidacyPage

COLUMNS = [
    ("registered", "Personas registradas"),
    ("curricular", "Cuestionario curricular completo"),
    ("identity", "Cuestionario de identidad respondido"),
    ("consents", "Consentimientos registrados"),
    ("submitted", "Enviadas a revisión"),
    ("observations", "Con observaciones"),
    ("approved", "Aprobadas"),
    ("published", "Publicadas"),
]
ACTIVITY = [
    ("submissions", "Envíos a revisión", ("wagtail.workflow.start", "wagtail.workflow.resume")),
    ("approvals", "Aprobaciones", ("wagtail.workflow.approve",)),
    ("rejections", "Observaciones (rechazos)", ("wagtail.workflow.reject",)),
    ("publications", "Publicaciones", ("wagtail.publish",)),
]


def _workflow_state(*statuses):
    page_type = ContentType.objects.get_for_model(Page)
    return Exists(
        WorkflowState.objects.filter(
            base_content_type=page_type,
            object_id=Cast(OuterRef("pk"), output_field=CharField()),
            status__in=statuses,
        )
    )


def candidacies(filters):
    queryset = CandidacyPage.objects.all()
    if filters.get("process"):
        queryset = queryset.filter(office__process_id=filters["process"])
    if filters.get("party"):
        queryset = queryset.filter(party_id=filters["party"])
    if filters.get("independent"):
        queryset = queryset.filter(independent_id=filters["independent"])
    if filters.get("office"):
        queryset = queryset.filter(office_id=filters["office"])
    if filters.get("district"):
        queryset = queryset.filter(district_id=filters["district"])
    return queryset


def progress_rows(filters):
    """One row per (actor, office, district) with every count, in one query."""
    submitted = _workflow_state(
        WorkflowState.STATUS_IN_PROGRESS,
        WorkflowState.STATUS_NEEDS_CHANGES,
        WorkflowState.STATUS_APPROVED,
    )
    consents = (
        Q(consent__processing=True) | Q(consent__publication=True) | Q(consent__statistics=True)
    )
    rows = (
        candidacies(filters)
        .order_by()
        .values(
            "party__acronym",
            "independent__name",
            "office__name",
            "office__sort_order",
            "district__number",
            "district__head_town",
        )
        .annotate(
            registered=Count("pk", distinct=True),
            curricular=Count("pk", filter=Q(curricular_complete=True), distinct=True),
            identity=Count("pk", filter=Q(identity_questionnaire__isnull=False), distinct=True),
            consents=Count("pk", filter=consents, distinct=True),
            submitted=Count("pk", filter=submitted, distinct=True),
            observations=Count(
                "pk", filter=_workflow_state(WorkflowState.STATUS_NEEDS_CHANGES), distinct=True
            ),
            approved=Count(
                "pk", filter=_workflow_state(WorkflowState.STATUS_APPROVED), distinct=True
            ),
            published=Count("pk", filter=Q(live=True), distinct=True),
        )
        .order_by("party__acronym", "independent__name", "office__sort_order", "district__number")
    )
    result = []
    for row in rows:
        district = (
            f"{row['district__number']} {row['district__head_town']}"
            if row["district__number"]
            else "—"
        )
        result.append(
            {
                "actor": row["party__acronym"] or row["independent__name"] or "—",
                "office": row["office__name"],
                "district": district,
                **{key: row[key] for key, _label in COLUMNS},
                "completeness": round(100 * row["curricular"] / row["registered"], 1)
                if row["registered"]
                else 0.0,
            }
        )
    return result


def totals(rows):
    total = {key: sum(r[key] for r in rows) for key, _label in COLUMNS}
    total["completeness"] = (
        round(100 * total["curricular"] / total["registered"], 1) if total["registered"] else 0.0
    )
    return total


def activity_rows(filters, start, end):
    """Submissions, approvals, rejections and publications per day in [start, end]."""
    actions = {action: key for key, _label, names in ACTIVITY for action in names}
    pages = candidacies(filters).values("pk")
    entries = (
        PageLogEntry.objects.filter(
            action__in=list(actions),
            page_id__in=pages,
            timestamp__date__gte=start,
            timestamp__date__lte=end,
        )
        .annotate(day=TruncDate("timestamp"))
        .values("day", "action")
        .annotate(n=Count("pk"))
        .order_by("day")
    )
    days = {}
    for entry in entries:
        day = days.setdefault(entry["day"], {key: 0 for key, _l, _a in ACTIVITY})
        day[actions[entry["action"]]] += entry["n"]
    return [{"day": day, **counts} for day, counts in sorted(days.items())]


def default_period(today):
    return today.replace(day=1), today


def parse_period(params, today):
    start, end = default_period(today)
    try:
        if params.get("desde"):
            start = dt.date.fromisoformat(params["desde"])
        if params.get("hasta"):
            end = dt.date.fromisoformat(params["hasta"])
    except ValueError:
        return default_period(today), "Fecha inválida: usa el formato AAAA-MM-DD."
    if start > end:
        return default_period(today), "La fecha inicial es posterior a la final."
    return (start, end), None
