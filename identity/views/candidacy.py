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


def _render_with(request, candidacy, **forms):
    """Re-render the screen with a bound, invalid form and its errors."""
    return _screen(request, candidacy, status=400, **forms)


@never_cache
@require_POST
def accept_notice_view(request, page_id):
    candidacy = _candidacy(request, page_id, "identity.change_identity")
    form = NoticeAcceptanceForm(request.POST)
    if not form.is_valid():
        return _render_with(request, candidacy, notice_form=form)
    try:
        accept_notice(candidacy, request.user)
    except NoticeNotAccepted as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Se registró la aceptación del aviso de privacidad.")
    return _back(candidacy, "#aviso")


@never_cache
@require_POST
def consents_view(request, page_id):
    candidacy = _candidacy(request, page_id, "identity.change_identity")
    form = ConsentForm(request.POST)
    if not form.is_valid():
        return _render_with(request, candidacy, consent_form=form)
    data = form.cleaned_data
    try:
        _, changed = record_consents(
            candidacy,
            request.user,
            data["processing"],
            data["publication"],
            data["statistics"],
            note=data["note"],
        )
    except NoticeNotAccepted as error:
        messages.error(request, str(error))
    else:
        if changed:
            messages.success(request, "Se actualizaron los consentimientos.")
        else:
            messages.info(request, "Los consentimientos no cambiaron.")
    return _back(candidacy, "#consentimientos")


@never_cache
@require_POST
def consent_file_view(request, page_id):
    candidacy = _candidacy(request, page_id, "identity.change_identity")
    form = ConsentFileForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_with(request, candidacy, file_form=form)
    try:
        store_consent_form(candidacy, request.user, form.cleaned_data["form_file"])
    except NoticeNotAccepted as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Se guardó el formato de consentimiento firmado.")
    return _back(candidacy, "#formato")


@never_cache
@require_POST
def questionnaire_view(request, page_id):
    candidacy = _candidacy(request, page_id, "identity.change_identity")
    form = QuestionnaireForm(request.POST)
    if not form.is_valid():
        return _render_with(request, candidacy, questionnaire_form=form)
    try:
        save_questionnaire(candidacy, request.user, form.cleaned_data)
    except NoticeNotAccepted as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Se guardó el cuestionario de identidad.")
    return _back(candidacy, "#cuestionario")


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
