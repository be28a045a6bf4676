"""The real thing: a publication queues its jobs in the database and `manage.py db_worker`, a
separate process, runs them (the open-data rebuild, and Wagtail's index and purge tasks)."""

import os
import subprocess
import sys
from pathlib import Path

from django.db import connection
from django.test import override_settings

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from candidates.factories import CandidacyPageFactory
from publishing import tasks
from publishing.models import CoalescedJob

ROOT = Path(__file__).resolve().parents[2]
DATABASE = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "slow"]}
}
REBUILD = "publishing.tasks.rebuild_open_data"

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="the worker needs a database another process can open (PostgreSQL)",
    ),
]


def run_worker(queues="*"):
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "site_conoceles.settings.test",
        "TASKS_BACKEND": "database",
    }
    # The arguments are this test's own constants.
    return subprocess.run(  # noqa: S603
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--batch",
            "--interval",
            "0.1",
            "--queue-name",
            queues,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_burst_of_publications_is_one_rebuild_done_by_the_worker(tree, offices):
    _, actors = tree
    pages = [
        CandidacyPageFactory(parent=actors["PAN"], office=offices["gubernatura"], complete=True)
        for _ in range(3)
    ]
    with override_settings(TASKS=DATABASE):
        for page in pages:  # three commits: three requests, one queued rebuild
            page.get_latest_revision().publish()

    queued = DBTaskResult.objects.filter(task_path=REBUILD)
    assert queued.count() == 1 and queued.get().status == TaskResultStatus.READY
    job = CoalescedJob.objects.get(name=tasks.OPEN_DATA)
    assert job.requested == 3 and job.built == 0 and job.queued

    worker = run_worker()

    assert worker.returncode == 0, worker.stderr
    rebuild = DBTaskResult.objects.get(task_path=REBUILD)
    assert rebuild.status == TaskResultStatus.SUCCESSFUL, rebuild.traceback
    assert rebuild.return_value  # the manifest's generation time
    job.refresh_from_db()
    assert job.built == job.requested == 3
    assert not job.queued and job.last_success_at is not None
    assert not DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_default_queue_worker_never_waits_behind_the_open_data_rebuild(tree, offices):
    """A publication's short jobs (index, purge) run on the default queue's worker while the
    rebuild waits for the slow queue's worker, as deploy/local.sh and the systemd units run them."""
    _, actors = tree
    page = CandidacyPageFactory(parent=actors["PAN"], office=offices["gubernatura"], complete=True)
    with override_settings(TASKS=DATABASE):
        page.get_latest_revision().publish()
    rebuild = DBTaskResult.objects.get(task_path=REBUILD)
    assert rebuild.queue_name == "slow"
    short = DBTaskResult.objects.exclude(task_path=REBUILD)
    assert short.exists() and set(short.values_list("queue_name", flat=True)) == {"default"}

    worker = run_worker("default")

    assert worker.returncode == 0, worker.stderr
    assert not short.exclude(status=TaskResultStatus.SUCCESSFUL).exists()
    rebuild.refresh_from_db()
    assert rebuild.status == TaskResultStatus.READY

    worker = run_worker("slow")

    assert worker.returncode == 0, worker.stderr
    rebuild.refresh_from_db()
    assert rebuild.status == TaskResultStatus.SUCCESSFUL, rebuild.traceback
