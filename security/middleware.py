"""Response headers that tell the browser what this site may do: CSP and Permissions-Policy."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from csp.middleware import CSPMiddleware

from .two_factor import has_second_factor, must_enrol


def is_admin_path(path):
    return path.startswith(settings.ADMIN_CSP_PATH_PREFIX)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp with a second, looser policy for the Wagtail admin.

    The public site runs only its own files, so its policy (CONTENT_SECURITY_POLICY) allows no
    inline code at all. The admin draws some of its own widgets with inline style attributes,
    which a nonce cannot cover; rather than weaken the public policy, the admin path gets
    ADMIN_CONTENT_SECURITY_POLICY (docs/security.md says what it allows and why).
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and is_admin_path(request.path_info):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts


class PermissionsPolicyMiddleware:
    """Turns off browser features no page of the site uses, so injected code cannot ask for them."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allowlist)})"
            for feature, allowlist in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class TwoFactorMiddleware:
    """After the password, the admin asks for the second factor before anything else.

    A user with a confirmed device is sent to the verification step until this session has been
    verified (django-otp's OTPMiddleware remembers it); a user who must enrol and has no device
    is sent to enrolment. Only the steps themselves, the login and the logout stay reachable.
    """

    # The icon sprite and the translation catalogue are static assets every admin page fetches,
    # the verification step included; they reveal nothing about the site's data.
    OPEN_URL_NAMES = (
        "wagtailadmin_login",
        "wagtailadmin_logout",
        "wagtailadmin_password_reset",
        "wagtailadmin_sprite",
        "wagtailadmin_javascript_catalog",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        redirect_to = self.required_step(request)
        if redirect_to:
            return redirect_to
        return self.get_response(request)

    def required_step(self, request):
        path = request.path_info
        user = getattr(request, "user", None)
        if not is_admin_path(path) or user is None or not user.is_authenticated:
            return None
        if user.is_verified():
            return None
        if any(path.startswith(reverse(name)) for name in self.OPEN_URL_NAMES):
            return None
        query = urlencode({"next": request.get_full_path()})
        if has_second_factor(user):
            step = reverse("security_2fa_verify")
        elif must_enrol(user):
            step = reverse("security_2fa_setup")
        else:
            return None
        if path == step:
            return None
        return redirect(f"{step}?{query}" if request.method == "GET" else step)
