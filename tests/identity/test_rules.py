"""Who may read and change identity data: every role, own party, other party, coalition partner."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import pytest

from candidates.factories import CandidacyPageFactory
from candidates.models import CandidacyPage
from elections.factories import CoalitionFactory
from identity.rules import candidacies_visible_to

from .conftest import answer, consent

pytestmark = pytest.mark.django_db


def assert_refused(response):
    """Wagtail's admin answers a PermissionDenied with a redirect to the dashboard (or login)."""
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"].split("?")[0] in ("/admin/", "/admin/login/")


# role → (may view, may change) while the capture window is open and data is not blocked
EXPECTED_OPEN = {
    "own": (True, True),
    "other": (False, False),
    "moderator": (True, True),
    "admin": (True, True),
    "superuser": (True, True),
    "staff_without_group": (False, False),
}


@pytest.mark.parametrize("role", list(EXPECTED_OPEN))
def test_predicates_and_views_while_capture_open(client, candidacy, roles, role):
    user = roles[role]
    may_view, may_change = EXPECTED_OPEN[role]
    assert user.has_perm("identity.view_identity", candidacy) is may_view
    assert user.has_perm("identity.change_identity", candidacy) is may_change
    assert user.has_perm("identity.view_consent_form", candidacy) is may_view

    client.force_login(user)
    screen = client.get(reverse("identity_candidacy", args=[candidacy.pk]))
    if may_view:
        assert screen.status_code == 200
    else:
        assert_refused(screen)
    posted = client.post(
        reverse("identity_consents", args=[candidacy.pk]),
        {"processing": "si", "publication": "si", "statistics": "si"},
    )
    if not may_change:
        assert_refused(posted)
        assert not hasattr(CandidacyPage.objects.get(pk=candidacy.pk), "consent") or (
            not CandidacyPage.objects.get(pk=candidacy.pk).consent.publication
        )
    visible = candidacies_visible_to(user, CandidacyPage.objects.all())
    assert visible.filter(pk=candidacy.pk).exists() is may_view


def test_anonymous_is_refused_everywhere(client, candidacy):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert not anonymous.has_perm("identity.view_identity", candidacy)
    for name in ("identity_candidacy", "identity_consent_file_download"):
        response = client.get(reverse(name, args=[candidacy.pk]))
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
    assert not candidacies_visible_to(anonymous, CandidacyPage.objects.all()).exists()


def test_coalition_partner_cannot_see_partners_candidacy(tree, offices, district, roles):
    _, actors = tree
    coalition = CoalitionFactory(process=offices["gubernatura"].process)
    coalition.members.set([actors["PAN"].party, actors["PRI"].party])
    captured_by_pri = CandidacyPageFactory(
        parent=actors["PRI"], office=offices["gubernatura"], coalition=coalition
    )
    answer(captured_by_pri)
    consent(captured_by_pri)
    assert roles["other"].has_perm("identity.view_identity", captured_by_pri)  # PRI
    assert not roles["own"].has_perm("identity.view_identity", captured_by_pri)  # PAN, partner
    assert not roles["own"].has_perm("identity.change_identity", captured_by_pri)


def test_capture_window_closed_capturist_reads_but_cannot_change(candidacy, roles):
    process = candidacy.office.process
    process.capture_opens_at = timezone.now() - timedelta(days=10)
    process.capture_closes_at = timezone.now() - timedelta(days=1)
    process.save()
    candidacy = CandidacyPage.objects.select_related("office__process").get(pk=candidacy.pk)
    assert roles["own"].has_perm("identity.view_identity", candidacy)
    assert not roles["own"].has_perm("identity.change_identity", candidacy)
    assert roles["moderator"].has_perm("identity.change_identity", candidacy)


def test_blocked_data_is_for_administrators_only(client, candidacy, roles):
    process = candidacy.office.process
    process.block_at = timezone.localdate()
    process.save()
    candidacy = CandidacyPage.objects.select_related("office__process").get(pk=candidacy.pk)
    for role in ("own", "moderator", "other"):
        assert not roles[role].has_perm("identity.view_identity", candidacy)
        assert not candidacies_visible_to(roles[role], CandidacyPage.objects.all()).exists()
    for role in ("admin", "superuser"):
        assert roles[role].has_perm("identity.view_identity", candidacy)
    client.force_login(roles["moderator"])
    assert_refused(client.get(reverse("identity_candidacy", args=[candidacy.pk])))
    client.force_login(roles["admin"])
    assert client.get(reverse("identity_candidacy", args=[candidacy.pk])).status_code == 200
