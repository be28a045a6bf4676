"""bench/bench_pages.py, run as issue 16's figures are taken, on a few candidacies: every page it
measures answers 200 (a 404 once read as a fast profile and a target met), and the
bakerydemo-style baseline renders the work of bakerydemo's blog page (its 22-odd queries)."""

import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

from django.db import connection

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="the bench runs on PostgreSQL, in a database of its own",
    ),
]


@pytest.fixture
def bench_database():
    db = connection.settings_dict
    server = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}"
    name = f"conoceles_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def rows_of(output):
    """The table's rows as {page: [cells]}."""
    rows = {}
    for line in output.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) > 5 and re.fullmatch(r"\d{3}", cells[1]):
            rows[cells[0]] = cells[1:]
    return rows


def test_every_page_measured_answers_and_the_bakery_baseline_does_a_blog_pages_work(
    bench_database, tmp_path
):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "REDIS_URL", "ALLOWED_HOSTS"}
    }
    env |= {
        "DATABASE_URL": bench_database,
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    done = subprocess.run(
        [sys.executable, "bench/bench_pages.py", "--count", "6", "--runs", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    rows = rows_of(done.stdout)
    assert len(rows) == 14, done.stdout
    assert {page: cells[0] for page, cells in rows.items() if cells[0] != "200"} == {}
    bakery = rows["bakerydemo-style blog page (baseline 2)"]
    assert int(bakery[1]) >= 20  # queries, as bakerydemo's blog page's 22
    assert "no: HTTP" not in done.stdout
