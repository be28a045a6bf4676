"""Unguessable names for uploaded images and documents, and which media folders stay private.

Wagtail stores an upload under the name it arrived with (`original_images/foto.jpg`,
`documents/3de3.pdf`) and names each rendition after it (`images/foto.2e16d0ba.fill-320x320-
c100.png`). Such names can be guessed: a draft candidacy's photo (not approved, so not public)
could be fetched by trying `IMG_1234.jpg`, and a document's serve URL (`/documentos/<id>/<file
name>`, ids are sequential) by trying `3de3.pdf`. Here every upload gets a random 128-bit name at
upload time; the title keeps the human name and renditions inherit the random stem.

Why a `pre_save` receiver: `WAGTAILIMAGES_IMAGE_MODEL` cannot change under existing migrations,
and the document's `upload_to` is a plain string in Wagtail's own migrations, so changing it would
need a migration in `wagtaildocs`. The receiver renames a file that is not yet committed to storage;
`FileField.pre_save` then stores it under the new name. That covers every path through
`Model.save()`: admin add/edit views and choosers, the multiple uploader's temporary
`UploadedFile`, factories and `seed_demo`. `bulk_create()` sends no signal: nothing here creates
images or documents that way.
"""

import os
import posixpath
import re
import secrets

from django.db.models.signals import pre_save
from django.http import Http404
from django.views.static import serve

# Originals, documents (served by `/documentos/`, which checks collection restrictions) and the
# multiple uploader's pending files: no URL of the site points into them, and none may answer.
PRIVATE_MEDIA_FOLDERS = ("original_images/", "documents/", "wagtail_uploads/")

_STORED_NAME = re.compile(r"[0-9a-f]{32}(\.[a-z0-9]+)?")


def unguessable_name(filename):
    """A random name (128 bits, hex) with the upload's extension lower-cased."""
    return secrets.token_hex(16) + os.path.splitext(filename)[1].lower()


def has_unguessable_name(name):
    """True for a stored name this module gave, so re-running a rename leaves it alone."""
    return _STORED_NAME.fullmatch(posixpath.basename(name)) is not None


def rename_uncommitted_upload(sender, instance, **kwargs):
    file = instance.file
    if file and not file._committed:
        file.name = unguessable_name(file.name)


def connect():
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import UploadedFile

    for model in (get_image_model(), get_document_model(), UploadedFile):
        pre_save.connect(
            rename_uncommitted_upload,
            sender=model,
            dispatch_uid=f"unguessable-name-{model._meta.label_lower}",
        )


def is_private_media(path):
    """Whether a path below MEDIA_URL is in a private folder, normalized as `serve` reads it."""
    normalized = posixpath.normpath(path).lstrip("/").lower()
    return normalized.startswith(PRIVATE_MEDIA_FOLDERS)


def serve_public_media(request, path, document_root=None, show_indexes=False):
    """DEBUG's media view: Django's static `serve`, except that private folders answer 404.

    Production does the same in the web server (docs/deployment.md).
    """
    if is_private_media(path):
        raise Http404("Este archivo no es público.")
    return serve(request, path, document_root=document_root, show_indexes=show_indexes)
