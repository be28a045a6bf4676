"""Several processes of several institutes in one installation (issue #13, data model).

Coahuila 2023 (the demo catalog) and a synthetic second state share acronyms (PAN, PRI,
MORENA) on purpose: each process keeps its own party rows, page tree, capture pages and
capturist groups, and loading one never touches the other.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from wagtail.models import GroupPagePermission

import pytest

from candidates.factories import CandidacyPageFactory
from candidates.models import CapturingActorPage, ProcessPage
from candidates.tree import ensure_process_tree
from elections.catalog_loader import DEFAULT_CATALOG, load_catalog
from elections.models import ElectoralProcess, Party
from moderation.roles import capturist_group_name, sync_roles

from .several_processes import COAHUILA, SECOND, SECOND_CATALOG, load_two_processes

pytestmark = pytest.mark.django_db


@pytest.fixture
def two():
    return load_two_processes()


def test_the_same_acronym_is_one_party_per_process(two):
    pans = {p.process.slug: p for p in Party.objects.filter(acronym="PAN")}
    assert set(pans) == {COAHUILA, SECOND}
    coahuila_pan, second_pan = pans[COAHUILA], pans[SECOND]
    # The second catalog did not overwrite the first's name, colour or order on the ballot.
    assert (coahuila_pan.name, coahuila_pan.color, coahuila_pan.sort_order) == (
        "Partido Acción Nacional",
        "#0A4A9F",
        1,
    )
    assert (second_pan.name, second_pan.color, second_pan.sort_order) == (
        "Partido Acción Nacional (Estado Sintético)",
        "#123456",
        2,
    )
    assert set(two.coahuila.parties.values_list("acronym", flat=True)) == {
        "PAN",
        "PRI",
        "PRD",
        "PT",
        "PVEM",
        "MC",
        "MORENA",
        "UDC",
    }
    assert set(two.second.parties.values_list("acronym", flat=True)) == {
        "MORENA",
        "PAN",
        "PRI",
        "PES",
    }


def test_coalitions_and_siglado_point_at_their_own_process_parties(two):
    coalition = two.second.coalitions.get(slug="va-por-el-estado")
    assert {p.process_id for p in coalition.members.all()} == {two.second.pk}
    assert {e.party.process_id for e in coalition.siglado.all()} == {two.second.pk}
    for coalition in two.coahuila.coalitions.all():
        assert {p.process_id for p in coalition.members.all()} == {two.coahuila.pk}


def test_reloading_either_catalog_changes_nothing(two):
    _, first = load_catalog(DEFAULT_CATALOG)
    _, second = load_catalog(SECOND_CATALOG)
    assert first.created == first.updated == {}
    assert second.created == second.updated == {}
    assert ensure_process_tree(two.coahuila)[1] == 0
    assert ensure_process_tree(two.second)[1] == 0


def test_each_process_has_its_own_tree_and_capture_pages(two):
    assert ProcessPage.objects.count() == 2
    assert set(two.coahuila_actors) == {"PAN", "PRI", "PRD", "PT", "PVEM", "MORENA", "UDC"}
    assert set(two.second_actors) == {"MORENA", "PAN", "PRI", "PES", "rosa-independiente"}
    for actors, process in ((two.coahuila_actors, two.coahuila), (two.second_actors, two.second)):
        for page in actors.values():
            assert page.actor.process_id == process.pk
    # Twelve capture pages in all: the second process got one for every party, PAN included.
    assert CapturingActorPage.objects.count() == 12
    assert two.coahuila_actors["PAN"].pk != two.second_actors["PAN"].pk


def test_capturist_groups_are_per_process(two):
    sync_roles()
    coahuila_pan = two.coahuila_actors["PAN"]
    second_pan = two.second_actors["PAN"]
    coahuila_group = Group.objects.get(name=capturist_group_name(coahuila_pan.party))
    second_group = Group.objects.get(name=capturist_group_name(second_pan.party))
    assert coahuila_group.name == f"Capturistas PAN · {COAHUILA}"
    assert second_group.name == f"Capturistas PAN · {SECOND}"
    pages = GroupPagePermission.objects.values_list("page_id", flat=True)
    assert set(pages.filter(group=coahuila_group)) == {coahuila_pan.pk}
    assert set(pages.filter(group=second_group)) == {second_pan.pk}
    independent = two.second_actors["rosa-independiente"].independent
    assert Group.objects.filter(name=f"Capturistas Rosa Independiente · {SECOND}").exists()
    assert capturist_group_name(independent).endswith(SECOND)


@pytest.fixture
def capture_open(two):
    """Both capture windows open, so that only the process can explain a refusal."""
    now = timezone.now()
    ElectoralProcess.objects.update(
        capture_opens_at=now - dt.timedelta(days=1), capture_closes_at=now + dt.timedelta(days=1)
    )
    two.coahuila.refresh_from_db()
    two.second.refresh_from_db()
    return two


def _capturist(actor_page, username):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "x")
    user.groups.add(Group.objects.get(name=capturist_group_name(actor_page.actor)))
    return user


def test_a_capturist_of_one_process_cannot_touch_the_other_process(client, capture_open):
    two = capture_open
    own_actor, other_actor = two.second_actors["PAN"], two.coahuila_actors["PAN"]
    archived = CandidacyPageFactory(
        parent=other_actor, office=two.coahuila.offices.get(slug="diputacion-rp")
    )
    own = CandidacyPageFactory(
        parent=own_actor, office=two.second.offices.get(slug="diputacion-rp")
    )
    user = _capturist(own_actor, "captura-pan-2027")
    client.force_login(user)

    def add_url(actor):
        return reverse("wagtailadmin_pages:add", args=("candidates", "candidacypage", actor.pk))

    assert client.get(add_url(own_actor)).status_code == 200
    assert client.get(reverse("wagtailadmin_pages:edit", args=(own.pk,))).status_code == 200
    refused_add = client.get(add_url(other_actor))
    refused_edit = client.get(reverse("wagtailadmin_pages:edit", args=(archived.pk,)))
    assert refused_add.status_code in (302, 403)
    assert refused_edit.status_code in (302, 403)
    assert not archived.permissions_for_user(user).can_edit()
    assert own.permissions_for_user(user).can_edit()
    # The reverse holds too: Coahuila's PAN capturist cannot edit the second state's PAN.
    coahuila_user = _capturist(other_actor, "captura-pan-2023")
    assert not own.permissions_for_user(coahuila_user).can_edit()
    assert archived.permissions_for_user(coahuila_user).can_edit()


# --- A process created in the admin ("Catálogos") gets its whole tree -------------------------


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.org", "x"))
    return client


PROCESS_FORM = {
    "name": "Proceso Electoral Local 2028",
    "slug": "pel-2028",
    "institute_name": "Instituto Electoral de Otro Estado",
    "institute_acronym": "IEOE",
    "state_name": "Otro Estado",
    "state_code": "31",
    "starts_on": "2027-09-01",
    "registration_starts_on": "2028-03-01",
    "registration_ends_on": "2028-03-10",
    "campaign_starts_on": "2028-04-01",
    "campaign_ends_on": "2028-05-31",
    "election_day": "2028-06-04",
    "capture_opens_at": "2028-03-01 09:00",
    "capture_closes_at": "2028-05-31 23:59",
    "publish_start": "2028-04-01",
    "online_until": "2028-12-31",
    "limits_count_spaces": "on",
    "motivation_min_chars": 280,
    "motivation_max_chars": 2500,
    "proposal_min_chars": 280,
    "proposal_max_chars": 1600,
    "history_min_chars": 280,
    "history_max_chars": 5000,
    "course_max_chars": 250,
    "photo_max_bytes": 2097152,
    "photo_min_width": 300,
    "photo_min_height": 300,
    "photo_max_width": 4000,
    "photo_max_height": 4000,
    "age_bands": "18-24,25-29,30-39,40-49,50-59,60+",
    "statistics_min_cell": 5,
}


def test_a_process_created_in_the_admin_gets_its_page_then_its_party_pages(admin_client):
    response = admin_client.post(
        reverse("elections_electoralprocess_modeladmin_create"), PROCESS_FORM
    )
    assert response.status_code == 302, response.context["form"].errors
    process = ElectoralProcess.objects.get(slug="pel-2028")
    process_page = ProcessPage.objects.get(process=process)
    assert process_page.live and process_page.get_parent().specific_class.__name__ == "HomePage"

    response = admin_client.post(
        reverse("elections_party_modeladmin_create"),
        {
            "process": process.pk,
            "name": "Partido Acción Nacional",
            "acronym": "PAN",
            "slug": "pan",
            "color": "#0A4A9F",
            "sort_order": 1,
        },
    )
    assert response.status_code == 302
    party = Party.objects.get(process=process, acronym="PAN")
    actor_page = CapturingActorPage.objects.get(party=party)
    assert actor_page.get_parent().pk == process_page.pk
    group = Group.objects.get(name=f"Capturistas PAN · {process.slug}")
    assert GroupPagePermission.objects.filter(group=group, page=actor_page).exists()


def test_a_party_form_refuses_a_duplicate_acronym_in_the_same_process_only(admin_client, two):
    url = reverse("elections_party_modeladmin_create")
    data = {"name": "Otro PAN", "acronym": "PAN", "slug": "pan-2", "color": "#000000"}
    response = admin_client.post(url, {**data, "process": two.second.pk, "sort_order": 9})
    assert response.status_code == 200
    assert Party.objects.filter(process=two.second, acronym="PAN").count() == 1
    other = ElectoralProcess.objects.create(
        **{
            k: v
            for k, v in PROCESS_FORM.items()
            if k not in ("limits_count_spaces",) and not k.startswith(("capture_",))
        },
        capture_opens_at=timezone.now(),
        capture_closes_at=timezone.now() + dt.timedelta(days=1),
    )
    response = admin_client.post(url, {**data, "process": other.pk, "sort_order": 9})
    assert response.status_code == 302
    assert Party.objects.filter(acronym="PAN").count() == 3
