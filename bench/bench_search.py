"""p50/p95 of citizen search and autocomplete, before (Wagtail's search backend) and after
(search documents), on the benchmark database (bench/build_dataset.py, then
`manage.py migrate`).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/conoceles_search \
        .venv/bin/python bench/bench_search.py [--requests 200]

"After" is the real view through the Django test client, uncached as issue 16 measures it (no
shared cache in front, the process's own caches, such as the public catalog, warm as on a
server that has answered one request); "before" times the query the old view made,
`public_candidacies().search()` (ids of the first 1,000, as it paginated) and `.autocomplete()`
(8 names), so the figures compare the SQL paths. Then, per query of issue 16 (a common word, a
common prefix, a misspelt name): queries, SQL ms and p50/p95 of the whole view.
"""

import argparse
import statistics
import time

from _django import setup

setup()

from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from candidates.queries import public_candidacies  # noqa: E402

SEARCHES = ["seguridad", "agua empleo", "persona 1234", "brisenio", "educacion"]
PREFIXES = ["pers", "persona 12", "se", "agu"]
ISSUE_16 = [
    ("/buscar/", {"q": "seguridad"}),
    ("/buscar/autocompletar/", {"q": "pers"}),
    ("/buscar/", {"q": "brisenio"}),
]


def percentiles(samples):
    ordered = sorted(samples)
    p95 = ordered[max(int(len(ordered) * 0.95) - 1, 0)]
    return f"p50 {statistics.median(ordered) * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms"


def timed(function, terms, requests):
    samples = []
    for n in range(requests):
        started = time.perf_counter()
        function(terms[n % len(terms)])
        samples.append(time.perf_counter() - started)
    return samples


def main(requests):
    client = Client(HTTP_HOST="localhost")

    def new_search(q):
        assert client.get("/buscar/", {"q": q}).status_code == 200

    def new_autocomplete(q):
        assert client.get("/buscar/autocompletar/", {"q": q}).status_code == 200

    def old_search(q):
        [p.pk for p in public_candidacies().search(q, operator="and")[:1000]]

    def old_autocomplete(q):
        list(public_candidacies().autocomplete(q, fields=["title"])[:8])

    total = public_candidacies().count()
    name = connection.settings_dict["NAME"]
    print(f"Base de datos: {name}, {total} candidaturas publicadas, {requests} peticiones")
    for label, function, terms in (
        ("antes  búsqueda (consulta Wagtail)", old_search, SEARCHES),
        ("antes  autocompletar (consulta Wagtail)", old_autocomplete, PREFIXES),
        ("ahora  /buscar/ (vista completa)", new_search, SEARCHES),
        ("ahora  /buscar/autocompletar/ (vista completa)", new_autocomplete, PREFIXES),
    ):
        timed(function, terms, min(10, requests))  # warm-up
        print(f"{label:48} {percentiles(timed(function, terms, requests))}")
    for q in SEARCHES:
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            client.get("/buscar/", {"q": q})
        sql = sum(float(entry["time"]) for entry in queries.captured_queries) * 1000
        print(f"  /buscar/?q={q:14} {len(queries)} consultas, {sql:6.1f} ms de SQL")
    print("\n| Página (issue 16) | Consultas | SQL ms (mediana) | p50 ms | p95 ms |")
    print("|---|---|---|---|---|")
    for url, params in ISSUE_16:
        client.get(url, params)  # warm-up
        samples, sql, count = [], [], 0
        for _ in range(requests):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                assert client.get(url, params).status_code == 200
                samples.append(time.perf_counter() - started)
            sql.append(sum(float(entry["time"]) for entry in queries.captured_queries))
            count = len(queries)
        ordered = sorted(samples)
        p95 = ordered[max(int(len(ordered) * 0.95) - 1, 0)]
        print(
            f"| `{url}?q={params['q']}` | {count} | {statistics.median(sql) * 1000:.1f} "
            f"| {statistics.median(ordered) * 1000:.1f} | {p95 * 1000:.1f} |"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    main(parser.parse_args().requests)
