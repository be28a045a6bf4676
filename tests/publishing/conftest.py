"""Publishing fixtures: a clean pipeline, an empty shared cache and a media folder per test; a
recording front-end cache and a contest of pages around one draft for the purge tests."""

from django.core.cache import cache

import pytest

from candidates.choices import FormulaRole
from candidates.factories import CandidacyPageFactory
from elections.factories import DistrictFactory
from publishing import pipeline

from .purge_support import RecordingBackend


@pytest.fixture(autouse=True)
def clean_pipeline(settings, tmp_path_factory):
    """Fixtures publish pages whose commit never comes; each test starts from nothing pending."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    cache.clear()
    pipeline.reset()
    yield
    pipeline.reset()


@pytest.fixture
def purged(settings):
    settings.OPEN_DATA_AUTO_REGENERATE = False
    settings.WAGTAILFRONTENDCACHE = {
        "recording": {"BACKEND": "tests.publishing.purge_support.RecordingBackend"}
    }
    RecordingBackend.batches = []
    RecordingBackend.sequences = []
    return RecordingBackend.batches


@pytest.fixture
def contest(tree, offices, district):
    """A draft in district 1 with its live substitute, a live rival, and two unrelated pages."""
    _, actors = tree
    mr = offices["diputacion-mr"]

    def live(actor, **kwargs):
        return CandidacyPageFactory(parent=actors[actor], complete=True, publish=True, **kwargs)

    substitute = live(
        "PAN", office=mr, district=district, formula_role=FormulaRole.SUBSTITUTE, title="Suplente"
    )
    draft = CandidacyPageFactory(
        parent=actors["PAN"],
        office=mr,
        district=district,
        substitute=substitute,
        complete=True,
        title="Ana Draft",
    )
    pages = {
        "actors": actors,
        "draft": draft,
        "substitute": substitute,
        "rival": live("PRI", office=mr, district=district, title="Rival Mismo Distrito"),
        "elsewhere": live(
            "PRI",
            office=mr,
            district=DistrictFactory(process=mr.process, number=2),
            title="Otro Distrito",
        ),
        "governor": live("PRI", office=offices["gubernatura"], title="Otra Elección"),
    }
    pipeline.reset()  # these publications' own commit would have purged them
    return pages
