"""«Tareas en segundo plano»: what the task worker owes, what failed, and when each job last
worked, so an administrator notices a stopped worker or a failing rebuild before citizens do."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q
from django.shortcuts import render
from django.utils import timezone

from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import CoalescedJob
from .tasks import TASK_STUCK_AFTER

TASK_LABELS = {
    "publishing.tasks.rebuild_open_data": "Regenerar los datos abiertos",
    "moderation.tasks.notify_party": "Avisar por correo al partido",
    "wagtail.contrib.frontend_cache.tasks.purge_urls_from_cache_task": "Purgar la caché pública",
    "modelsearch.tasks.insert_or_update_object_task": "Actualizar el índice de búsqueda",
    "wagtail.tasks.update_reference_index_task": "Actualizar el índice de referencias",
    "wagtail.tasks.delete_file_from_storage_task": "Borrar un archivo reemplazado",
    "wagtail.images.tasks.set_image_focal_point_task": "Calcular el punto focal de una imagen",
}
JOB_LABELS = {"datos-abiertos": "Datos abiertos"}
RECENT_FAILURES = 20
PENDING = (TaskResultStatus.READY, TaskResultStatus.RUNNING)


def can_view(user):
    """The queue report shows error tracebacks: administrators only."""
    return user.is_active and user.is_superuser


def task_label(path):
    return TASK_LABELS.get(path, path)


def queue_report(request):
    if not can_view(request.user):
        raise PermissionDenied
    results = DBTaskResult.objects.order_by()
    tasks = [
        {**row, "label": task_label(row["task_path"])}
        for row in results.values("task_path")
        .annotate(
            pending=Count("id", filter=Q(status__in=PENDING)),
            failed=Count("id", filter=Q(status=TaskResultStatus.FAILED)),
            last_success=Max("finished_at", filter=Q(status=TaskResultStatus.SUCCESSFUL)),
            last_failure=Max("finished_at", filter=Q(status=TaskResultStatus.FAILED)),
        )
        .order_by("task_path")
    ]
    oldest_pending = (
        results.filter(status=TaskResultStatus.READY, run_after__lte=timezone.now())
        .order_by("enqueued_at")
        .values_list("enqueued_at", flat=True)
        .first()
    )
    failures = [
        {
            "label": task_label(result.task_path),
            "finished_at": result.finished_at,
            "error": result.exception_class_path.rpartition(".")[2],
            "traceback": result.traceback,
        }
        for result in results.filter(status=TaskResultStatus.FAILED).order_by("-finished_at")[
            :RECENT_FAILURES
        ]
    ]
    jobs = [
        {"job": job, "label": JOB_LABELS.get(job.name, job.name)}
        for job in CoalescedJob.objects.order_by("name")
    ]
    return render(
        request,
        "publishing/queue_report.html",
        {
            "tasks": tasks,
            "pending_total": sum(row["pending"] for row in tasks),
            "stuck_total": results.filter(
                status=TaskResultStatus.RUNNING, started_at__lt=timezone.now() - TASK_STUCK_AFTER
            ).count(),
            "oldest_pending": oldest_pending,
            "failures": failures,
            "jobs": jobs,
        },
    )
