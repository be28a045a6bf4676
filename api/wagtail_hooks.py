"""Admin side of the draft preview: a button on a candidacy's edit page that mints a token."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.cache import never_cache

from wagtail import hooks
from wagtail.admin import widgets as wagtailadmin_widgets

from candidates.models import CandidacyPage

from .preview import PREVIEW_MAX_AGE, can_preview, make_token


@never_cache
def preview_token_view(request, pk):
    """The token and the API address for one candidacy; only for who may preview it."""
    page = get_object_or_404(CandidacyPage, pk=pk)
    if not can_preview(request.user, page):
        raise PermissionDenied("No puede ver la vista previa de esta candidatura.")
    token, expires_at = make_token(request.user, page)
    api_url = request.build_absolute_uri(reverse("conoceles_api:preview")) + "?token=" + token
    return TemplateResponse(
        request,
        "api/preview_token.html",
        {
            "candidacy": page,
            "token": token,
            "api_url": api_url,
            "expires_at": expires_at,
            "minutes": int(PREVIEW_MAX_AGE.total_seconds() // 60),
        },
    )


@hooks.register("register_admin_urls")
def register_preview_urls():
    return [path("api/vista-previa/<int:pk>/", preview_token_view, name="api_preview_token")]


@hooks.register("register_page_header_buttons")
def preview_token_button(page, user, view_name, next_url=None):
    if view_name == "edit" and can_preview(user, page.specific_deferred):
        yield wagtailadmin_widgets.Button(
            "Vista previa para otro sitio (API)",
            reverse("api_preview_token", args=[page.pk]),
            icon_name="link-external",
            priority=90,
        )
