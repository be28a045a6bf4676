"""The open-data rebuild task: coalesced, idempotent, retried, its state recorded."""

import datetime as dt

from django.test import override_settings
from django.utils import timezone

import pytest
from django_tasks import default_task_backend

from opendata import publication
from opendata.publication import read_manifest
from publishing import tasks
from publishing.models import CoalescedJob

DUMMY = {
    "default": {
        "BACKEND": "django_tasks.backends.dummy.DummyBackend",
        "QUEUES": ["default", "slow"],
    }
}


def job():
    return CoalescedJob.objects.get(name=tasks.OPEN_DATA)


@pytest.fixture
def builds(monkeypatch):
    """Count real rebuilds while still writing the files."""
    calls = []
    real = publication.publish_open_data

    def counting():
        calls.append(1)
        return real()

    monkeypatch.setattr(publication, "publish_open_data", counting)
    return calls


@pytest.mark.django_db
def test_a_burst_of_requests_queues_one_rebuild(builds):
    with override_settings(TASKS=DUMMY):
        for _ in range(5):
            tasks.request_open_data_rebuild()
        queued = list(default_task_backend.results)
        assert [r.task.name for r in queued] == ["rebuild_open_data"]
        assert builds == []

        tasks.rebuild_open_data.call()  # what the worker does with it
        assert builds == [1]
        assert job().built == job().requested == 5 and not job().queued

        tasks.request_open_data_rebuild()  # a publication after the rebuild: one more task
        assert len(default_task_backend.results) == 2


@pytest.mark.django_db
def test_a_request_during_a_rebuild_queues_exactly_one_more(builds, monkeypatch):
    real = publication.publish_open_data
    with override_settings(TASKS=DUMMY):
        tasks.request_open_data_rebuild()

        def publication_arrives_meanwhile():
            tasks.request_open_data_rebuild()
            tasks.request_open_data_rebuild()
            return real()

        monkeypatch.setattr(publication, "publish_open_data", publication_arrives_meanwhile)
        tasks.rebuild_open_data.call()
        assert len(default_task_backend.results) == 2
        assert job().built == 1 and job().requested == 3 and job().pending


@pytest.mark.django_db
def test_a_task_with_nothing_new_does_nothing(builds):
    tasks.request_open_data_rebuild()  # immediate backend: rebuilt at once
    assert builds == [1]
    assert tasks.rebuild_open_data.call() == "sin cambios"  # a duplicate or late task
    assert builds == [1]
    assert read_manifest() is not None


@pytest.mark.django_db
def test_a_failed_rebuild_is_retried_and_recorded(monkeypatch):
    real = publication.publish_open_data
    attempts = []

    def fails_once():
        attempts.append(1)
        if len(attempts) == 1:
            raise OSError("disco lleno")
        return real()

    monkeypatch.setattr(publication, "publish_open_data", fails_once)
    tasks.request_open_data_rebuild()

    assert len(attempts) == 2
    state = job()
    assert state.built == state.requested
    assert state.last_failure_at is not None and state.last_success_at >= state.last_failure_at
    assert state.failures == 0 and state.last_error == ""
    assert read_manifest() is not None


@pytest.mark.django_db
def test_retries_stop_and_the_failure_stays_visible(monkeypatch):
    def always_fails():
        raise OSError("disco lleno")

    monkeypatch.setattr(publication, "publish_open_data", always_fails)
    tasks.request_open_data_rebuild()

    state = job()
    assert state.failures == tasks.MAX_ATTEMPTS
    assert state.last_error == "OSError: disco lleno"
    assert state.pending and state.last_success_at is None


@pytest.mark.django_db
def test_a_retry_waits_when_the_queue_can_defer(monkeypatch):
    def always_fails():
        raise OSError("disco lleno")

    monkeypatch.setattr(publication, "publish_open_data", always_fails)
    with override_settings(TASKS=DUMMY):
        tasks.request_open_data_rebuild()
        with pytest.raises(OSError):
            tasks.rebuild_open_data.call()
        first, retry = default_task_backend.results
        assert retry.kwargs == {"attempt": 2}
        assert retry.task.run_after > timezone.now() + dt.timedelta(seconds=20)


@pytest.mark.django_db
def test_a_stale_claim_does_not_block_the_queue():
    with override_settings(TASKS=DUMMY):
        tasks.request_open_data_rebuild()
        CoalescedJob.objects.update(queued_at=timezone.now() - dt.timedelta(hours=1))
        tasks.request_open_data_rebuild()  # the first task was lost: queue another
        assert len(default_task_backend.results) == 2
        tasks.request_open_data_rebuild()  # the new claim is fresh: nothing more
        assert len(default_task_backend.results) == 2
