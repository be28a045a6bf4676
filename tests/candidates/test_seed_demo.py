"""`manage.py seed_demo`: refuses without DEBUG, builds the Coahuila demo once, never twice."""

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from candidates.choices import FormulaRole, Sex
from candidates.models import CandidacyPage, CapturingActorPage
from elections.models import ElectoralProcess, Party

DEMO_USERS = {"admin", "moderador", "pan", "pri", "prd", "pt", "pvem", "morena", "udc"}


def run_seed(*args):
    out = io.StringIO()
    call_command("seed_demo", "--distritos", "1", "--posiciones-rp", "1", *args, stdout=out)
    return out.getvalue()


def test_seed_demo_refuses_to_run_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="solo se ejecuta con DEBUG"):
        call_command("seed_demo")
    assert not CandidacyPage.objects.exists()
    assert not get_user_model().objects.filter(username="admin").exists()


def test_seed_demo_builds_the_demo_once(db, settings):
    """One build (it takes seconds), every property checked on it, then a second run."""
    settings.DEBUG = True
    call_command("load_catalogs", stdout=io.StringIO())
    output = run_seed()
    check_counts(output)
    check_siglado()
    check_formulas()
    check_parity_and_states()
    check_accounts()
    check_capture_pages_and_emblems()
    check_second_run_creates_nothing()


def check_counts(seeded):
    process = ElectoralProcess.objects.get(slug="pelo-coahuila-2023")
    pages = CandidacyPage.objects.filter(office__process=process)
    # 4 governorship candidacies; 1 district × 4 contenders × 2; 7 RP lists × 1 fórmula × 2.
    assert pages.count() == 4 + 8 + 14
    governorship = pages.filter(office__slug="gubernatura")
    assert governorship.count() == 4
    assert governorship.filter(live=True).count() == 4
    assert sorted((c.coalition.slug if c.coalition else c.party.acronym) for c in governorship) == [
        "MORENA",
        "PT",
        "alianza-ciudadana-por-la-seguridad",
        "rescatemos-coahuila",
    ]
    assert "Demostración creada" in seeded and "Ventana de captura abierta" in seeded
    assert process.capture_window_is_open()


def check_siglado():
    district_one = CandidacyPage.objects.filter(
        office__slug="diputacion-mr", district__number=1, formula_role=FormulaRole.OWNER
    )
    alliance = district_one.get(coalition__slug="alianza-ciudadana-por-la-seguridad")
    rescue = district_one.get(coalition__slug="rescatemos-coahuila")
    assert alliance.party.acronym == "PAN"  # the siglado gives district 1 to PAN
    assert alliance.get_parent().specific.party.acronym == "PAN"
    assert rescue.get_parent().specific.party.acronym == "UDC"


def check_formulas():
    owners = CandidacyPage.objects.filter(
        office__has_substitutes=True, formula_role=FormulaRole.OWNER
    )
    assert owners.count() == 4 + 7
    for owner in owners.select_related("substitute"):
        substitute = owner.substitute
        assert substitute.formula_role == FormulaRole.SUBSTITUTE
        assert substitute.principal == owner
        assert substitute.sex == owner.sex
        assert substitute.office_id == owner.office_id
        assert substitute.district_id == owner.district_id


def check_parity_and_states():
    pages = CandidacyPage.objects.all()
    women, men = pages.filter(sex=Sex.WOMAN).count(), pages.filter(sex=Sex.MAN).count()
    assert abs(women - men) <= 4
    assert pages.filter(live=True).exists()
    assert pages.filter(live=False).exists()
    assert pages.filter(curricular_complete=True).exists()
    # Drafts were saved as revisions, as the admin does.
    assert all(page.latest_revision_id for page in pages)


def check_accounts():
    users = get_user_model().objects.filter(username__in=DEMO_USERS)
    assert set(users.values_list("username", flat=True)) == DEMO_USERS
    admin = users.get(username="admin")
    assert admin.is_superuser and admin.check_password("conoceles-demo")
    assert users.get(username="pan").check_password("conoceles-demo")
    assert users.get(username="moderador").groups.filter(name="Moderadores IEC").exists()
    assert (
        users.get(username="udc")
        .groups.filter(name="Capturistas UDC · pelo-coahuila-2023")
        .exists()
    )
    assert not users.get(username="pan").is_superuser


def check_capture_pages_and_emblems():
    acronyms = set(CapturingActorPage.objects.values_list("party__acronym", flat=True))
    assert acronyms == {"PAN", "PRI", "PRD", "PT", "PVEM", "MORENA", "UDC"}
    assert not Party.objects.get(acronym="MC").emblem_id
    assert Party.objects.get(acronym="PAN").emblem_id


def check_second_run_creates_nothing():
    counts = (CandidacyPage.objects.count(), get_user_model().objects.count())
    output = run_seed()
    assert "ya existe" in output
    assert (CandidacyPage.objects.count(), get_user_model().objects.count()) == counts
