"""The read API's list endpoints at 20,000 candidacies: p50/p95 time, SQL time, queries, size.

    createdb -h 127.0.0.1 -U postgres conoceles_bench_api
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/conoceles_bench_api \
        .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/conoceles_bench_api \
        .venv/bin/python bench/bench_api.py [--reuse] [--runs 40]

As bench_pages.py: production settings, one process, Django's test client (no HTTP server, no
shared nginx/CDN cache: every request runs the view, the worst case a purge leaves), the
process's own caches warm after one request, as on a server that has answered once. A request's
time is its wall time in this process (view, serializer, JSON, middleware, and the database round
trips); SQL time is the wall time spent inside the database driver. p50 and p95 over --runs
requests after one warm-up. The API's own cache (api.base: latest publication, the lists' ordered
keys and totals) is forgotten once at the start, as a publication does: the "cold" column is the
warm-up request, which fills it (what the first client after a publication waits).

Baseline in the same run: `/api/v2/` itself, a JSON 404 computed without the database, so the
ratio column says how many "empty" API answers each endpoint costs on this machine, today.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/conoceles_bench_api")
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _django import setup_production  # noqa: E402

setup_production()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from candidates.models import CandidacyPage  # noqa: E402
from candidates.queries import public_candidacies  # noqa: E402
from elections.models import Section  # noqa: E402

BASELINE = "/api/v2/ (JSON 404, no database: baseline)"
TARGET_P95_MS = 100
TARGET_SQL_MS = 15


class SqlTimer:
    """Counts queries and the wall time spent in the driver, for one request."""

    def __init__(self):
        self.queries = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.queries += 1


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(client, url, runs):
    started = time.perf_counter()
    client.get(url, secure=True)  # warm-up: the process caches
    cold = (time.perf_counter() - started) * 1000
    wall, sql, queries = [], [], 0
    size = status = 0
    for _ in range(runs):
        timer = SqlTimer()
        started = time.perf_counter()
        with connection.execute_wrapper(timer):
            response = client.get(url, secure=True)
        wall.append((time.perf_counter() - started) * 1000)
        sql.append(timer.seconds * 1000)
        queries = timer.queries
        size = len(response.content)
        status = response.status_code
    return {
        "status": status,
        "queries": queries,
        "p50": statistics.median(wall),
        "p95": percentile(wall, 0.95),
        "sql": statistics.median(sql),
        "kb": size / 1024,
        "cold": cold,
    }


def urls():
    total = public_candidacies().count()
    last = max(total - 20, 0)
    section = Section.objects.order_by("number").values_list("number", flat=True).first()
    endpoints = {
        BASELINE: "/api/v2/",
        "procesos": "/api/v2/procesos/",
        "cargos": "/api/v2/cargos/",
        "distritos": "/api/v2/distritos/",
        "municipios": "/api/v2/municipios/",
        "secciones (first 100)": "/api/v2/secciones/?limit=100",
        "partidos": "/api/v2/partidos/",
        "coaliciones": "/api/v2/coaliciones/",
        "independientes": "/api/v2/independientes/",
        "candidaturas (first page)": "/api/v2/candidaturas/",
        "candidaturas (limit=100, fields=*)": "/api/v2/candidaturas/?limit=100&fields=*",
        f"candidaturas (offset={last})": f"/api/v2/candidaturas/?offset={last}",
        "candidaturas (filters)": "/api/v2/candidaturas/?cargo=diputacion-mr&partido=morena&sexo=M",
        "candidaturas (q=agua)": "/api/v2/candidaturas/?q=agua",
        "boleta (municipio=05002)": "/api/v2/boleta/?municipio=05002",
        "estadisticas": "/api/v2/estadisticas/",
        "datos-abiertos": "/api/v2/datos-abiertos/",
    }
    if section is not None:
        endpoints[f"boleta (seccion={section})"] = f"/api/v2/boleta/?seccion={section}"
    return endpoints


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument(
        "--reuse", action="store_true", help="use the candidacies already in the database"
    )
    parser.add_argument("--only", help="measure only the endpoints whose name contains this")
    args = parser.parse_args()
    if not args.reuse or CandidacyPage.objects.count() < args.count:
        from build_dataset import build

        build(args.count)
    from api.base import forget_api_caches

    forget_api_caches()
    client = Client()
    endpoints = urls()
    if args.only:
        endpoints = {k: v for k, v in endpoints.items() if k == BASELINE or args.only in k}
    results = {name: measure(client, url, args.runs) for name, url in endpoints.items()}
    base = results[BASELINE]
    load = os.getloadavg()[0]
    print(
        f"\n{public_candidacies().count()} public candidacies; PostgreSQL "
        f"{connection.pg_version if connection.vendor == 'postgresql' else connection.vendor}; "
        f"{args.runs} requests per endpoint; load average {load:.1f} on {os.cpu_count()} CPUs\n"
    )
    header = (
        f"| {'Endpoint':42} | Status | Queries | p50 ms | p95 ms | SQL ms | KB | × baseline p50 "
        "| Cold ms | Target |"
    )
    print(header)
    print("|" + "|".join("-" * len(cell) for cell in header.split("|")[1:-1]) + "|")
    for name, row in results.items():
        ratio = row["p50"] / max(base["p50"], 0.001)
        met = row["p95"] < TARGET_P95_MS and row["sql"] <= TARGET_SQL_MS
        print(
            f"| {name:42} | {row['status']:6} | {row['queries']:7} | {row['p50']:6.1f} "
            f"| {row['p95']:6.1f} | {row['sql']:6.1f} | {row['kb']:5.1f} | {ratio:14.1f} "
            f"| {row['cold']:7.1f} | {'yes' if met else 'NO':6} |"
        )
    print(f"\nTarget: p95 < {TARGET_P95_MS} ms and SQL ≤ {TARGET_SQL_MS} ms (median) per request.")


if __name__ == "__main__":
    main()
