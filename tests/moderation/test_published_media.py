"""A published candidacy's photo and "3 de 3" change only through a revision the IEC approves.

The party may not edit, replace, move or delete an image or document that a live candidacy
shows, that a revision in review or scheduled will show, or that is an emblem; it may do all of
that with what no moderation has seen yet, and the IEC keeps every right. Each refusal is tried
through the real admin views (as the browser sends them, or forged) and judged by the database:
the file, its focal point and the row must be unchanged.
"""

from datetime import timedelta

from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission
from wagtail.permissions import policy_registry

import pytest

from candidates.factories import PortraitFactory, portrait_png
from moderation.media_permissions import ModeratedMediaPermissionPolicy, is_moderated
from moderation.roles import capturist_group_name, collection_name

from .forms import candidacy_post_data

pytestmark = pytest.mark.django_db

Image = get_image_model()
Document = get_document_model()
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
FOCAL_POINT = (10, 20, 30, 40)


@pytest.fixture(autouse=True)
def forget_renditions():
    """Wagtail caches renditions by image id, and ids come back after each test's rollback."""
    cache.clear()


def collection_of(world, owner):
    return Collection.objects.get(name=collection_name(world.actors[owner].party))


def photo(world, owner="PAN", **kwargs):
    """An image the party's capturist uploaded into the party's collection."""
    kwargs.setdefault("uploaded_by_user", world.users[owner.lower()])
    return PortraitFactory(collection=collection_of(world, owner), **kwargs)


def document(world, owner="PAN", title="3 de 3"):
    return Document.objects.create(
        title=title,
        file=ContentFile(PDF, name="3de3.pdf"),
        collection=collection_of(world, owner),
        uploaded_by_user=world.users[owner.lower()],
    )


def published_with(world, owner="PAN", **media):
    return world.candidacy(owner, publish=True, **media)


def draft_with(world, owner="PAN", **media):
    return world.candidacy(owner, **media)


def snapshot(instance):
    instance.refresh_from_db()
    fields = ["file", "title", "collection_id"]
    if isinstance(instance, Image):
        fields += ["focal_point_x", "focal_point_y", "focal_point_width", "focal_point_height"]
    return {name: str(getattr(instance, name)) for name in fields}


def refusal_messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def assert_refused_with_explanation(response, title):
    assert response.status_code in (302, 403)
    explained = [text for text in refusal_messages(response) if f"«{title}»" in text]
    assert explained, refusal_messages(response)
    assert "solo el IEC puede" in explained[0]


def image_edit_data(image):
    x, y, width, height = FOCAL_POINT
    return {
        "title": "Foto cambiada",
        "file": SimpleUploadedFile("otra.png", portrait_png("otra", size=400), "image/png"),
        "description": "",
        "collection": image.collection_id,
        "tags": "",
        "focal_point_x": x,
        "focal_point_y": y,
        "focal_point_width": width,
        "focal_point_height": height,
    }


def document_edit_data(doc):
    return {
        "title": "3 de 3 cambiado",
        "file": SimpleUploadedFile("otro.pdf", PDF + b"% otro\n", "application/pdf"),
        "collection": doc.collection_id,
        "tags": "",
    }


def edit_image(client, image):
    return client.post(reverse("wagtailimages:edit", args=(image.pk,)), image_edit_data(image))


def edit_document(client, doc):
    return client.post(reverse("wagtaildocs:edit", args=(doc.pk,)), document_edit_data(doc))


# --- The party: refused on what the IEC published ------------------------------------------


def test_capturist_cannot_open_the_edit_view_of_a_published_photo(world, login):
    image = photo(world)
    published_with(world, photo=image)
    client = login(world.users["pan"])
    response = client.get(reverse("wagtailimages:edit", args=(image.pk,)))
    assert_refused_with_explanation(response, image.title)
    assert "sube una imagen nueva" in refusal_messages(response)[-1]


