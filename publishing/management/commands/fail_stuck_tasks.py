"""Mark failed the tasks a killed worker left RUNNING, so that the queue's figures are true again.

django-tasks-db keeps no heartbeat: a worker killed mid-task (SIGKILL, a machine lost) leaves
its row RUNNING for ever, and /salud/ and the admin report count it. Run this once the worker
is back (or from cron). A coalesced job whose task was lost (the open-data rebuild) is queued
again by the next publication after its claim goes stale (publishing.tasks.STALE_CLAIM).
"""

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from publishing.tasks import TASK_STUCK_AFTER, WorkerLost


class Command(BaseCommand):
    help = "Marca como fallidas las tareas que siguen «en curso» desde hace demasiado tiempo."

    def add_arguments(self, parser):
        parser.add_argument(
            "--minutos",
            type=int,
            default=int(TASK_STUCK_AFTER.total_seconds() // 60),
            help="antigüedad mínima de la tarea en curso (predeterminado: %(default)s)",
        )

    def handle(self, *args, minutos, **options):
        if minutos < 1:
            self.stderr.write("--minutos debe ser al menos 1.")
            return
        now = timezone.now()
        stuck = DBTaskResult.objects.running().filter(
            started_at__lt=now - dt.timedelta(minutes=minutos)
        )
        count = stuck.update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
            traceback=f"En curso desde hace más de {minutos} min: el worker se perdió.",
        )
        self.stdout.write(f"Tareas atascadas marcadas como fallidas: {count}")
