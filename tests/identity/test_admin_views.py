"""The per-candidacy identity screen: notice first, then consents, form and questionnaire."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest
from PIL import Image

from identity.models import (
    ConsentEvent,
    ConsentRecord,
    IdentityAccessLog,
    IdentityQuestionnaire,
    NoticeAcceptance,
)
from identity.services import save_questionnaire

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (200, 10, 10)).save(buffer, format="PNG")
    return buffer.getvalue()


def url(name, candidacy):
    return reverse(name, args=[candidacy.pk])


def test_questionnaire_waits_for_notice_and_processing_consent(client, candidacy, roles, notice):
    client.force_login(roles["own"])
    screen = client.get(url("identity_candidacy", candidacy))
    assert screen.status_code == 200
    assert "Registrar aceptación de la versión 2023-01" in screen.content.decode()
    # Consents and answers are refused before the notice is accepted.
    client.post(
        url("identity_consents", candidacy),
        {"processing": "si", "publication": "si", "statistics": "si"},
    )
    assert not ConsentRecord.objects.filter(candidacy=candidacy).exists()
    client.post(url("identity_questionnaire", candidacy), {"indigenous": "Sí"})
    assert not IdentityQuestionnaire.objects.filter(candidacy=candidacy).exists()

    response = client.post(url("identity_accept_notice", candidacy), {"accepted": "on"})
    assert response.status_code == 302
    acceptance = NoticeAcceptance.objects.get(candidacy=candidacy)
    assert acceptance.accepted_by == roles["own"]
    assert acceptance.notice_version.label == "2023-01"

    # Still no answers without processing consent.
    client.post(
        url("identity_consents", candidacy),
        {"processing": "no", "publication": "no", "statistics": "no"},
    )
    client.post(url("identity_questionnaire", candidacy), {"indigenous": "Sí"})
    assert not IdentityQuestionnaire.objects.filter(candidacy=candidacy).exists()

    client.post(
        url("identity_consents", candidacy),
        {"processing": "si", "publication": "no", "statistics": "si"},
    )
    record = ConsentRecord.objects.get(candidacy=candidacy)
    assert record.processing and record.statistics and not record.publication
    assert record.processing_recorded_by == roles["own"]
    assert record.processing_notice_version == acceptance.notice_version
    assert record.processing_at is not None
    response = client.post(
        url("identity_questionnaire", candidacy),
        {"indigenous": "Sí", "indigenous_people": "Mascogo", "disability": "No"},
    )
    assert response.status_code == 302
    answers = IdentityQuestionnaire.objects.get(candidacy=candidacy)
    assert answers.indigenous_people == "Mascogo"
    assert answers.updated_by == roles["own"]


def test_conditional_items_are_blanked_when_they_do_not_apply(candidacy, roles, notice):
    from identity.services import accept_notice, record_consents

    accept_notice(candidacy, roles["own"])
    record_consents(candidacy, roles["own"], True, False, False)
    answers = save_questionnaire(
        candidacy,
        roles["own"],
        {
            "indigenous": "No",
            "indigenous_people": "Kikapú",
            "disability": "Prefiero no contestar",
            "disability_type": "Física",
            "lgbtttiq": "Sí",
            "lgbtttiq_identity": "Queer",
            "migrant": "",
            "country_of_residence": "Canadá",
        },
    )
    assert answers.indigenous_people == ""
    assert answers.disability_type == ""
    assert answers.country_of_residence == ""
    assert answers.lgbtttiq_identity == "Queer"


def test_conditional_markup_works_without_javascript(client, candidacy, roles, notice):
    client.force_login(roles["own"])
    html = client.get(url("identity_candidacy", candidacy)).content.decode()
    assert 'data-depends-on="disability"' in html
    assert "Solo si respondió «Sí» a la pregunta 4." in html
    assert html.count("Prefiero no contestar") >= 20
    for people in ("Kikapú", "Mascogo"):
        assert people in html


def test_invalid_choice_is_refused(client, candidacy, roles, notice):
    from identity.services import accept_notice, record_consents

    accept_notice(candidacy, roles["own"])
    record_consents(candidacy, roles["own"], True, False, False)
    client.force_login(roles["own"])
    response = client.post(url("identity_questionnaire", candidacy), {"indigenous": "Quizá"})
    assert response.status_code == 400
    assert not IdentityQuestionnaire.objects.filter(candidacy=candidacy).exists()


def test_consent_form_upload_validated_by_content_and_size(
    client, candidacy, roles, notice, settings, private_root
):
    client.force_login(roles["own"])
    client.post(url("identity_accept_notice", candidacy), {"accepted": "on"})
    upload = url("identity_consent_file", candidacy)

    fake_pdf = SimpleUploadedFile("formato.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    assert client.post(upload, {"form_file": fake_pdf}).status_code == 400
    broken_png = SimpleUploadedFile("formato.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    assert client.post(upload, {"form_file": broken_png}).status_code == 400
    settings.IDENTITY_CONSENT_FORM_MAX_BYTES = 1024
    big = SimpleUploadedFile("formato.pdf", b"%PDF-1.4\n" + b"0" * 2048 + b"%%EOF")
    response = client.post(upload, {"form_file": big})
    assert response.status_code == 400
    assert "el máximo es" in response.content.decode()
    assert not ConsentRecord.objects.filter(candidacy=candidacy).exclude(form_file="").exists()

    settings.IDENTITY_CONSENT_FORM_MAX_BYTES = 5 * 1024 * 1024
    image = SimpleUploadedFile("Juana Pérez firma.jpg", png_bytes())  # a PNG named .jpg
    assert client.post(upload, {"form_file": image}).status_code == 302
    record = ConsentRecord.objects.get(candidacy=candidacy)
    assert record.form_content_type == "image/png"
    assert record.form_file.name.endswith(".png")
    assert "Juana" not in record.form_file.name
    stored = private_root / record.form_file.name
    assert stored.exists()
    assert not str(stored.resolve()).startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        record.form_file.url  # noqa: B018

    pdf = SimpleUploadedFile("formato.pdf", PDF_BYTES)
    client.post(upload, {"form_file": pdf})
    record.refresh_from_db()
    assert record.form_content_type == "application/pdf"

    download = client.get(url("identity_consent_file_download", candidacy))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert "no-cache" in download["Cache-Control"] or "max-age=0" in download["Cache-Control"]
    assert IdentityAccessLog.objects.filter(
        candidacy=candidacy, action=IdentityAccessLog.Action.DOWNLOAD
    ).exists()
    assert ConsentEvent.objects.filter(action=ConsentEvent.Action.FORM_UPLOADED).count() == 2


def test_withdrawing_processing_deletes_answers(client, candidacy, roles, notice):
    from identity.services import accept_notice, record_consents

    accept_notice(candidacy, roles["own"])
    record_consents(candidacy, roles["own"], True, True, True)
    save_questionnaire(candidacy, roles["own"], {"indigenous": "Sí"})
    client.force_login(roles["moderator"])
    client.post(
        url("identity_consents", candidacy),
        {"processing": "no", "publication": "no", "statistics": "no", "note": "Revocación"},
    )
    assert not IdentityQuestionnaire.objects.filter(candidacy=candidacy).exists()
    record = ConsentRecord.objects.get(candidacy=candidacy)
    assert record.given() == {"processing": False, "publication": False, "statistics": False}
    withdrawn = ConsentEvent.objects.filter(
        candidacy=candidacy, action=ConsentEvent.Action.WITHDRAWN
    )
    assert set(withdrawn.values_list("kind", flat=True)) == {
        "processing",
        "publication",
        "statistics",
    }
    assert withdrawn.first().recorded_by == roles["moderator"]


def test_every_staff_read_is_logged(client, candidacy, roles):
    for role in ("own", "moderator", "admin"):
        client.force_login(roles[role])
        assert client.get(url("identity_candidacy", candidacy)).status_code == 200
    logged = list(
        IdentityAccessLog.objects.filter(candidacy=candidacy, action="lectura").values_list(
            "username", flat=True
        )
    )
    assert sorted(logged) == sorted(["capturista_pan", "moderadora", "administradora"])


def test_screen_is_linked_from_the_candidacy_admin_page(client, candidacy, roles):
    client.force_login(roles["own"])
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[candidacy.pk]))
    assert url("identity_candidacy", candidacy) in edit.content.decode()


def test_edit_page_reminds_of_the_notice_until_accepted(client, candidacy, roles, notice):
    from identity.services import accept_notice

    client.force_login(roles["own"])
    edit = reverse("wagtailadmin_pages:edit", args=[candidacy.pk])
    assert "Falta registrar la aceptación del aviso" in client.get(edit).content.decode()
    accept_notice(candidacy, roles["own"])
    assert "Falta registrar la aceptación del aviso" not in client.get(edit).content.decode()