def test_capturist_cannot_replace_the_file_or_focal_point_of_a_published_photo(world, login):
    image = photo(world)
    published_with(world, photo=image)
    before = snapshot(image)
    response = edit_image(login(world.users["pan"]), image)
    assert_refused_with_explanation(response, image.title)
    assert snapshot(image) == before


def test_capturist_cannot_delete_a_published_photo(world, login):
    image = photo(world)
    published_with(world, photo=image)
    client = login(world.users["pan"])
    url = reverse("wagtailimages:delete", args=(image.pk,))
    assert_refused_with_explanation(client.get(url), image.title)
    assert_refused_with_explanation(client.post(url), image.title)
    assert Image.objects.filter(pk=image.pk).exists()


def test_multiple_uploader_edit_and_delete_are_refused_too(world, login):
    image = photo(world)
    published_with(world, photo=image)
    before = snapshot(image)
    client = login(world.users["pan"])
    prefix = f"image-{image.pk}"
    client.post(
        reverse("wagtailimages:edit_multiple", args=(image.pk,)),
        {f"{prefix}-title": "Otro título", f"{prefix}-collection": image.collection_id},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    response = client.post(
        reverse("wagtailimages:delete_multiple", args=(image.pk,)),
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 403
    assert snapshot(image) == before


@pytest.mark.parametrize("action", ["delete", "add_to_collection", "add_tags"])
def test_bulk_actions_skip_a_published_photo(world, login, action):
    published = photo(world, title="Foto publicada")
    published_with(world, photo=published)
    free = photo(world, title="Foto libre")
    before = snapshot(published)
    # A sub-collection of the party's own: the only other place its images may move to.
    archive = collection_of(world, "PAN").add_child(instance=Collection(name="Archivo PAN"))
    client = login(world.users["pan"])
    url = reverse("wagtail_bulk_action", args=("wagtailimages", "image", action))
    url += f"?id={published.pk}&id={free.pk}"
    client.post(url, {"collection": archive.pk, "tags": "nueva"})
    assert snapshot(published) == before
    assert not published.tags.exists()
    # ...while the rest went ahead.
    if action == "delete":
        assert not Image.objects.filter(pk=free.pk).exists()
    elif action == "add_to_collection":
        assert snapshot(free)["collection_id"] == str(archive.pk)
    else:
        assert free.tags.exists()


def test_capturist_cannot_replace_or_delete_a_published_3_de_3(world, login):
    doc = document(world)
    published_with(world, three_of_three=doc)
    before = snapshot(doc)
    client = login(world.users["pan"])
    assert_refused_with_explanation(
        client.get(reverse("wagtaildocs:edit", args=(doc.pk,))), doc.title
    )
    assert_refused_with_explanation(edit_document(client, doc), doc.title)
    delete_url = reverse("wagtaildocs:delete", args=(doc.pk,))
    assert_refused_with_explanation(client.get(delete_url), doc.title)
    assert_refused_with_explanation(client.post(delete_url), doc.title)
    client.post(
        reverse("wagtaildocs:delete_multiple", args=(doc.pk,)),
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert snapshot(doc) == before
    assert "sube un documento nuevo" in refusal_messages(edit_document(client, doc))[-1]


def test_owning_the_upload_does_not_reopen_it(world, login):
    """Wagtail lets an uploader with only "add" edit their own images: still refused here."""
    GroupCollectionPermission.objects.filter(
        group__name=capturist_group_name(world.actors["PAN"].party),
        permission__in=Permission.objects.filter(codename="change_image"),
    ).delete()
    mine_published, mine_draft = photo(world), photo(world)
    published_with(world, photo=mine_published)
    draft_with(world, photo=mine_draft)
    before = snapshot(mine_published)
    client = login(world.users["pan"])
    assert edit_image(client, mine_draft).status_code == 302
    assert snapshot(mine_draft)["title"] == "Foto cambiada"  # Wagtail's ownership rule at work
    edit_image(client, mine_published)
    assert snapshot(mine_published) == before


def test_a_photo_in_review_is_frozen_until_the_iec_decides(world, login):
    """A file swapped after the moderator looked would be approved without being reviewed."""
    image = photo(world)
    page = draft_with(world, photo=image)
    page.get_workflow().start(page, world.users["pan"])
    page.refresh_from_db()
    before = snapshot(image)
    client = login(world.users["pan"])
    edit_image(client, image)
    assert snapshot(image) == before

    task_state = page.current_workflow_task_state
    login(world.users["moderator"]).post(
        reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "reject", task_state.pk)),
        {"section": "datos-generales", "comment": "La foto no se ve bien."},
    )
    page.refresh_from_db()
    assert not page.workflow_in_progress
    assert edit_image(login(world.users["pan"]), image).status_code == 302
    assert snapshot(image)["title"] == "Foto cambiada"


def test_a_photo_scheduled_to_go_live_is_frozen(world, login):
    image = photo(world)
    page = draft_with(world, photo=image)
    page.go_live_at = timezone.now() + timedelta(days=1)
    page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live
    before = snapshot(image)
    edit_image(login(world.users["pan"]), image)
    assert snapshot(image) == before


def test_an_emblem_is_the_iecs(world, login):
    image = photo(world, title="Emblema PAN")
    party = world.actors["PAN"].party
    party.emblem = image
    party.save()
    before = snapshot(image)
    edit_image(login(world.users["pan"]), image)
    assert snapshot(image) == before


# --- The party: allowed on what no moderation has seen -------------------------------------


def test_capturist_edits_and_deletes_a_photo_used_only_by_a_draft(world, login):
    image = photo(world)
    draft_with(world, photo=image)
    client = login(world.users["pan"])
    assert client.get(reverse("wagtailimages:edit", args=(image.pk,))).status_code == 200
    before = snapshot(image)
    response = edit_image(client, image)
    assert response.status_code == 302
    after = snapshot(image)
    assert after["file"] != before["file"]
    x, y, width, height = FOCAL_POINT
    assert (image.focal_point_x, image.focal_point_y) == (x, y)
    assert (image.focal_point_width, image.focal_point_height) == (width, height)
    client.post(reverse("wagtailimages:delete", args=(image.pk,)))
    assert not Image.objects.filter(pk=image.pk).exists()


def test_capturist_replaces_a_3_de_3_used_only_by_a_draft(world, login):
    doc = document(world)
    draft_with(world, three_of_three=doc)
    before = snapshot(doc)
    assert edit_document(login(world.users["pan"]), doc).status_code == 302
    assert snapshot(doc)["file"] != before["file"]


def test_a_new_photo_for_a_published_candidacy_goes_through_review(world, login):
    """The way to change a published photo: upload a new one, pick it in a draft, submit it."""
    old, new = photo(world, title="Foto aprobada"), photo(world, title="Foto nueva")
    page = published_with(world, photo=old)
    page.photo = new
    page.save_revision()
    page.refresh_from_db()
    assert page.photo_id == old.pk  # the public site still shows the approved photo
    client = login(world.users["pan"])
    assert edit_image(client, new).status_code == 302  # the draft's photo is the party's
    before = snapshot(old)
    edit_image(client, old)
    assert snapshot(old) == before

    page.get_workflow().start(page, world.users["pan"])
    assert is_moderated(new)  # submitted: frozen while the IEC reviews it


def test_editing_the_candidacy_itself_raises_no_media_refusal(world, login):
    """The refusal message is for refused media actions, not for the page editor showing one."""
    image = photo(world)
    page = published_with(world, photo=image)
    client = login(world.users["pan"])
    url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    assert client.get(url).status_code == 200
    data = candidacy_post_data(world, "PAN", title=page.title, slug=page.slug, photo=image.pk)
    response = client.post(url, data)
    assert response.status_code == 302
    assert not [text for text in refusal_messages(response) if "solo el IEC puede" in text]
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().photo_id == image.pk


def test_a_withdrawn_candidacys_photo_is_the_partys_again(world, login):
    image = photo(world)
    page = published_with(world, photo=image)
    page.unpublish()
    assert edit_image(login(world.users["pan"]), image).status_code == 302
    assert snapshot(image)["title"] == "Foto cambiada"


# --- The IEC keeps every right -------------------------------------------------------------


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_iec_replaces_and_deletes_published_media(world, login, role):
    image, doc = photo(world), document(world)
    published_with(world, photo=image, three_of_three=doc)
    client = login(world.users[role])
    assert client.get(reverse("wagtailimages:edit", args=(image.pk,))).status_code == 200
    image_before, doc_before = snapshot(image), snapshot(doc)
    assert edit_image(client, image).status_code == 302
    assert edit_document(client, doc).status_code == 302
    assert snapshot(image)["file"] != image_before["file"]
    assert image.focal_point_x == FOCAL_POINT[0]
    assert snapshot(doc)["file"] != doc_before["file"]
    client.post(reverse("wagtailimages:delete", args=(image.pk,)))
    client.post(reverse("wagtaildocs:delete", args=(doc.pk,)))
    assert not Image.objects.filter(pk=image.pk).exists()
    assert not Document.objects.filter(pk=doc.pk).exists()


# --- Listings agree with the checks, and cost the same however much is published -----------


def test_library_hides_published_media_and_choosers_still_offer_them(world, login):
    published = photo(world, title="Foto publicada")
    photo(world, title="Foto libre")
    published_with(world, photo=published)
    doc = document(world, title="3 de 3 publicado")
    published_with(world, three_of_three=doc)
    client = login(world.users["pan"])
    library = client.get(reverse("wagtailimages:index")).content.decode()
    assert "Foto libre" in library
    assert "Foto publicada" not in library
    chooser = client.get(reverse("wagtailimages_chooser:choose")).content.decode()
    assert "Foto libre" in chooser
    assert "Foto publicada" in chooser
    assert "3 de 3 publicado" not in client.get(reverse("wagtaildocs:index")).content.decode()
    moderator = login(world.users["moderator"])
    assert "Foto publicada" in moderator.get(reverse("wagtailimages:index")).content.decode()


def test_policy_querysets_match_its_instance_checks(world):
    published, free = photo(world), photo(world)
    published_with(world, photo=published)
    policy = policy_registry.get_by_type(Image)
    assert isinstance(policy, ModeratedMediaPermissionPolicy)
    capturist, moderator = world.users["pan"], world.users["moderator"]

    for actions in (["change"], ["delete"], ["change", "delete"], ["choose"], ["change", "choose"]):
        listed = set(policy.instances_user_has_any_permission_for(capturist, actions))
        for image in (published, free):
            allowed = policy.user_has_any_permission_for_instance(capturist, actions, image)
            assert (image in listed) is allowed, (actions, image)
    assert not policy.user_has_permission_for_instance(capturist, "change", published)
    assert policy.user_has_permission_for_instance(capturist, "choose", published)
    assert policy.user_has_permission_for_instance(moderator, "delete", published)

    editors = set(policy.users_with_any_permission_for_instance(["change"], published))
    assert moderator in editors
    assert capturist not in editors
    assert capturist in set(policy.users_with_any_permission_for_instance(["change"], free))
    choosers = set(policy.users_with_any_permission_for_instance(["change", "choose"], published))
    assert capturist in choosers


def test_library_query_count_does_not_grow_with_published_candidacies(world, login):
    photo(world, title="Foto libre")
    published_with(world, photo=photo(world))
    client = login(world.users["pan"])
    url = reverse("wagtailimages:index")
    client.get(url)  # renditions of the visible images are made once
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(3):
        published_with(world, photo=photo(world))
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
