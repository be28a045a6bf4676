"""Django setup for bench scripts: they run against their own PostgreSQL database."""

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
    if not (OUTPUT / "static" / "staticfiles.json").exists():
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)
