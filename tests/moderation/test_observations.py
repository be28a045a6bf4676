"""Observations reach the party: several per round, one per section, shown at the top of the
edit form and at each section, and read back in Spanish words."""

from django.urls import reverse

from wagtail.models import WorkflowState

import pytest

from identity.services import accept_notice
from moderation.models import note_field_name
from moderation.observations import (
    DRAFT,
    IN_REVIEW,
    PUBLISHED,
    WITH_OBSERVATIONS,
    current_round,
    parse,
    review_summary,
)

pytestmark = pytest.mark.django_db


def action_url(page, action):
    task_state = page.current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def request_changes(client, page, **notes):
    data = {note_field_name(section): text for section, text in notes.items()}
    return client.post(action_url(page, "reject"), data)


def test_one_round_takes_one_observation_per_section(world, login):
    page = world.submitted("PAN")
    client = login(world.users["moderator"])
    response = request_changes(
        client,
        page,
        propuestas="La propuesta 2 repite la 1.",
        **{"historia-profesional": "Falta el último empleo."},
    )
    assert response.status_code == 302
    page.refresh_from_db()
    round_ = current_round(page)
    assert [(o.section, o.text) for o in round_.observations] == [
        ("propuestas", "La propuesta 2 repite la 1."),
        ("historia-profesional", "Falta el último empleo."),
    ]
    assert round_.moderator == world.users["moderator"]


def test_a_round_without_any_observation_is_refused(world, login):
    page = world.submitted("PAN")
    request_changes(login(world.users["moderator"]), page, propuestas="   ")
    page.refresh_from_db()
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_party_sees_each_observation_in_the_banner_and_at_its_section(world, login):
    page = world.submitted("PAN")
    request_changes(
        login(world.users["moderator"]),
        page,
        propuestas="La propuesta 2 repite la 1.",
        aspiracion="Explique su motivación.",
    )
    html = login(world.users["pan"]).get(edit_url(page)).content.decode()
    assert "Observaciones del instituto" in html
    # The banner with both, plus the panel of each of the two sections.
    assert html.count("conoceles-observations") == 3
    assert html.count("La propuesta 2 repite la 1.") >= 2
    assert html.count("Explique su motivación.") >= 2
    banner = html.index("Observaciones del instituto")
    section = html.index("Observación del instituto en esta sección")
    assert banner < section


def test_no_banner_once_resubmitted(world, login):
    page = world.submitted("PAN")
    request_changes(login(world.users["moderator"]), page, propuestas="Corrija.")
    page.refresh_from_db()
    page.current_workflow_state.resume(user=world.users["pan"])
    page.refresh_from_db()
    assert current_round(page) is None
    html = login(world.users["pan"]).get(edit_url(page)).content.decode()
    assert "Observaciones del instituto" not in html


def test_review_states_in_spanish(world):
    draft = world.candidacy("PAN", title="Borrador Uno")
    in_review = world.submitted("PAN")
    returned = world.submitted("PAN")
    task_state = returned.current_workflow_task_state
    task_state.task.specific.on_action(
        task_state, world.users["moderator"], "reject", notes=[("propuestas", "Corrija.")]
    )
    published = world.published("PAN")
    summary = review_summary([draft, in_review, returned, published])
    assert summary[draft.pk][0] == DRAFT
    assert summary[in_review.pk][0] == IN_REVIEW
    assert summary[returned.pk][0] == WITH_OBSERVATIONS
    assert summary[returned.pk][1].observations[0].text == "Corrija."
    assert summary[published.pk][0] == PUBLISHED


def test_parse_keeps_multiline_observations_and_a_general_head():
    comment = (
        "Revise todo.\nSección «Propuestas políticas»: Línea 1\nlínea 2\n"
        "Sección «Aspiración al cargo»: X"
    )
    parsed = [(o.section, o.text) for o in parse(comment)]
    assert parsed == [
        ("", "Revise todo."),
        ("propuestas", "Línea 1\nlínea 2"),
        ("aspiracion", "X"),
    ]


def test_checklist_lists_what_is_missing_on_the_edit_page(world, login):
    page = world.candidacy("PAN", complete=False)
    html = login(world.users["pan"]).get(edit_url(page)).content.decode()
    assert "Lista de revisión" in html
    assert "Advertencia: Fotografía" in html
    complete = world.candidacy("PAN", title="Completa", photo=world.image_of("PAN"))
    accept_notice(complete, world.users["pan"])
    html = login(world.users["pan"]).get(edit_url(complete)).content.decode()
    assert "Lista de revisión" not in html
