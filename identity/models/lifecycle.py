"""Blocking and cancellation state per process, staff access log and aggregate snapshots."""

from django.conf import settings
from django.db import models


class ProcessPrivacyState(models.Model):
    """When `close_process` blocked or cancelled a process's identity data."""

    process = models.OneToOneField(
        "elections.ElectoralProcess",
        on_delete=models.CASCADE,
        related_name="privacy_state",
    )
    blocked_at = models.DateTimeField("bloqueado", null=True, blank=True)
    cancelled_at = models.DateTimeField("cancelado", null=True, blank=True)

    class Meta:
        verbose_name = "estado de los datos personales del proceso"
        verbose_name_plural = "estados de los datos personales de los procesos"

    def __str__(self):
        return f"Datos personales de {self.process}"


class PrivacyLifecycleLog(models.Model):
    """What was blocked, cancelled or removed, by whom; counts only, never personal data."""

    class Action(models.TextChoices):
        BLOCK = "bloqueo", "Bloqueo"
        CANCEL = "cancelacion", "Cancelación"
        ARCO = "arco", "Supresión por solicitud ARCO"
        WITHDRAW = "revocacion", "Revocación del consentimiento de tratamiento"

    process = models.ForeignKey(
        "elections.ElectoralProcess",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    performed_by = models.CharField("realizado por", max_length=150, blank=True)
    performed_at = models.DateTimeField(auto_now_add=True)
    reference = models.CharField("referencia", max_length=200, blank=True)
    counts = models.JSONField(default=dict)

    class Meta:
        verbose_name = "registro del ciclo de vida de los datos personales"
        verbose_name_plural = "registros del ciclo de vida de los datos personales"
        ordering = ["-performed_at"]

    def __str__(self):
        return f"{self.get_action_display()} {self.performed_at:%Y-%m-%d}"


class IdentityAccessLog(models.Model):
    """Every time a member of staff reads (or changes, or downloads) a person's identity data."""

    class Action(models.TextChoices):
        READ = "lectura", "Lectura"
        CHANGE = "modificacion", "Modificación"
        DOWNLOAD = "descarga", "Descarga del formato"

    candidacy = models.ForeignKey(
        "candidates.CandidacyPage",
        on_delete=models.CASCADE,
        related_name="identity_access_log",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(max_length=150)
    action = models.CharField(max_length=20, choices=Action.choices, default=Action.READ)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "acceso a datos de identidad"
        verbose_name_plural = "accesos a datos de identidad"
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.username} {self.get_action_display()} #{self.candidacy_id}"


class IdentityAggregateSnapshot(models.Model):
    """Raw aggregate counts (see identity.statistics) kept after the answers are cancelled."""

    process = models.ForeignKey(
        "elections.ElectoralProcess",
        on_delete=models.CASCADE,
        related_name="identity_snapshots",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    data = models.JSONField()

    class Meta:
        verbose_name = "estadística agregada conservada"
        verbose_name_plural = "estadísticas agregadas conservadas"
        ordering = ["-created_at"]

    def __str__(self):
        return f"Estadística agregada de {self.process} ({self.created_at:%Y-%m-%d})"
