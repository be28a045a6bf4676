"""The candidate's name and slug are registration data: the IEC's once it approved them (#11, 4).

The probe's attack, replayed: the party's capturist posts its approved candidacy's edit form with
another name and slug, submits it, and a moderator approves the submission. The public profile
must keep the registered name at the same address.
"""

from django.urls import reverse

import pytest

from candidates.models import CandidacyPage
from moderation.forms import LOCKED_HELP

from .forms import candidacy_post_data

pytestmark = pytest.mark.django_db


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def test_party_cannot_rename_an_approved_candidacy(world, client):
    page = world.published("PAN")
    name, slug, url = page.title, page.slug, page.url
    client.force_login(world.users["pan"])
    assert LOCKED_HELP in client.get(edit_url(page)).content.decode()

    data = candidacy_post_data(world, "PAN", title="Nombre Suplantado", slug="nombre-suplantado")
    data["action-submit"] = "Enviar a revisión"
    client.post(edit_url(page), data)
    page.refresh_from_db()
    assert page.workflow_in_progress  # the rest of the edit went through...
    submitted = page.get_latest_revision_as_object()
    assert (submitted.title, submitted.slug) == (name, slug)  # ...without the new name

    client.force_login(world.users["moderator"])
    task_state = page.current_workflow_task_state
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    )
    page = CandidacyPage.objects.get(pk=page.pk)
    assert (page.title, page.draft_title, page.slug) == (name, name, slug)
    client.logout()
    assert client.get(url).status_code == 200
    assert name in client.get(url).content.decode()
    assert "Nombre Suplantado" not in client.get(url).content.decode()


def test_moderators_correct_the_registered_name(world, client):
    page = world.published("PAN")
    client.force_login(world.users["moderator"])
    data = candidacy_post_data(world, "PAN", title="Nombre Corregido", slug=page.slug)
    client.post(edit_url(page), data)
    assert CandidacyPage.objects.get(pk=page.pk).get_latest_revision_as_object().title == (
        "Nombre Corregido"
    )


def test_party_names_its_candidacy_until_the_iec_approves_it(world, client):
    page = world.candidacy("PAN")
    client.force_login(world.users["pan"])
    data = candidacy_post_data(world, "PAN", title="Nombre Corregido", slug=page.slug)
    client.post(edit_url(page), data)
    assert CandidacyPage.objects.get(pk=page.pk).get_latest_revision_as_object().title == (
        "Nombre Corregido"
    )
