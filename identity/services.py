"""The only code that writes identity data: notice acceptance, consents, the signed form,
the questionnaire, and the staff access log. Views and commands call these."""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .events import announce_visibility_change
from .models import (
    ConsentEvent,
    ConsentRecord,
    IdentityAccessLog,
    IdentityQuestionnaire,
    NoticeAcceptance,
    PrivacyLifecycleLog,
    PrivacyNoticeVersion,
)
from .models.consent import CONSENT_KINDS

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png"}
DEFAULT_MAX_FORM_BYTES = 5 * 1024 * 1024


class NoticeNotAccepted(Exception):
    """The current privacy notice was not accepted for this person."""


def max_form_bytes():
    return getattr(settings, "IDENTITY_CONSENT_FORM_MAX_BYTES", DEFAULT_MAX_FORM_BYTES)


def log_access(candidacy, user, action=IdentityAccessLog.Action.READ):
    IdentityAccessLog.objects.create(
        candidacy=candidacy, user=user, username=user.get_username(), action=action
    )


def current_acceptance(candidacy):
    """The acceptance of the notice version in force, or None (also None if none is published)."""
    current = PrivacyNoticeVersion.current()
    if current is None:
        return None
    return (
        NoticeAcceptance.objects.filter(candidacy=candidacy, notice_version=current)
        .select_related("notice_version", "accepted_by")
        .first()
    )


def accept_notice(candidacy, user):
    current = PrivacyNoticeVersion.current()
    if current is None:
        raise NoticeNotAccepted("El IEC aún no publica el aviso de privacidad.")
    acceptance, created = NoticeAcceptance.objects.get_or_create(
        candidacy=candidacy, notice_version=current, defaults={"accepted_by": user}
    )
    if created:
        ConsentEvent.objects.create(
            candidacy=candidacy,
            action=ConsentEvent.Action.NOTICE_ACCEPTED,
            notice_version=current,
            recorded_by=user,
        )
    return acceptance


@transaction.atomic
def record_consents(candidacy, user, processing, publication, statistics, note=""):
    """Apply the three consents as given now; publication and statistics require processing.

    Withdrawing processing deletes the answers at once (the person's data may no longer be
    processed); the signed form stays as evidence of the decision.
    """
    acceptance = current_acceptance(candidacy)
    if acceptance is None:
        raise NoticeNotAccepted("Registra primero la aceptación del aviso de privacidad vigente.")
    wanted = {
        "processing": bool(processing),
        "publication": bool(processing and publication),
        "statistics": bool(processing and statistics),
    }
    record, _ = ConsentRecord.objects.select_for_update().get_or_create(candidacy=candidacy)
    now = timezone.now()
    changed = []
    for kind in CONSENT_KINDS:
        if getattr(record, kind) == wanted[kind]:
            continue
        changed.append(kind)
        setattr(record, kind, wanted[kind])
        setattr(record, f"{kind}_at", now)
        setattr(record, f"{kind}_notice_version", acceptance.notice_version)
        setattr(record, f"{kind}_recorded_by", user)
        ConsentEvent.objects.create(
            candidacy=candidacy,
            kind=kind,
            action=ConsentEvent.Action.GIVEN if wanted[kind] else ConsentEvent.Action.WITHDRAWN,
            notice_version=acceptance.notice_version,
            recorded_by=user,
            note=note[:200],
        )
    if changed:
        record.note = note[:200] if note else record.note
        record.save()
        if "processing" in changed and not wanted["processing"]:
            deleted, _ = IdentityQuestionnaire.objects.filter(candidacy=candidacy).delete()
            PrivacyLifecycleLog.objects.create(
                process=candidacy.office.process,
                action=PrivacyLifecycleLog.Action.WITHDRAW,
                performed_by=user.get_username() if user else "",
                reference=f"candidatura {candidacy.pk}",
                counts={"questionnaires": deleted},
            )
        announce_visibility_change([candidacy.pk])
    return record, changed


def sniff_consent_form(uploaded):
    """Content type of an uploaded signed form, by its bytes; ValidationError if unacceptable."""
    limit = max_form_bytes()
    if uploaded.size == 0:
        raise ValidationError("El archivo está vacío.")
    if uploaded.size > limit:
        raise ValidationError(
            f"El archivo pesa {uploaded.size / 1_048_576:.1f} MB; "
            f"el máximo es {limit / 1_048_576:.1f} MB."
        )
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    if head.startswith(b"%PDF-"):
        uploaded.seek(max(0, uploaded.size - 1024))
        tail = uploaded.read()
        uploaded.seek(0)
        if b"%%EOF" not in tail:
            raise ValidationError("El PDF está incompleto o dañado.")
        return PDF
    if head.startswith(b"\xff\xd8\xff") or head == b"\x89PNG\r\n\x1a\n":
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(io.BytesIO(uploaded.read())) as image:
                image.verify()
                kind = image.format
        except (UnidentifiedImageError, OSError, SyntaxError) as error:
            raise ValidationError("La imagen está dañada o no es una imagen válida.") from error
        finally:
            uploaded.seek(0)
        if kind == "JPEG":
            return JPEG
        if kind == "PNG":
            return PNG
    raise ValidationError("Sube el formato firmado en PDF, JPEG o PNG.")


@transaction.atomic
def store_consent_form(candidacy, user, uploaded):
    if current_acceptance(candidacy) is None:
        raise NoticeNotAccepted("Registra primero la aceptación del aviso de privacidad vigente.")
    content_type = sniff_consent_form(uploaded)
    record, _ = ConsentRecord.objects.select_for_update().get_or_create(candidacy=candidacy)
    previous = record.form_file.name if record.form_file else ""
    record.form_file.save(f"formato.{EXTENSIONS[content_type]}", uploaded, save=False)
    record.form_content_type = content_type
    record.form_size = uploaded.size
    record.form_uploaded_at = timezone.now()
    record.form_uploaded_by = user
    record.save()
    if previous:
        storage = record.form_file.storage
        transaction.on_commit(lambda: storage.delete(previous))
    ConsentEvent.objects.create(
        candidacy=candidacy, action=ConsentEvent.Action.FORM_UPLOADED, recorded_by=user
    )
    return record


@transaction.atomic
def save_questionnaire(candidacy, user, answers):
    """Store answers (a mapping field → INE string); inapplicable conditional items are blanked."""
    record = ConsentRecord.objects.filter(candidacy=candidacy).first()
    if current_acceptance(candidacy) is None:
        raise NoticeNotAccepted("Registra primero la aceptación del aviso de privacidad vigente.")
    if record is None or not record.processing:
        raise NoticeNotAccepted(
            "Sin consentimiento para el tratamiento no se pueden guardar respuestas de identidad."
        )
    questionnaire, _ = IdentityQuestionnaire.objects.get_or_create(candidacy=candidacy)
    for name, value in answers.items():
        setattr(questionnaire, name, value or "")
    questionnaire.clear_inapplicable()
    questionnaire.updated_by = user
    questionnaire.save()
    log_access(candidacy, user, IdentityAccessLog.Action.CHANGE)
    announce_visibility_change([candidacy.pk])
    return questionnaire
