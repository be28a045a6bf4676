#!/usr/bin/env bash
# The reference deployment on one machine, on loopback: `deploy/local.sh up|down|status`.
#
# The same pieces docs/deployment.md installs on a server, started from Debian packages and this
# checkout instead of systemd: PostgreSQL (already running here) with the 20,000-candidacy
# dataset of bench/build_dataset.py (built once, reused), Redis (cache, sessions, throttling),
# gunicorn with deploy/gunicorn.conf.py, the two task workers (`manage.py db_worker`), and nginx in
# front with the same proxy_cache rules as deploy/nginx-conoceles.conf (honours the pages'
# Cache-Control, serves stale on error/timeout/5xx) and the loopback PURGE endpoint that
# Wagtail's frontend cache is pointed at. bench/load.py runs its load test against it.
#
# Everything lives under $CONOCELES_RUN_DIR (default /tmp/conoceles-local); `down` stops the
# processes and drops the page cache, and keeps the database so that the next `up` is quick.
#
# Ports (8160-8169): 8160 nginx (the public site, http://localhost:8160/), 8161 gunicorn,
# 8162 the nginx purge endpoint.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN="${CONOCELES_RUN_DIR:-/tmp/conoceles-local}"
DB_NAME="${CONOCELES_DB:-conoceles_bench_deploy}"
PG="${CONOCELES_PG:-postgres://postgres@127.0.0.1:5432}"
REDIS_URL="${CONOCELES_REDIS_URL:-redis://127.0.0.1:6379/7}"
COUNT="${CONOCELES_DATASET_COUNT:-20000}"
PUBLIC_PORT=8160
APP_PORT=8161
PURGE_PORT=8162
# Short shared-cache lifetime here (production: 600 s), so that a one-minute load test sees
# pages expire and be refreshed in the background, and the stale copies served when the
# application is down. PUBLIC_CACHE_S_MAXAGE overrides it.
S_MAXAGE="${PUBLIC_CACHE_S_MAXAGE:-20}"
PY="$ROOT/.venv/bin/python"
# CONOCELES_REF=HEAD (or any commit): run that commit, exported with `git archive` into $RUN/src,
# rather than the working tree, so that a benchmark measures committed code only.
SRC="$ROOT"
[[ -n "${CONOCELES_REF:-}" ]] && SRC="$RUN/src"

log() { printf '[local.sh] %s\n' "$*" >&2; }

alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

