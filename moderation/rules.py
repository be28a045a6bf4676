"""Object-level rules: who may capture, review, unpublish or see the monitoring report.

Wagtail's page permissions say *where* in the tree a group may work; these predicates add the
business rules on top (the capture window, the reviewer roles). Every object-level decision
outside the page tree goes through `user.has_perm(...)` with one of the permissions below.
"""

import rules

from .roles import ADMINISTRATORS, MODERATORS, capturist_group_name


def group_names(user):
    """The user's group names, cached on the user object for the rest of the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    names = getattr(user, "_conoceles_group_names", None)
    if names is None:
        names = frozenset(user.groups.values_list("name", flat=True))
        user._conoceles_group_names = names
    return names


def actor_page_for(page):
    """The CapturingActorPage a page belongs to (itself included), cached on the page."""
    from candidates.models import CapturingActorPage

    if page is None:
        return None
    if isinstance(page, CapturingActorPage):
        return page
    if not hasattr(page, "_conoceles_actor_page"):
        page._conoceles_actor_page = (
            CapturingActorPage.objects.ancestor_of(page)
            .select_related("party__process", "independent__process")
            .first()
        )
    return page._conoceles_actor_page


def process_for(obj):
    """The ElectoralProcess of a page of the candidacy tree (or of a process itself)."""
    from candidates.models import CandidacyPage, ProcessPage
    from elections.models import ElectoralProcess

    if obj is None:
        return None
    if isinstance(obj, ElectoralProcess):
        return obj
    if isinstance(obj, CandidacyPage) and obj.office_id:
        return obj.process
    if isinstance(obj, ProcessPage):
        return obj.process
    if not hasattr(obj, "_conoceles_process"):
        process_page = (
            ProcessPage.objects.ancestor_of(obj).select_related("process").first()
            if hasattr(obj, "path")
            else None
        )
        obj._conoceles_process = process_page.process if process_page else None
    return obj._conoceles_process


@rules.predicate
def is_administrator(user):
    return bool(getattr(user, "is_superuser", False)) or ADMINISTRATORS in group_names(user)


@rules.predicate
def is_moderator(user):
    return MODERATORS in group_names(user)


is_reviewer = is_administrator | is_moderator


@rules.predicate
def is_capturist(user):
    from .roles import CAPTURIST_PREFIX

    return any(name.startswith(CAPTURIST_PREFIX) for name in group_names(user))


@rules.predicate
def is_party_member_of(user, page):
    """The user captures for the party or independent candidacy that owns this page."""
    actor_page = actor_page_for(page)
    if actor_page is None:
        return False
    return capturist_group_name(actor_page.actor) in group_names(user)


@rules.predicate
def capture_window_open(user, obj):
    process = process_for(obj)
    return process is not None and process.capture_window_is_open()


@rules.predicate
def is_never_published(user, page):
    return page is not None and not page.live and page.first_published_at is None


@rules.predicate
def registration_locked(user, page):
    """Registration data is the official record: once a moderator approved it, it is frozen."""
    from candidates.models import CandidacyPage

    return isinstance(page, CandidacyPage) and page.first_published_at is not None


@rules.predicate
def is_moderated_media(user, media):
    """An image or document the public site shows or the IEC is reviewing (media_permissions)."""
    from .media_permissions import is_moderated

    return media is not None and is_moderated(media)


can_view_monitoring_report = is_reviewer

# Pages of the candidacy tree ----------------------------------------------------------------
rules.add_perm(
    "candidates.capture_candidacy", is_reviewer | (is_party_member_of & capture_window_open)
)
rules.add_perm(
    "candidates.delete_candidacy",
    is_administrator | (is_party_member_of & capture_window_open & is_never_published),
)
rules.add_perm(
    "candidates.change_registration_data",
    is_reviewer | (is_party_member_of & ~registration_locked),
)
# Home, process, actor and notice pages themselves (moderation.permissions).
rules.add_perm("candidates.manage_site_structure", is_administrator)
rules.add_perm("candidates.review_candidacy", is_reviewer)
rules.add_perm("candidates.unpublish_candidacy", is_reviewer)
# Images and documents: on top of the collection permissions, a moderated one is the IEC's.
rules.add_perm("moderation.change_media", is_reviewer | ~is_moderated_media)
# The stats app's monitoring report (admin, moderators): `stats:monitoring`.
rules.add_perm("moderation.view_monitoring_report", can_view_monitoring_report)
