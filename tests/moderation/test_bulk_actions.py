"""Bulk submit, approve and request changes go through the review workflow, page by page."""

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import Page, PageLogEntry, WorkflowPage, WorkflowState

import pytest

from candidates.models import CandidacyPage
from identity.services import accept_notice
from moderation.models import SubmissionPolicy

pytestmark = pytest.mark.django_db


def bulk_url(action, pages, **params):
    query = "&".join(f"id={page.pk}" for page in pages)
    extra = "".join(f"&{key}={value}" for key, value in params.items())
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", action))
    return f"{url}?{query}{extra}"


def explorer(client, page):
    return client.get(reverse("wagtailadmin_explore", args=(page.pk,))).content.decode()


def state_of(page):
    return WorkflowState.objects.filter(
        base_content_type__model="page", object_id=str(page.pk)
    ).latest("created_at")


def reject(world, login, page, section="propuestas", text="Amplíe la propuesta."):
    from moderation.models import CandidacyReviewTask

    task_state = page.current_workflow_task_state
    task = task_state.task.specific
    assert isinstance(task, CandidacyReviewTask)
    task.on_action(task_state, world.users["moderator"], "reject", notes=[(section, text)])


def test_party_submits_several_of_its_candidacies_at_once(world, login):
    pages = [world.candidacy("PAN", title=f"Persona {n}") for n in range(3)]
    client = login(world.users["pan"])
    confirmation = client.get(bulk_url("enviar-a-revision", pages))
    assert confirmation.status_code == 200
    html = confirmation.content.decode()
    assert "Sí, enviar a revisión" in html
    assert "Advertencia: Fotografía" in html  # the checklist is shown before submitting

    mail.outbox.clear()
    response = client.post(bulk_url("enviar-a-revision", pages, next="/admin/"))
    assert response.status_code == 302
    for page in pages:
        state = state_of(page)
        assert state.status == WorkflowState.STATUS_IN_PROGRESS
        assert state.requested_by == world.users["pan"]
        assert PageLogEntry.objects.filter(page=page, action="wagtail.workflow.start").exists()
        page.refresh_from_db()
        assert not page.live
    # The moderators hear of each submission, as from the edit form.
    assert [m for m in mail.outbox if world.users["moderator"].email in m.to]


def test_bulk_submit_resumes_a_workflow_with_observations(world, login):
    page = world.submitted("PAN")
    reject(world, login, page)
    assert state_of(page).status == WorkflowState.STATUS_NEEDS_CHANGES
    login(world.users["pan"]).post(bulk_url("enviar-a-revision", [page]))
    assert state_of(page).status == WorkflowState.STATUS_IN_PROGRESS
    assert WorkflowState.objects.filter(object_id=str(page.pk)).count() == 1  # resumed


def test_forged_ids_of_another_party_are_ignored(world, login):
    mine = world.candidacy("PAN", title="Mía")
    theirs = world.candidacy("PRD", title="Candidatura Ajena Secreta")
    client = login(world.users["pan"])
    html = client.get(bulk_url("enviar-a-revision", [mine, theirs])).content.decode()
    assert "Candidatura Ajena Secreta" not in html
    client.post(bulk_url("enviar-a-revision", [mine, theirs]))
    assert state_of(mine).status == WorkflowState.STATUS_IN_PROGRESS
    assert not WorkflowState.objects.filter(object_id=str(theirs.pk)).exists()


@pytest.mark.parametrize("role", ["pan", "anonymous"])
def test_parties_and_anonymous_cannot_approve_in_bulk(world, login, role):
    page = world.submitted("PAN")
    client = login(world.users[role])
    client.post(bulk_url("aprobar", [page]), {"comment": ""})
    page.refresh_from_db()
    assert not page.live
    assert state_of(page).status == WorkflowState.STATUS_IN_PROGRESS


def test_moderator_approves_three_through_the_workflow(world, login):
    pages = [world.submitted(owner) for owner in ("PAN", "PRI", "PRD")]
    draft = world.candidacy("PAN", title="Sin enviar")
    client = login(world.users["moderator"])
    html = client.get(bulk_url("aprobar", [*pages, draft])).content.decode()
    assert "Sí, aprobar y publicar" in html
    assert "No se pueden aprobar estas páginas" in html  # the draft is not in review

    mail.outbox.clear()
    response = client.post(bulk_url("aprobar", [*pages, draft]), {"comment": "Correcto."})
    assert response.status_code == 302
    for page in pages:
        page.refresh_from_db()
        assert page.live
        assert state_of(page).status == WorkflowState.STATUS_APPROVED
        for action in ("wagtail.workflow.approve", "wagtail.publish"):
            entry = PageLogEntry.objects.get(page=page, action=action)
            assert entry.user == world.users["moderator"]
    draft.refresh_from_db()
    assert not draft.live
    # Each party's capturists are told, through the task queue, as for a single approval.
    recipients = {address for message in mail.outbox for address in message.to}
    assert {world.users[role].email for role in ("pan", "pri", "prd")} <= recipients