ensure_packages() {
  local missing=()
  command -v nginx >/dev/null || missing+=(nginx-light)
  [[ -f /usr/lib/nginx/modules/ngx_http_cache_purge_module.so ]] \
    || missing+=(libnginx-mod-http-cache-purge)
  command -v wrk >/dev/null || missing+=(wrk)
  command -v psql >/dev/null || missing+=(postgresql-client)
  command -v redis-cli >/dev/null || missing+=(redis-tools)
  if ((${#missing[@]})); then
    if [[ $(id -u) -ne 0 ]]; then
      log "Faltan paquetes: ${missing[*]} (sudo apt-get install ${missing[*]})"
      exit 1
    fi
    log "Instalando ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
  fi
  # Debian starts the packaged nginx on port 80 when it can; this deployment runs its own.
}

export_source() {
  [[ -n "${CONOCELES_REF:-}" ]] || return 0
  rm -rf "$RUN/src" && mkdir -p "$RUN/src"
  git -C "$ROOT" archive "$CONOCELES_REF" | tar -x -C "$RUN/src"
  log "Código: $(git -C "$ROOT" rev-parse --short "$CONOCELES_REF") en $RUN/src"
}

write_env() {
  mkdir -p "$RUN"/{static,media,cache,tmp,www,logs}
  [[ -f "$RUN/secret_key" ]] || "$PY" -c 'import secrets; print(secrets.token_urlsafe(50))' \
    >"$RUN/secret_key"
  chmod 600 "$RUN/secret_key"
  # What /etc/conoceles/conoceles.env holds on a server (docs/deployment.md), for loopback.
  cat >"$RUN/env" <<EOF
DJANGO_SETTINGS_MODULE=site_conoceles.settings.production
SECRET_KEY=$(cat "$RUN/secret_key")
DATABASE_URL=$PG/$DB_NAME
REDIS_URL=$REDIS_URL
CACHE_KEY_PREFIX=conoceles-local
ALLOWED_HOSTS=localhost,127.0.0.1
CSRF_TRUSTED_ORIGINS=http://localhost:$PUBLIC_PORT
SECURE_SSL_REDIRECT=false
SECURE_HSTS_SECONDS=0
STATIC_ROOT=$RUN/static
MEDIA_ROOT=$RUN/media
FRONTEND_CACHE_PURGE_URL=http://127.0.0.1:$PURGE_PORT
FRONTEND_CACHE_HOSTNAMES=localhost:$PUBLIC_PORT
PUBLIC_CACHE_S_MAXAGE=$S_MAXAGE
GUNICORN_BIND=127.0.0.1:$APP_PORT
GUNICORN_WORKERS=2
EOF
  chmod 600 "$RUN/env"
}

load_env() {
  set -a
  # shellcheck disable=SC1091
  source "$RUN/env"
  set +a
}

prepare_database() {
  if ! psql "$PG/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname='$DB_NAME'" | grep -q 1; then
    log "Creando la base $DB_NAME"
    psql "$PG/postgres" -qc "CREATE DATABASE $DB_NAME" >/dev/null
  fi
  (cd "$SRC" && "$PY" manage.py migrate --noinput -v0)
  # Does nothing when the candidacies are already there. Without the purge endpoint: 20,000
  # pages published into an empty cache need no purge, and computing them takes most of an hour.
  (cd "$SRC" && env -u FRONTEND_CACHE_PURGE_URL "$PY" bench/build_dataset.py --count "$COUNT")
  # Page URLs (and so the purges Wagtail sends) name the host and port nginx answers on.
  (cd "$SRC" && "$PY" manage.py shell -v0 -c "
from wagtail.models import Site
Site.objects.filter(is_default_site=True).update(hostname='localhost', port=$PUBLIC_PORT)
")
  (cd "$SRC" && "$PY" manage.py collectstatic --noinput -v0)
}

write_nginx_conf() {
  local user
  user="$(id -un)"
  # Same cache rules as deploy/nginx-conoceles.conf; plain HTTP on loopback, paths in $RUN.
  cat >"$RUN/nginx.conf" <<EOF
load_module /usr/lib/nginx/modules/ngx_http_cache_purge_module.so;
user $user;
worker_processes auto;
worker_rlimit_nofile 16384;
pid $RUN/nginx.pid;
error_log $RUN/logs/nginx-error.log warn;
events { worker_connections 8192; }

http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    keepalive_requests 100000;
    access_log off;
    client_body_temp_path $RUN/tmp/body;
    proxy_temp_path $RUN/tmp/proxy;
    fastcgi_temp_path $RUN/tmp/fastcgi;
    uwsgi_temp_path $RUN/tmp/uwsgi;
    scgi_temp_path $RUN/tmp/scgi;

    upstream conoceles_app {
        server 127.0.0.1:$APP_PORT;
        keepalive 16;
    }
    proxy_cache_path $RUN/cache levels=1:2 keys_zone=conoceles:50m max_size=2g
                     inactive=24h use_temp_path=off;

    server {
        listen 127.0.0.1:$PUBLIC_PORT;
        server_name localhost;
        client_max_body_size 20m;

        location /static/ {
            alias $RUN/static/;
            expires 30d;
        }
        # bench/load.py: a static file the size of a cached page, the yardstick for the cache.
        location /bench-static/ {
            alias $RUN/www/;
        }
        location /media/ { return 404; }

        location / {
            proxy_pass http://conoceles_app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$remote_addr;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_cache conoceles;
            proxy_cache_key "\$host\$uri|\$args";
            proxy_cache_lock on;
            proxy_cache_lock_timeout 5s;
            proxy_cache_background_update on;
            proxy_cache_use_stale error timeout updating http_500 http_502 http_503 http_504;
            proxy_connect_timeout 2s;
            proxy_read_timeout 30s;
            add_header X-Cache-Status \$upstream_cache_status always;
        }
        location /admin/ {
            proxy_pass http://conoceles_app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$remote_addr;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_cache off;
        }
        location = /salud/ {
            proxy_pass http://conoceles_app;
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$remote_addr;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_cache off;
        }
    }

    server {
        listen 127.0.0.1:$PURGE_PORT;
        server_name localhost;
        # Every request here purges its key: the separate-location form, as Debian 12's module
        # (2.3) crashes on PURGE with the same-location form and has no wildcard keys.
        location / {
            allow 127.0.0.1;
            deny all;
            proxy_cache_purge conoceles "\$host\$uri|\$args";
            # A URL nobody asked for since it was last dropped is not in the cache: the module answers
            # 404, which Wagtail logs as an ERROR (thousands per publication); nothing failed.
            error_page 404 = @not_cached;
        }
        location @not_cached {
            return 204;
        }
    }
}
EOF
  mkdir -p "$RUN/tmp"/{body,proxy,fastcgi,uwsgi,scgi}
  nginx -q -t -p "$RUN" -c "$RUN/nginx.conf" -e "$RUN/logs/nginx-error.log"
}

start_app() {
  if alive "$RUN/gunicorn.pid"; then
    log "gunicorn ya corre (pid $(cat "$RUN/gunicorn.pid"))"
  else
    (cd "$SRC" && "$ROOT/.venv/bin/gunicorn" -c deploy/gunicorn.conf.py site_conoceles.wsgi \
      --daemon --pid "$RUN/gunicorn.pid" --error-logfile "$RUN/logs/gunicorn.log")
  fi
}

start_worker() {
  # Two workers, as the systemd units run them: short jobs (purges, search index, e-mail) on the
  # default queue, long bulk ones (open-data rebuild, admin imports) on the slow one, so that a
  # purge after a publication never waits behind an export.
  local name queue
  for name in worker worker-slow; do
    queue=default
    [ "$name" = worker-slow ] && queue=slow
    if alive "$RUN/$name.pid"; then
      log "el worker de tareas ($queue) ya corre (pid $(cat "$RUN/$name.pid"))"
      continue
    fi
    # exec: the pid recorded is the worker's own, so that `down` stops the worker itself.
    (cd "$SRC" && exec "$PY" manage.py db_worker --no-reload --queue-name "$queue") \
      >>"$RUN/logs/$name.log" 2>&1 </dev/null &
    echo $! >"$RUN/$name.pid"
  done
}

start_nginx() {
  if alive "$RUN/nginx.pid"; then
    nginx -p "$RUN" -c "$RUN/nginx.conf" -e "$RUN/logs/nginx-error.log" -s reload
  else
    nginx -p "$RUN" -c "$RUN/nginx.conf" -e "$RUN/logs/nginx-error.log"
  fi
}

wait_healthy() {
  local url="http://localhost:$PUBLIC_PORT/salud/"
  for _ in $(seq 1 60); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then
      log "Listo: http://localhost:$PUBLIC_PORT/ (salud: $url)"
      return 0
    fi
    sleep 1
  done
  log "/salud/ no respondió en 60 s; ver $RUN/logs/"
  return 1
}

stop_pidfile() {
  local name="$1" file="$2" pid
  if alive "$file"; then
    pid="$(cat "$file")"
    kill -TERM "$pid"
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    log "$name detenido (pid $pid)"
  fi
  rm -f "$file"
}

up() {
  ensure_packages
  write_env
  export_source
  load_env
  prepare_database
  write_nginx_conf
  start_app
  start_worker
  start_nginx
  wait_healthy
}

down() {
  if alive "$RUN/nginx.pid"; then
    nginx -p "$RUN" -c "$RUN/nginx.conf" -e "$RUN/logs/nginx-error.log" -s quit
    for _ in $(seq 1 20); do alive "$RUN/nginx.pid" || break; sleep 0.5; done
    log "nginx detenido"
  fi
  stop_pidfile gunicorn "$RUN/gunicorn.pid"
  stop_pidfile "worker de tareas" "$RUN/worker.pid"
  stop_pidfile "worker de tareas lentas" "$RUN/worker-slow.pid"
  rm -rf "$RUN/cache" "$RUN/tmp"
}

status() {
  local name file code=0
  for name in nginx gunicorn worker worker-slow; do
    file="$RUN/$name.pid"
    if alive "$file"; then
      printf '%-11s corre (pid %s)\n' "$name" "$(cat "$file")"
    else
      printf '%-11s detenido\n' "$name"
      code=1
    fi
  done
  if curl -fsS "http://localhost:$PUBLIC_PORT/salud/" 2>/dev/null; then
    echo
  else
    echo "salud: sin respuesta"
    code=1
  fi
  return "$code"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  restart-app)
    # bench/load.py: bring gunicorn back after killing it mid-load.
    load_env
    start_app
    wait_healthy
    ;;
  *)
    echo "Uso: deploy/local.sh up|down|status" >&2
    exit 2
    ;;
esac
