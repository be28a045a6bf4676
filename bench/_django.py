"""Django setup for bench scripts: they run against their own PostgreSQL database."""

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "bench" / "output"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/conoceles_h5bench"


def setup():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_conoceles.settings.dev")
    os.environ.setdefault("MEDIA_ROOT", str(ROOT / "bench" / "output" / "media"))
    import django

    django.setup()


def setup_production():
    """Production settings (DEBUG off, cached templates, manifest static files collected into
    bench/output/static), for the benches that measure what a production process does; tasks
    run at once, in the same process."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_conoceles.settings.production")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret-" + "x" * 40)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("STATIC_ROOT", str(OUTPUT / "static"))
    os.environ.setdefault("TASKS_BACKEND", "immediate")
    setup()
    from django.conf import settings

    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)


def wsgi_get(handler, url, secure=False, host="testserver"):
    """(status, body) of a GET of `url` handed to Django's WSGI handler as gunicorn hands it,
    the body read and closed as a WSGI server does.

    Not Django's test client: it reconnects signal receivers and copies templates and context
    on every request, CPU time (1-4 ms a page) and memory that no server spends."""
    path, _, query = url.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": host,
        "SERVER_PORT": "443" if secure else "80",
        "HTTP_HOST": host,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "https" if secure else "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    status = []
    result = handler(environ, lambda line, headers, exc_info=None: status.append(line))
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return int(status[0].split()[0]), body


def site_path(page):
    """The page's path on its own site: `page.url` is absolute once the database holds a second
    site (bench_pages.py's bakerydemo-style baseline), and a bench would measure 404s."""
    return page.get_url_parts()[2]
