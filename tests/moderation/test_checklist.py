"""The review checklist and the process's submission policy."""

from django.urls import reverse

from wagtail.models import PageLogEntry, WorkflowState

import pytest

from identity.services import accept_notice
from moderation.checklist import checklist
from moderation.models import SubmissionPolicy

from .forms import candidacy_post_data

pytestmark = pytest.mark.django_db


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def test_items_name_what_is_missing_and_what_looks_wrong(world):
    page = world.candidacy("PAN", notice=False)
    # As an import could have stored them (the form itself refuses the link).
    page.facebook_url, page.gender_proposal = "https://example.org/ana", "N/A"
    keys = {item.key for item in checklist(page)}
    assert {"privacy_notice", "photo", "placeholders", "unknown_networks"} <= keys
    # No policy: only the privacy notice blocks (moderation.models.DEFAULT_BLOCKING_CHECKS).
    assert [item.key for item in checklist(page) if item.blocking] == ["privacy_notice"]
    accept_notice(page, world.users["pan"])
    assert not any(item.blocking for item in checklist(page))


def test_policy_marks_blocking_items_first(world):
    SubmissionPolicy.objects.create(process=world.process, blocking_checks=["photo"])
    items = checklist(world.candidacy("PAN"))
    assert items[0].key == "photo" and items[0].blocking
    assert all(not item.blocking for item in items[1:])


def test_a_blocked_submission_keeps_what_was_typed(world, login):
    SubmissionPolicy.objects.create(
        process=world.process, blocking_checks=["privacy_notice", "photo"]
    )
    page = world.candidacy("PAN", title="Ana Pérez", notice=False)
    client = login(world.users["pan"])
    typed = "Texto nuevo escrito por el partido. " * 12
    data = candidacy_post_data(world, "PAN", title=page.title, slug=page.slug, motivation=typed)
    data["action-submit"] = "Enviar a revisión"
    response = client.post(edit_url(page), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "No se puede enviar a revisión: falta" in html
    assert "«Aceptación del aviso de privacidad vigente»" in html
    assert "«Fotografía»" in html
    assert typed.strip()[:60] in html  # the form comes back with the typed text
    assert page.current_workflow_state is None

    # Saving a draft is never blocked.
    data.pop("action-submit")
    assert client.post(edit_url(page), data).status_code == 302

    # Once the notice is accepted and a photo chosen, the submission goes through.
    accept_notice(page, world.users["pan"])
    data = candidacy_post_data(
        world, "PAN", title=page.title, slug=page.slug, photo=world.image_of("PAN").pk
    )
    data["action-submit"] = "Enviar a revisión"
    assert client.post(edit_url(page), data).status_code == 302
    page.refresh_from_db()
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_moderators_see_the_checklist_on_the_review_screen(world, login):
    page = world.candidacy("PAN", notice=False)
    page.get_workflow().start(page, world.users["pan"])  # as an import could have
    html = login(world.users["moderator"]).get(edit_url(page)).content.decode()
    assert "Lista de revisión" in html
    assert "Aceptación del aviso de privacidad vigente" in html


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("admin", True), ("moderator", False), ("pan", False), ("anonymous", False)],
)
def test_only_administrators_edit_the_policy(world, login, role, allowed):
    client = login(world.users[role])
    url = reverse("submission_policy:add")
    response = client.get(url)
    assert (response.status_code == 200) is allowed, response.status_code
    response = client.post(url, {"process": world.process.pk, "blocking_checks": ["photo"]})
    assert SubmissionPolicy.objects.filter(process=world.process).exists() is allowed
    if allowed:
        policy = SubmissionPolicy.objects.get(process=world.process)
        assert policy.blocking_checks == ["photo"]


def submitted_without_notice(world):
    page = world.candidacy("PAN", title="Ana Pérez", notice=False)
    page.get_workflow().start(page, world.users["pan"])  # as an import could have
    page.refresh_from_db()
    return page


def approve_url(page):
    task_state = page.current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))


def assert_still_in_review(page):
    page.refresh_from_db()
    assert not page.live
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert not PageLogEntry.objects.filter(page=page, action="wagtail.publish").exists()


APPROVAL_REFUSAL = "No se puede aprobar: falta «Aceptación del aviso de privacidad vigente»"


def test_a_forged_approval_of_a_blocked_candidacy_is_refused(world, login):
    page = submitted_without_notice(world)
    client = login(world.users["moderator"])
    url = approve_url(page)
    response = client.post(url, {"comment": "Todo bien."}, follow=True)
    assert response.redirect_chain[-1][0] == edit_url(page)
    assert APPROVAL_REFUSAL in response.content.decode()
    assert_still_in_review(page)

    # The modal's request ("Aprobar con comentario") is told to go to the edit page instead.
    response = client.post(url, {"comment": "x"}, headers={"x-requested-with": "XMLHttpRequest"})
    assert response.json()["step"] == "success"
    assert response.json()["redirect"] == edit_url(page)
    assert APPROVAL_REFUSAL in client.get(edit_url(page)).content.decode()
    assert_still_in_review(page)

    accept_notice(page, world.users["pan"])
    assert client.post(url, {}).status_code == 302
    page.refresh_from_db()
    assert page.live


def test_approving_from_the_review_screen_keeps_the_moderators_edits(world, login):
    page = submitted_without_notice(world)
    revisions = page.revisions.count()
    client = login(world.users["moderator"])
    typed = "Corrección de estilo hecha por la moderadora antes de aprobar. " * 6
    data = candidacy_post_data(world, "PAN", title=page.title, slug=page.slug, motivation=typed)
    data.update({"action-workflow-action": "true", "workflow-action-name": "approve"})
    response = client.post(edit_url(page), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert APPROVAL_REFUSAL in html
    assert typed.strip()[:60] in html
    assert page.revisions.count() == revisions
    assert_still_in_review(page)

    accept_notice(page, world.users["pan"])
    assert client.post(edit_url(page), data).status_code == 302
    page.refresh_from_db()
    assert page.live
    assert typed.strip()[:60] in page.motivation


def test_a_process_policy_also_holds_back_the_single_approval(world, login):
    SubmissionPolicy.objects.create(process=world.process, blocking_checks=["photo"])
    page = world.submitted("PAN")
    response = login(world.users["moderator"]).post(approve_url(page), {}, follow=True)
    assert "No se puede aprobar: falta «Fotografía»" in response.content.decode()
    assert_still_in_review(page)
