"""Uncached public pages at 20,000 candidacies: queries, SQL ms, app CPU ms and HTML size.

    createdb -h 127.0.0.1 -U postgres conoceles_perf
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/conoceles_perf \
        .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/conoceles_perf \
        .venv/bin/python bench/bench_pages.py [--reuse] [--runs 15]

Production settings (DEBUG off, templates cached, manifest static files collected into
bench/output/static), in one process, each request handed to Django's WSGI handler as gunicorn
hands it (not the test client, which spends 1-4 ms of CPU a page that no server spends): no HTTP
server, so the figures are the application's own. "Uncached" means no shared (nginx/CDN) cache:
every request runs the view; the process's own caches (public catalog, headline figures) are warm,
as they are on a server that has answered one request. A request's SQL time is the wall time spent
inside the database driver; its CPU time is this process's CPU time minus nothing (PostgreSQL runs
in its own process, so its work is counted as SQL time only). Figures are medians over --runs
requests after one warm-up request: the profile row is therefore served from its rendered copy in
the shared cache (candidates.profile_cache), and the row "rendered each time" is the same profile
with that cache off.

Two baselines in the same run: the home page, a Wagtail page served through Wagtail's page
router with its figures cached, so that the ratio column says how many Wagtail page renders each
page costs on this machine, today; and a blog post of a bakerydemo-style site
(bench/bakery_baseline: bakerydemo's blog page rebuilt, its 20-odd queries included, under its
own host in the same process), for issue 16's "≥ 3× faster than bakerydemo's blog page measured
in the same run" (column "bakery ÷ page"). The last column checks issue 16's figures (listing
and API ≤ 15 ms of SQL, profile ≤ 8 ms of CPU and ≤ 10 ms of SQL and 3× faster than the bakery
blog page, search and autocomplete p95 < 100 ms); the load average is printed with them: on a
shared machine, CPU and wall times follow it. The Python calls of one request do not: compare
two commits on that column first.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _django import setup_production, site_path, wsgi_get  # noqa: E402

# Production settings plus the bakerydemo-style blog that is the second baseline, under its host.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench_settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,bakery.testserver")
setup_production()

from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import override_settings  # noqa: E402

from bakery_baseline.build import ensure_bakery_blog  # noqa: E402

from candidates import counts  # noqa: E402
from candidates.choices import FormulaRole  # noqa: E402
from candidates.models import CandidacyPage  # noqa: E402
from candidates.queries import public_candidacies  # noqa: E402
from candidates.restrictions import view_restrictions  # noqa: E402
from elections.models import OfficeScope  # noqa: E402

BASELINE = "home (Wagtail page, baseline)"
BAKERY = "bakerydemo-style blog page (baseline 2)"
RENDERED = "profile (gubernatura), rendered each time"
AFTER_PUBLICATION = "profile (gubernatura), first after a publication"
FORMULA = "profile (diputación MR, fórmula), rendered"


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


def measure(handler, url, runs, before=None, host="testserver"):
    """Medians of `runs` requests of `url`; `before()` runs ahead of each one, untimed."""
    before = before or (lambda: None)
    before()
    wsgi_get(handler, url, secure=True, host=host)  # warm-up: process caches, template loader
    cpu, sql, wall, queries = [], [], [], 0
    size = status = 0
    for _ in range(runs):
        before()
        timer = SqlTimer()
        started = time.process_time()
        started_wall = time.perf_counter()
        with connection.execute_wrapper(timer):
            status, body = wsgi_get(handler, url, secure=True, host=host)
        wall.append((time.perf_counter() - started_wall) * 1000)
        cpu.append((time.process_time() - started) * 1000)
        sql.append(timer.seconds * 1000)
        queries = timer.queries
        size = len(body)
    # Python function calls of one more request: unlike CPU time, the same on a busy machine as
    # on an idle one, so two commits compare on it whatever the machine's load.
    before()
    profile = cProfile.Profile()
    profile.runcall(wsgi_get, handler, url, secure=True, host=host)
    return {
        "calls": pstats.Stats(profile).total_calls,
        "status": status,
        "queries": queries,
        "cpu_ms": statistics.median(cpu),
        "sql_ms": statistics.median(sql),
        "kb": size / 1024,
        "p95_ms": sorted(wall)[max(int(len(wall) * 0.95) - 1, 0)],
    }


def urls():
    governorship = (
        public_candidacies().filter(office__scope=OfficeScope.STATE).order_by("pk").first()
    )
    total = public_candidacies().count()
    last_page = max((total + 23) // 24, 1)
    return {
        BASELINE: "/",
        "/mi-boleta/?municipio=05002": "/mi-boleta/?municipio=05002",
        "/candidaturas/ (first page)": "/candidaturas/",
        f"/candidaturas/?pagina={last_page}": f"/candidaturas/?pagina={last_page}",
        "/candidaturas/ deep page, filters": (
            "/candidaturas/?cargo=diputacion-mr&partido=morena&sexo=M&pagina=20"
        ),
        "profile (gubernatura)": site_path(governorship) if governorship else "/",
        "/buscar/?q=seguridad": "/buscar/?q=seguridad",
        "/buscar/autocompletar/?q=pers": "/buscar/autocompletar/?q=pers",
        "/buscar/?q=brisenio (misspelt name)": "/buscar/?q=brisenio",
        "/api/v2/candidaturas/": "/api/v2/candidaturas/",
    }


def after_a_publication():
    counts.VERSION.move()
    view_restrictions()


def formula_url():
    """A district deputy's profile (an office with substitutes): its fórmula partner is looked
    up, a substitute linked or not (bench/build_dataset.py links none)."""
    owner = (
        public_candidacies()
        .filter(office__scope=OfficeScope.DISTRICT, formula_role=FormulaRole.OWNER)
        .order_by("pk")
        .first()
    )
    return site_path(owner)


# Issue 16's figures to reach, per page: (app CPU ms, SQL ms, p95 ms), None where it sets none.
TARGETS = {
    "/candidaturas/": (None, 15, None),
    "profile": (8, 10, None),
    "/buscar/": (None, None, 100),
    "/api/v2/candidaturas/": (None, 15, None),
}


def target_of(name):
    for prefix, target in TARGETS.items():
        if name.startswith(prefix):
            return target
    return None


def verdict(name, row, bakery):
    target = target_of(name)
    if target is None:
        return ""
    if row["status"] != 200:
        return f"no: HTTP {row['status']}"
    limits = []
    met = True
    for value, limit, label in zip(
        (row["cpu_ms"], row["sql_ms"], row["p95_ms"]), target, ("CPU", "SQL", "p95"), strict=True
    ):
        if limit is not None:
            limits.append(f"{label} ≤ {limit}")
            met = met and value <= limit
    if name.startswith("profile"):
        # "≥ 3× faster than bakerydemo's blog page measured in the same run"
        limits.append("≥ 3× bakery")
        met = met and _cost(bakery) >= 3 * _cost(row)
    return f"{', '.join(limits)}: {'sí' if met else 'no'}"


def _cost(row):
    return max(row["cpu_ms"] + row["sql_ms"], 0.001)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--reuse", action="store_true", help="use the candidacies already in the database"
    )
    args = parser.parse_args()
    existing = CandidacyPage.objects.count()
    if not args.reuse or existing < args.count:
        from build_dataset import build

        build(args.count)
    bakery_host, bakery_path = ensure_bakery_blog()
    handler = WSGIHandler()
    pages = urls()
    results = {
        BAKERY: measure(handler, "/" + bakery_path, args.runs, host=bakery_host),
        **{name: measure(handler, url, args.runs) for name, url in pages.items()},
    }
    # The same profile rendered on every request (candidates.profile_cache off): what a
    # publication's first visitor, or a cache server down, costs.
    with override_settings(PROFILE_RENDER_CACHE_SECONDS=0):
        results[RENDERED] = measure(handler, pages["profile (gubernatura)"], args.runs)
        # The first profile of its contest after a publication: the publication version moved,
        # so its contest's rivals are read again, as they are once per contest after each
        # publication. The view restrictions, kept under the same version, are read once per
        # publication by whichever page comes first: here by an earlier request.
        results[AFTER_PUBLICATION] = measure(
            handler, pages["profile (gubernatura)"], args.runs, before=after_a_publication
        )
        # A profile with a substitute (most offices): its fórmula partner is looked up.
        results[FORMULA] = measure(handler, formula_url(), args.runs)
    base, bakery = results[BASELINE], results[BAKERY]
    print(
        f"\n{public_candidacies().count()} public candidacies; PostgreSQL "
        f"{connection.pg_version if connection.vendor == 'postgresql' else connection.vendor}; "
        f"median of {args.runs} requests\n"
    )
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (2 CPUs shared)\n")
    header = (
        f"| {'Page':42} | Status | Queries | Python calls | App CPU ms | SQL ms | p95 ms | HTML KB "
        f"| × baseline CPU+SQL | bakery ÷ page | Issue 16 target met |"
    )
    print(header)
    print("|" + "|".join("-" * (len(cell)) for cell in header.split("|")[1:-1]) + "|")
    for name, row in results.items():
        ratio = _cost(row) / _cost(base)
        faster = _cost(bakery) / _cost(row)
        print(
            f"| {name:42} | {row['status']:6} | {row['queries']:7} | {row['calls']:12,} "
            f"| {row['cpu_ms']:10.1f} "
            f"| {row['sql_ms']:6.1f} | {row['p95_ms']:6.1f} | {row['kb']:7.1f} "
            f"| {ratio:18.2f} | {faster:13.2f} | {verdict(name, row, bakery)} |"
        )
    print(f"\nload average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
