"""Groups, collections, page permissions and the workflow are created and kept in sync."""

from django.contrib.auth.models import Group
from django.core.management import call_command

from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    WorkflowPage,
)

import pytest

from candidates.factories import CapturingActorPageFactory
from elections.factories import IndependentCandidacyFactory, PartyFactory
from moderation.roles import (
    ADMINISTRATORS,
    MODERATORS,
    WORKFLOW_NAME,
    capturist_group_name,
    collection_name,
    sync_roles,
)

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        sorted(Group.objects.values_list("name", flat=True)),
        GroupPagePermission.objects.count(),
        GroupCollectionPermission.objects.count(),
        Collection.objects.count(),
        WorkflowPage.objects.count(),
    )


def test_sync_roles_is_idempotent(world):
    sync_roles()
    first = snapshot()
    call_command("sync_roles")
    assert snapshot() == first
    names = first[0]
    slug = world.process.slug
    for expected in (
        ADMINISTRATORS,
        MODERATORS,
        f"Capturistas PAN · {slug}",
        f"Capturistas PRI · {slug}",
    ):
        assert expected in names


def test_process_page_gets_the_review_workflow_and_moderator_permissions(world):
    workflow = world.process_page.get_workflow()
    assert workflow is not None and workflow.name == WORKFLOW_NAME
    task = workflow.tasks.get().specific
    assert set(task.groups.values_list("name", flat=True)) == {MODERATORS, ADMINISTRATORS}
    codenames = set(
        GroupPagePermission.objects.filter(
            group__name=MODERATORS, page=world.process_page
        ).values_list("permission__codename", flat=True)
    )
    assert codenames == {"add_page", "change_page", "publish_page", "lock_page", "unlock_page"}


def test_new_party_and_actor_page_get_group_collection_and_page_permissions(world):
    party = PartyFactory(acronym="UDC", name="Unidad Democrática de Coahuila")
    group = Group.objects.get(name=f"Capturistas UDC · {world.process.slug}")
    collection = Collection.objects.get(name=f"Partido UDC · {world.process.slug}")
    assert set(
        GroupCollectionPermission.objects.filter(group=group).values_list("collection", flat=True)
    ) == {collection.pk}
    assert group.permissions.filter(codename="access_admin").exists()
    page = CapturingActorPageFactory(parent=world.process_page, party=party)
    codenames = set(
        GroupPagePermission.objects.filter(group=group, page=page).values_list(
            "permission__codename", flat=True
        )
    )
    assert codenames == {"add_page", "change_page"}
    assert not GroupPagePermission.objects.filter(
        group=group, permission__codename="publish_page"
    ).exists()


def test_independent_candidacy_gets_its_own_group(world):
    independent = IndependentCandidacyFactory(process=world.process, name="Juana Ruiz")
    assert Group.objects.filter(name=capturist_group_name(independent)).exists()
    assert capturist_group_name(independent) == f"Capturistas Juana Ruiz · {world.process.slug}"
    assert Collection.objects.filter(name=collection_name(independent)).exists()
    page = CapturingActorPageFactory(parent=world.process_page, party=None, independent=independent)
    assert GroupPagePermission.objects.filter(
        group__name=capturist_group_name(independent), page=page
    ).exists()


def test_administrators_hold_every_catalog_permission(world):
    administrators = Group.objects.get(name=ADMINISTRATORS)
    codenames = set(administrators.permissions.values_list("codename", flat=True))
    for codename in ("add_party", "change_coalition", "delete_office", "access_admin"):
        assert codename in codenames
