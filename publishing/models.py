"""The state of each coalesced job, kept in the database so every process and the worker agree."""

from django.db import models


class CoalescedJob(models.Model):
    """One row per job that many events request but one run satisfies (the open-data rebuild).

    `requested` grows with each request and `built` records the request a successful run
    covered: a run that finds `built >= requested` has nothing to do, so a duplicate or late
    task is harmless. `queued` says a task is already waiting; requests made meanwhile ride
    along with it instead of queueing their own.
    """

    name = models.CharField("tarea", max_length=60, primary_key=True)
    requested = models.PositiveBigIntegerField("solicitudes", default=0)
    built = models.PositiveBigIntegerField("solicitud atendida", default=0)
    queued = models.BooleanField("en cola", default=False)
    queued_at = models.DateTimeField("encolada el", null=True, blank=True)
    last_success_at = models.DateTimeField("último éxito", null=True, blank=True)
    last_failure_at = models.DateTimeField("último fallo", null=True, blank=True)
    last_error = models.TextField("último error", blank=True)
    failures = models.PositiveIntegerField("fallos seguidos", default=0)

    class Meta:
        verbose_name = "tarea agrupada"
        verbose_name_plural = "tareas agrupadas"

    def __str__(self):
        return self.name

    @property
    def pending(self):
        return self.built < self.requested
