#!/usr/bin/env bash
# Issue 16's figures in one command: `make bench` (or bench/election_night.sh).
#
# 1. The 20,000-candidacy dataset in its own PostgreSQL database ($BENCH_DB, default
#    conoceles_perf): created, migrated and built when missing, reused when present.
# 2. bench_pages.py: uncached pages in one production process (queries, SQL, app CPU, p95),
#    with the ratio to a Wagtail page render (the home page) in the same run and each target.
# 3. bench_api.py: every read-API endpoint (p50/p95, SQL), ratio to an empty API answer.
# 4. The reference deployment (deploy/local.sh up on this database), then bench/load.py twice:
#    500 readers (3 s between requests) on a 20 % uncached mix, and wrk's closed loop with the
#    cached page / static file comparison and the app server killed mid-run; then torn down.
#
# Everything prints Markdown tables to stdout (bench/README.md keeps the latest). LOAD_ARGS adds
# arguments to both load runs (e.g. "--duration 20"). Needs root or the packages local.sh names.
# bakerydemo is not part of it: the baseline is this site's own Wagtail page (bench_pages.py).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DB="${BENCH_DB:-conoceles_perf}"
PG="${BENCH_PG:-postgres://postgres@127.0.0.1:5432}"
export DATABASE_URL="$PG/$DB"
export REDIS_URL="${BENCH_REDIS_URL:-redis://127.0.0.1:6379/5}"
PY="$ROOT/.venv/bin/python"
read -r -a LOAD_EXTRA <<<"${LOAD_ARGS:-}"

say() { printf '\n## %s\n\n' "$*"; }

cd "$ROOT"
if ! psql "$PG/postgres" -Atqc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
  createdb -h 127.0.0.1 -U postgres "$DB"
fi
"$PY" manage.py migrate --verbosity 0
"$PY" bench/build_dataset.py

say "Páginas sin caché compartida (bench_pages.py)"
"$PY" bench/bench_pages.py --reuse

say "API de lectura (bench_api.py)"
"$PY" bench/bench_api.py --reuse

say "Implantación de referencia bajo carga (load.py)"
trap 'CONOCELES_DB="$DB" deploy/local.sh down >/dev/null 2>&1 || true' EXIT
CONOCELES_DB="$DB" deploy/local.sh up
"$PY" bench/load.py --think 3 --skip-compare --skip-kill "${LOAD_EXTRA[@]}"
"$PY" bench/load.py "${LOAD_EXTRA[@]}"
