"""`/salud/`: the load balancer's check answers 200 while the database and cache work, 503 when
either fails, reports the task queue's depth, is never cached and says nothing about anyone."""

import io
import json
from datetime import timedelta

from django.test import override_settings
from django.utils import timezone

import pytest

from site_conoceles import health

pytestmark = pytest.mark.django_db

DB_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "slow"]}
}


def get(client):
    response = client.get("/salud/")
    return response, json.loads(response.content)


def test_healthy_server_answers_200_never_cached(client):
    response, body = get(client)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert body["estado"] == "ok"
    assert body["base_de_datos"]["estado"] == "ok"
    assert body["cache"]["estado"] == "ok"
    assert set(body) == {"estado", "base_de_datos", "cache", "cola"}


def test_database_down_answers_503(client, monkeypatch):
    def broken():
        raise ConnectionError("refused")

    broken.__name__ = "check_database"
    monkeypatch.setattr(health, "check_database", broken)
    response, body = get(client)
    assert response.status_code == 503
    assert body["estado"] == "error"
    assert body["base_de_datos"] == {"estado": "error", "error": "ConnectionError"}


def test_cache_that_loses_writes_answers_503(client, monkeypatch):
    monkeypatch.setattr(health.cache, "get", lambda *args, **kwargs: None)
    response, body = get(client)
    assert response.status_code == 503
    assert body["cache"]["estado"] == "error"


@override_settings(TASKS=DB_TASKS)
def test_queue_depth_and_a_late_queue_do_not_take_the_server_out(client):
    from django_tasks_db.models import DBTaskResult

    from publishing.tasks import rebuild_open_data

    rebuild_open_data.using(backend="default").enqueue()
    rebuild_open_data.using(backend="default").enqueue()
    response, body = get(client)
    assert response.status_code == 200
    assert body["cola"]["pendientes"] == 2
    assert body["cola"]["estado"] == "ok"

    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(hours=1))
    response, body = get(client)
    assert response.status_code == 200
    assert body["cola"]["estado"] == "atrasada"
    assert body["cola"]["espera_mas_antigua_s"] >= 3600


def test_body_carries_no_personal_data(client, admin_user):
    client.force_login(admin_user)
    response, _ = get(client)
    text = response.content.decode()
    for value in (admin_user.username, admin_user.email, "@"):
        assert value not in text
    assert "Set-Cookie" not in response or "sessionid" not in str(response.cookies)


def test_only_get(client):
    assert client.post("/salud/").status_code == 405


@override_settings(TASKS=DB_TASKS)
def test_a_task_whose_worker_died_shows_until_it_is_marked_failed(client):
    from django.core.management import call_command

    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from publishing.tasks import rebuild_open_data

    for _ in range(2):
        rebuild_open_data.using(backend="default").enqueue()
    lost, running = DBTaskResult.objects.order_by("enqueued_at")
    DBTaskResult.objects.filter(pk=lost.pk).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - timedelta(hours=3)
    )
    DBTaskResult.objects.filter(pk=running.pk).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - timedelta(minutes=2)
    )
    response, body = get(client)
    assert response.status_code == 200  # the site still answers
    assert body["cola"]["estado"] == "atrasada"
    assert body["cola"]["atascadas"] == 1 and body["cola"]["en_curso"] == 2

    out = io.StringIO()
    call_command("fail_stuck_tasks", stdout=out)

    assert "marcadas como fallidas: 1" in out.getvalue()
    lost.refresh_from_db()
    running.refresh_from_db()
    assert lost.status == TaskResultStatus.FAILED and lost.finished_at is not None
    assert lost.exception_class_path == "publishing.tasks.WorkerLost"
    assert running.status == TaskResultStatus.RUNNING  # a task still within its hour is left
    response, body = get(client)
    assert body["cola"]["atascadas"] == 0 and body["cola"]["estado"] == "ok"
