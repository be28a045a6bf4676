"""Private storage for signed consent forms: never under MEDIA_ROOT, never given a public URL.

Files are only read by the permission-checked download view (see identity.views.files).
"""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


def private_root():
    """Outside MEDIA_ROOT and any served folder; override with the IDENTITY_PRIVATE_ROOT setting."""
    return Path(
        getattr(settings, "IDENTITY_PRIVATE_ROOT", None)
        or Path(settings.BASE_DIR) / "var" / "private"
    )


@deconstructible
class PrivateStorage(FileSystemStorage):
    @property
    def base_location(self):
        return str(private_root())

    @property
    def location(self):
        return str(Path(self.base_location).resolve())

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Consent forms have no public URL; use the identity download view.")


private_storage = PrivateStorage()
