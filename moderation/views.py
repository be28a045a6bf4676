"""Withdrawing a published candidacy: reviewers only, always with a reason that is logged."""

from django import forms
from django.core.mail import send_mail
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
