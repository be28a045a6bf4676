"""The admin's home page: a party's workspace and the moderators' review queue."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import pytest

from moderation.dashboard import time_left
from moderation.models import note_field_name

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("wagtailadmin_home")


def reject(world, page, **notes):
    task_state = page.current_workflow_task_state
    task_state.task.specific.on_action(
        task_state, world.users["moderator"], "reject", notes=list(notes.items())
    )


@pytest.fixture
def party_pages(world):
    draft = world.candidacy("PAN", title="Ana Borrador", complete=False)
    submitted = world.submitted("PAN")
    returned = world.submitted("PAN")
    reject(world, returned, propuestas="La propuesta 2 no es concreta.")
    other_party = world.candidacy("PRI", title="Persona del PRI")
    return draft, submitted, returned, other_party


def rows_of(response):
    return [row.page.pk for row in response.context["rows"]]


def test_party_dashboard_has_its_workspace_and_none_of_wagtails_panels(world, login, party_pages):
    draft, submitted, returned, other_party = party_pages
    response = login(world.users["pan"]).get(DASHBOARD)
    html = response.content.decode()
    assert "Candidaturas de PAN" in html
    assert "La captura cierra el" in html and "quedan" in html
    assert set(rows_of(response)) == {draft.pk, submitted.pk, returned.pk}
    assert "Persona del PRI" not in html
    assert "Con observaciones" in html and "En revisión" in html and "Borrador" in html
    assert "La propuesta 2 no es concreta." in html
    assert "Atender las observaciones del IEC en 1 candidatura" in html
    wagtail_defaults = ("Search all pages", "Buscar en todas", "w-summary", "Editor Guide")
    for wagtail_default in wagtail_defaults:
        assert wagtail_default not in html


def test_party_table_filters_and_sorts_by_get_parameters(world, login, party_pages):
    draft, submitted, returned, _ = party_pages
    client = login(world.users["pan"])
    assert rows_of(client.get(DASHBOARD, {"estado": "observaciones"})) == [returned.pk]
    assert rows_of(client.get(DASHBOARD, {"estado": "revision"})) == [submitted.pk]
    assert rows_of(client.get(DASHBOARD, {"q": "ana borr"})) == [draft.pk]
    by_progress = client.get(DASHBOARD, {"orden": "avance"}).context["rows"]
    assert by_progress[0].page.pk == draft.pk
    assert [row.percent for row in by_progress] == sorted(row.percent for row in by_progress)
    descending = client.get(DASHBOARD, {"orden": "-avance"}).context["rows"]
    assert descending[-1].page.pk == draft.pk


def test_completeness_is_read_from_the_latest_draft(world, login, party_pages):
    draft = party_pages[0]
    before = next(r for r in login(world.users["pan"]).get(DASHBOARD).context["rows"])
    revision = draft.get_latest_revision_as_object()
    revision.education_level = "licenciatura"
    revision.education_status = "titulo"
    revision.save_revision(user=world.users["pan"])
    rows = login(world.users["pan"]).get(DASHBOARD).context["rows"]
    after = next(row for row in rows if row.page.pk == draft.pk)
    assert "Escolaridad" not in after.missing
    assert before is not None


def test_moderator_dashboard_shows_the_review_queue(world, login, party_pages):
    _, submitted, returned, _ = party_pages
    html = login(world.users["moderator"]).get(DASHBOARD).content.decode()
    assert "Candidaturas por revisar (1)" in html
    assert submitted.title in html
    assert "Con observaciones, en espera del partido (1)" in html
    assert "Candidaturas de PAN" not in html


def test_request_changes_form_has_one_field_per_section(world, login):
    page = world.submitted("PAN")
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "reject", task_state.pk))
    html = login(world.users["moderator"]).get(url).content.decode()
    for key in ("datos-generales", "propuestas", "historia-profesional"):
        assert f'name=\\"{note_field_name(key)}\\"' in html  # JSON-encoded modal


def test_time_left_in_spanish():
    now = timezone.now()
    assert time_left(now + timedelta(days=3, hours=4, minutes=5), now) == "3 días y 4 horas"
    assert time_left(now + timedelta(hours=1, minutes=1), now) == "1 hora y 1 minuto"
    assert time_left(now - timedelta(seconds=1), now) is None
