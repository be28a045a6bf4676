"""Outside the capture window party editors are refused with the dates; the IEC keeps working."""

import datetime as dt

from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

import pytest

from candidates.models import CandidacyPage
from moderation.rules import capture_window_open, is_party_member_of

from .forms import candidacy_post_data

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["closed", "not_yet_open"])
def shut_window(request, world):
    """Close the window after the test data was captured while it was open."""
    now = timezone.now()
    if request.param == "closed":
        opens, closes = now - dt.timedelta(days=40), now - dt.timedelta(days=1)
    else:
        opens, closes = now + dt.timedelta(days=1), now + dt.timedelta(days=40)
    process = world.process
    process.capture_opens_at, process.capture_closes_at = opens, closes
    process.save()
    return world


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_party_edit_is_refused_with_the_window_dates(world, login):
    page = world.candidacy("PAN")
    revisions = page.revisions.count()
    process = world.process
    process.capture_closes_at = timezone.now() - dt.timedelta(hours=1)
    process.capture_opens_at = timezone.now() - dt.timedelta(days=30)
    process.save()

    client = login(world.users["pan"])
    url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    response = client.get(url)
    assert response.status_code == 302
    text = " ".join(messages_of(response))
    assert process.capture_window_label() in text
    assert "cerrada" in text

    client.post(url, candidacy_post_data(world, "PAN", title="Fuera de plazo", slug=page.slug))
    assert page.revisions.count() == revisions


def test_party_cannot_create_edit_submit_or_delete(shut_window, login):
    world = shut_window
    draft = world.candidacy("PAN")  # captured while the window was open
    client = login(world.users["pan"])
    actor = world.actors["PAN"]
    add = reverse("wagtailadmin_pages:add", args=("candidates", "candidacypage", actor.pk))
    client.post(add, candidacy_post_data(world, "PAN", title="Creada fuera de plazo"))
    assert not CandidacyPage.objects.filter(title="Creada fuera de plazo").exists()

    data = candidacy_post_data(world, "PAN", title=draft.title, slug=draft.slug)
    data["action-submit"] = "Enviar"
    client.post(reverse("wagtailadmin_pages:edit", args=(draft.pk,)), data)
    draft.refresh_from_db()
    assert not draft.workflow_in_progress

    client.post(reverse("wagtailadmin_pages:delete", args=(draft.pk,)))
    assert CandidacyPage.objects.filter(pk=draft.pk).exists()

    tester = draft.permissions_for_user(world.users["pan"])
    assert not tester.can_edit()
    assert not tester.can_submit_for_moderation()
    assert not actor.permissions_for_user(world.users["pan"]).can_add_subpage()


@pytest.mark.parametrize("role", ["admin", "moderator"])
def test_iec_keeps_working_outside_the_window(shut_window, login, role):
    world = shut_window
    draft = world.candidacy("PAN")
    client = login(world.users[role])
    data = candidacy_post_data(world, "PAN", title="Corregido por el IEC", slug=draft.slug)
    data["action-publish"] = "Publicar"
    client.post(reverse("wagtailadmin_pages:edit", args=(draft.pk,)), data)
    draft.refresh_from_db()
    assert draft.live
    assert draft.title == "Corregido por el IEC"


def test_window_predicates(world):
    page = world.candidacy("PAN")
    user = world.users["pan"]
    assert capture_window_open(user, page)
    assert is_party_member_of(user, page)
    assert not is_party_member_of(world.users["pri"], page)
    assert not capture_window_open(user, None)
    world.process.capture_closes_at = timezone.now() - dt.timedelta(seconds=1)
    world.process.save()
    page = CandidacyPage.objects.get(pk=page.pk)
    assert not capture_window_open(user, page)
    assert user.has_perm("candidates.capture_candidacy", page) is False
    assert world.users["moderator"].has_perm("candidates.capture_candidacy", page)


def test_permission_checks_do_not_grow_with_the_number_of_candidacies(
    world, django_assert_max_num_queries
):
    from django.contrib.auth import get_user_model

    def check_cost():
        page = CandidacyPage.objects.get(pk=first.pk)
        user = get_user_model().objects.get(pk=world.users["pan"].pk)
        with django_assert_max_num_queries(12) as captured:
            tester = page.permissions_for_user(user)
            assert tester.can_edit()
            assert tester.can_submit_for_moderation()
            assert not tester.can_publish()
        return len(captured)

    first = world.candidacy("PAN")
    few = check_cost()
    for _ in range(15):
        world.candidacy("PAN")
    assert check_cost() == few
