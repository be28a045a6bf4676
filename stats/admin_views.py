"""The monitoring report in the Wagtail admin: IEC administrators and moderators only."""

import csv
import io

from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from elections.models import District, ElectoralProcess, IndependentCandidacy, Office, Party

from . import monitoring

PERMISSION = "moderation.view_monitoring_report"


def can_view(user):
    return user.is_authenticated and user.has_perm(PERMISSION)


def _int(value):
    return int(value) if value and str(value).isdigit() else None


def _filters(request):
    return {
        "process": _int(request.GET.get("proceso")),
        "party": _int(request.GET.get("partido")),
        "independent": _int(request.GET.get("independiente")),
        "office": _int(request.GET.get("cargo")),
        "district": _int(request.GET.get("distrito")),
    }


@never_cache
def monitoring_report(request):
    if not can_view(request.user):
        # A plain 403 (Wagtail would turn PermissionDenied into a redirect to the dashboard).
        return HttpResponseForbidden("No tienes permiso para ver el informe de avance.")
    filters = _filters(request)
    (start, end), period_error = monitoring.parse_period(request.GET, timezone.localdate())
    rows = monitoring.progress_rows(filters)
    activity = monitoring.activity_rows(filters, start, end)
    export = request.GET.get("formato")
    if export in ("csv", "xlsx"):
        return _export(export, rows, activity, start, end)
    process_id = filters["process"]
    return render(
        request,
        "stats/monitoring.html",
        {
            "rows": rows,
            "totals": monitoring.totals(rows),
            "columns": monitoring.COLUMNS,
            "activity": activity,
            "activity_columns": monitoring.ACTIVITY,
            "start": start,
            "end": end,
            "period_error": period_error,
            "filters": filters,
            "processes": ElectoralProcess.objects.order_by("-election_day"),
            "parties": Party.objects.order_by("acronym"),
            "independents": IndependentCandidacy.objects.filter(
                **({"process_id": process_id} if process_id else {})
            ).order_by("name"),
            "offices": Office.objects.filter(
                **({"process_id": process_id} if process_id else {})
            ).select_related("process"),
            "districts": District.objects.filter(
                **({"process_id": process_id} if process_id else {})
            ).select_related("process"),
            "query": request.GET.urlencode(),
        },
    )


def _sheets(rows, activity):
    progress = [["Partido o independiente", "Cargo", "Distrito"]]
    progress[0] += [label for _key, label in monitoring.COLUMNS] + ["% de completitud"]
    for row in rows:
        progress.append(
            [row["actor"], row["office"], row["district"]]
            + [row[key] for key, _label in monitoring.COLUMNS]
            + [row["completeness"]]
        )
    daily = [["Fecha"] + [label for _k, label, _a in monitoring.ACTIVITY]]
    for row in activity:
        daily.append([row["day"].isoformat()] + [row[k] for k, _l, _a in monitoring.ACTIVITY])
    return {"avance": progress, "actividad": daily}


def _export(kind, rows, activity, start, end):
    sheets = _sheets(rows, activity)
    name = f"informe-de-avance-{start.isoformat()}-{end.isoformat()}"
    if kind == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for title, table in sheets.items():
            writer.writerow([title.upper()])
            writer.writerows(table)
            writer.writerow([])
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for title, table in sheets.items():
        sheet = book.create_sheet(title)
        for line in table:
            sheet.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
