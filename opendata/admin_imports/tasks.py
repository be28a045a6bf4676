"""The confirmed import runs in the task worker: a file of thousands of rows takes longer than a
request may, and the administrator can leave the status page and come back."""

import logging

from django.conf import settings
from django.utils import timezone

from django_tasks import task

from .models import AdminImport, ImportStatus
from .running import FILE_ERRORS, preview, run

logger = logging.getLogger(__name__)


@task(queue_name=settings.SLOW_TASK_QUEUE)
def preview_admin_import(job_id):
    """The dry run: what the import would change, and every row's problems."""
    job = AdminImport.objects.filter(pk=job_id, status=ImportStatus.ANALYZING).first()
    if job is None:
        return "no estaba por revisar"
    try:
        summary, problems = preview(job)
    except FILE_ERRORS as error:
        _finish(job, ImportStatus.FAILED, error=str(error))
        return "archivo inutilizable"
    except Exception as error:
        logger.exception("La vista previa de la importación %s falló", job_id)
        _finish(
            job,
            ImportStatus.FAILED,
            error=(
                f"Error inesperado al revisar el archivo ({type(error).__name__}). El detalle "
                "quedó en el registro del servidor."
            ),
        )
        raise
    job.preview, job.problems, job.status = summary, problems, ImportStatus.PREVIEW
    job.save(update_fields=["preview", "problems", "status"])
    return "vista previa lista"


@task(queue_name=settings.SLOW_TASK_QUEUE)
def run_admin_import(job_id):
    claimed = AdminImport.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING
    )
    if not claimed:
        return "no estaba en cola"
    job = AdminImport.objects.get(pk=job_id)
    try:
        summary, problems = run(job)
    except FILE_ERRORS as error:
        _finish(job, ImportStatus.FAILED, error=str(error))
        return "fallida"
    except Exception as error:
        logger.exception("La importación %s falló", job_id)
        _finish(
            job,
            ImportStatus.FAILED,
            error=(
                f"Error inesperado durante la importación ({type(error).__name__}); no se "
                "guardó nada. El detalle quedó en el registro del servidor."
            ),
        )
        raise
    status = ImportStatus.ROLLED_BACK if summary.get("rolled_back") else ImportStatus.DONE
    _finish(job, status, result=summary, problems=problems)
    return status


def _finish(job, status, result=None, problems=None, error=""):
    """The file is no longer needed once imported: personal data is not kept twice."""
    job.status = status
    job.finished_at = timezone.now()
    job.error = error
    job.content = b""
    fields = ["status", "finished_at", "error", "content"]
    if result is not None:
        job.result, job.problems = result, problems
        fields += ["result", "problems"]
    job.save(update_fields=fields)
