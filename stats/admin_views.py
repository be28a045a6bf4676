"""The monitoring report in the Wagtail admin: IEC administrators and moderators only."""

import csv
import io

from django.http import Http404, HttpResponse, HttpResponseForbidden
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


def _process(request):
    """The process the report is about: `?proceso=<slug>` (any process, archived ones too), else
    the public site's current process. The report never adds up several processes: their
    parties, offices and districts are different rows, and a total across them means nothing.
    An unknown slug is a 404 rather than another process's figures."""
    from candidates.filters import PROCESS_PARAMETER, current_process

    slug = (request.GET.get(PROCESS_PARAMETER) or "").strip()[:50]
    if not slug:
        return current_process() or ElectoralProcess.objects.order_by("-election_day").first()
    process = ElectoralProcess.objects.filter(slug=slug).first()
    if process is None:
        raise Http404("No existe ese proceso electoral.")
    return process


def _filters(request, process):
    return {
        "process": process.pk if process else None,
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
    process = _process(request)
    filters = _filters(request, process)
    (start, end), period_error = monitoring.parse_period(request.GET, timezone.localdate())
    rows = monitoring.progress_rows(filters)
    activity = monitoring.activity_rows(filters, start, end)
    export = request.GET.get("formato")
    if export in ("csv", "xlsx"):
        return _export(export, rows, activity, start, end, process)
    in_process = {"process": process}
    return render(
        request,
        "stats/monitoring.html",
        {
            "process": process,
            "process_is_archive": process is not None and process.is_archive(),
            "rows": rows,
            "totals": monitoring.totals(rows),
            "columns": monitoring.COLUMNS,
            "activity": activity,
            "activity_columns": monitoring.ACTIVITY,
            "start": start,
            "end": end,
            "period_error": period_error,
            "filters": filters,
            "processes": ElectoralProcess.objects.order_by("-election_day", "-pk"),
            # Only the chosen process's actors and offices: a party of another process (its own
            # PAN row) would filter the report down to nothing.
            "parties": Party.objects.filter(**in_process).order_by("sort_order", "acronym"),
            "independents": IndependentCandidacy.objects.filter(**in_process).order_by("name"),
            "offices": Office.objects.filter(**in_process).order_by("sort_order", "name"),
            "districts": District.objects.filter(**in_process).order_by("number"),
            "query": _export_query(request, process),
        },
    )


def _export_query(request, process):
    """The page's query string with the process always named, so that an export downloaded
    later is of the process on screen even if the current process has changed meanwhile."""
    from candidates.filters import PROCESS_PARAMETER

    params = request.GET.copy()
    params.pop("formato", None)
    if process is not None:
        params[PROCESS_PARAMETER] = process.slug
    return params.urlencode()


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


def _export(kind, rows, activity, start, end, process):
    sheets = _sheets(rows, activity)
    scope = f"{process.slug}-" if process else ""
    name = f"informe-de-avance-{scope}{start.isoformat()}-{end.isoformat()}"
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
