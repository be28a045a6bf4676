"""Per-candidacy identity screen in the admin: notice, consents, signed form, questionnaire.

Every request checks `identity.*` rules against the candidacy, and every GET is logged as a
staff read. Responses are never cached.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from candidates.models import CandidacyPage

from ..forms import ConsentFileForm, ConsentForm, NoticeAcceptanceForm, QuestionnaireForm
from ..models import ConsentRecord, IdentityAccessLog, IdentityQuestionnaire, PrivacyNoticeVersion
from ..services import (
    NoticeNotAccepted,
    accept_notice,
    current_acceptance,
    log_access,
    record_consents,
    save_questionnaire,
    store_consent_form,
)


def _candidacy(request, page_id, permission):
    candidacy = get_object_or_404(
        CandidacyPage.objects.select_related("office__process"), pk=page_id
    )
    if not request.user.has_perm(permission, candidacy):
        raise PermissionDenied
    return candidacy


def _back(candidacy, anchor=""):
    return redirect(reverse("identity_candidacy", args=[candidacy.pk]) + anchor)


def _screen(request, candidacy, status=200, **forms):
    can_change = request.user.has_perm("identity.change_identity", candidacy)
    record = ConsentRecord.objects.filter(candidacy=candidacy).first()
    questionnaire = IdentityQuestionnaire.objects.filter(candidacy=candidacy).first()
    acceptance = current_acceptance(candidacy)
    questionnaire_open = bool(can_change and acceptance and record and record.processing)
    context = {
        "candidacy": candidacy,
        "can_change": can_change,
        "questionnaire_open": questionnaire_open,
        "notice": PrivacyNoticeVersion.current(),
        "acceptance": acceptance,
        "record": record,
        "questionnaire": questionnaire,
        "events": candidacy.consent_events.select_related("recorded_by", "notice_version")[:50],
        "notice_form": NoticeAcceptanceForm(),
        "consent_form": ConsentForm(initial=ConsentForm.initial_for(record)),
        "file_form": ConsentFileForm(),
        "questionnaire_form": QuestionnaireForm(
            initial=questionnaire.answers() if questionnaire else {},
            disabled=not questionnaire_open,
        ),
    }
    context.update(forms)
    return TemplateResponse(request, "identity/candidacy_identity.html", context, status=status)


@never_cache
@require_GET
def candidacy_identity(request, page_id):
    candidacy = _candidacy(request, page_id, "identity.view_identity")
    log_access(candidacy, request.user)
    return _screen(request, candidacy)


def _post_form(request, page_id, form_class, form_name, anchor, save):
    """Every change on this screen goes the same way, so each view states only what differs.

    `save(candidacy, user, cleaned_data)` records the change and returns the message level and
    text; an invalid form re-renders the screen with its errors (400), and a change that needs
    the privacy notice accepted first becomes an error message instead.
    """
    candidacy = _candidacy(request, page_id, "identity.change_identity")
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        return _screen(request, candidacy, status=400, **{form_name: form})
    try:
        level, message = save(candidacy, request.user, form.cleaned_data)
    except NoticeNotAccepted as error:
        messages.error(request, str(error))
    else:
        messages.add_message(request, level, message)
    return _back(candidacy, anchor)


@never_cache
@require_POST
def accept_notice_view(request, page_id):
    def save(candidacy, user, data):
        accept_notice(candidacy, user)
        return messages.SUCCESS, "Se registró la aceptación del aviso de privacidad."

    return _post_form(request, page_id, NoticeAcceptanceForm, "notice_form", "#aviso", save)


@never_cache
@require_POST
def consents_view(request, page_id):
    def save(candidacy, user, data):
        _, changed = record_consents(
            candidacy,
            user,
            data["processing"],
            data["publication"],
            data["statistics"],
            note=data["note"],
        )
        if changed:
            return messages.SUCCESS, "Se actualizaron los consentimientos."
        return messages.INFO, "Los consentimientos no cambiaron."

    return _post_form(request, page_id, ConsentForm, "consent_form", "#consentimientos", save)


@never_cache
@require_POST
def consent_file_view(request, page_id):
    def save(candidacy, user, data):
        store_consent_form(candidacy, user, data["form_file"])
        return messages.SUCCESS, "Se guardó el formato de consentimiento firmado."

    return _post_form(request, page_id, ConsentFileForm, "file_form", "#formato", save)


@never_cache
@require_POST
def questionnaire_view(request, page_id):
    def save(candidacy, user, data):
        save_questionnaire(candidacy, user, data)
        return messages.SUCCESS, "Se guardó el cuestionario de identidad."

    return _post_form(
        request, page_id, QuestionnaireForm, "questionnaire_form", "#cuestionario", save
    )


@never_cache
@require_GET
def consent_file_download(request, page_id):
    candidacy = _candidacy(request, page_id, "identity.view_consent_form")
    record = ConsentRecord.objects.filter(candidacy=candidacy).first()
    if record is None or not record.form_file:
        raise Http404("Sin formato de consentimiento.")
    log_access(candidacy, request.user, IdentityAccessLog.Action.DOWNLOAD)
    extension = record.form_file.name.rsplit(".", 1)[-1]
    response = FileResponse(
        record.form_file.open("rb"),
        as_attachment=True,
        filename=f"consentimiento-{candidacy.pk}.{extension}",
        content_type=record.form_content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
