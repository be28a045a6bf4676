"""System check: consent forms must never be stored where the web server serves media."""

from pathlib import Path

from django.conf import settings
from django.core import checks

from .storage import private_root


@checks.register(checks.Tags.security)
def private_root_outside_media(app_configs, **kwargs):
    private = Path(private_root()).resolve()
    served = [Path(settings.MEDIA_ROOT).resolve()]
    if getattr(settings, "STATIC_ROOT", None):
        served.append(Path(settings.STATIC_ROOT).resolve())
    for folder in served:
        if private == folder or folder in private.parents:
            return [
                checks.Error(
                    "IDENTITY_PRIVATE_ROOT is inside a publicly served folder.",
                    hint="Point IDENTITY_PRIVATE_ROOT outside MEDIA_ROOT and STATIC_ROOT.",
                    id="identity.E001",
                )
            ]
    return []
