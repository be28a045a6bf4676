"""«Importaciones»: upload a registration list or INE's file, see what it would change, confirm.

Administrators only (docs/permissions.md): an import creates or changes candidacies of every
party at once, and INE's file publishes them. Moderators review one candidacy at a time; parties
never import.
"""

import os
import tempfile
from functools import wraps

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from moderation.roles import ADMINISTRATORS

from ..reading.problems import write_problems
from .forms import UploadForm
from .models import AdminImport, ImportStatus
from .running import read_progress
from .tasks import preview_admin_import, run_admin_import

REFRESH_SECONDS = 3
RECENT = 20
REPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def can_import(user):
    return user.is_active and (
        user.is_superuser or user.groups.filter(name=ADMINISTRATORS).exists()
    )


def administrators_only(view):
    """A plain 403, not Wagtail's redirect to the dashboard: a forged request must fail loudly."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_import(request.user):
            return TemplateResponse(
                request,
                "opendata/admin_imports/forbidden.html",
                {"message": "Solo la administración del Instituto importa archivos."},
                status=403,
            )
        return view(request, *args, **kwargs)

    return wrapper


@administrators_only
def import_start(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        job = AdminImport(
            kind=data["kind"],
            process=data["process"],
            atomic=data["atomic"],
            filename=os.path.basename(upload.name)[:255],
            content=upload.read(),
            size=upload.size,
            created_by=request.user,
            status=ImportStatus.ANALYZING,
        )
        with transaction.atomic():
            job.save()
            transaction.on_commit(lambda: preview_admin_import.enqueue(job.pk))
        return redirect("opendata_imports:detail", pk=job.pk)
    jobs = AdminImport.objects.defer("content", "problems").select_related("process", "created_by")[
        :RECENT
    ]
    return TemplateResponse(
        request, "opendata/admin_imports/start.html", {"form": form, "jobs": jobs}
    )


@administrators_only
def import_detail(request, pk):
    job = get_object_or_404(
        AdminImport.objects.defer("content").select_related("process", "created_by"), pk=pk
    )
    summary = job.preview if job.status == ImportStatus.PREVIEW else job.result
    progress = read_progress(job.pk) if job.status == ImportStatus.RUNNING else None
    return TemplateResponse(
        request,
        "opendata/admin_imports/detail.html",
        {
            "job": job,
            "summary": summary,
            "progress": progress,
            "percent": int(100 * progress[0] / max(progress[1], 1)) if progress else None,
            "refresh": REFRESH_SECONDS if job.in_progress else None,
            "statuses": ImportStatus,
        },
    )


@require_POST
@administrators_only
def import_confirm(request, pk):
    with transaction.atomic():
        queued = AdminImport.objects.filter(pk=pk, status=ImportStatus.PREVIEW).update(
            status=ImportStatus.QUEUED, confirmed_at=timezone.now()
        )
        if not queued:
            job = get_object_or_404(AdminImport.objects.only("pk", "status"), pk=pk)
            if job.status == ImportStatus.ANALYZING:
                messages.error(request, "El archivo aún se está revisando: espere la vista previa.")
            else:
                messages.error(request, "Esta importación ya se confirmó antes.")
        else:
            transaction.on_commit(lambda: run_admin_import.enqueue(pk))
            messages.success(request, "Importación en cola: esta página se actualiza sola.")
    return redirect("opendata_imports:detail", pk=pk)


@administrators_only
def import_report(request, pk, extension):
    if extension not in REPORT_TYPES:
        raise Http404
    job = get_object_or_404(AdminImport.objects.only("pk", "problems"), pk=pk)
    handle, path = tempfile.mkstemp(suffix=f".{extension}")
    os.close(handle)
    try:
        write_problems(path, job.problems)
        with open(path, "rb") as report:
            data = report.read()
    finally:
        os.unlink(path)
    response = HttpResponse(data, content_type=REPORT_TYPES[extension])
    response["Content-Disposition"] = (
        f'attachment; filename="problemas-importacion-{job.pk}.{extension}"'
    )
    return response
