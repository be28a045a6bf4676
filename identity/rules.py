"""Who may read and change a person's identity data (autodiscovered by `rules`).

Permissions take the `candidates.CandidacyPage` as object:
- `identity.view_identity`, `identity.change_identity`: questionnaire, consents, notice acceptance;
- `identity.view_consent_form`: download the signed form.
Administrators always; moderators and the owning party's capturists while the process's data is
not blocked (capturists may change only while the capture window is open); nobody else.
`candidacies_visible_to(user, queryset)` filters a queryset the same way for listings.
"""

from django.db.models import Q

from wagtail.models import GroupPagePermission, Page

import rules

from .lifecycle import is_blocked

ADMINISTRATORS_GROUP = "Administradores IEC"
MODERATORS_GROUP = "Moderadores IEC"


def _in_group(user, name):
    if not user or not user.is_authenticated or not user.is_active:
        return False
    return user.groups.filter(name=name).exists()


@rules.predicate
def is_identity_admin(user):
    if not user or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or _in_group(user, ADMINISTRATORS_GROUP)


@rules.predicate
def is_moderator(user):
    return _in_group(user, MODERATORS_GROUP)


def _actor_path(candidacy):
    return candidacy.path[: -Page.steplen]


@rules.predicate
def is_owning_capturist(user, candidacy):
    """A member of a group with change permission on the candidacy's capturing-actor page."""
    if candidacy is None or not user or not user.is_authenticated or not user.is_active:
        return False
    return GroupPagePermission.objects.filter(
        group__user=user,
        page__path=_actor_path(candidacy),
        permission__codename="change_page",
    ).exists()


@rules.predicate
def identity_blocked(user, candidacy):
    return candidacy is not None and is_blocked(candidacy)


@rules.predicate
def capture_window_open(user, candidacy):
    return candidacy is not None and candidacy.office.process.capture_window_is_open()


can_view_identity = is_identity_admin | (~identity_blocked & (is_moderator | is_owning_capturist))
can_change_identity = is_identity_admin | (
    ~identity_blocked & (is_moderator | (is_owning_capturist & capture_window_open))
)

rules.add_perm("identity.view_identity", can_view_identity)
rules.add_perm("identity.change_identity", can_change_identity)
rules.add_perm("identity.view_consent_form", can_view_identity)


def candidacies_visible_to(user, queryset):
    """The candidacies of `queryset` whose identity data `user` may read (mirrors the rules)."""
    if is_identity_admin(user):
        return queryset
    if not user or not user.is_authenticated or not user.is_active:
        return queryset.none()
    from .lifecycle import not_blocked_q

    queryset = queryset.filter(not_blocked_q(prefix=""))
    if is_moderator(user):
        return queryset
    actor_paths = list(
        GroupPagePermission.objects.filter(
            group__user=user, permission__codename="change_page"
        ).values_list("page__path", "page__depth")
    )
    if not actor_paths:
        return queryset.none()
    condition = Q()
    for path, depth in actor_paths:
        condition |= Q(path__startswith=path, depth=depth + 1)
    return queryset.filter(condition)
