"""The document library's upload form (`WAGTAILDOCS_DOCUMENT_FORM_BASE`): only safe PDFs enter.

A "3 de 3" is chosen from the library, and whatever enters it can be linked from a public page,
so the check runs on every upload (single, multiple and from the chooser), not only when a
candidacy is saved: a file refused here never reaches the storage.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from wagtail.documents.forms import BaseDocumentForm

from .pdf import check_pdf, read_upload


class SafePDFDocumentForm(BaseDocumentForm):
    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            limit = settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
            data = read_upload(file, limit)
            if len(data) > limit:
                raise ValidationError("El archivo es demasiado grande.", code="too_big")
            check_pdf(data, label="El archivo")
        return file
