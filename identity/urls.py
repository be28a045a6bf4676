"""Admin URLs (mounted under /admin/ by the register_admin_urls hook)."""

from django.urls import path

from .views import candidacy

urlpatterns = [
    path("identidad/<int:page_id>/", candidacy.candidacy_identity, name="identity_candidacy"),
    path(
        "identidad/<int:page_id>/aviso/",
        candidacy.accept_notice_view,
        name="identity_accept_notice",
    ),
    path(
        "identidad/<int:page_id>/consentimientos/",
        candidacy.consents_view,
        name="identity_consents",
    ),
    path(
        "identidad/<int:page_id>/formato/",
        candidacy.consent_file_view,
        name="identity_consent_file",
    ),
    path(
        "identidad/<int:page_id>/formato/descargar/",
        candidacy.consent_file_download,
        name="identity_consent_file_download",
    ),
    path(
        "identidad/<int:page_id>/cuestionario/",
        candidacy.questionnaire_view,
        name="identity_questionnaire",
    ),
]
