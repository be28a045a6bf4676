"""The review cycle through the admin: submit → request changes → fix → resubmit → approve."""

from django.core import mail
from django.urls import reverse

from wagtail.models import PageLogEntry, WorkflowState

import pytest

from candidates.models import CandidacyPage
from identity.services import accept_notice

from .forms import candidacy_post_data

pytestmark = pytest.mark.django_db


def add_url(world, owner):
    actor = world.actors[owner]
    return reverse("wagtailadmin_pages:add", args=("candidates", "candidacypage", actor.pk))


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def action_url(page, action):
    task_state = page.current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))


def test_party_creates_and_submits_and_moderators_are_emailed(world, login):
    client = login(world.users["pan"])
    data = candidacy_post_data(world, "PAN", title="Ana Pérez López")
    data["action-submit"] = "Enviar a moderación"
    # A new person has not accepted the privacy notice yet: the default policy refuses.
    response = client.post(add_url(world, "PAN"), data)
    assert response.status_code == 200
    assert "«Aceptación del aviso de privacidad vigente»" in response.content.decode()
    assert not CandidacyPage.objects.filter(title="Ana Pérez López").exists()

    # Saved as a draft, the notice recorded, the submission goes through.
    del data["action-submit"]
    assert client.post(add_url(world, "PAN"), data).status_code == 302
    page = CandidacyPage.objects.get(title="Ana Pérez López")
    accept_notice(page, world.users["pan"])
    data.update(slug=page.slug, **{"action-submit": "Enviar a moderación"})
    response = client.post(edit_url(page), data)
    assert response.status_code == 302, response.content.decode()[:3000]

    page.refresh_from_db()
    assert page.get_parent().pk == world.actors["PAN"].pk
    assert not page.live
    assert page.workflow_in_progress
    assert page.owner == world.users["pan"]
    moderator_mail = [m for m in mail.outbox if world.users["moderator"].email in m.to]
    assert moderator_mail, [m.to for m in mail.outbox]
    assert not [m for m in mail.outbox if world.users["pri"].email in m.to]


def test_request_changes_names_the_section_and_party_is_emailed(world, login):
    page = world.submitted("PAN")
    mail.outbox.clear()
    client = login(world.users["moderator"])
    response = client.post(
        action_url(page, "reject"),
        {"section": "propuestas", "comment": "La propuesta 2 repite la 1."},
    )
    assert response.status_code == 302
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    comment = state.current_task_state.comment
    assert comment == "Sección «Propuestas políticas»: La propuesta 2 repite la 1."
    recipients = {address for message in mail.outbox for address in message.to}
    assert world.users["pan"].email in recipients
    assert world.users["pri"].email not in recipients
    assert PageLogEntry.objects.filter(page=page, action="wagtail.workflow.reject").exists()


def test_request_changes_without_section_is_refused(world, login):
    page = world.submitted("PAN")
    client = login(world.users["moderator"])
    client.post(
        action_url(page, "reject"),
        {"comment": "Falta algo."},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    page.refresh_from_db()
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_fix_resubmit_and_approve_publishes(world, login):
    page = world.submitted("PAN")
    moderator = login(world.users["moderator"])
    moderator.post(action_url(page, "reject"), {"section": "aspiracion", "comment": "Amplíe."})

    party = login(world.users["pan"])
    data = candidacy_post_data(world, "PAN", title=page.title, slug=page.slug)
    data["action-submit"] = "Enviar de nuevo"
    response = party.post(edit_url(page), data)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS

    moderator = login(world.users["moderator"])
    response = moderator.post(action_url(page, "approve"), {})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    actions = list(PageLogEntry.objects.filter(page=page).values_list("action", flat=True))
    for expected in (
        "wagtail.workflow.start",
        "wagtail.workflow.reject",
        "wagtail.workflow.approve",
        "wagtail.publish",
    ):
        assert expected in actions
    publish = PageLogEntry.objects.get(page=page, action="wagtail.publish")
    assert publish.user == world.users["moderator"]
    assert publish.timestamp is not None


def test_party_edit_of_a_published_candidacy_waits_for_moderation(world, login):
    page = world.published("PAN")
    live_motivation = page.motivation
    client = login(world.users["pan"])
    motivation = live_motivation[:-20] + " Texto corregido."
    data = candidacy_post_data(
        world, "PAN", title=page.title, slug=page.slug, motivation=motivation
    )
    data["action-publish"] = "Publicar"
    client.post(edit_url(page), data)
    page.refresh_from_db()
    assert page.motivation == live_motivation
    assert page.has_unpublished_changes
    assert page.get_latest_revision_as_object().motivation == motivation


def test_moderator_compares_published_and_submitted_versions(world, login):
    page = world.published("PAN")
    revision = page.get_latest_revision_as_object()
    revision.motivation = revision.motivation + " Texto agregado por el partido."
    revision.save_revision(user=world.users["pan"])
    page.get_workflow().start(page, world.users["pan"])

    client = login(world.users["moderator"])
    editor = client.get(edit_url(page))
    compare_url = reverse("wagtailadmin_pages:revisions_compare", args=(page.pk, "live", "latest"))
    assert compare_url in editor.content.decode()
    response = client.get(compare_url)
    assert response.status_code == 200
    assert "Texto agregado por el partido." in response.content.decode()
    history = client.get(reverse("wagtailadmin_pages:history", args=(page.pk,)))
    assert history.status_code == 200

    # Another party cannot see the comparison.
    other = login(world.users["prd"])
    assert other.get(compare_url).status_code == 302


def test_registration_data_freezes_for_the_party_once_approved(world, login):
    from elections.factories import DistrictFactory

    other_district = DistrictFactory(process=world.process, number=2, head_town="Piedras Negras")
    page = world.published("PAN")
    client = login(world.users["pan"])
    editor = client.get(edit_url(page)).content.decode()
    assert "Dato del registro aprobado por el IEC" in editor
    data = candidacy_post_data(
        world, "PAN", title=page.title, slug=page.slug, district=other_district.pk, sex="H"
    )
    revisions = page.revisions.count()
    client.post(edit_url(page), data)
    assert page.revisions.count() == revisions + 1  # the edit was saved...
    draft = CandidacyPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert draft.district_id == world.district.pk  # ...without the registration change
    assert draft.sex == page.sex

    client = login(world.users["moderator"])
    client.post(edit_url(page), data)
    draft = CandidacyPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert draft.district_id == other_district.pk


def test_registration_data_is_editable_before_approval(world, login):
    page = world.candidacy("PAN")
    client = login(world.users["pan"])
    data = candidacy_post_data(world, "PAN", title=page.title, slug=page.slug, sex="X")
    client.post(edit_url(page), data)
    assert CandidacyPage.objects.get(pk=page.pk).get_latest_revision_as_object().sex == "X"
