"""A party reads no other party's candidacy names in the page chooser or bulk screens (#11, 4).

The probe's requests, replayed as another party (PRD): browsing the page chooser into PAN's
actor page and into the draft's own id, searching the chooser for the draft's name, and opening
each bulk action's confirmation with the draft's id. None may print the draft's name, nor the
unapproved new name of a live candidacy (Wagtail lists `draft_title`).
"""

from django.urls import reverse

import pytest

pytestmark = pytest.mark.django_db

DRAFT_NAME = "Borradora Reservadísima"
RENAMED = "Nombre Nuevo Sin Aprobar"
BULK_ACTIONS = ["delete", "move", "publish", "unpublish"]


@pytest.fixture
def pan_pages(world):
    draft = world.candidacy("PAN", title=DRAFT_NAME)
    live = world.published("PAN")
    revision = live.get_latest_revision_as_object()
    revision.title = RENAMED
    revision.save_revision(user=world.users["pan"])
    return draft, live


def chooser_screens(client, world, draft, live):
    actor = world.actors["PAN"]
    responses = [
        client.get(reverse("wagtailadmin_choose_page")),
        client.get(reverse("wagtailadmin_choose_page_child", args=(actor.pk,))),
        client.get(reverse("wagtailadmin_choose_page_child", args=(draft.pk,))),
        client.get(reverse("wagtailadmin_choose_page_search"), {"q": "Borradora"}),
        client.get(reverse("wagtailadmin_choose_page_search"), {"q": "Nombre Nuevo"}),
    ]
    return "\n".join(response.content.decode() for response in responses)


def bulk_screens(client, draft, live):
    pages = []
    for action in BULK_ACTIONS:
        url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", action))
        response = client.get(url, {"id": [draft.pk, live.pk]})
        pages.append(response.content.decode())
    return "\n".join(pages)


def test_another_party_reads_no_names_in_the_page_chooser(world, client, pan_pages):
    draft, live = pan_pages
    client.force_login(world.users["prd"])
    screens = chooser_screens(client, world, draft, live)
    assert DRAFT_NAME not in screens
    assert RENAMED not in screens
    browse_into_draft = reverse("wagtailadmin_choose_page_child", args=(draft.pk,))
    assert client.get(browse_into_draft).status_code == 404


def test_another_party_reads_no_names_in_bulk_confirmations(world, client, pan_pages):
    draft, live = pan_pages
    client.force_login(world.users["prd"])
    screens = bulk_screens(client, draft, live)
    assert DRAFT_NAME not in screens
    assert RENAMED not in screens


@pytest.mark.parametrize("role", ["pan", "moderator"])
def test_the_owner_and_the_reviewers_still_find_the_pages(world, client, pan_pages, role):
    draft, live = pan_pages
    client.force_login(world.users[role])
    screens = chooser_screens(client, world, draft, live)
    assert DRAFT_NAME in screens
    assert RENAMED in screens
    assert DRAFT_NAME in bulk_screens(client, draft, live)
