"""Off-request jobs of the publishing pipeline, run by the task worker (`manage.py db_worker`).

The open-data rebuild is coalesced: `request_open_data_rebuild()` counts the request in the
`CoalescedJob` row and queues a task only if none is waiting, so a burst of publications costs
one rebuild, and a publication arriving during a rebuild causes exactly one more. A failed
rebuild is retried with a growing delay, up to MAX_ATTEMPTS; the last failure stays visible in
the admin report (publishing/views.py) and in the task's own result.
"""

import datetime as dt
import logging

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from django_tasks import task

from .models import CoalescedJob

logger = logging.getLogger(__name__)

OPEN_DATA = "datos-abiertos"
MAX_ATTEMPTS = 4
RETRY_DELAYS = (30, 120, 600)  # seconds before the 2nd, 3rd and 4th attempt
# A claim older than this whose task never ran (the process died between claim and enqueue, or
# the queue was emptied by hand) no longer blocks a new task; a duplicate only finds no work.
STALE_CLAIM = dt.timedelta(minutes=30)
# A task running for longer than this lost its worker: a worker killed mid-task leaves the row
# RUNNING for ever (the longest job, an open-data rebuild at 20,000 candidacies, takes minutes).
# /salud/ and the admin report count them; `manage.py fail_stuck_tasks` marks them failed.
TASK_STUCK_AFTER = dt.timedelta(hours=1)


class WorkerLost(Exception):
    """What a stuck task is marked failed with (its worker died while running it)."""


def request_open_data_rebuild():
    """Ask for a rebuild reflecting everything committed so far; queue a task if none waits."""
    CoalescedJob.objects.get_or_create(name=OPEN_DATA)
    CoalescedJob.objects.filter(name=OPEN_DATA).update(requested=F("requested") + 1)
    if _claim(OPEN_DATA):
        rebuild_open_data.enqueue()


def _claim(name):
    now = timezone.now()
    free = Q(queued=False) | Q(queued_at__lt=now - STALE_CLAIM)
    return CoalescedJob.objects.filter(free, name=name).update(queued=True, queued_at=now) == 1


@task(queue_name=settings.SLOW_TASK_QUEUE)
def rebuild_open_data(attempt=1):
    """Rebuild the open-data files if anything was requested since the last successful build."""
    from opendata.publication import publish_open_data

    from . import purge

    CoalescedJob.objects.filter(name=OPEN_DATA).update(queued=False, queued_at=None)
    job, _ = CoalescedJob.objects.get_or_create(name=OPEN_DATA)
    target = job.requested
    if job.built >= target:
        return "sin cambios"
    try:
        manifest = publish_open_data()
    except Exception as error:
        logger.exception("No se pudieron regenerar los datos abiertos (intento %d)", attempt)
        CoalescedJob.objects.filter(name=OPEN_DATA).update(
            last_failure_at=timezone.now(),
            last_error=f"{type(error).__name__}: {error}"[:2000],
            failures=F("failures") + 1,
        )
        if attempt < MAX_ATTEMPTS and _claim(OPEN_DATA):
            _enqueue_retry(rebuild_open_data, attempt)
        raise
    CoalescedJob.objects.filter(name=OPEN_DATA, built__lt=target).update(built=target)
    CoalescedJob.objects.filter(name=OPEN_DATA).update(
        last_success_at=timezone.now(), failures=0, last_error=""
    )
    if purge.frontend_cache_configured():
        purge.send(purge.open_data_batch(), "datos abiertos")
    return manifest["generated_at"]


def _enqueue_retry(job_task, attempt):
    """Later if the backend can defer (the database queue), at once otherwise (tests)."""
    if job_task.get_backend().supports_defer:
        delay = RETRY_DELAYS[min(attempt, len(RETRY_DELAYS)) - 1]
        job_task = job_task.using(run_after=timezone.now() + dt.timedelta(seconds=delay))
    job_task.enqueue(attempt=attempt + 1)
