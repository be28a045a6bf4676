"""Open-data fixtures: a cold rendition cache, native candidacies in every INE shape, a registry."""

from django.core.cache import cache

import pytest

from candidates.choices import FormulaRole, Sex
from candidates.factories import CandidacyPageFactory
from elections.factories import DistrictFactory
from opendata.reading.registry import load_registry

from .factories_helpers import HEADER, MR, RP, answer_identity, csv_file, published


@pytest.fixture(autouse=True)
def own_media_folder(settings, tmp_path_factory):
    """Each test its own MEDIA_ROOT, so the public open-data folder (and anything a test leaves
    in it) is never another test's; apart from `tmp_path`, which tests use as an export folder."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture
def forget_renditions():
    """Wagtail caches renditions by image id, and ids come back after each test's rollback."""
    cache.clear()


# Native candidacies (not imported from INE), so that the conventions INE's own file shows are
# checked on data we capture ourselves.
@pytest.fixture
def native(tree, offices, process):
    """Native candidacies in every INE shape: governorship, an MR fórmula (propietaria and her
    suplente), an RP list member, one with an untouched questionnaire, one with consent."""
    _page, actors = tree
    district = DistrictFactory(process=process, number=5, head_town="Monclova")
    governor = published(actors["PAN"], offices["gubernatura"], title="Gabriela Gobierno Uno")
    suplente = published(
        actors["PRI"],
        offices["diputacion-mr"],
        district=district,
        title="Sara Suplente Dos",
        formula_role=FormulaRole.SUBSTITUTE,
        sex=Sex.WOMAN,
    )
    owner = published(
        actors["PRI"],
        offices["diputacion-mr"],
        district=district,
        title="Paula Propietaria Tres",
        sex=Sex.WOMAN,
        substitute=suplente,
    )
    listed = published(
        actors["PAN"], offices["diputacion-rp"], title="Rita Lista Cuatro", list_position=2
    )
    blank = CandidacyPageFactory(
        parent=actors["PAN"],
        office=offices["diputacion-mr"],
        district=district,
        title="Vicente Vacío Cinco",
        sex=Sex.MAN,
        publish=True,
    )
    answer_identity(owner, publication=True)
    answer_identity(governor, publication=False, statistics=True)
    return {
        "governor": governor,
        "owner": owner,
        "suplente": suplente,
        "listed": listed,
        "blank": blank,
    }


@pytest.fixture
def setup(tree, offices, district):
    """The process (election 4 Jun 2023), PAN and PRI, MR (min. 21, district 1 Acuña), RP."""
    return tree[0].process


@pytest.fixture
def loaded(tmp_path, setup):
    """A registry already loaded, so that "unchanged" is checked against real rows."""
    path = csv_file(
        tmp_path,
        [
            HEADER,
            f"Lucía Pérez,Mujer,1980-05-01,{MR},1,,PAN,propietaria,",
            f"Marta Ruiz,Mujer,1990-01-02,{MR},1,,PAN,suplente,",
            f"Néstor Gil,Hombre,1975-03-03,{RP},,1,PRI,propietario,",
        ],
        name="previo.csv",
    )
    report = load_registry(path, setup)
    assert (report.created, report.errors) == (3, [])
    return path
