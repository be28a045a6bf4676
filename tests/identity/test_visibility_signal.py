"""identity_visibility_changed: once per transaction, with every id announced in it."""

from django.db import transaction

import pytest

from identity.signals import announce_visibility_change, identity_visibility_changed


@pytest.fixture
def received():
    from identity import signals

    signals._pending.ids = set()  # earlier tests' rolled-back announcements
    calls = []

    def listener(sender, candidacy_ids, **kwargs):
        calls.append(candidacy_ids)

    identity_visibility_changed.connect(listener, dispatch_uid="test-visibility-listener")
    yield calls
    identity_visibility_changed.disconnect(dispatch_uid="test-visibility-listener")


@pytest.mark.django_db
def test_many_changes_in_one_transaction_send_one_signal(
    received, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for pk in (3, 1, 2, 1):
            announce_visibility_change([pk])
        assert received == []  # nothing before the commit
    assert received == [[1, 2, 3]]


@pytest.mark.django_db
def test_a_rolled_back_change_cannot_block_later_ones(received, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                announce_visibility_change([7])
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    with django_capture_on_commit_callbacks(execute=True):
        announce_visibility_change([8])
    assert received[-1] == [7, 8]  # the rolled-back id rides along: a harmless extra refresh


@pytest.mark.django_db
def test_empty_announcements_send_nothing(received, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        announce_visibility_change([])
    assert received == []
