"""gunicorn for Conóceles: `gunicorn -c deploy/gunicorn.conf.py site_conoceles.wsgi`.

Sync workers, two per core: a request is a few milliseconds of Python and a few of PostgreSQL,
with nothing slow to wait on (e-mail, purges and open data run on the task worker), so threads or
async workers would add nothing but memory. nginx buffers slow clients, so a sync worker is never
held by a visitor's connection. Every value can be overridden from the environment
(GUNICORN_*), as systemd sets it in deploy/conoceles-web.service.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")  # loopback only: nginx is in front
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2))
worker_class = "sync"
# A public page takes milliseconds; a request still running after 30 s is stuck.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# A short queue of connections waiting for a worker: when the workers fall behind, nginx is
# refused at once and serves its stale copy or a 502, instead of queueing up to 2,048 requests
# whose visitors have given up and that sync workers would still answer, for minutes, one by one
# (measured with bench/load.py: 619 dead requests queued, /salud/ timing out for minutes).
backlog = int(os.environ.get("GUNICORN_BACKLOG", "64"))
# Recycle workers now and then, staggered, so that no slow leak grows for the whole campaign.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
# Application loaded once in the master: workers fork with it already imported (faster restarts,
# shared memory pages). Database connections are opened by each worker after the fork.
preload_app = True
# The access log would hold visitors' addresses; nginx keeps the one access log (deployment.md).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# nginx is the only client and sets X-Forwarded-For/Proto itself (docs/deployment.md).
forwarded_allow_ips = "127.0.0.1"
proc_name = "conoceles"
