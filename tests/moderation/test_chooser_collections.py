"""A party cannot attach another party's image or document to its candidacy by id (issue #11, 1).

The probe's attack, replayed: the party's capturist posts its own candidacy's edit form with
`photo` (or `three_of_three`) set to the id of a file in another party's collection, then
submits it for review and a moderator approves what was submitted. The form must refuse the id
in Spanish, and the database, the review queue and the public profile must stay as they were.
"""

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.models import Collection

import pytest

from candidates.factories import PortraitFactory
from moderation.forms import DOCUMENT_NOT_CHOOSABLE, IMAGE_NOT_CHOOSABLE
from moderation.media_permissions import is_moderated
from moderation.roles import collection_name

from .forms import candidacy_post_data

pytestmark = pytest.mark.django_db

Document = get_document_model()
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def forget_renditions():
    """Wagtail caches renditions by image id, and ids come back after each test's rollback."""
    cache.clear()


def collection_of(world, owner):
    return Collection.objects.get(name=collection_name(world.actors[owner].party))


def private_photo(world, owner):
    return PortraitFactory(
        title=f"Retrato reservado de {owner}",
        collection=collection_of(world, owner),
        uploaded_by_user=world.users[owner.lower()],
    )


def private_document(world, owner):
    return Document.objects.create(
        title=f"3 de 3 reservado de {owner}",
        file=ContentFile(PDF, name="3de3.pdf"),
        collection=collection_of(world, owner),
        uploaded_by_user=world.users[owner.lower()],
    )


def forged_submission(client, world, page, owner, **media):
    data = candidacy_post_data(world, owner, title=page.title, slug=page.slug, **media)
    data["action-submit"] = "Enviar a revisión"
    return client.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), data)


def approve_if_submitted(client, world, page):
    page.refresh_from_db()
    task_state = page.current_workflow_task_state
    if task_state is None:
        return
    client.force_login(world.users["moderator"])
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    client.post(url, {})


@pytest.mark.parametrize("field", ["photo", "three_of_three"])
def test_another_partys_file_is_refused_and_nothing_reaches_the_public_profile(
    world, client, field
):
    page = world.published("PAN")
    # The file of another party's unpublished draft, as in the probe.
    if field == "photo":
        stolen, refusal = private_photo(world, "PRD"), IMAGE_NOT_CHOOSABLE
    else:
        stolen, refusal = private_document(world, "PRD"), DOCUMENT_NOT_CHOOSABLE
    world.candidacy("PRD", **{field: stolen})
    revisions = page.revisions.count()

    client.force_login(world.users["pan"])
    response = forged_submission(client, world, page, "PAN", **{field: stolen.pk})

    assert response.status_code == 200
    assert refusal in response.content.decode()
    # The refused file is not shown back in the chooser either: its title is another party's.
    assert stolen.title not in response.content.decode()
    approve_if_submitted(client, world, page)
    page.refresh_from_db()
    assert page.revisions.count() == revisions
    assert not page.workflow_in_progress
    assert getattr(page, f"{field}_id") is None
    assert getattr(page.get_latest_revision_as_object(), f"{field}_id") is None
    client.logout()
    public = client.get(page.url).content.decode()
    assert stolen.title not in public
    assert stolen.file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0] not in public
    # Its owner keeps it: it did not become a moderated file.
    assert not is_moderated(stolen)


@pytest.mark.parametrize("field", ["photo", "three_of_three"])
def test_a_file_of_the_partys_own_collection_is_accepted(world, client, field):
    page = world.candidacy("PAN")
    own = private_photo(world, "PAN") if field == "photo" else private_document(world, "PAN")
    client.force_login(world.users["pan"])
    forged_submission(client, world, page, "PAN", **{field: own.pk})
    page.refresh_from_db()
    assert page.workflow_in_progress
    assert getattr(page.get_latest_revision_as_object(), f"{field}_id") == own.pk


def test_reviewers_choose_from_every_collection(world, client):
    page = world.candidacy("PAN")
    prd_photo = private_photo(world, "PRD")
    client.force_login(world.users["moderator"])
    data = candidacy_post_data(world, "PAN", title=page.title, slug=page.slug, photo=prd_photo.pk)
    client.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), data)
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().photo_id == prd_photo.pk


def test_a_file_the_page_already_has_is_kept_when_the_party_saves(world, client):
    """The IEC attached a file of its own collection; the party's later edits still save."""
    iec_photo = PortraitFactory(title="Foto del IEC", collection=Collection.get_first_root_node())
    page = world.candidacy("PAN", photo=iec_photo)
    client.force_login(world.users["pan"])
    data = candidacy_post_data(world, "PAN", title=page.title, slug=page.slug, photo=iec_photo.pk)
    data["action-submit"] = "Enviar a revisión"
    client.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), data)
    page.refresh_from_db()
    assert page.workflow_in_progress
    assert page.get_latest_revision_as_object().photo_id == iec_photo.pk


def test_every_page_form_with_an_image_or_document_field_checks_collections():
    """A new page type (or field) with a media chooser gets the check, or this test names it."""
    from django.db.models import ForeignKey

    from wagtail.images import get_image_model
    from wagtail.models import get_page_models

    from moderation.forms import ChooserPermissionMixin

    media = {get_image_model(), Document}
    for model in get_page_models():
        fields = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, ForeignKey) and field.related_model in media
        ]
        if fields:
            form_class = model.get_edit_handler().get_form_class()
            assert issubclass(form_class, ChooserPermissionMixin), (model, fields)
