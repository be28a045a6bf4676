"""Two-factor steps in the admin, and /.well-known/security.txt."""

import base64
from datetime import UTC, timedelta

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST

import django_otp
import qrcode
import qrcode.image.svg

from elections.models import InstituteSettings

from .forms import CodeForm
from .two_factor import (
    confirm_enrolment,
    has_second_factor,
    issue_recovery_codes,
    must_enrol,
    pending_app_device,
    remaining_recovery_codes,
    remove_second_factor,
)


def next_url(request):
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("wagtailadmin_home")


@never_cache
@sensitive_post_parameters("code")
def verify(request):
    """The step after the password for anyone with a device: an app code or a recovery code."""
    if request.user.is_verified() or not has_second_factor(request.user):
        return redirect(next_url(request))
    form = CodeForm(request.POST or None)
    if form.is_valid():
        # match_token tries every confirmed device; a recovery code is deleted when it matches.
        device = django_otp.match_token(request.user, form.cleaned_data["code"])
        if device is not None:
            django_otp.login(request, device)
            return redirect(next_url(request))
        form.add_error("code", "El código no es válido o ya se usó. Intente de nuevo.")
    return TemplateResponse(
        request, "security/verify.html", {"form": form, "next": next_url(request)}
    )


def qr_svg(config_url):
    image = qrcode.make(
        config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2
    )
    return image.to_string(encoding="unicode")


@never_cache
@sensitive_post_parameters("code")
def setup(request):
    """Enrolment: scan the QR (or type the key), prove it with one code, keep the recovery codes."""
    user = request.user
    if has_second_factor(user):
        return TemplateResponse(
            request,
            "security/status.html",
            {
                "remaining_codes": remaining_recovery_codes(user),
                "can_remove": not must_enrol(user),
            },
        )
    device = pending_app_device(user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            codes = confirm_enrolment(device)
            django_otp.login(request, device)
            return TemplateResponse(
                request, "security/recovery_codes.html", {"codes": codes, "enrolled": True}
            )
        form.add_error(
            "code", "El código no coincide. Revise la hora de su teléfono e intente de nuevo."
        )
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return TemplateResponse(
        request,
        "security/setup.html",
        {
            "form": form,
            "qr": qr_svg(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "required": must_enrol(user),
        },
    )


@never_cache
@require_POST
def regenerate_codes(request):
    if not has_second_factor(request.user):
        return redirect("security_2fa_setup")
    codes = issue_recovery_codes(request.user)
    return TemplateResponse(
        request, "security/recovery_codes.html", {"codes": codes, "enrolled": False}
    )


@require_POST
def remove(request):
    if must_enrol(request.user):
        messages.error(request, "Su cuenta debe usar la verificación en dos pasos.")
        return redirect("security_2fa_setup")
    remove_second_factor(request.user)
    messages.success(request, "Se desactivó la verificación en dos pasos de su cuenta.")
    return redirect("security_2fa_setup")


def institute_contacts(request):
    email = InstituteSettings.for_request(request).email
    return [f"mailto:{email}"] if email else []


@require_GET
@cache_control(public=True, max_age=24 * 60 * 60)
def security_txt(request):
    # RFC 9116 requires an expiry; a computed one never goes stale between deployments.
    expires = timezone.now().replace(microsecond=0) + timedelta(days=settings.SECURITY_TXT_DAYS)
    body = render_to_string(
        "security/security.txt",
        {
            "contacts": settings.SECURITY_CONTACTS or institute_contacts(request),
            "expires": expires.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "policy": settings.SECURITY_POLICY_URL,
            "canonical": request.build_absolute_uri(request.path),
            "institute_name": InstituteSettings.for_request(request).name,
        },
    )
    return HttpResponse(body, content_type="text/plain; charset=utf-8")
