"""The party's e-mail on a decision is a queued task: the decision never waits on the mail server,
and a retry reaches only the capturists the server refused."""

import re

from django.core import mail
from django.test import override_settings
from django.urls import reverse

from wagtail.models import WorkflowState

import pytest
from django_tasks import default_task_backend

from moderation import notifications
from moderation.tasks import NotificationNotSent, notify_party

pytestmark = pytest.mark.django_db
DUMMY = {
    "default": {
        "BACKEND": "django_tasks.backends.dummy.DummyBackend",
        "QUEUES": ["default", "slow"],
    }
}


@pytest.fixture
def colleagues(world, django_user_model):
    """Two more PAN capturists: the party's mail goes to everyone but the submitter."""
    from django.contrib.auth.models import Group

    from moderation.roles import capturist_group_name

    group = Group.objects.get(name=capturist_group_name(world.actors["PAN"].actor))
    for number in (2, 3):
        user = django_user_model.objects.create_user(
            f"captura-pan-{number}", f"pan{number}@example.org", "x"
        )
        user.groups.add(group)


def reject(world, login, page):
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "reject", task_state.pk))
    client = login(world.users["moderator"])
    response = client.post(url, {"section": "propuestas", "comment": "Falta la propuesta 2."})
    assert response.status_code == 302


def test_a_decision_queues_the_party_email_and_the_worker_sends_it(world, login, colleagues):
    page = world.submitted("PAN")
    mail.outbox.clear()
    with override_settings(TASKS=DUMMY):
        reject(world, login, page)
        queued = [r for r in default_task_backend.results if r.task.name == "notify_party"]
        state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(page.pk))
        assert [r.args for r in queued] == [[state.pk, "rejected", world.users["moderator"].pk]]
        party = {u.email for u in notifications.capturists_of(page, exclude=[state.requested_by])}
        assert party and not party & {a for m in mail.outbox for a in m.to}  # not yet

        assert notify_party.call(*queued[0].args) == len(party)
    assert party <= {a for m in mail.outbox for a in m.to}


def test_only_the_refused_recipients_are_tried_again(world, login, colleagues, monkeypatch):
    page = world.submitted("PAN")
    with override_settings(TASKS=DUMMY):
        reject(world, login, page)
        (queued,) = [r for r in default_task_backend.results if r.task.name == "notify_party"]
        state = WorkflowState.objects.get(pk=queued.args[0])
        recipients = sorted(
            u.pk for u in notifications.capturists_of(page, exclude=[state.requested_by])
        )
        refused = recipients[0]
        real = notifications.PartyRejectionNotifier.send_notifications

        def server_refuses_one(self, template_set, context, users, **kwargs):
            if any(user.pk == refused for user in users):
                return False
            return real(self, template_set, context, users, **kwargs)

        monkeypatch.setattr(
            notifications.PartyRejectionNotifier, "send_notifications", server_refuses_one
        )
        mail.outbox.clear()
        with pytest.raises(NotificationNotSent):
            notify_party.call(*queued.args)

        retry = default_task_backend.results[-1]
        assert retry.args[3:] == [[refused], 2]  # only the refused one, second attempt
        assert retry.task.run_after is not None  # later, not at once
        assert len(mail.outbox) == len(recipients) - 1


def test_the_party_email_links_straight_to_the_observations(world, login, colleagues):
    page = world.submitted("PAN")
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "reject", task_state.pk))
    login(world.users["moderator"]).post(
        url,
        {
            "nota_propuestas": "Falta la propuesta 2.",
            "nota_trayectoria": "La trayectoria repite la historia laboral.",
        },
    )
    mail.outbox.clear()
    with override_settings(TASKS=DUMMY):
        state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(page.pk))
        assert notify_party.call(state.pk, "rejected", world.users["moderator"].pk) == 2
    colleague = type(world.users["pan"]).objects.get(username="captura-pan-2")
    (message,) = [m for m in mail.outbox if colleague.email in m.to]
    assert "Observaciones a la candidatura" in message.subject
    assert "Falta la propuesta 2." in message.body
    edit_path = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    links = re.findall(r"http://testserver(/\S+)", message.body)
    assert f"{edit_path}#observaciones" in links

    # The link opens the edit page for that party's capturist, at the banner with both notes.
    path, anchor = f"{edit_path}#observaciones".split("#")
    response = login(colleague).get(path)
    assert response.status_code == 200
    html = response.content.decode()
    banner = html[html.index(f'id="{anchor}"') :]
    banner = banner[: banner.index("</div>")]
    assert "Falta la propuesta 2." in banner
    assert "La trayectoria repite la historia laboral." in banner
