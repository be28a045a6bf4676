"""Consent per registered person: three separate consents, the signed form, and their history."""

import uuid

from django.conf import settings
from django.db import models

from ..storage import private_storage

CONSENT_KINDS = ("processing", "publication", "statistics")
CONSENT_LABELS = {
    "processing": "Tratamiento de los datos de identidad",
    "publication": "Publicación de las respuestas de identidad",
    "statistics": "Uso en estadísticas",
}


def consent_form_path(instance, filename):
    """A random name: the file name a capturist uploads may carry the person's name."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"consentimientos/{uuid.uuid4().hex}.{extension}"


def _given_at(label):
    return models.DateTimeField(f"{label}: fecha", null=True, blank=True)


def _notice(label):
    return models.ForeignKey(
        "identity.PrivacyNoticeVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=f"{label}: versión del aviso",
    )


def _recorded_by(label):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=f"{label}: registrado por",
    )


class ConsentRecord(models.Model):
    """The consents in force for one person. Their history is in `ConsentEvent`."""

    candidacy = models.OneToOneField(
        "candidates.CandidacyPage",
        on_delete=models.CASCADE,
        related_name="consent",
        verbose_name="candidatura",
    )
    processing = models.BooleanField("consiente el tratamiento", default=False)
    processing_at = _given_at("tratamiento")
    processing_notice_version = _notice("tratamiento")
    processing_recorded_by = _recorded_by("tratamiento")
    publication = models.BooleanField("consiente la publicación", default=False)
    publication_at = _given_at("publicación")
    publication_notice_version = _notice("publicación")
    publication_recorded_by = _recorded_by("publicación")
    statistics = models.BooleanField("consiente el uso estadístico", default=False)
    statistics_at = _given_at("estadística")
    statistics_notice_version = _notice("estadística")
    statistics_recorded_by = _recorded_by("estadística")
    note = models.CharField("nota", max_length=200, blank=True)

    form_file = models.FileField(
        "formato de consentimiento firmado",
        storage=private_storage,
        upload_to=consent_form_path,
        blank=True,
        max_length=200,
    )
    form_content_type = models.CharField(max_length=40, blank=True)
    form_size = models.PositiveIntegerField(null=True, blank=True)
    form_uploaded_at = models.DateTimeField(null=True, blank=True)
    form_uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "consentimiento"
        verbose_name_plural = "consentimientos"
        indexes = [
            models.Index(fields=["publication"], name="consent_publication"),
            models.Index(fields=["statistics"], name="consent_statistics"),
        ]

    def __str__(self):
        return f"Consentimientos #{self.candidacy_id}"

    def given(self):
        return {kind: getattr(self, kind) for kind in CONSENT_KINDS}


class ConsentEvent(models.Model):
    """Append-only history: each consent given or withdrawn, each form uploaded or removed."""

    class Action(models.TextChoices):
        GIVEN = "otorgado", "Otorgado"
        WITHDRAWN = "revocado", "Revocado"
        FORM_UPLOADED = "formato", "Formato cargado"
        FORM_REMOVED = "formato_eliminado", "Formato eliminado"
        NOTICE_ACCEPTED = "aviso", "Aviso de privacidad aceptado"

    candidacy = models.ForeignKey(
        "candidates.CandidacyPage",
        on_delete=models.CASCADE,
        related_name="consent_events",
    )
    kind = models.CharField(max_length=20, blank=True)  # one of CONSENT_KINDS, or ""
    action = models.CharField(max_length=20, choices=Action.choices)
    notice_version = models.ForeignKey(
        "identity.PrivacyNoticeVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "evento de consentimiento"
        verbose_name_plural = "eventos de consentimiento"
        ordering = ["-recorded_at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} {self.kind} #{self.candidacy_id}"


class NoticeAcceptance(models.Model):
    """The privacy notice version accepted for a person, which opens the questionnaires."""

    candidacy = models.ForeignKey(
        "candidates.CandidacyPage",
        on_delete=models.CASCADE,
        related_name="notice_acceptances",
    )
    notice_version = models.ForeignKey(
        "identity.PrivacyNoticeVersion",
        on_delete=models.PROTECT,
        related_name="acceptances",
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accepted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "aceptación del aviso de privacidad"
        verbose_name_plural = "aceptaciones del aviso de privacidad"
        constraints = [
            models.UniqueConstraint(
                fields=["candidacy", "notice_version"], name="one_acceptance_per_version"
            )
        ]

    def __str__(self):
        return f"{self.notice_version} #{self.candidacy_id}"
