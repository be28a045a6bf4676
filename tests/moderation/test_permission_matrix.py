"""Every role × every action × whose candidacy: the table of docs/permissions.md, cell by cell.

Each action is attempted through the real admin views (GET or POST as the browser would send
it) and judged by its effect on the database or on what the response shows, never by the
status code alone: a refused request must change nothing.
"""

from django.contrib.auth.models import AnonymousUser
from django.urls import NoReverseMatch, reverse

import pytest

from candidates.models import CandidacyPage
from moderation.rules import can_view_monitoring_report

from .conftest import ROLES
from .forms import candidacy_post_data

pytestmark = pytest.mark.django_db

OWNERS = ["PAN", "PRI", "PRD"]  # PAN and PRI are coalition partners; PRD runs alone.
ACTIONS = [
    "list",
    "view_draft",
    "create",
    "edit",
    "submit",
    "approve",
    "reject",
    "publish",
    "unpublish",
    "delete",
    "choose_image",
    "monitoring_report",
]

# The table of docs/permissions.md. Capturists: own party / coalition partner / other party.
Y, N = True, False
EXPECTED = {
    #                    admin moderator own partner other anonymous
    "list":              (Y, Y, Y, N, N, N),
    "view_draft":        (Y, Y, Y, N, N, N),
    "create":            (Y, Y, Y, N, N, N),
    "edit":              (Y, Y, Y, N, N, N),
    "submit":            (Y, Y, Y, N, N, N),
    "approve":           (Y, Y, N, N, N, N),
    "reject":            (Y, Y, N, N, N, N),
    "publish":           (Y, Y, N, N, N, N),
    "unpublish":         (Y, Y, N, N, N, N),
    "delete":            (Y, N, Y, N, N, N),
    "choose_image":      (Y, Y, Y, N, N, N),
    "monitoring_report": (Y, Y, N, N, N, N),
}  # fmt: skip
COLUMNS = ["admin", "moderator", "own", "partner", "other", "anonymous"]


def relation(role, owner):
    """Which column of the table applies to `role` acting on `owner`'s candidacy."""
    if role in ("admin", "moderator", "anonymous"):
        return role
    if role == owner.lower():
        return "own"
    if {role, owner.lower()} == {"pan", "pri"}:
        return "partner"
    return "other"


def expected(action, role, owner):
    return EXPECTED[action][COLUMNS.index(relation(role, owner))]


# --- The actions: each returns whether the attempt took effect ---------------------------


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def workflow_action_url(page, action):
    task_state = page.current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))


def do_list(client, world, owner):
    page = world.candidacy(owner)
    response = client.get(reverse("wagtailadmin_explore", args=(world.actors[owner].pk,)))
    return response.status_code == 200 and page.title in response.content.decode()


def do_view_draft(client, world, owner):
    page = world.candidacy(owner)
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=(page.pk,)))
    return response.status_code == 200 and page.title in response.content.decode()


def do_create(client, world, owner):
    actor = world.actors[owner]
    url = reverse("wagtailadmin_pages:add", args=("candidates", "candidacypage", actor.pk))
    client.post(url, candidacy_post_data(world, owner, title="Nueva candidatura"))
    return CandidacyPage.objects.child_of(actor).filter(title="Nueva candidatura").exists()


def do_edit(client, world, owner):
    page = world.candidacy(owner)
    data = candidacy_post_data(world, owner, title="Título editado", slug=page.slug)
    client.post(edit_url(page), data)
    page.refresh_from_db()
    return page.get_latest_revision_as_object().title == "Título editado"


def do_submit(client, world, owner):
    page = world.candidacy(owner)
    data = candidacy_post_data(world, owner, title=page.title, slug=page.slug)
    data["action-submit"] = "Enviar a moderación"
    client.post(edit_url(page), data)
    page.refresh_from_db()
    return page.workflow_in_progress


def do_approve(client, world, owner):
    page = world.submitted(owner)
    client.post(workflow_action_url(page, "approve"), {})
    page.refresh_from_db()
    return page.live


def do_reject(client, world, owner):
    page = world.submitted(owner)
    client.post(workflow_action_url(page, "reject"), {"section": "propuestas", "comment": "X"})
    page.refresh_from_db()
    return not page.workflow_in_progress


def do_publish(client, world, owner):
    page = world.candidacy(owner)
    data = candidacy_post_data(world, owner, title=page.title, slug=page.slug)
    data["action-publish"] = "Publicar"
    client.post(edit_url(page), data)
    page.refresh_from_db()
    return page.live


def do_unpublish(client, world, owner):
    page = world.published(owner)
    url = reverse("moderation:withdraw", args=(page.pk,))
    client.post(url, {"reason": "Fotografía con logotipo del partido."})
    page.refresh_from_db()
    return not page.live


def do_delete(client, world, owner):
    page = world.candidacy(owner)
    client.post(reverse("wagtailadmin_pages:delete", args=(page.pk,)))
    return not CandidacyPage.objects.filter(pk=page.pk).exists()


def do_choose_image(client, world, owner):
    image = world.image_of(owner)
    response = client.get(reverse("wagtailimages_chooser:choose"))
    return response.status_code == 200 and image.title in response.content.decode()


def do_monitoring_report(client, world, owner, user=None):
    user = user or AnonymousUser()
    allowed = user.has_perm("moderation.view_monitoring_report")
    assert allowed == can_view_monitoring_report.test(user)
    try:
        url = reverse("stats:monitoring")
    except NoReverseMatch:
        return allowed
    response = client.get(url)
    return allowed and response.status_code == 200


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_matrix(world, login, role, action, owner):
    user = world.user(role)
    client = login(user)
    handler = globals()[f"do_{action}"]
    if action == "monitoring_report":
        allowed = handler(client, world, owner, user=user)
    else:
        allowed = handler(client, world, owner)
    assert allowed is expected(action, role, owner), (
        f"{role} {action} on {owner}'s candidacy: expected "
        f"{'allowed' if expected(action, role, owner) else 'refused'}"
    )


def test_table_covers_every_cell():
    assert set(EXPECTED) == set(ACTIONS)
    assert all(len(row) == len(COLUMNS) for row in EXPECTED.values())
