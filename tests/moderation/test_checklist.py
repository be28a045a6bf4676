"""The review checklist and the process's submission policy."""

from django.urls import reverse

from wagtail.models import WorkflowState

import pytest

from identity.services import accept_notice
from moderation.checklist import checklist
from moderation.models import SubmissionPolicy

from .forms import candidacy_post_data

pytestmark = pytest.mark.django_db


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def test_items_name_what_is_missing_and_what_looks_wrong(world):
    page = world.candidacy("PAN")
    # As an import could have stored them (the form itself refuses the link).
    page.facebook_url, page.gender_proposal = "https://example.org/ana", "N/A"
    keys = {item.key for item in checklist(page)}
    assert {"privacy_notice", "photo", "placeholders", "unknown_networks"} <= keys
    assert not any(item.blocking for item in checklist(page))  # no policy: all warn


def test_policy_marks_blocking_items_first(world):
    SubmissionPolicy.objects.create(process=world.process, blocking_checks=["photo"])
    items = checklist(world.candidacy("PAN"))
    assert items[0].key == "photo" and items[0].blocking
    assert all(not item.blocking for item in items[1:])


def test_a_blocked_submission_keeps_what_was_typed(world, login):
    SubmissionPolicy.objects.create(
        process=world.process, blocking_checks=["privacy_notice", "photo"]
    )
    page = world.candidacy("PAN", title="Ana Pérez")
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
    page = world.submitted("PAN")
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
