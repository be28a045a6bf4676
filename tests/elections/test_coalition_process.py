"""A coalition's parties, offices and districts are of the coalition's own process (issue #13).

A party is one row per process, so a 2027 coalition that listed 2023's PAN would show, and let
capture, a party that does not run in 2027. The admin form, the catalog loader and a guard on
the relation itself refuse it, in Spanish.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

import pytest

from elections.catalog_loader import DEFAULT_CATALOG, load_catalog
from elections.factories import (
    CoalitionFactory,
    ElectoralProcessFactory,
    OfficeFactory,
    PartyFactory,
)
from elections.models import Coalition

pytestmark = pytest.mark.django_db

MESSAGE = "Los partidos de una coalición deben ser del mismo proceso que la coalición"


@pytest.fixture
def two_processes():
    first = ElectoralProcessFactory(slug="pel-primero", name="Primero")
    second = ElectoralProcessFactory(slug="pel-segundo", name="Segundo")
    return first, second


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    client.force_login(user)
    return client


def _post(admin_client, process, members, offices):
    return admin_client.post(
        reverse("elections_coalition_modeladmin_create"),
        {
            "process": process.pk,
            "kind": "coalicion",
            "name": "Va por Todos",
            "slug": "va-por-todos",
            "color": "#123456",
            "members": [party.pk for party in members],
            "offices": [office.pk for office in offices],
        },
    )


def test_the_admin_form_refuses_a_party_of_another_process(admin_client, two_processes):
    first, second = two_processes
    own = PartyFactory(process=first, acronym="PAN", slug="pan")
    foreign = PartyFactory(process=second, acronym="PRI", slug="pri")
    office = OfficeFactory(process=first)
    response = _post(admin_client, first, [own, foreign], [office])
    assert response.status_code == 200
    page = response.content.decode()
    assert MESSAGE in page and "«PRI» (Segundo) no lo es." in page
    assert not Coalition.objects.exists()

    response = _post(admin_client, first, [own], [office])
    assert response.status_code == 302
    assert list(Coalition.objects.get().members.all()) == [own]


def test_the_admin_form_refuses_an_office_of_another_process(admin_client, two_processes):
    first, second = two_processes
    own = PartyFactory(process=first, acronym="PAN", slug="pan")
    response = _post(admin_client, first, [own], [OfficeFactory(process=second)])
    assert response.status_code == 200
    assert "Los cargos de una coalición deben ser del proceso Primero" in response.content.decode()
    assert not Coalition.objects.exists()


def test_no_code_path_adds_a_party_of_another_process(two_processes):
    first, second = two_processes
    coalition = CoalitionFactory(process=first)
    own = PartyFactory(process=first, acronym="PAN", slug="pan")
    foreign = PartyFactory(process=second, acronym="PRI", slug="pri")
    coalition.members.add(own)
    # (Each in its own savepoint: the relation writes inside an atomic block.)
    with pytest.raises(ValidationError, match=MESSAGE), transaction.atomic():
        coalition.members.add(foreign)
    with pytest.raises(ValidationError, match=MESSAGE), transaction.atomic():
        foreign.coalitions.add(coalition)  # the reverse side of the relation
    with pytest.raises(ValidationError, match=MESSAGE), transaction.atomic():
        coalition.members.set([own, foreign])
    assert list(coalition.members.all()) == [own]


def test_reloading_the_catalog_drops_a_member_of_another_process():
    """Rows written before the guard (bulk inserts skip signals) are healed by the loader."""
    coahuila, _report = load_catalog(DEFAULT_CATALOG)
    other = ElectoralProcessFactory(slug="pel-otro")
    intruder = PartyFactory(process=other, acronym="INTRUSO", slug="intruso")
    coalition = coahuila.coalitions.order_by("slug").first()
    members = set(coalition.members.values_list("acronym", flat=True))
    Coalition.members.through.objects.bulk_create(
        [Coalition.members.through(coalition=coalition, party=intruder)]
    )
    load_catalog(DEFAULT_CATALOG)
    assert set(coalition.members.values_list("acronym", flat=True)) == members
    assert all(party.process_id == coahuila.pk for party in coalition.members.all())
