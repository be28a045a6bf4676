"""Explains a refusal by our rules (closed capture window, moderated image or document).

Wagtail answers a refusal with a generic "no permission" message; the check that refused leaves
its reason on the user (`REFUSAL_ATTRIBUTE`) and this adds it.
"""

from django.utils.functional import empty

from wagtail.admin import messages

from .permissions import REFUSAL_ATTRIBUTE


def _evaluated_user(request):
    """request.user only if the view already loaded it: never touch the session on public pages."""
    user = request.__dict__.get("user")
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user


class CaptureWindowMessageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code not in (302, 403):
            return response
        user = _evaluated_user(request)
        refusal = getattr(user, REFUSAL_ATTRIBUTE, None) if user is not None else None
        if refusal and hasattr(request, "_messages"):
            messages.error(request, refusal)
        return response
