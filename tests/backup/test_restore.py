"""The backup of docs/backup.md restores into a site that serves the same answers.

A small published site is dumped with the real `pg_dump` (custom format), the original is then
changed so that a test reading the wrong database would notice, the dump is restored with
`pg_restore` into a new, empty database, and Django is pointed at the copy: every profile (HTML),
the listing, the API answers and the open-data files must be what the original served at the
moment of the dump.
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

from django.core.cache import cache
from django.db import connection, connections
from django.test import Client

import pytest
from openpyxl import load_workbook

from opendata.publication import write_open_data
from tests.public.conftest import build_public_site

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NONCE = re.compile(r' nonce="[^"]*"')


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump and pg_restore need PostgreSQL")
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump/pg_restore are not installed")
    return connection.settings_dict


def libpq_env(settings_dict):
    env = {"PATH": "/usr/bin:/bin", "PGUSER": settings_dict["USER"] or "postgres"}
    env["PGHOST"] = settings_dict["HOST"] or "127.0.0.1"
    env["PGPORT"] = str(settings_dict["PORT"] or 5432)
    if settings_dict["PASSWORD"]:
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return env


def run(*command, env):
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=120)  # noqa: S603


def public_answers(site):
    """What a citizen and a re-user get: profiles, listing, API listing and details."""
    cache.clear()
    client = Client()
    pages = [site.jose, site.maria, site.suplente, site.propietaria, site.rival_d1, site.rp_1]
    urls = [page.url for page in pages] + [
        "/candidaturas/",
        "/candidaturas/?cargo=" + site.governorship.slug,
        "/api/v2/candidaturas/?limit=100",
        *(f"/api/v2/candidaturas/{page.pk}/" for page in pages),
    ]
    answers = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        answers[url] = NONCE.sub("", response.content.decode())
    return answers


def open_data(directory):
    """Each open-data file's content, spreadsheets by their cells (their zip carries a date)."""
    write_open_data(directory)
    files = {}
    for path in sorted(Path(directory).iterdir()):
        if path.suffix == ".xlsx":
            book = load_workbook(path, read_only=True)
            files[path.name] = {
                sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
                for sheet in book.worksheets
            }
        elif path.name == "manifest.json":
            manifest = json.loads(path.read_text())
            files[path.name] = sorted(
                (entry["name"], entry.get("rows"), entry["sha256"])
                for entry in manifest["files"]
                if not entry["name"].endswith(".xlsx")
            )
        else:
            files[path.name] = path.read_bytes()
    return files


def test_a_dump_restored_into_an_empty_database_serves_the_same_site(postgres, tmp_path):
    from elections.factories import ElectoralProcessFactory

    site = build_public_site(ElectoralProcessFactory())
    before = public_answers(site)
    assert "José Pérez Íñiguez" in before[site.jose.url]
    data_before = open_data(tmp_path / "antes")

    env = libpq_env(postgres)
    original = postgres["NAME"]
    restored = f"{original}_restaurada"
    dump = tmp_path / "conoceles.dump"
    run("pg_dump", "--format=custom", "--no-owner", f"--file={dump}", original, env=env)
    assert dump.read_bytes().startswith(b"PGDMP")

    # The original changes after the dump: the restored copy must not see it.
    type(site.jose).objects.filter(pk=site.jose.pk).update(title="Cambiado después del respaldo")

    run("dropdb", "--if-exists", restored, env=env)
    run("createdb", restored, env=env)
    try:
        run(
            "pg_restore",
            "--no-owner",
            "--exit-on-error",
            f"--dbname={restored}",
            str(dump),
            env=env,
        )
        default = connections["default"]
        default.close()
        default.settings_dict["NAME"] = restored
        try:
            after = public_answers(site)
            data_after = open_data(tmp_path / "despues")
            with default.cursor() as cursor:
                cursor.execute("SELECT current_database()")
                assert cursor.fetchone()[0] == restored
        finally:
            default.close()
            default.settings_dict["NAME"] = original
    finally:
        run("dropdb", "--if-exists", restored, env=env)

    assert after.keys() == before.keys()
    for url, html in before.items():
        assert after[url] == html, url
    assert data_after == data_before
    assert "Cambiado después del respaldo" not in after[site.jose.url]
