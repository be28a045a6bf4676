"""`/salud/`: whether this app server can answer, for the load balancer and the monitoring.

503 takes the server out of rotation, so only what makes every page fail counts: the database and
the cache. A late task queue (no worker running) does not stop the public site from answering,
so it shows as `"cola": {"estado": "atrasada"}` with a 200, for monitoring to alert on. The body
holds counts and timings only: nothing about any person, user or task argument. Never cached,
by the app or by nginx: a cached "ok" would hide a failed server.
"""

import logging
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

PROBE_KEY = "conoceles:health:probe"
# A task waiting longer than this means no worker is taking jobs (publishing/tasks.py runs them
# within seconds when the worker is up).
QUEUE_LATE_SECONDS = 300


def _timed(check):
    started = time.perf_counter()
    try:
        detail = check()
    except Exception as error:  # the check reports any failure; it must not raise
        logger.warning("Health check %s failed: %s", check.__name__, type(error).__name__)
        return {"estado": "error", "error": type(error).__name__}
    detail = {"estado": "ok", **(detail or {})}
    detail["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return detail


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache():
    token = uuid.uuid4().hex
    cache.set(PROBE_KEY, token, 30)
    if cache.get(PROBE_KEY) != token:
        raise RuntimeError("cache probe not read back")
    return {"backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]}


def check_queue():
    backend = settings.TASKS["default"]["BACKEND"]
    if not backend.startswith("django_tasks_db."):
        return {"backend": backend.rsplit(".", 1)[-1]}
    from django_tasks_db.models import DBTaskResult

    from publishing.tasks import TASK_STUCK_AFTER

    now = timezone.now()
    ready = DBTaskResult.objects.ready()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    waiting = round((now - oldest).total_seconds()) if oldest else 0
    running = DBTaskResult.objects.running()
    stuck = running.filter(started_at__lt=now - TASK_STUCK_AFTER).count()
    return {
        "pendientes": ready.count(),
        "en_curso": running.count(),
        "atascadas": stuck,
        "espera_mas_antigua_s": waiting,
        "atrasada": waiting > QUEUE_LATE_SECONDS or stuck > 0,
    }


@never_cache
@require_GET
def health(request):
    checks = {
        "base_de_datos": _timed(check_database),
        "cache": _timed(check_cache),
        "cola": _timed(check_queue),
    }
    queue = checks["cola"]
    if queue.pop("atrasada", False):
        queue["estado"] = "atrasada"
    serving = all(checks[name]["estado"] == "ok" for name in ("base_de_datos", "cache"))
    return JsonResponse(
        {"estado": "ok" if serving else "error", **checks},
        status=200 if serving else 503,
        json_dumps_params={"ensure_ascii": False},
    )
