"""Field rules of the curricular questionnaire: one test per rule, each with its Spanish message."""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from wagtail.images.models import Image

import pytest

from candidates.factories import CandidacyPageFactory
from candidates.validators import (
    SocialNetworkURLValidator,
    phone_validator,
    photo_errors,
    postal_code_validator,
    validate_https_url,
    validate_pdf_file,
    validate_video_url,
)


def errors_of(page, field):
    with pytest.raises(ValidationError) as caught:
        page.full_clean()
    return caught.value.message_dict.get(field, [])


@pytest.fixture
def candidacy(tree, offices, district):
    _, actors = tree
    return CandidacyPageFactory(
        parent=actors["PAN"], office=offices["diputacion-mr"], district=district
    )


# --- Phone, postal code, email ------------------------------------------------------------


@pytest.mark.parametrize("value", ["844123456", "84412345678", "844-123-4567", "844 123 456"])
def test_public_phone_must_have_exactly_ten_digits(value):
    with pytest.raises(ValidationError, match="exactamente 10 dígitos"):
        phone_validator(value)


def test_public_phone_with_ten_digits_is_accepted():
    phone_validator("8441234567")


def test_postal_code_has_five_digits():
    with pytest.raises(ValidationError, match="5 dígitos"):
        postal_code_validator("2500")


def test_public_email_must_be_an_email_address(candidacy):
    candidacy.public_email = "correo-sin-arroba"
    assert errors_of(candidacy, "public_email")


def test_public_phone_rule_applies_on_the_page(candidacy):
    candidacy.public_phone = "12345"
    assert errors_of(candidacy, "public_phone") == [
        "El teléfono público debe tener exactamente 10 dígitos, sin espacios ni guiones."
    ]


# --- One URL per network, belonging to that network ---------------------------------------


@pytest.mark.parametrize(
    ("network", "good", "bad"),
    [
        ("facebook", "https://www.facebook.com/candidata", "https://x.com/candidata"),
        ("x", "https://twitter.com/candidata", "https://www.facebook.com/candidata"),
        ("instagram", "https://www.instagram.com/candidata", "https://tiktok.com/@c"),
        ("youtube", "https://youtu.be/abc", "https://vimeo.com/1"),
        ("tiktok", "https://www.tiktok.com/@candidata", "https://instagram.com/c"),
    ],
)
def test_each_network_field_accepts_only_its_network(network, good, bad):
    validator = SocialNetworkURLValidator(network)
    validator(good)
    with pytest.raises(ValidationError, match="El enlace no corresponde a"):
        validator(bad)


def test_network_check_is_not_fooled_by_a_lookalike_host():
    with pytest.raises(ValidationError):
        SocialNetworkURLValidator("facebook")("https://facebook.com.example.net/perfil")


def test_network_rule_applies_on_the_page(candidacy):
    candidacy.facebook_url = "https://www.instagram.com/candidata"
    assert errors_of(candidacy, "facebook_url")[0].startswith("El enlace no corresponde a Facebook")


def test_video_must_be_on_a_known_video_platform():
    validate_video_url("https://www.youtube.com/watch?v=abc")
    with pytest.raises(ValidationError, match="YouTube, Vimeo, Facebook o TikTok"):
        validate_video_url("https://videos.example.org/v.mp4")


def test_links_must_be_web_addresses():
    with pytest.raises(ValidationError, match="http:// o https://"):
        validate_https_url("ftp://example.org/")


# --- "3 de 3": a real PDF -------------------------------------------------------------------


def test_three_of_three_must_be_named_pdf():
    with pytest.raises(ValidationError, match="debe ser un archivo PDF"):
        validate_pdf_file(ContentFile(b"%PDF-1.7\n", name="formato.docx"))


def test_three_of_three_content_must_be_a_pdf_whatever_its_name():
    with pytest.raises(ValidationError, match="no es un PDF válido"):
        validate_pdf_file(ContentFile(b"MZ\x90\x00 not a pdf", name="formato.pdf"))


def test_three_of_three_real_pdf_is_accepted():
    validate_pdf_file(ContentFile(b"%PDF-1.7\n%\xe2\xe3\n", name="formato.pdf"))


# --- Photo: type, weight, dimensions from the process -------------------------------------


def image(width, height, fmt="PNG", name="foto.png", pad=0):
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (120, 80, 60)).save(buffer, format=fmt)
    data = buffer.getvalue() + b"\0" * pad
    return Image(
        title="foto",
        file=ContentFile(data, name=name),
        width=width,
        height=height,
        file_size=len(data),
    )


def test_photo_within_limits_is_accepted(process):
    assert photo_errors(image(600, 800), process) == []


def test_photo_must_be_jpeg_or_png(process):
    assert photo_errors(image(600, 800, fmt="GIF", name="foto.gif"), process) == [
        "La fotografía debe ser JPEG o PNG."
    ]


def test_photo_must_not_exceed_the_process_weight(process):
    process.photo_max_bytes = 10_000
    problems = photo_errors(image(600, 800, pad=20_000), process)
    assert len(problems) == 1
    assert problems[0].startswith("La fotografía pesa") and "el máximo es 10 KB" in problems[0]


def test_photo_must_reach_the_minimum_dimensions(process):
    assert photo_errors(image(200, 800), process) == [
        "La fotografía mide 200×800 px; el mínimo es 300×300 px."
    ]


def test_photo_must_not_exceed_the_maximum_dimensions(process):
    process.photo_max_width = 1000
    assert photo_errors(image(1200, 800), process) == [
        "La fotografía mide 1200×800 px; el máximo es 1000×4000 px."
    ]
