"""Requests no screen offers (another party's ids, reviewer-only actions) change nothing."""

from django.urls import reverse

from wagtail.images import get_image_model
from wagtail.models import Collection, PageLogEntry

import pytest

from candidates.factories import portrait_png
from candidates.models import CandidacyPage
from moderation.roles import collection_name
from moderation.signals import UNPUBLISH_WITH_REASON

from .forms import candidacy_post_data

pytestmark = pytest.mark.django_db


def test_create_under_another_partys_page_id(world, login):
    client = login(world.users["pan"])
    prd = world.actors["PRD"]
    url = reverse("wagtailadmin_pages:add", args=("candidates", "candidacypage", prd.pk))
    response = client.post(url, candidacy_post_data(world, "PRD", title="Intrusa"))
    assert response.status_code == 302
    assert not CandidacyPage.objects.filter(title="Intrusa").exists()


def test_edit_of_a_coalition_partners_page(world, login):
    page = world.candidacy("PRI")
    before = page.revisions.count()
    client = login(world.users["pan"])
    data = candidacy_post_data(world, "PRI", title="Cambiada por PAN", slug=page.slug)
    data["action-submit"] = "Enviar"
    client.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), data)
    page.refresh_from_db()
    assert page.revisions.count() == before
    assert not page.workflow_in_progress


def test_capturist_cannot_approve_its_own_submission(world, login):
    page = world.submitted("PAN")
    task_state = page.current_workflow_task_state
    client = login(world.users["pan"])
    for action, data in [("approve", {}), ("reject", {"section": "propuestas", "comment": "x"})]:
        url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))
        client.post(url, data)
    page.refresh_from_db()
    task_state.refresh_from_db()
    assert not page.live
    assert task_state.status == task_state.STATUS_IN_PROGRESS
    assert not PageLogEntry.objects.filter(page=page, action="wagtail.publish").exists()


@pytest.mark.parametrize("role", ["moderator", "admin", "pan"])
def test_wagtails_plain_unpublish_is_closed_without_a_reason(world, login, role):
    page = world.published("PAN")
    client = login(world.users[role])
    client.post(reverse("wagtailadmin_pages:unpublish", args=(page.pk,)))
    page.refresh_from_db()
    assert page.live


def test_withdrawal_needs_a_reason_and_logs_it(world, login):
    page = world.published("PAN")
    client = login(world.users["moderator"])
    url = reverse("moderation:withdraw", args=(page.pk,))
    assert client.get(url).status_code == 200
    client.post(url, {"reason": ""})
    page.refresh_from_db()
    assert page.live
    client.post(url, {"reason": "La fotografía incluye el logotipo del partido."})
    page.refresh_from_db()
    assert not page.live
    entry = PageLogEntry.objects.get(page=page, action=UNPUBLISH_WITH_REASON)
    assert entry.user == world.users["moderator"]
    assert entry.data["reason"] == "La fotografía incluye el logotipo del partido."
    assert PageLogEntry.objects.filter(page=page, action="wagtail.unpublish").exists()


def test_capturist_cannot_withdraw_its_own_published_candidacy(world, login):
    page = world.published("PAN")
    client = login(world.users["pan"])
    client.post(reverse("moderation:withdraw", args=(page.pk,)), {"reason": "Queremos retirarla."})
    page.refresh_from_db()
    assert page.live
    assert not PageLogEntry.objects.filter(page=page, action=UNPUBLISH_WITH_REASON).exists()


def test_publish_button_of_a_capturist_only_saves_a_draft(world, login):
    page = world.candidacy("PAN")
    client = login(world.users["pan"])
    data = candidacy_post_data(world, "PAN", title=page.title, slug=page.slug)
    data["action-publish"] = "Publicar"
    client.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), data)
    page.refresh_from_db()
    assert not page.live
    assert not PageLogEntry.objects.filter(page=page, action="wagtail.publish").exists()


def test_upload_into_another_partys_collection(world, login):
    client = login(world.users["pan"])
    prd_collection = Collection.objects.get(name=collection_name(world.actors["PRD"].party))
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("foto.png", portrait_png("x", size=300), "image/png")
    client.post(
        reverse("wagtailimages:add"),
        {"title": "Foto intrusa", "file": upload, "collection": prd_collection.pk},
    )
    # The forged collection is ignored: an upload can only land in the party's own collection.
    assert not get_image_model().objects.filter(collection=prd_collection).exists()
    image = get_image_model().objects.filter(title="Foto intrusa").first()
    if image is not None:
        assert image.collection.name == collection_name(world.actors["PAN"].party)


def test_capturist_uploads_land_only_in_its_own_collection(world, login):
    client = login(world.users["pan"])
    response = client.get(reverse("wagtailimages:add"))
    assert response.status_code == 200
    html = response.content.decode()
    assert collection_name(world.actors["PRI"].party) not in html
    assert collection_name(world.actors["PRD"].party) not in html
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("foto.png", portrait_png("y", size=300), "image/png")
    client.post(reverse("wagtailimages:add"), {"title": "Foto propia", "file": upload})
    image = get_image_model().objects.get(title="Foto propia")
    assert image.collection.name == collection_name(world.actors["PAN"].party)
    # ...and the coalition partner cannot see it.
    partner = login(world.users["pri"])
    assert "Foto propia" not in partner.get(reverse("wagtailimages:index")).content.decode()


def test_another_partys_image_cannot_be_opened_by_id(world, login):
    image = world.image_of("PRI")
    client = login(world.users["pan"])
    response = client.get(reverse("wagtailimages:edit", args=(image.pk,)))
    assert response.status_code == 302
    chosen = client.get(reverse("wagtailimages_chooser:chosen", args=(image.pk,)))
    assert image.title not in chosen.content.decode()
