"""Admin wiring: the identity screen's URLs and a button on each candidacy's admin page."""

from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.widgets.button import Button

from . import urls

BUTTON_LABEL = "Identidad y consentimiento"


@hooks.register("register_admin_urls")
def register_identity_urls():
    return [path("", include(urls))]


def _is_candidacy(page):
    from candidates.models import CandidacyPage

    return page.specific_class is CandidacyPage


@hooks.register("register_page_header_buttons")
def identity_header_button(page, user, view_name, next_url=None):
    if _is_candidacy(page) and user.has_perm("identity.view_identity", page.specific):
        yield Button(
            BUTTON_LABEL,
            reverse("identity_candidacy", args=[page.pk]),
            icon_name="lock",
            priority=25,
        )


@hooks.register("register_page_listing_more_buttons")
def identity_listing_button(page, user, next_url=None):
    """Shown in the explorer, which already lists only pages the user may see; the view checks."""
    if _is_candidacy(page):
        yield Button(
            BUTTON_LABEL,
            reverse("identity_candidacy", args=[page.pk]),
            icon_name="lock",
            priority=45,
        )


@hooks.register("before_edit_page")
def remind_privacy_notice(request, page):
    """Remind capturists that the current notice must be accepted before the questionnaires.

    A reminder, not a block: the curricular questionnaire's own workflow decides what may be
    saved; the identity questionnaire itself refuses answers until the notice is accepted.
    """
    if request.method != "GET" or not _is_candidacy(page):
        return None
    from django.contrib import messages
    from django.utils.html import format_html

    from .models import PrivacyNoticeVersion
    from .services import current_acceptance

    candidacy = page.specific
    if PrivacyNoticeVersion.current() is None or current_acceptance(candidacy) is not None:
        return None
    if not request.user.has_perm("identity.change_identity", candidacy):
        return None
    messages.warning(
        request,
        format_html(
            "Falta registrar la aceptación del aviso de privacidad vigente para esta persona. "
            '<a href="{}">Registrarla en «Identidad y consentimiento»</a>.',
            reverse("identity_candidacy", args=[candidacy.pk]),
        ),
    )
    return None
