"""Open-data export and import figures on the 20,000-candidacy PostgreSQL dataset.

    .venv/bin/python bench/build_dataset.py
    .venv/bin/python bench/bench_open_data.py [--skip-import]

For each file: rows/s (timed without tracing) and peak Python memory (tracemalloc, separate
run). The baseline, measured in the same process, is the naive way: load every published
candidacy into a list, then write the CSV; the ratios compare each streaming writer to it.
Then the import of INE's reference file (479 people): first run and an idempotent second run.
"""

import argparse
import csv
import gc
import resource
import tempfile
import time
import tracemalloc
from pathlib import Path

from _django import setup

setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

from opendata.writing.export import (  # noqa: E402
    public_records,
    published_candidacies,
    write_csv,
    write_json,
    write_xlsx,
)
from opendata.writing.ine_layout import write_ine_xlsx  # noqa: E402
from opendata.writing.popolo import write_popolo  # noqa: E402
from public.badges import public_badges_for  # noqa: E402
from public.projection import KEYS, public_record  # noqa: E402

REFERENCE = Path("/work/shared/reference/ine-conoceles-2022-anon.xls")


def naive_csv(path):
    """Baseline: everything in memory first (what a quick view would do)."""
    pages = list(published_candidacies())
    badges = public_badges_for(pages)
    records = [public_record(p, badges, "") for p in pages]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(KEYS)
        for record in records:
            writer.writerow([record[k] for k in KEYS])
    return len(records)


BASELINE = "baseline (lista en memoria → CSV)"
WRITERS = {
    BASELINE: naive_csv,
    "candidaturas.csv": lambda p: write_csv(p, public_records()),
    "candidaturas.json": lambda p: write_json(p, public_records()),
    "candidaturas.xlsx": lambda p: write_xlsx(p, public_records()),
    "conoceles.xlsx": lambda p: write_ine_xlsx(p),
    "popolo.json": lambda p: write_popolo(p, public_records()),
}


def measure(name, writer, folder):
    path = folder / name.split(" ")[0]
    gc.collect()
    started, cpu_started = time.perf_counter(), time.process_time()
    rows = writer(path)
    seconds = time.perf_counter() - started
    measure.cpu = time.process_time() - cpu_started
    gc.collect()
    tracemalloc.start()
    writer(path)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return rows, seconds, peak, path.stat().st_size


def main(skip_import, only):
    print(f"Base de datos: {connection.vendor} {connection.settings_dict['NAME']}", flush=True)
    if not skip_import and REFERENCE.exists():
        bench_import()
    folder = Path(tempfile.mkdtemp(prefix="h5bench-"))
    print(
        f"\n{'archivo':36} {'filas':>7} {'s':>7} {'filas/s':>9} {'pico MiB':>9} "
        f"{'×tiempo':>8} {'×memoria':>9} {'MiB':>7} {'CPU s':>7} {'filas/s CPU':>11}",
        flush=True,
    )
    baseline = None
    for name, writer in WRITERS.items():
        if only and name != BASELINE and name not in only:
            continue
        rows, seconds, peak, size = measure(name, writer, folder)
        baseline = baseline or (seconds, peak)
        print(
            f"{name:36} {rows:7d} {seconds:7.2f} {rows / seconds:9.0f} {peak / 2**20:9.1f} "
            f"{seconds / baseline[0]:8.2f} {peak / baseline[1]:9.2f} {size / 2**20:7.1f} "
            f"{measure.cpu:7.1f} {rows / measure.cpu:11.0f}",
            flush=True,
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"RSS máximo del proceso: {rss:.0f} MiB")


def bench_import():
    from opendata.importer import ConocelesImporter

    settings.OPEN_DATA_AUTO_REGENERATE = False
    for label in ("primera importación", "segunda importación (idempotente)"):
        started, cpu_started = time.perf_counter(), time.process_time()
        report = ConocelesImporter().run(REFERENCE)
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        print(
            f"{label}: {seconds:.1f} s ({479 / seconds:.1f} filas/s), CPU de Python {cpu:.1f} s; "
            f"creadas {report.created}, "
            f"actualizadas {report.updated}, sin cambios {report.unchanged}, "
            f"errores {len(report.errors)}",
            flush=True,
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--only", nargs="*", default=[], help="file names to measure")
    args = parser.parse_args()
    main(args.skip_import, set(args.only))
