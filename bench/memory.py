"""Does an application process's memory stay flat over many requests? (issue 16)

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/conoceles_perf REDIS_URL=redis://… \
        .venv/bin/python bench/memory.py [--requests 100000] [--every 5000]

One process, production settings (as `bench_pages.py`), each request handed to Django's WSGI
handler as a gunicorn worker hands it, without the HTTP parsing. Not through Django's test client:
it connects its signal receivers again on every request, and each connection leaves a
`weakref.finalize` entry behind (about 0.8 KB per request, found with tracemalloc), which is the
client's growth, not the application's. The mix is what misses a front-end cache
on election night: profiles of every candidacy in turn (20,000 different pages, each rendered
once and then served from its copy), listing pages and filters, searches of different words,
«Mi boleta» of every municipality, the API's pages. The resident set size (VmRSS) is printed
every `--every` requests; the verdict compares the end with the first sample taken after the
warm-up (10 % of the requests), when every cache a process keeps for good (templates, URL
resolvers, content types, the public catalog) is full.
"""

import argparse
import itertools
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _django import setup_production, site_path, wsgi_get  # noqa: E402

setup_production()

from django.core.handlers.wsgi import WSGIHandler  # noqa: E402

from candidates.queries import public_candidacies  # noqa: E402
from elections.models import Municipality  # noqa: E402

WORDS = ("agua", "seguridad", "salud", "educacion", "empleo", "campo", "mujeres", "jovenes")
# Within 10 % of the sample taken after the warm-up: flat.
FLAT = 0.10


def rss_mib():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def request_mix():
    """An endless cycle of URLs, a profile every other request."""
    profiles = [
        site_path(page)
        for page in public_candidacies().select_related(None).order_by("pk").only("url_path")
    ]
    codes = list(
        Municipality.objects.filter(inegi_code__startswith="05").values_list(
            "inegi_code", flat=True
        )
    )
    others = itertools.cycle(
        [
            *(f"/candidaturas/?pagina={page}" for page in (1, 2, 40, 400, 834)),
            "/candidaturas/?cargo=diputacion-mr&sexo=M",
            *(f"/buscar/?q={word}" for word in WORDS),
            *(f"/buscar/autocompletar/?q={word[:3]}" for word in WORDS),
            *(f"/mi-boleta/?municipio={code}" for code in codes),
            "/api/v2/candidaturas/",
            "/api/v2/candidaturas/?limit=50&offset=1000",
            "/estadisticas/",
            "/",
        ]
    )
    for profile in itertools.cycle(profiles):
        yield profile
        yield next(others)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--every", type=int, default=5_000)
    args = parser.parse_args()
    handler = WSGIHandler()
    warm_up = max(args.requests // 10, 1)
    samples = [(0, rss_mib())]
    errors = other = 0
    started = time.monotonic()
    for done, url in enumerate(itertools.islice(request_mix(), args.requests), start=1):
        status, _body = wsgi_get(handler, url)
        if status >= 500:
            errors += 1
        elif status != 200:
            other += 1
        if done % args.every == 0 or done == warm_up:
            samples.append((done, rss_mib()))
            print(
                f"{done:>8} requests  RSS {samples[-1][1]:7.1f} MiB  "
                f"{done / (time.monotonic() - started):6.1f} req/s  "
                f"5xx {errors}  other non-200 {other}",
                flush=True,
            )
    after_warm_up = next(rss for done, rss in samples if done >= warm_up)
    end = samples[-1][1]
    growth = (end - after_warm_up) / after_warm_up
    print(
        f"\nRSS at start {samples[0][1]:.1f} MiB, after {warm_up} requests "
        f"{after_warm_up:.1f} MiB, after {samples[-1][0]} {end:.1f} MiB: {growth:+.1%} since "
        "the warm-up "
        f"({'flat' if abs(growth) <= FLAT else 'NOT flat'}, limit ±{FLAT:.0%}); 5xx: {errors}"
    )


if __name__ == "__main__":
    main()