def test_moderator_requests_changes_in_bulk_with_one_observation(world, login):
    pages = [world.submitted("PAN"), world.submitted("PRI")]
    client = login(world.users["moderator"])
    # Without a section or text: refused with a Spanish message, nothing changes.
    response = client.post(bulk_url("solicitar-cambios", pages), {"section": "", "comment": " "})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Indique la sección" in html
    assert "Escriba la observación" in html
    assert all(state_of(p).status == WorkflowState.STATUS_IN_PROGRESS for p in pages)

    mail.outbox.clear()
    response = client.post(
        bulk_url("solicitar-cambios", pages),
        {"section": "propuestas", "comment": "Las propuestas repiten el texto del partido."},
    )
    assert response.status_code == 302
    for page in pages:
        state = state_of(page)
        assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
        assert state.current_task_state.comment == (
            "Sección «Propuestas políticas»: Las propuestas repiten el texto del partido."
        )
        assert PageLogEntry.objects.filter(page=page, action="wagtail.workflow.reject").exists()
    recipients = {address for message in mail.outbox for address in message.to}
    assert world.users["pan"].email in recipients and world.users["pri"].email in recipients


def test_plain_bulk_publish_is_not_offered_while_the_workflow_applies(world, login):
    world.candidacy("PAN")
    actor_page = world.actors["PAN"]
    for role in ("admin", "moderator", "pan"):
        html = explorer(login(world.users[role]), actor_page)
        assert "Publicar páginas seleccionadas" not in html, role
        assert "Publish selected pages" not in html, role
    party_html = explorer(login(world.users["pan"]), actor_page)
    assert "Enviar a revisión las candidaturas seleccionadas" in party_html
    assert "Aprobar y publicar las candidaturas seleccionadas" not in party_html
    assert "Despublicar" not in party_html and "Unpublish selected" not in party_html
    moderator_html = explorer(login(world.users["moderator"]), actor_page)
    assert "Aprobar y publicar las candidaturas seleccionadas" in moderator_html
    assert "Solicitar cambios en las candidaturas seleccionadas" in moderator_html
    # Where no workflow applies, administrators keep Wagtail's action (Wagtail's default
    # workflow sits on the root page: take it off for this check).
    root = Page.get_first_root_node()
    WorkflowPage.objects.filter(page=root).delete()
    assert "Publicar páginas seleccionadas" in explorer(login(world.users["admin"]), root)


@pytest.mark.parametrize("role", ["admin", "moderator", "pan"])
def test_forged_bulk_publish_is_refused(world, login, role):
    page = world.submitted("PAN")
    draft = world.candidacy("PAN", title="Borrador")
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    login(world.users[role]).post(f"{url}?id={page.pk}&id={draft.pk}", {})
    for candidacy in (page, draft):
        candidacy.refresh_from_db()
        assert not candidacy.live
        assert not PageLogEntry.objects.filter(page=candidacy, action="wagtail.publish").exists()
    assert state_of(page).status == WorkflowState.STATUS_IN_PROGRESS


def test_policy_blocks_a_bulk_submission_and_says_why(world, login):
    SubmissionPolicy.objects.create(process=world.process, blocking_checks=["privacy_notice"])
    accepted = world.candidacy("PAN", title="Con aviso", notice=False)
    accept_notice(accepted, world.users["pan"])
    missing = world.candidacy("PAN", title="Sin aviso aceptado", notice=False)
    client = login(world.users["pan"])
    html = client.get(bulk_url("enviar-a-revision", [accepted, missing])).content.decode()
    assert "1 candidatura no se incluye" in html
    assert "Aceptación del aviso de privacidad vigente" in html
    client.post(bulk_url("enviar-a-revision", [accepted, missing]))
    assert state_of(accepted).status == WorkflowState.STATUS_IN_PROGRESS
    assert not WorkflowState.objects.filter(object_id=str(missing.pk)).exists()


def test_bulk_approval_takes_a_bounded_number_of_queries(
    world, login, django_assert_max_num_queries
):
    few = [world.submitted("PAN") for _ in range(2)]
    many = [world.submitted("PRI") for _ in range(6)]
    client = login(world.users["moderator"])
    with CaptureQueriesContext(connection) as small:
        client.get(bulk_url("aprobar", few))
    with CaptureQueriesContext(connection) as large:
        client.get(bulk_url("aprobar", many))
    per_page = (len(large) - len(small)) / (len(many) - len(few))
    assert per_page <= 25, per_page
    assert CandidacyPage.objects.filter(live=True).count() == 0
