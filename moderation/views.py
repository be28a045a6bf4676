"""Reviewers' screens: withdrawing a published candidacy (always with a logged reason) and the
data-quality report of a process."""

from django import forms
from django.core.mail import send_mail
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.admin import messages
from wagtail.admin.auth import permission_denied
from wagtail.log_actions import log
from wagtail.models import Page

from .notifications import capturists_of
from .signals import UNPUBLISH_WITH_REASON


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Motivo del retiro",
        min_length=10,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Se registra en el historial y se envía al partido o candidatura.",
    )


def withdraw_publication(request, page_id):
    page = get_object_or_404(Page, id=page_id).specific
    tester = page.permissions_for_user(request.user)
    if not getattr(tester, "can_withdraw_publication", lambda: False)():
        return permission_denied(request)

    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        UnpublishPageAction(page, user=request.user).execute(skip_permission_checks=True)
        log(
            instance=page,
            action=UNPUBLISH_WITH_REASON,
            user=request.user,
            data={"reason": reason},
        )
        recipients = [user.email for user in capturists_of(page) if user.email]
        if recipients:
            send_mail(
                f"Se retiró la publicación de «{page.title}»",
                f"El IEC retiró la publicación de la candidatura «{page.title}».\n\n"
                f"Motivo: {reason}\n\n"
                "Corrija lo señalado y envíela de nuevo a revisión.",
                None,
                recipients,
            )
        messages.success(request, f"Se retiró la publicación de «{page.title}».")
        return redirect(reverse("wagtailadmin_explore", args=[page.get_parent().id]))

    return TemplateResponse(
        request,
        "moderation/withdraw_publication.html",
        {"page": page, "form": form},
    )


def quality_report(request):
    """Data-quality alerts across every candidacy of a process: moderators and administrators."""
    from elections.models import ElectoralProcess

    from .quality import ALERT_KINDS, process_alerts
    from .rules import is_reviewer

    if not (request.user.is_superuser or is_reviewer(request.user)):
        # A plain 403, not the admin's redirect: parties have no business here at all.
        return HttpResponseForbidden(
            "Solo moderadores y administradores del IEC ven este reporte.",
            content_type="text/plain; charset=utf-8",
        )
    processes = list(ElectoralProcess.objects.order_by("-pk"))
    chosen = request.GET.get("proceso", "")
    process = next((p for p in processes if str(p.pk) == chosen), None)
    error = ""
    if chosen and process is None:
        error = "El proceso electoral indicado no existe; se muestra el más reciente."
    if process is None and processes:
        process = processes[0]
    grouped, total = process_alerts(process) if process is not None else ({}, 0)
    sections = [
        (kind, label, grouped.get(kind, []))
        for kind, label in ALERT_KINDS.items()
        if process is not None
    ]
    return TemplateResponse(
        request,
        "moderation/quality_report.html",
        {
            "processes": processes,
            "process": process,
            "sections": sections,
            "total": total,
            "alert_count": sum(len(alerts) for _, _, alerts in sections),
            "error": error,
        },
    )
