"""How long a publication takes to show through the reference deployment's cache (issue 16).

    deploy/local.sh up
    (set -a; . /tmp/conoceles-local/env; set +a; .venv/bin/python bench/publication_latency.py)

Run with the deployment's environment (its database, Redis, purge endpoint and the database task
queue), so that the publication goes the way a moderator's does: the publishing pipeline queues
the purge and the open-data rebuild, the task workers run them, nginx drops its copies. The
profile and the listing's first page are first made cached copies in nginx; the script then
changes the candidacy's name, publishes, and polls both URLs through nginx until the new name
shows. Two rounds: one on an idle queue, and one published while the open-data rebuild of the
first is still running (a burst on election night). The name is put back at the end.
"""

import argparse
import os
import time
import urllib.request

from _django import setup, site_path

setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from django_tasks import TaskResultStatus  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from candidates.models import CandidacyPage  # noqa: E402

BASE = "http://localhost:8160"
LISTING = "/candidaturas/"
REBUILD = "publishing.tasks.rebuild_open_data"


def fetch(path):
    # BASE is a fixed http:// loopback address.
    request = urllib.request.Request(BASE + path, headers={"User-Agent": "latency.py"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.headers.get("X-Cache-Status", "-"), response.read().decode()


def cached(path):
    for _ in range(5):
        status, _ = fetch(path)
        if status in {"HIT", "UPDATING", "STALE"}:
            return status
        time.sleep(0.2)
    raise SystemExit(f"{path} no queda en la caché de nginx")


def publish(page, title):
    page = CandidacyPage.objects.get(pk=page.pk)
    page.title = title
    with transaction.atomic():
        page.save_revision().publish()


def watch(paths, title, started, timeout):
    """Seconds until each path shows `title` through nginx, and how nginx answered then."""
    seen = {}
    while len(seen) < len(paths) and time.monotonic() - started < timeout:
        for path in paths:
            if path in seen:
                continue
            status, body = fetch(path)
            if title in body:
                seen[path] = (time.monotonic() - started, status)
        time.sleep(0.25)
    return seen


def rebuild_running():
    return DBTaskResult.objects.filter(task_path=REBUILD, status=TaskResultStatus.RUNNING).exists()


def round_(page, paths, title, timeout, label):
    for path in paths:
        cached(path)
    queued_before = DBTaskResult.objects.filter(task_path=REBUILD).count()
    started = time.monotonic()
    publish(page, title)
    rebuilding = rebuild_running()
    seen = watch(paths, title, started, timeout)
    print(f"\n{label} (reconstrucción de datos abiertos en curso al publicar: {rebuilding})")
    print("| URL | Visible after s | X-Cache then |\n|---|---|---|")
    for path in paths:
        if path in seen:
            print(f"| `{path}` | {seen[path][0]:.1f} | {seen[path][1]} |")
        else:
            print(f"| `{path}` | not within {timeout} s | |")
    rebuilds = DBTaskResult.objects.filter(task_path=REBUILD).count() - queued_before
    print(f"Open-data rebuilds queued by this publication: {rebuilds}")
    return seen


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=int, default=300)
    args = parser.parse_args()
    if "FRONTEND_CACHE_PURGE_URL" not in os.environ:
        raise SystemExit("Sin FRONTEND_CACHE_PURGE_URL: cargue el entorno de deploy/local.sh")

    page = CandidacyPage.objects.live().order_by("public_order", "pk").first()
    original = page.title
    paths = [site_path(page), LISTING]
    print(f"{timezone.now():%Y-%m-%d %H:%M} UTC; perfil {site_path(page)}")
    try:
        round_(page, paths, f"{original} Uno", args.timeout, "Publicación con la cola libre")
        # The first round's rebuild is still running on the slow queue (minutes at 20,000).
        waited = 0.0
        while not rebuild_running() and waited < 30:
            time.sleep(0.5)
            waited += 0.5
        round_(
            page, paths, f"{original} Dos", args.timeout, "Publicación durante la reconstrucción"
        )
    finally:
        publish(page, original)
        print(f"\nNombre restaurado: {original}")


if __name__ == "__main__":
    main()
