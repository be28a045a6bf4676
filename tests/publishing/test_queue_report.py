"""The admin's «Tareas en segundo plano»: pending, failed and last success, administrators only."""

from datetime import timedelta

from django.contrib.auth.models import Permission
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from publishing import tasks
from publishing.models import CoalescedJob

DATABASE = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "slow"]}
}
URL = "/admin/tareas/"


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@iec.mx", "x"))
    return client


@pytest.mark.django_db
def test_the_url_is_the_reports_one():
    assert reverse("publishing:queue_report") == URL


@pytest.mark.django_db
def test_administrators_see_pending_failed_and_last_success(admin_client):
    with override_settings(TASKS=DATABASE):
        tasks.request_open_data_rebuild()  # waits for the worker
        failed = tasks.rebuild_open_data.enqueue()
    DBTaskResult.objects.filter(pk=failed.id).update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        exception_class_path="builtins.OSError",
        traceback="OSError: disco lleno",
    )
    CoalescedJob.objects.update(last_error="OSError: disco lleno", failures=1)

    html = admin_client.get(URL).content.decode()

    assert "<strong>Pendientes:</strong> 1" in html
    assert "Regenerar los datos abiertos" in html
    assert "OSError: disco lleno" in html
    assert "En cola" in html  # the coalesced job has its task waiting
    assert "Nunca" in html  # no success yet


@pytest.mark.django_db
def test_an_empty_queue_says_so(admin_client):
    html = admin_client.get(URL).content.decode()
    assert "La cola está vacía" in html and "Ninguna tarea ha fallado" in html


@pytest.mark.django_db
def test_moderators_cannot_see_it(client, django_user_model):
    moderator = django_user_model.objects.create_user("moderador", "m@iec.mx", "x")
    moderator.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(moderator)
    response = client.get(URL)  # Wagtail turns PermissionDenied into a redirect with a message
    assert response.status_code == 302 and response.url == "/admin/"
    menu = client.get("/admin/").content.decode()
    assert "Tareas en segundo plano" not in menu


@pytest.mark.django_db
def test_a_task_left_running_by_a_dead_worker_is_pointed_out(admin_client):
    with override_settings(TASKS=DATABASE):
        tasks.rebuild_open_data.enqueue()
    DBTaskResult.objects.update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - timedelta(hours=2)
    )
    html = admin_client.get(URL).content.decode()
    assert 'id="atascadas"' in html and "fail_stuck_tasks" in html

    DBTaskResult.objects.update(started_at=timezone.now())
    assert 'id="atascadas"' not in admin_client.get(URL).content.decode()
