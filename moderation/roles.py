"""The institute's roles as Django groups, kept in sync with the catalogs and the page tree.

Group names are a contract (the demo seeder and the documentation use them):
"Administradores IEC", "Moderadores IEC", and "Capturistas <ACRONYM> · <process>" per party or
"Capturistas <name> · <process>" per independent candidacy. A party is registered anew in every
process, and its capturists for one process must not touch another's (an archive stays as it
was published), hence the process in the name. `sync_roles()` is idempotent: it only adds
what is missing, so it is safe to run on every deploy and from signals.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

ADMINISTRATORS = "Administradores IEC"
MODERATORS = "Moderadores IEC"
CAPTURIST_PREFIX = "Capturistas "
WORKFLOW_NAME = "Revisión del IEC"
TASK_NAME = "Revisión de moderación"

ADMINISTRATOR_PAGE_PERMISSIONS = ["add", "change", "bulk_delete", "lock", "publish", "unlock"]
MODERATOR_PAGE_PERMISSIONS = ["add", "change", "publish", "lock", "unlock"]
CAPTURIST_PAGE_PERMISSIONS = ["add", "change"]

IMAGE_AND_DOCUMENT_CODENAMES = {
    "wagtailimages": ["add_image", "change_image", "choose_image"],
    "wagtaildocs": ["add_document", "change_document", "choose_document"],
}


def _process_suffix(actor, room):
    """« · <process slug>», cut to `room` characters so that the actor's own label survives."""
    return f" · {actor.process.slug}"[:room]


def capturist_group_name(actor):
    """Group of a party (by acronym) or of an independent candidacy (by name), in its process."""
    from elections.models import Party

    label = actor.acronym if isinstance(actor, Party) else actor.name[:80]
    return f"{CAPTURIST_PREFIX}{label}{_process_suffix(actor, 150 - 12 - len(label))}"[:150]


def collection_name(actor):
    from elections.models import Party

    if isinstance(actor, Party):
        label = f"Partido {actor.acronym}"
    else:
        label = f"Candidatura independiente {actor.name[:150]}"
    return f"{label}{_process_suffix(actor, 255 - len(label))}"[:255]


def _permissions(mapping):
    perms = []
    for app_label, codenames in mapping.items():
        perms.extend(
            Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )
    return perms


def _access_admin():
    # A list: empty while migrations run, before post_migrate has created the permissions.
    return list(
        Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
    )


def _grant(model, group, target, permissions):
    """Add the missing permissions of `group` on `target` (a page or a collection) in two
    queries: a bulk load creates many actors, each with its group."""
    target_field = "page" if model is GroupPagePermission else "collection"
    have = set(
        model.objects.filter(group=group, **{target_field: target}).values_list(
            "permission_id", flat=True
        )
    )
    model.objects.bulk_create(
        [
            model(group=group, permission=permission, **{target_field: target})
            for permission in permissions
            if permission.pk not in have
        ],
        ignore_conflicts=True,  # another process granted it meanwhile: same result
    )


def _grant_pages(group, page, permission_types):
    permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore",
        codename__in=[f"{permission_type}_page" for permission_type in permission_types],
    )
    _grant(GroupPagePermission, group, page, permissions)


def _grant_collection(group, collection, permissions):
    _grant(GroupCollectionPermission, group, collection, permissions)


def ensure_staff_groups():
    """Administrators get every permission; moderators get admin access and the collections."""
    administrators, _ = Group.objects.get_or_create(name=ADMINISTRATORS)
    moderators, _ = Group.objects.get_or_create(name=MODERATORS)
    administrators.permissions.add(*Permission.objects.exclude(group=administrators))
    moderators.permissions.add(*_access_admin())
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    if root_page is not None:
        _grant_pages(administrators, root_page, ADMINISTRATOR_PAGE_PERMISSIONS)
    media_permissions = _permissions(IMAGE_AND_DOCUMENT_CODENAMES)
    if root_collection is not None:
        _grant_collection(administrators, root_collection, media_permissions)
        # Moderators review every party's photo and document, so they may see and choose all.
        _grant_collection(moderators, root_collection, media_permissions)
    return administrators, moderators


def ensure_actor_role(actor):
    """The capture group and the private collection of one party or independent candidacy."""
    group, _ = Group.objects.get_or_create(name=capturist_group_name(actor))
    group.permissions.add(*_access_admin())
    root_collection = Collection.get_first_root_node()
    if root_collection is None:
        return group, None
    name = collection_name(actor)
    collection = root_collection.get_children().filter(name=name).first()
    if collection is None:
        collection = root_collection.add_child(instance=Collection(name=name))
    _grant_collection(group, collection, _permissions(IMAGE_AND_DOCUMENT_CODENAMES))
    return group, collection


def collection_for(actor):
    """The actor's private collection (created if missing): where its uploads must go."""
    return ensure_actor_role(actor)[1]


def ensure_actor_page_permissions(actor_page):
    group, _ = ensure_actor_role(actor_page.actor)
    _grant_pages(group, actor_page, CAPTURIST_PAGE_PERMISSIONS)
    return group


def ensure_workflow():
    """One workflow with a single review task for the moderators; returns the workflow."""
    from .models import CandidacyReviewTask

    administrators, _ = Group.objects.get_or_create(name=ADMINISTRATORS)
    moderators, _ = Group.objects.get_or_create(name=MODERATORS)
    task = CandidacyReviewTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = CandidacyReviewTask.objects.create(name=TASK_NAME)
    task.groups.add(moderators, administrators)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def ensure_process_page_roles(process_page):
    """Moderators publish under the process page, and its workflow is the IEC review."""
    moderators, _ = Group.objects.get_or_create(name=MODERATORS)
    _grant_pages(moderators, process_page, MODERATOR_PAGE_PERMISSIONS)
    workflow = ensure_workflow()
    WorkflowPage.objects.update_or_create(page=process_page, defaults={"workflow": workflow})


@transaction.atomic
def sync_roles():
    """Create or complete every group, collection, page permission and workflow assignment."""
    from candidates.models import CapturingActorPage, ProcessPage
    from elections.models import IndependentCandidacy, Party

    ensure_staff_groups()
    for party in Party.objects.select_related("process"):
        ensure_actor_role(party)
    for independent in IndependentCandidacy.objects.select_related("process"):
        ensure_actor_role(independent)
    for process_page in ProcessPage.objects.all():
        ensure_process_page_roles(process_page)
    for actor_page in CapturingActorPage.objects.select_related(
        "party__process", "independent__process"
    ):
        ensure_actor_page_permissions(actor_page)
    return {
        "groups": Group.objects.count(),
        "process_pages": ProcessPage.objects.count(),
        "actor_pages": CapturingActorPage.objects.count(),
    }
