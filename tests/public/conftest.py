"""A small published Coahuila-like site for the public pages' tests."""

import itertools

from django.core.cache import cache

import pytest

from candidates.choices import AffirmativeAction, EducationLevel, FormulaRole, Sex
from candidates.factories import CandidacyPageFactory, PortraitFactory, build_process_tree
from elections.factories import (
    CoalitionFactory,
    DistrictFactory,
    MunicipalityFactory,
    OfficeFactory,
)


@pytest.fixture(autouse=True)
def fresh_cache():
    """Public pages cache catalogs and figures; every test starts from an empty cache."""
    cache.clear()
    yield
    cache.clear()


class Site:
    """Handles to what `public_site` built, by role in the tests."""


def build_public_site(process, extra_candidacies=0, photos=True):
    process_page, actors = build_process_tree(process, parties=("PAN", "PRI", "MORENA"))
    site = Site()
    site.process = process
    site.process_page = process_page
    site.actors = actors
    site.governorship = OfficeFactory(process=process, governorship=True)
    site.mr = OfficeFactory(process=process)
    site.rp = OfficeFactory(process=process, proportional=True)
    site.acuna = MunicipalityFactory(inegi_code="05002", name="Acuña")
    site.torreon = MunicipalityFactory(inegi_code="05035", name="Torreón")
    site.d1 = DistrictFactory(
        process=process, number=1, head_town="Acuña", municipalities=[site.acuna]
    )
    site.d8 = DistrictFactory(
        process=process, number=8, head_town="Torreón", municipalities=[site.torreon]
    )
    site.d9 = DistrictFactory(
        process=process, number=9, head_town="Torreón", municipalities=[site.torreon]
    )
    pan, pri, morena = (actors[a].party for a in ("PAN", "PRI", "MORENA"))
    site.parties = {"PAN": pan, "PRI": pri, "MORENA": morena}
    site.coalition = CoalitionFactory(
        process=process, name="Alianza Ciudadana por la Seguridad", members=[pan, pri]
    )

    def candidacy(actor, **kwargs):
        kwargs.setdefault("complete", True)
        kwargs.setdefault("publish", True)
        if photos and "photo" not in kwargs:
            kwargs["photo"] = PortraitFactory()
        return CandidacyPageFactory(parent=actors[actor], **kwargs)

    site.candidacy = candidacy
    site.jose = candidacy(
        "PRI",
        title="José Pérez Íñiguez",
        office=site.governorship,
        sex=Sex.MAN,
        coalition=site.coalition,
    )
    site.maria = candidacy(
        "MORENA", title="María Fernanda López Ramos", office=site.governorship, sex=Sex.WOMAN
    )
    site.suplente = candidacy(
        "PAN",
        title="Lucía Garza Treviño",
        office=site.mr,
        district=site.d1,
        sex=Sex.WOMAN,
        formula_role=FormulaRole.SUBSTITUTE,
        coalition=site.coalition,
    )
    site.propietaria = candidacy(
        "PAN",
        title="Ana Sofía Valdés Ramos",
        office=site.mr,
        district=site.d1,
        sex=Sex.WOMAN,
        substitute=site.suplente,
        coalition=site.coalition,
        affirmative_action=AffirmativeAction.YOUTH,
    )
    site.rival_d1 = candidacy(
        "MORENA",
        title="Ricardo Flores Castro",
        office=site.mr,
        district=site.d1,
        sex=Sex.MAN,
        education_level=EducationLevel.MASTER,
    )
    site.torreon_8 = candidacy(
        "MORENA", title="Beatriz Salinas Ortega", office=site.mr, district=site.d8, sex=Sex.WOMAN
    )
    site.rp_1 = candidacy(
        "PRI", title="Héctor Ramírez Luna", office=site.rp, list_position=1, sex=Sex.MAN
    )
    site.incomplete = candidacy(
        "MORENA",
        title="Pedro Sin Datos",
        office=site.mr,
        district=site.d9,
        sex=Sex.MAN,
        complete=False,
        photo=None,
    )
    site.draft = candidacy(
        "PAN", title="Borrador Secreto Quintanilla", office=site.mr, district=site.d1, publish=False
    )
    site.extra = add_candidacies(site, extra_candidacies)
    return site


def add_candidacies(site, how_many, parties=("MORENA",), sexes=(Sex.NON_BINARY,), shared_photos=0):
    """More published deputies of the same kind, to grow the data without adding page shapes.

    Districts, parties and sexes are taken in turn. With `shared_photos`, that many portraits are
    made and reused in turn (fewer renditions to make); otherwise each candidacy gets its own, or
    none on a site built without photos.
    """
    photos = itertools.cycle([PortraitFactory() for _ in range(shared_photos)])
    districts = itertools.cycle([site.d1, site.d8, site.d9])
    parties, sexes = itertools.cycle(parties), itertools.cycle(sexes)
    added = []
    for _ in range(how_many):
        extra = {"photo": next(photos)} if shared_photos else {}
        added.append(
            site.candidacy(
                next(parties), office=site.mr, district=next(districts), sex=next(sexes), **extra
            )
        )
    return added


@pytest.fixture(scope="module")
def public_site(django_db_setup, django_db_blocker):
    """Built once per module inside a transaction that is rolled back at the end; each test
    still runs in its own savepoint (the `db` fixture), so tests cannot leak into each other."""
    from django.db import transaction

    from elections.factories import ElectoralProcessFactory
    from publishing import pipeline

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            site = build_public_site(ElectoralProcessFactory())
            # Its pages' publication batch waits for a commit that never comes: without this,
            # the module's first test that commits a change flushed it too, and renewed every
            # profile of the site (a test passed or failed by the order it ran in).
            pipeline.reset()
            yield site
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
