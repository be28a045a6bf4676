"""Explains a refusal by our rules (closed capture window, moderated image or document, an
approval the process's policy blocks).

Wagtail answers a refusal with a generic "no permission" message; the check that refused leaves
its reason on the user (`REFUSAL_ATTRIBUTE`) and this adds it. Wagtail's workflow action view
has no way to refuse an action: the review task raises `ApprovalBlocked`, and this turns it into
the message and a way back to the candidacy's edit page, still under review.
"""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import empty

from wagtail.admin import messages
from wagtail.admin.modal_workflow import render_modal_workflow

from .checklist import ApprovalBlocked
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

    def process_exception(self, request, exception):
        if not isinstance(exception, ApprovalBlocked):
            return None
        messages.error(request, str(exception))
        match = request.resolver_match
        page_id = match.kwargs.get("page_id") if match is not None else None
        if page_id is not None:
            target = reverse("wagtailadmin_pages:edit", args=(page_id,))
        else:
            target = reverse("wagtailadmin_home")
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            # The approval modal follows a "success" step's redirect.
            return render_modal_workflow(
                request, "", None, {}, json_data={"step": "success", "redirect": target}
            )
        return redirect(target)
