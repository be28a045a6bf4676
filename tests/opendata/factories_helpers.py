"""Shared builders for open-data, statistics and API tests."""

import io

from django.core.files.images import ImageFile

from candidates.factories import CandidacyPageFactory, PortraitFactory, portrait_png

# Twenty INE cells: indigenous "Sí", the rest "No"/blank, state of birth Coahuila.
IDENTITY_CELLS = [
    "Sí", "No", " ", "No", " ", " ", " ", "No", "No", " ",
    "No", " ", " ", " ", " ", "No", "No", " ", " ", "Coahuila de Zaragoza",
]  # fmt: skip


def portrait(name):
    """A portrait whose file name is unique, so a test can look for it in any response."""
    return PortraitFactory(file=ImageFile(io.BytesIO(portrait_png(name)), name=f"{name}.png"))


def published(actor, office, **kwargs):
    return CandidacyPageFactory(parent=actor, office=office, complete=True, publish=True, **kwargs)


def draft(actor, office, **kwargs):
    return CandidacyPageFactory(parent=actor, office=office, complete=True, **kwargs)


def answer_identity(candidacy, publication=True, statistics=True):
    """Answers with all three consents (as INE's import records them), then withdraw some."""
    from identity.exports import apply_ine_identity_row
    from identity.models import ConsentRecord

    apply_ine_identity_row(candidacy, IDENTITY_CELLS)
    ConsentRecord.objects.filter(candidacy=candidacy).update(
        publication=publication, statistics=statistics
    )
