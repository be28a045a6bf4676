"""Import of INE's reference file (479 people): the bulk path against the per-page baseline.

    .venv/bin/python bench/bench_import.py       # PostgreSQL, database conoceles_importbench
    DATABASE_URL=sqlite:////tmp/importbench.sqlite3 .venv/bin/python bench/bench_import.py

Each run starts from the same freshly migrated database (a PostgreSQL template, or a copy of the
SQLite file). The baseline, in the same process, is the importer with its page creation swapped
for Wagtail's per-page way (`add_child` + `save_revision` + `publish`), which is what the import
did before the bulk path; everything else (parsing, catalogs, identity) is the same code. Open-data
regeneration is off during the imports and timed on its own at the end.
"""

import argparse
import os
import shutil
import time
from pathlib import Path

from _django import ROOT, setup

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/conoceles_importbench")
setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from opendata.importer import ConocelesImporter  # noqa: E402

REFERENCE = Path("/work/shared/reference/ine-conoceles-2022-anon.xls")


class PerPageImporter(ConocelesImporter):
    """The baseline: each new candidacy created and published as an editor's page would be."""

    def _create(self, new):
        created = []
        for actor, page in new:
            actor.add_child(instance=page)
            page.save_revision(clean=False).publish()
            created.append(page)
        return created


class FreshDatabase:
    """The same migrated, empty database before every run."""

    def __init__(self):
        self.settings = connection.settings_dict
        self.name = self.settings["NAME"]
        self.sqlite = connection.vendor == "sqlite"
        self.template = f"{self.name}.template" if self.sqlite else f"{self.name}_template"

    def _admin(self, sql):
        import psycopg

        connection.close()
        with psycopg.connect(
            host=self.settings["HOST"] or None,
            port=self.settings["PORT"] or None,
            user=self.settings["USER"],
            dbname="postgres",
            autocommit=True,
        ) as admin:
            admin.execute(sql)

    def prepare(self):
        started = time.perf_counter()
        if self.sqlite:
            connection.close()
            Path(self.name).unlink(missing_ok=True)
            call_command("migrate", verbosity=0)
            connection.close()
            shutil.copyfile(self.name, self.template)
        else:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            self._admin(f'DROP DATABASE IF EXISTS "{self.template}"')
            self._admin(f'CREATE DATABASE "{self.name}"')
            call_command("migrate", verbosity=0)
            connection.close()
            self._admin(f'CREATE DATABASE "{self.template}" TEMPLATE "{self.name}"')
        print(f"base migrada en {time.perf_counter() - started:.0f} s", flush=True)

    def reset(self):
        connection.close()
        if self.sqlite:
            shutil.copyfile(self.template, self.name)
        else:
            self._admin(f'DROP DATABASE "{self.name}" WITH (FORCE)')
            self._admin(f'CREATE DATABASE "{self.name}" TEMPLATE "{self.template}"')


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def run(label, importer_class, baseline=None):
    counter = QueryCounter()
    started, cpu_started = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(counter):
        report = importer_class().run(REFERENCE)
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    rows = report.created + report.updated + report.unchanged
    ratio = f"{seconds / baseline:6.2f}×" if baseline else "  base "
    print(
        f"{label:44} {seconds:7.2f} {cpu:7.2f} {rows / seconds:8.0f} {counter.count:8d} {ratio}"
        f"   creadas {report.created}, actualizadas {report.updated}, "
        f"sin cambios {report.unchanged}, errores {len(report.errors)}",
        flush=True,
    )
    assert not report.errors, report.error_lines()[:5]
    return seconds


def main(skip_baseline):
    print(f"Base de datos: {connection.vendor} {connection.settings_dict['NAME']}", flush=True)
    settings.OPEN_DATA_AUTO_REGENERATE = False
    database = FreshDatabase()
    database.prepare()
    print(
        f"\n{'corrida':44} {'s':>7} {'CPU s':>7} {'filas/s':>8} {'consultas':>8} {'×base':>7}",
        flush=True,
    )
    baseline = None
    if not skip_baseline:
        baseline = run("por página (add_child + publish), base", PerPageImporter)
        database.reset()
    run("en bloque, primera importación", ConocelesImporter, baseline)
    run("en bloque, segunda (idempotente)", ConocelesImporter, baseline)

    from opendata.publication import publish_open_data

    started = time.perf_counter()
    publish_open_data()
    print(f"\nregeneración de los datos abiertos: {time.perf_counter() - started:.1f} s")
    media = Path(settings.MEDIA_ROOT)
    if media.is_relative_to(ROOT / "bench"):
        shutil.rmtree(media, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-baseline", action="store_true")
    main(parser.parse_args().skip_baseline)
